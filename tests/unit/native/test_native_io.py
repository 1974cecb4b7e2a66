"""The native producer's Python side without a broker: settings, bookkeeping, bounded waiting."""

from __future__ import annotations

import logging

import pytest

from kconnect._native import NativeProducer
from kconnect.errors import ConfigError, ConnectError
from kconnect.runtime.native_io import NativeSourceProducer, Outgoing, native_client, unsupported

NOWHERE = {"bootstrap.servers": "127.0.0.1:1", "message.timeout.ms": "0"}


@pytest.mark.parametrize(
    ("originals", "expected"),
    [
        ({}, False),
        ({"kconnect.kafka.client": "confluent"}, False),
        ({"kconnect.kafka.client": " Native "}, True),
    ],
)
def test_the_worker_setting_chooses_the_client(originals: dict[str, str], expected: bool) -> None:
    assert native_client(originals) is expected


def test_an_unknown_client_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"kconnect\.kafka\.client"):
        native_client({"kconnect.kafka.client": "java"})


def test_records_stay_in_flight_and_unacknowledged_without_a_broker() -> None:
    producer = NativeProducer(NOWHERE)
    chunk, count = producer.send(["t"] * 3, [None, b"k", None], [b"a", b"b", None])
    assert (chunk, count) == (1, 3)
    assert producer.in_flight() == 3
    assert producer.acked_through() == 0
    assert producer.flush(0.05) == 3


def test_lists_of_different_lengths_are_rejected() -> None:
    with pytest.raises(Exception, match="same length"):
        NativeProducer(NOWHERE).send(["t", "t"], [None], [b"a", b"b"])


def test_a_full_queue_returns_how_far_it_got_and_the_loop_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    # room for about ten 1 KB records: the rest waits for a broker that never answers
    producer = NativeSourceProducer({**NOWHERE, "queue.buffering.max.kbytes": "10"})
    batch = Outgoing()
    for _ in range(50):
        batch.add("t", None, b"x" * 1000, None, None, None)
    stop_after = iter([False, True])
    with caplog.at_level(logging.INFO), pytest.raises(ConnectError, match="stopped while waiting"):
        producer.send(batch, ["offset"], lambda: next(stop_after), "task-0")
    assert 0 < producer.in_flight() < 50
    assert [r.message for r in caplog.records].count(
        "task-0 Producer queue is full; waiting for the broker to acknowledge"
    ) == 1


def test_an_empty_batch_acknowledges_its_offsets_at_once() -> None:
    producer = NativeSourceProducer(NOWHERE)
    acked: list[str] = []
    producer.on_acked = acked.append
    producer.send(Outgoing(), ["o1", "o2"], lambda: False, "task-0")
    assert acked == ["o1", "o2"]


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"bootstrap.servers": "b"}, None),
        ({"security.protocol": "PLAINTEXT"}, None),
        ({"security.protocol": "SASL_SSL"}, "security.protocol=sasl_ssl"),
        ({"compression.type": "zstd"}, "compression.type=zstd"),
        ({"compression.type": "lz4"}, None),
    ],
)
def test_settings_the_native_build_lacks_are_named(config: dict[str, str], reason: str | None) -> None:
    found = unsupported(config)
    assert (found is None) if reason is None else (found is not None and found.startswith(reason))


def test_lz4_snappy_and_gzip_are_built_in() -> None:
    for codec in ("lz4", "snappy", "gzip"):
        NativeProducer({**NOWHERE, "compression.type": codec})
