"""Replay a dead letter queue after a fix (kconnect extension; Java Connect has no replay).

:func:`replay_dead_letters` reads a DLQ topic from the replay group's committed position up to the
end offsets it saw when it started, and re-delivers each record:

* **sink DLQ** (records carry ``__connect.errors.topic``): the original key/value bytes, headers
  and timestamp are produced back to their original topic, so the sink connector consumes them
  again through its *current* converters and transforms;
* **source DLQ** (records carry ``__connect.errors.source.partition``): with ``codec`` and ``chain``
  (the connector's current converters and transforms) the record is decoded, transformed and
  encoded again, then produced to the topic the chain chooses; without them it is produced as is.

``__connect.errors.*`` headers are dropped and ``__connect.replay.origin`` (``dlq/partition/offset``)
is added.  Progress is committed (group ``connect-<connector>-dlq-replay`` by default) after the
producer acknowledged each batch, so a second replay does not deliver a record again; a crash
between acknowledgement and commit can repeat at most that one batch (at-least-once).  Records
failing again in the sink land in the DLQ again, behind the end offsets of this replay.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition

from kconnect.api.records import Headers, SourceRecord
from kconnect.errors import ConnectError
from kconnect.runtime.errors import HEADER_PREFIX
from kconnect.runtime.record_codec import RecordCodec
from kconnect.transforms.chain import TransformationChain

log = logging.getLogger(__name__)

ORIGIN_HEADER = "__connect.replay.origin"
BATCH = 500


@dataclass
class ReplayResult:
    """What a replay did."""

    replayed: int = 0
    dropped: int = 0  # removed by the connector's current transforms (source DLQ)
    unroutable: int = 0  # no origin topic header and no ``to_topic``
    by_topic: dict[str, int] = field(default_factory=dict)


def replay_group(connector: str) -> str:
    return f"connect-{connector}-dlq-replay"


def _header(headers: list[tuple[str, bytes | None]], name: str) -> str | None:
    for key, value in reversed(headers):
        if key == name and value is not None:
            return value.decode("utf-8")
    return None


class _Replayer:
    def __init__(
        self,
        client_config: Mapping[str, str],
        dlq_topic: str,
        to_topic: str | None,
        codec: RecordCodec | None,
        chain: TransformationChain[Any] | None,
    ) -> None:
        self.dlq_topic = dlq_topic
        self.to_topic = to_topic
        self.codec = codec
        self.chain = chain
        self.producer = Producer({**client_config, "enable.idempotence": "true", "acks": "all"})
        self.result = ReplayResult()
        self.failure: str | None = None

    def _delivered(self, err: Any, msg: Any) -> None:
        if err is not None and self.failure is None:
            self.failure = err.str()

    def send(self, msg: Any) -> None:
        raw_headers: list[tuple[str, bytes | None]] = list(msg.headers() or [])
        origin = _header(raw_headers, HEADER_PREFIX + "topic")
        is_source = _header(raw_headers, HEADER_PREFIX + "source.partition") is not None
        headers = [(k, v) for k, v in raw_headers if not k.startswith(HEADER_PREFIX)]
        headers.append((ORIGIN_HEADER, f"{msg.topic()}/{msg.partition()}/{msg.offset()}".encode()))
        target = self.to_topic or origin
        if target is None:
            self.result.unroutable += 1
            log.warning(
                "DLQ record %s/%d/%d names no origin topic; not replayed",
                msg.topic(),
                msg.partition(),
                msg.offset(),
            )
            return
        key, value = msg.key(), msg.value()
        if is_source and self.codec is not None and self.chain is not None:
            transformed = self._through_chain(target, key, value, headers)
            if transformed is None:
                self.result.dropped += 1
                return
            target, key, value = transformed
        ts_type, ts = msg.timestamp()
        kwargs: dict[str, Any] = {
            "key": key,
            "value": value,
            "headers": headers,
            "on_delivery": self._delivered,
        }
        if ts_type:
            kwargs["timestamp"] = ts
        while True:
            try:
                self.producer.produce(target, **kwargs)
                break
            except BufferError:
                self.producer.poll(0.1)
        self.result.replayed += 1
        self.result.by_topic[target] = self.result.by_topic.get(target, 0) + 1

    def _through_chain(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes | None]]
    ) -> tuple[str, bytes | None, bytes | None] | None:
        assert self.codec is not None and self.chain is not None
        k = self.codec.key_converter.to_connect_batch(topic, [key])[0]
        v = self.codec.value_converter.to_connect_batch(topic, [value])[0]
        record = SourceRecord(topic, None, k.schema, k.value, v.schema, v.value, headers=Headers())
        out = self.chain.apply(record)
        if out is None:
            return None
        encoded = self.codec.encode([out])[0]
        return out.topic, encoded.key, encoded.value

    def flush(self) -> None:
        remaining = self.producer.flush(60)
        if remaining or self.failure is not None:
            raise ConnectError(
                f"Replay of dead letter queue '{self.dlq_topic}' could not deliver {remaining or 'some'} "
                f"record(s): {self.failure or 'not acknowledged within 60 s'}"
            )


def replay_dead_letters(
    client_config: Mapping[str, str],
    dlq_topic: str,
    connector: str,
    *,
    to_topic: str | None = None,
    codec: RecordCodec | None = None,
    chain: TransformationChain[Any] | None = None,
    timeout_s: float = 60.0,
) -> ReplayResult:
    """Re-deliver the records of ``dlq_topic`` not replayed before (see the module docs).

    ``client_config`` holds librdkafka settings shared by the consumer and producer
    (``bootstrap.servers`` and security settings).
    """
    consumer = Consumer(
        {
            **client_config,
            "group.id": replay_group(connector),
            "enable.auto.commit": "false",
            "auto.offset.reset": "earliest",
            "enable.partition.eof": "false",
        }
    )
    replayer = _Replayer(client_config, dlq_topic, to_topic, codec, chain)
    try:
        metadata = consumer.list_topics(dlq_topic, timeout=10).topics.get(dlq_topic)
        if metadata is None or metadata.error is not None:
            raise ConnectError(f"Dead letter queue topic '{dlq_topic}' does not exist")
        partitions = [TopicPartition(dlq_topic, p) for p in metadata.partitions]
        ends = {tp.partition: consumer.get_watermark_offsets(tp, timeout=10)[1] for tp in partitions}
        committed = consumer.committed(partitions, timeout=10)
        positions = {tp.partition: max(tp.offset, 0) for tp in committed}
        pending = {p for p, end in ends.items() if positions[p] < end}
        consumer.assign([TopicPartition(dlq_topic, p, positions[p]) for p in pending])
        deadline = time.monotonic() + timeout_s
        while pending:
            if time.monotonic() > deadline:
                raise ConnectError(
                    f"Replay of '{dlq_topic}' timed out with partitions {sorted(pending)} unfinished"
                )
            batch = [
                m for m in consumer.consume(BATCH, 1.0) if m.error() is None and m.partition() in pending
            ]
            for msg in batch:
                partition, offset = msg.partition() or 0, msg.offset() or 0
                if offset < ends[partition]:
                    replayer.send(msg)
                    positions[partition] = offset + 1
            if batch:
                replayer.flush()
                consumer.commit(
                    offsets=[TopicPartition(dlq_topic, p, o) for p, o in positions.items()],
                    asynchronous=False,
                )
            pending = {p for p in pending if positions[p] < ends[p]}
        return replayer.result
    finally:
        consumer.close()
