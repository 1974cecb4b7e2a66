"""Batch conversion between Connect records and Kafka message bytes.

The key, value and header converters of a task are applied once per batch
and per topic (converters take the topic as context), so the built-in Rust
converters do the per-record work in one native call each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kconnect.api.converter import Converter, HeaderConverter
from kconnect.api.records import ConnectRecord, Headers, SinkRecord
from kconnect.data.schema import SchemaAndValue

KafkaHeaders = list[tuple[str, bytes | None]]
StageRun = Callable[[str, type, Callable[[], Any]], Any]
"""``(stage name, converter class, call) -> result``: runs one conversion step under error handling."""

TIMESTAMP_TYPES = {0: "NoTimestampType", 1: "CreateTime", 2: "LogAppendTime"}


@dataclass(slots=True)
class Encoded:
    """One record's bytes for the producer."""

    key: bytes | None
    value: bytes | None
    headers: KafkaHeaders | None


def _group_by_topic(topics: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, topic in enumerate(topics):
        groups.setdefault(topic, []).append(i)
    return groups


@dataclass(slots=True)
class RecordCodec:
    """A task's key, value and header converters."""

    key_converter: Converter
    value_converter: Converter
    header_converter: HeaderConverter

    def encode(self, records: Sequence[ConnectRecord]) -> list[Encoded]:
        """Bytes for each record, in order."""
        out: list[Encoded] = [Encoded(None, None, None) for _ in records]
        for topic, indexes in _group_by_topic([r.topic for r in records]).items():
            keys = self.key_converter.from_connect_batch(
                topic, [(records[i].key_schema, records[i].key) for i in indexes]
            )
            values = self.value_converter.from_connect_batch(
                topic, [(records[i].value_schema, records[i].value) for i in indexes]
            )
            for i, key, value in zip(indexes, keys, values, strict=True):
                slot = out[i]
                slot.key = key
                slot.value = value
                headers = records[i].headers
                if len(headers):
                    slot.headers = [
                        (h.key, self.header_converter.from_connect_header(topic, h.key, h.schema, h.value))
                        for h in headers
                    ]
        return out

    def encode_columns(
        self, records: Sequence[ConnectRecord]
    ) -> tuple[list[bytes | None], list[bytes | None], list[KafkaHeaders | None]]:
        """Keys, values and headers as parallel lists (no object per record; for the native producer)."""
        topics = {r.topic for r in records}
        if len(topics) > 1:
            encoded = self.encode(records)
            return [e.key for e in encoded], [e.value for e in encoded], [e.headers for e in encoded]
        topic = records[0].topic
        keys = self.key_converter.from_connect_batch(topic, [(r.key_schema, r.key) for r in records])
        values = self.value_converter.from_connect_batch(topic, [(r.value_schema, r.value) for r in records])
        headers: list[KafkaHeaders | None] = [
            [(h.key, self.header_converter.from_connect_header(topic, h.key, h.schema, h.value)) for h in hs]
            if len(hs := r.headers)
            else None
            for r in records
        ]
        return list(keys), list(values), headers

    def encode_one(self, record: ConnectRecord, run: StageRun) -> Encoded:
        """One record's bytes, each step (key, value, headers) run by ``run`` for error attribution."""
        topic = record.topic
        key = run(
            "KEY_CONVERTER",
            type(self.key_converter),
            lambda: self.key_converter.from_connect_batch(topic, [(record.key_schema, record.key)])[0],
        )
        value = run(
            "VALUE_CONVERTER",
            type(self.value_converter),
            lambda: self.value_converter.from_connect_batch(topic, [(record.value_schema, record.value)])[0],
        )
        headers: KafkaHeaders | None = None
        if len(record.headers):
            headers = run(
                "HEADER_CONVERTER",
                type(self.header_converter),
                lambda: [
                    (h.key, self.header_converter.from_connect_header(topic, h.key, h.schema, h.value))
                    for h in record.headers
                ],
            )
        return Encoded(key, value, headers)

    def decode_one(self, msg: Any, run: StageRun) -> SinkRecord:
        """One message's SinkRecord, each step run by ``run`` for error attribution."""
        topic = msg.topic()
        key = run("KEY_CONVERTER", type(self.key_converter),
                  lambda: self.key_converter.to_connect_batch(topic, [msg.key()])[0])  # fmt: skip
        value = run("VALUE_CONVERTER", type(self.value_converter),
                    lambda: self.value_converter.to_connect_batch(topic, [msg.value()])[0])  # fmt: skip
        record: SinkRecord = run("HEADER_CONVERTER", type(self.header_converter),
                                 lambda: self._sink_record(msg, topic, key, value))  # fmt: skip
        return record

    def decode(self, messages: Sequence[Any]) -> list[SinkRecord]:
        """SinkRecords from confluent-kafka ``Message`` objects, in order."""
        topic = messages[0].topic() if messages else ""
        if all(m.topic() == topic for m in messages):  # one topic: no grouping, no reordering
            keys = self.key_converter.to_connect_batch(topic, [m.key() for m in messages])
            values = self.value_converter.to_connect_batch(topic, [m.value() for m in messages])
            return [self._sink_record(m, topic, k, v) for m, k, v in zip(messages, keys, values, strict=True)]
        records: list[SinkRecord | None] = [None] * len(messages)
        for topic, indexes in _group_by_topic([m.topic() for m in messages]).items():
            keys = self.key_converter.to_connect_batch(topic, [messages[i].key() for i in indexes])
            values = self.value_converter.to_connect_batch(topic, [messages[i].value() for i in indexes])
            for i, key, value in zip(indexes, keys, values, strict=True):
                records[i] = self._sink_record(messages[i], topic, key, value)
        return [r for r in records if r is not None]

    def decode_columns(
        self, topics: Sequence[str], partitions: Sequence[int], offsets: Sequence[int],
        ts_types: Sequence[int], timestamps: Sequence[int], keys: Sequence[bytes | None],
        values: Sequence[bytes | None], headers: Sequence[KafkaHeaders | None],
    ) -> list[SinkRecord]:  # fmt: skip
        """SinkRecords from fetched columns (the native consumer), in order."""
        out: list[SinkRecord | None] = [None] * len(topics)
        for topic, indexes in _group_by_topic(topics).items():
            whole = len(indexes) == len(topics)
            decoded_keys = self.key_converter.to_connect_batch(
                topic, keys if whole else [keys[i] for i in indexes]
            )
            decoded_values = self.value_converter.to_connect_batch(
                topic, values if whole else [values[i] for i in indexes]
            )
            for i, key, value in zip(indexes, decoded_keys, decoded_values, strict=True):
                record_headers = Headers()
                if raw_headers := headers[i]:
                    for name, raw in raw_headers:
                        converted = self.header_converter.to_connect_header(topic, name, raw)
                        record_headers.add(name, converted.value, converted.schema)
                ts_type, partition, offset = ts_types[i], partitions[i], offsets[i]
                out[i] = SinkRecord(
                    topic, partition, key.schema, key.value, value.schema, value.value,
                    timestamps[i] if ts_type else None, record_headers, offset,
                    TIMESTAMP_TYPES.get(ts_type, "NoTimestampType"), topic, partition, offset,
                )  # fmt: skip
        return [r for r in out if r is not None]

    def _sink_record(self, msg: Any, topic: str, key: SchemaAndValue, value: SchemaAndValue) -> SinkRecord:
        ts_type, ts = msg.timestamp()
        raw_headers = msg.headers()
        headers = Headers()
        if raw_headers:
            for name, raw in raw_headers:
                converted = self.header_converter.to_connect_header(topic, name, raw)
                headers.add(name, converted.value, converted.schema)
        partition = msg.partition()
        offset = msg.offset()
        # positional (field order of SinkRecord): measurably cheaper than keywords per record
        return SinkRecord(
            topic, partition, key.schema, key.value, value.schema, value.value,
            ts if ts_type else None, headers, offset, TIMESTAMP_TYPES.get(ts_type, "NoTimestampType"),
            topic, partition, offset,
        )  # fmt: skip
