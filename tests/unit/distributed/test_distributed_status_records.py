"""Status topic records (connect-runtime.md 4.4), fed without a broker."""

from __future__ import annotations

import json

from kconnect.storage.kafka_log import LogRecord, TopicSpec
from kconnect.storage.kafka_status import KafkaStatusBackingStore, encode_status
from kconnect.storage.status import State, Status


def _store() -> KafkaStatusBackingStore:
    return KafkaStatusBackingStore("unused", {"bootstrap.servers": "unused:1"}, TopicSpec())


def _feed(store: KafkaStatusBackingStore, key: str, value: dict[str, object] | None, offset: int = 0) -> None:
    raw = None if value is None else json.dumps(value).encode()
    store._apply(LogRecord(0, offset, key.encode(), raw))


def test_value_shape_and_destroyed_tombstone() -> None:
    raw = encode_status(Status(State.FAILED, "h:8083", "boom", 3))
    assert raw == b'{"state":"FAILED","trace":"boom","worker_id":"h:8083","generation":3}'
    assert encode_status(Status(State.DESTROYED, "h:8083")) is None


def test_task_keys_split_on_last_dash_and_tombstones_remove() -> None:
    store = _store()
    _feed(
        store,
        "status-task-my-conn-2",
        {"state": "RUNNING", "trace": None, "worker_id": "w:1", "generation": 4},
    )
    assert store.task("my-conn", 2) == Status(State.RUNNING, "w:1", None, 4)
    _feed(store, "status-task-my-conn-2", None)
    assert store.task("my-conn", 2) is None


def test_stale_unassigned_does_not_hide_a_newer_running_status() -> None:
    store = _store()
    _feed(
        store,
        "status-connector-c",
        {"state": "RUNNING", "trace": None, "worker_id": "new:1", "generation": 7},
    )
    _feed(
        store,
        "status-connector-c",
        {"state": "UNASSIGNED", "trace": None, "worker_id": "old:1", "generation": 5},
    )
    assert store.connector("c") == Status(State.RUNNING, "new:1", None, 7)


def test_malformed_and_topic_records_are_skipped() -> None:
    store = _store()
    store._apply(LogRecord(0, 0, b"status-connector-x", b"{bad"))
    _feed(store, "status-topic-t:connector-c", {"topic": {"name": "t", "connector": "c", "task": 0}})
    assert store.connector("x") is None
