"""Active-topic records of the status topic (connect-runtime.md 4.4), without a broker."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kconnect.storage.kafka_log import LogRecord, TopicSpec
from kconnect.storage.kafka_status import (
    KafkaStatusBackingStore,
    decode_topic_status,
    encode_topic_status,
    parse_topic_key,
)
from kconnect.storage.status import MemoryStatusStore, State, Status, StatusStore, TopicStatus


class _RecordingLog:
    """Stands in for the KafkaBasedLog: remembers what would have been produced."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes | None, bytes | None]] = []

    def send(self, key: bytes | None, value: bytes | None, partition: int | None = None) -> None:
        self.sent.append((key, value))

    def send_many(self, records: list[tuple[bytes, bytes | None]]) -> None:
        self.sent.extend(records)


def _kafka_store() -> tuple[KafkaStatusBackingStore, _RecordingLog]:
    store = KafkaStatusBackingStore("unused", {"bootstrap.servers": "unused:1"}, TopicSpec())
    recording = _RecordingLog()
    store._log = recording  # type: ignore[assignment]
    return store, recording


def _feed(store: KafkaStatusBackingStore, key: str, value: Any) -> None:
    raw = None if value is None else json.dumps(value).encode()
    store._apply(LogRecord(0, 0, key.encode(), raw))


def test_value_is_javas_shape_and_round_trips() -> None:
    status = TopicStatus("orders", "my-conn", 2, 1700000000123)
    raw = encode_topic_status(status)
    assert raw == (
        b'{"topic":{"name":"orders","connector":"my-conn","task":2,"discoverTimestamp":1700000000123}}'
    )
    assert decode_topic_status(raw) == status


def test_key_splits_at_the_first_colon() -> None:
    assert parse_topic_key("status-topic-orders:connector-my:conn") == ("orders", "my:conn")
    assert parse_topic_key("status-topic-a.b-c:connector-x") == ("a.b-c", "x")
    assert parse_topic_key("status-topic-orders") is None
    assert parse_topic_key("status-topic-:connector-x") is None
    assert parse_topic_key("status-topic-t:connector-") is None


def test_put_writes_the_java_record_and_is_readable_at_once() -> None:
    store, recording = _kafka_store()
    store.put_topic(TopicStatus("orders", "c", 0, 42))
    assert recording.sent == [
        (
            b"status-topic-orders:connector-c",
            b'{"topic":{"name":"orders","connector":"c","task":0,"discoverTimestamp":42}}',
        )
    ]
    assert store.topic("c", "orders") == TopicStatus("orders", "c", 0, 42)
    assert list(store.topics("c")) == ["orders"]


def test_records_read_back_and_tombstones_remove() -> None:
    store, _ = _kafka_store()
    for topic, task in (("b", 1), ("a", 0)):
        value = {"topic": {"name": topic, "connector": "c", "task": task, "discoverTimestamp": 7}}
        _feed(store, f"status-topic-{topic}:connector-c", value)
    other = {"topic": {"name": "a", "connector": "other", "task": 0, "discoverTimestamp": 8}}
    _feed(store, "status-topic-a:connector-other", other)
    assert store.topics("c") == {"a": TopicStatus("a", "c", 0, 7), "b": TopicStatus("b", "c", 1, 7)}
    _feed(store, "status-topic-a:connector-c", None)
    assert set(store.topics("c")) == {"b"}
    assert set(store.topics("other")) == {"a"}


def test_malformed_topic_records_are_skipped() -> None:
    store, _ = _kafka_store()
    _feed(store, "status-topic-t:connector-c", {"topic": {"name": "t", "connector": "c", "task": 0}})
    _feed(store, "status-topic-t:connector-c", {"topic": "nope"})
    store._apply(LogRecord(0, 0, b"status-topic-t:connector-c", b"{bad"))
    _feed(store, "status-topic-nocolon", {"topic": {"name": "t", "connector": "c", "task": 0,
                                                    "discoverTimestamp": 1}})  # fmt: skip
    assert store.topics("c") == {}


def test_delete_topic_writes_a_tombstone() -> None:
    store, recording = _kafka_store()
    store.put_topic(TopicStatus("orders", "c", 0, 42))
    store.delete_topic("c", "orders")
    assert recording.sent[-1] == (b"status-topic-orders:connector-c", None)
    assert store.topics("c") == {}


def test_removing_a_connector_tombstones_its_topics() -> None:
    store, recording = _kafka_store()
    store.put_connector("c", Status(State.RUNNING, "w:1"))
    store.put_topic(TopicStatus("t1", "c", 0, 1))
    store.put_topic(TopicStatus("t2", "c", 0, 2))
    store.put_topic(TopicStatus("t1", "keep", 0, 3))
    recording.sent.clear()
    store.remove("c")
    assert (b"status-topic-t1:connector-c", None) in recording.sent
    assert (b"status-topic-t2:connector-c", None) in recording.sent
    assert all(key != b"status-topic-t1:connector-keep" for key, _ in recording.sent)
    assert store.topics("c") == {}
    assert set(store.topics("keep")) == {"t1"}


@pytest.mark.parametrize("make", [MemoryStatusStore, lambda: _kafka_store()[0]], ids=["memory", "kafka"])
def test_store_contract(make: Any) -> None:
    store: StatusStore = make()
    assert store.topics("c") == {}
    assert store.topic("c", "t") is None
    store.put_topic(TopicStatus("t", "c", 1, 5))
    store.put_topic(TopicStatus("u", "c", 0, 6))
    assert store.topic("c", "t") == TopicStatus("t", "c", 1, 5)
    assert sorted(store.topics("c")) == ["t", "u"]
    assert store.topics("d") == {}
    store.delete_topic("c", "t")
    assert list(store.topics("c")) == ["u"]
    store.delete_topic("c", "missing")
    store.remove("c")
    assert store.topics("c") == {}
