"""The native (Rust, librdkafka) producer behind a source task loop.

Enabled by the worker setting ``kconnect.kafka.client=native`` (default
``confluent``: confluent-kafka).  A polled batch crosses into Rust once
(:meth:`NativeSourceProducer.send`); librdkafka's delivery reports are counted
in Rust per chunk, and :meth:`poll` learns "every chunk up to N is
acknowledged" with one call and marks those records' offsets committable.
A delivery failure surfaces as :class:`~kconnect.errors.ConnectError` from
:meth:`poll`/:meth:`send`; so does a record librdkafka refuses outright
(too large, unknown partition).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kconnect.errors import ConfigError, ConnectError

log = logging.getLogger(__name__)

CLIENT_SETTING = "kconnect.kafka.client"
CLIENTS = ("confluent", "native")
SEND_BLOCK_MS = 1000


def native_client(worker_originals: Mapping[str, Any]) -> bool:
    """Whether the worker asked for the native Kafka client (``kconnect.kafka.client``)."""
    value = str(worker_originals.get(CLIENT_SETTING) or "confluent").strip().lower()
    if value not in CLIENTS:
        raise ConfigError(
            f"Invalid value {value} for configuration {CLIENT_SETTING}: must be one of {', '.join(CLIENTS)}"
        )
    return value == "native"


def unsupported(config: Mapping[str, str]) -> str | None:
    """Why the native client cannot take these librdkafka settings (None: it can).

    The vendored librdkafka is built without TLS, SASL and zstd; such settings
    keep working on confluent-kafka instead.
    """
    protocol = str(config.get("security.protocol", "plaintext")).lower()
    if protocol != "plaintext":
        return f"security.protocol={protocol} (the native client is built without TLS/SASL)"
    if str(config.get("compression.type", "")).lower() == "zstd":
        return "compression.type=zstd (the native client is built without zstd)"
    return None


class Outgoing:
    """Parallel lists of one batch's produce arguments."""

    __slots__ = ("headers", "keys", "partitions", "timestamps", "topics", "values")

    def __init__(self) -> None:
        self.topics: list[str] = []
        self.keys: list[bytes | None] = []
        self.values: list[bytes | None] = []
        self.partitions: list[int | None] = []
        self.timestamps: list[int | None] = []
        self.headers: list[list[tuple[str, bytes | None]] | None] = []

    def add(
        self, topic: str, key: bytes | None, value: bytes | None, partition: int | None,
        timestamp: int | None, headers: list[tuple[str, bytes | None]] | None,
    ) -> None:  # fmt: skip
        self.topics.append(topic)
        self.keys.append(key)
        self.values.append(value)
        self.partitions.append(partition)
        self.timestamps.append(timestamp)
        self.headers.append(headers)

    def extend(
        self, records: Sequence[Any], keys: list[bytes | None], values: list[bytes | None],
        headers: list[list[tuple[str, bytes | None]] | None],
    ) -> None:  # fmt: skip
        """Append whole columns: records (topic, partition, timestamp) with their encoded parts."""
        self.topics.extend([r.topic for r in records])
        self.partitions.extend([r.kafka_partition for r in records])
        self.timestamps.extend([r.timestamp for r in records])
        self.keys.extend(keys)
        self.values.extend(values)
        self.headers.extend(headers)


class NativeSourceProducer:
    """A :class:`NativeProducer` plus the records waiting for their chunk to be acknowledged.

    ``on_acked(pending)`` (set by the task loop) runs on the task thread for
    each record once its chunk and every earlier chunk are acknowledged.
    """

    def __init__(self, config: Mapping[str, str]) -> None:
        from kconnect._native import NativeProducer  # only when asked for: the setting defaults off

        self._native = NativeProducer({k: str(v) for k, v in config.items() if k != "logger"})
        self.on_acked: Callable[[Any], None] = lambda _pending: None
        self._chunks: deque[tuple[int, list[Any]]] = deque()
        log.info("Producing with the native client (librdkafka in kconnect._native)")

    def send(self, batch: Outgoing, pending: list[Any], stopping: Callable[[], bool], owner: object) -> None:
        """Hand the whole batch to librdkafka; while its queue is full, wait (logging once).

        ``pending`` is acknowledged (``on_acked``) with the batch's last chunk.
        """
        start = 0
        last_chunk = 0
        total = len(batch.topics)
        waiting_logged = False
        any_partition = any(p is not None for p in batch.partitions)
        any_timestamp = any(t is not None for t in batch.timestamps)
        any_headers = any(h for h in batch.headers)
        while start < total:
            chunk, count = self._native.send(
                batch.topics, batch.keys, batch.values,
                batch.partitions if any_partition else None,
                batch.timestamps if any_timestamp else None,
                batch.headers if any_headers else None,
                start, SEND_BLOCK_MS,
            )  # fmt: skip
            start += count
            last_chunk = chunk
            self._serve_acks()
            if start < total:
                if not waiting_logged:
                    log.info("%s Producer queue is full; waiting for the broker to acknowledge", owner)
                    waiting_logged = True
                if stopping():
                    raise ConnectError("Task stopped while waiting for the producer queue")
        if total == 0:
            for item in pending:  # nothing to produce: in order behind what is already in flight
                self.on_acked(item)
        else:
            self._chunks.append((last_chunk, pending))

    def poll(self, timeout: float) -> int:
        """Apply acknowledgements after waiting ``timeout`` (the loop's idle pause)."""
        if timeout > 0:
            time.sleep(timeout)
        return self._serve_acks()

    def flush(self, timeout: float) -> int:
        """Wait for every in-flight record; the number still unacknowledged."""
        remaining = self._native.flush(timeout)
        self._serve_acks()
        return remaining

    def in_flight(self) -> int:
        return self._native.in_flight()

    def _serve_acks(self) -> int:
        acked = self._native.acked_through()  # raises ConnectError after a failed delivery
        served = 0
        on_acked = self.on_acked
        while self._chunks and self._chunks[0][0] <= acked:
            _, pending = self._chunks.popleft()
            for item in pending:
                on_acked(item)
            served += len(pending)
        return served


