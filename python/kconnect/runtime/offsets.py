"""Source offsets between tasks and the offset store.

* :class:`StoreOffsetReader` serves ``context.offset_storage_reader`` for one connector.
* :class:`SubmittedRecords` tracks the records a source task handed to the
  producer, per source partition, in order; an offset becomes committable only
  when the broker acknowledged its record and every earlier record of the same
  partition (Java: ``SubmittedRecords``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kconnect.api.source import OffsetStorageReader
from kconnect.storage import offset_codec
from kconnect.storage.offsets import OffsetBackingStore


class StoreOffsetReader(OffsetStorageReader):
    """Reads committed offsets of ``connector`` from a backing store.

    Lookups try the exact key bytes first (Java's behaviour), then fall back to
    matching the partition by parsed value, so offsets written by Java with a
    different map order are still found.
    """

    def __init__(self, store: OffsetBackingStore, connector: str) -> None:
        self._store = store
        self._connector = connector

    def offset(self, partition: Mapping[str, Any]) -> dict[str, Any] | None:
        key = offset_codec.encode_key(self._connector, partition)
        found = self._store.get([key])
        if key in found:
            return offset_codec.decode_value(found[key])
        wanted = offset_codec.partition_identity(partition)
        for raw_key, raw_value in self._store.items().items():
            try:
                connector, stored = offset_codec.decode_key(raw_key)
            except Exception:  # foreign keys in the store are not ours to judge
                continue
            if connector == self._connector and offset_codec.partition_identity(stored) == wanted:
                return offset_codec.decode_value(raw_value)
        return None


def connector_offsets(
    store: OffsetBackingStore, connector: str
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """All (partition, offset) pairs stored for ``connector``."""
    result = []
    for raw_key, raw_value in store.items().items():
        try:
            name, partition = offset_codec.decode_key(raw_key)
        except Exception:
            continue
        if name == connector:
            result.append((partition, offset_codec.decode_value(raw_value)))
    return result


@dataclass(slots=True)
class SubmittedRecord:
    """One record in flight: its offset-store key/value and whether Kafka acked it."""

    key: bytes
    value: bytes | None
    acked: bool = False


class SubmittedRecords:
    """In-order bookkeeping of in-flight source records, per source partition.

    Used only from the task's own thread (delivery callbacks run inside
    ``producer.poll``/``flush`` on that thread), so it needs no lock.
    """

    def __init__(self) -> None:
        self._by_partition: dict[bytes, deque[SubmittedRecord]] = {}
        self._in_flight = 0

    def submit(self, key: bytes, value: bytes | None) -> SubmittedRecord:
        record = SubmittedRecord(key, value)
        self._by_partition.setdefault(key, deque()).append(record)
        self._in_flight += 1
        return record

    def ack(self, record: SubmittedRecord) -> None:
        if not record.acked:
            record.acked = True
            self._in_flight -= 1

    @property
    def in_flight(self) -> int:
        """Records submitted but not yet acknowledged."""
        return self._in_flight

    def committable(self) -> dict[bytes, bytes | None]:
        """Offsets of the longest acked prefix per partition; removes that prefix."""
        offsets: dict[bytes, bytes | None] = {}
        for key, queue in list(self._by_partition.items()):
            last: SubmittedRecord | None = None
            while queue and queue[0].acked:
                last = queue.popleft()
            if last is not None:
                offsets[key] = last.value
            if not queue:
                del self._by_partition[key]
        return offsets
