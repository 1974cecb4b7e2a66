"""The Rust producer (``kconnect._native.NativeProducer``) against the real broker."""

from __future__ import annotations

import pytest
from confluent_kafka import Consumer, Message, TopicPartition
from tests.conftest import TopicFactory
from tests.integration.standalone_process import wait_for

from kconnect._native import NativeProducer
from kconnect.errors import ConfigError, ConnectError


def _read(bootstrap: str, topic: str, partitions: int, count: int) -> list[Message]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"check-{topic}"})
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    out: list[Message] = []
    try:

        def drained() -> bool:
            for msg in consumer.consume(10_000, 0.5):
                assert msg.error() is None, msg.error()
                out.append(msg)
            return len(out) >= count

        wait_for(drained, 60, f"{count} records on {topic}", interval_s=0)
    finally:
        consumer.close()
    return out


def test_a_batch_arrives_byte_for_byte_and_is_acked_as_one_chunk(
    bootstrap_servers: str, topic_factory: TopicFactory
) -> None:
    topic = topic_factory(3)
    n = 5_000
    producer = NativeProducer({"bootstrap.servers": bootstrap_servers, "linger.ms": "5"})
    keys = [None if i % 7 == 0 else f"k{i}".encode() for i in range(n)]
    values = [None if i % 11 == 0 else (f"v{i}-" + "x" * (i % 300)).encode() for i in range(n)]
    partitions = [i % 3 for i in range(n)]
    timestamps = [1_700_000_000_000 + i for i in range(n)]
    headers: list[list[tuple[str, bytes | None]] | None] = [
        [("h", str(i).encode()), ("empty", None)] if i % 2 else None for i in range(n)
    ]
    chunk, count = producer.send([topic] * n, keys, values, partitions, timestamps, headers)
    assert (chunk, count) == (1, n)
    wait_for(lambda: producer.acked_through() >= chunk, 60, "chunk 1 acknowledged")
    assert producer.in_flight() == 0

    got = {}
    for msg in _read(bootstrap_servers, topic, 3, n):
        ts = msg.timestamp()[1]
        got[ts - 1_700_000_000_000] = msg
    assert sorted(got) == list(range(n))
    for i, msg in got.items():
        assert msg.key() == keys[i]
        assert msg.value() == values[i]
        assert msg.partition() == partitions[i]
        assert (msg.headers() or None) == headers[i]


def test_acked_through_is_the_longest_acknowledged_prefix_of_chunks(
    bootstrap_servers: str, topic: str
) -> None:
    producer = NativeProducer({"bootstrap.servers": bootstrap_servers})
    chunks = [producer.send([topic] * 100, [None] * 100, [b"v"] * 100)[0] for _ in range(5)]
    assert chunks == [1, 2, 3, 4, 5]
    wait_for(lambda: producer.acked_through() == 5, 60, "all five chunks acknowledged")
    assert producer.flush(5) == 0
    assert len(_read(bootstrap_servers, topic, 1, 500)) == 500


def test_a_record_larger_than_max_request_size_fails_with_a_clear_message(
    bootstrap_servers: str, topic: str
) -> None:
    producer = NativeProducer({"bootstrap.servers": bootstrap_servers, "message.max.bytes": "100000"})
    with pytest.raises(ConnectError, match=rf"topic {topic}: the record \(200000 bytes\) is larger"):
        producer.send([topic], [None], [b"x" * 200_000])


def test_a_broker_rejection_surfaces_from_acked_through(
    bootstrap_servers: str, topic_factory: TopicFactory
) -> None:
    topic = topic_factory(1, {"max.message.bytes": "1000"})
    producer = NativeProducer({"bootstrap.servers": bootstrap_servers})
    chunk, _ = producer.send([topic], [None], [b"x" * 5_000])

    def failed() -> bool:
        try:
            producer.acked_through()
        except ConnectError as e:
            assert topic in str(e)
            return True
        return False

    wait_for(failed, 60, "the broker's rejection reported")
    assert producer.in_flight() == 0
    with pytest.raises(ConnectError):
        producer.acked_through()
    assert chunk == 1


def test_an_unknown_setting_is_a_config_error_naming_it() -> None:
    with pytest.raises(ConfigError, match=r"no\.such\.setting"):
        NativeProducer({"bootstrap.servers": "127.0.0.1:1", "no.such.setting": "1"})