class NativeMessage:
    """One fetched record in confluent-kafka's ``Message`` shape (for the record-by-record paths)."""

    __slots__ = ("_headers", "_key", "_offset", "_partition", "_timestamp", "_topic", "_value")

    def __init__(
        self, topic: str, partition: int, offset: int, timestamp: tuple[int, int], key: bytes | None,
        value: bytes | None, headers: list[tuple[str, bytes | None]] | None,
    ) -> None:  # fmt: skip
        self._topic, self._partition, self._offset = topic, partition, offset
        self._timestamp, self._key, self._value, self._headers = timestamp, key, value, headers

    def topic(self) -> str:
        return self._topic

    def partition(self) -> int:
        return self._partition

    def offset(self) -> int:
        return self._offset

    def timestamp(self) -> tuple[int, int]:
        return self._timestamp

    def key(self) -> bytes | None:
        return self._key

    def value(self) -> bytes | None:
        return self._value

    def headers(self) -> list[tuple[str, bytes | None]] | None:
        return self._headers

    def error(self) -> None:
        return None


Columns = tuple[
    list[str], list[int], list[int], list[int], list[int],
    list[bytes | None], list[bytes | None], list[list[tuple[str, bytes | None]] | None],
]  # fmt: skip
"""(topics, partitions, offsets, timestamp types, timestamps, keys, values, headers)."""


class FetchedBatch:
    """One fetch as parallel columns (see :data:`Columns`)."""

    __slots__ = ("columns",)

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0])

    def last_offsets(self) -> dict[tuple[str, int], int]:
        """The offset of the last record per (topic, partition)."""
        topics, partitions, offsets = self.columns[0], self.columns[1], self.columns[2]
        return dict(zip(zip(topics, partitions, strict=True), offsets, strict=True))

    def messages(self) -> list[NativeMessage]:
        topics, partitions, offsets, ts_types, timestamps, keys, values, headers = self.columns
        return [
            NativeMessage(t, p, o, (tt, ts), k, v, h)
            for t, p, o, tt, ts, k, v, h in zip(
                topics, partitions, offsets, ts_types, timestamps, keys, values, headers, strict=True
            )
        ]


class NativeSinkConsumer:
    """A :class:`NativeConsumer` behind the calls the sink task loop makes on confluent-kafka's.

    Rebalance callbacks get ``(consumer, [confluent_kafka.TopicPartition])`` as
    confluent-kafka's do and run on the task thread inside :meth:`fetch`.
    """

    def __init__(self, config: Mapping[str, str]) -> None:
        from kconnect._native import NativeConsumer  # only when asked for: the setting defaults off

        self._config = {k: str(v) for k, v in config.items() if k != "logger"}
        self._native_cls = NativeConsumer
        self._native: Any = None
        log.info("Consuming with the native client (librdkafka in kconnect._native)")

    def subscribe(
        self, topics: list[str], on_assign: Callable[[Any, list[Any]], None],
        on_revoke: Callable[[Any, list[Any]], None], on_lost: Callable[[Any, list[Any]], None] | None = None,
    ) -> None:  # fmt: skip
        from confluent_kafka import TopicPartition

        def tps(items: list[tuple[str, int]]) -> list[Any]:
            return [TopicPartition(topic, partition) for topic, partition in items]

        self._native = self._native_cls(
            self._config, lambda items: on_assign(self, tps(items)), lambda items: on_revoke(self, tps(items))
        )
        self._native.subscribe(list(topics))

    def fetch(self, max_records: int, timeout: float) -> FetchedBatch:
        return FetchedBatch(self._native.fetch(max_records, timeout))

    def consume(self, num_messages: int, timeout: float) -> list[NativeMessage]:
        return self.fetch(num_messages, timeout).messages()

    def pause(self, partitions: list[Any]) -> None:
        self._native.pause([(p.topic, p.partition) for p in partitions])

    def resume(self, partitions: list[Any]) -> None:
        self._native.resume([(p.topic, p.partition) for p in partitions])

    def seek(self, partition: Any) -> None:
        self._native.seek(partition.topic, partition.partition, partition.offset)

    def commit(self, offsets: list[Any], asynchronous: bool = True) -> None:
        self._native.commit([(p.topic, p.partition, p.offset) for p in offsets], asynchronous)

    def close(self) -> None:
        if self._native is not None:
            self._native.close()
