"""Source offsets in a compacted Kafka topic (Java: ``KafkaOffsetBackingStore``).

Keys and values are the raw bytes of :mod:`kconnect.storage.offset_codec`
(``["<connector>",{partition}]`` -> ``{offset}``), the same bytes Java Connect
writes, so an offsets topic moves between Java and kconnect clusters.  Records
land in the partition the default murmur2 partitioner picks for the key bytes
(librdkafka's ``murmur2_random`` partitioner equals Java's for non-null keys).
Reads are served from an in-memory map the log reader keeps current; ``get``
first catches up with the topic so a task sees offsets another worker
committed before it was reassigned.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from kconnect.storage.kafka_log import KafkaBasedLog, LogRecord, TopicSpec
from kconnect.storage.offsets import OffsetBackingStore


class KafkaOffsetBackingStore(OffsetBackingStore):
    """Offsets topic behind the raw-bytes offset store interface."""

    def __init__(self, topic: str, client_conf: Mapping[str, str], spec: TopicSpec) -> None:
        self._log = KafkaBasedLog(topic, client_conf, self._apply, spec=spec, purpose="offset.storage.topic")
        self._data: dict[bytes, bytes | None] = {}
        self._lock = threading.Lock()

    def _apply(self, record: LogRecord) -> None:
        if record.key is None:
            return
        with self._lock:
            if record.value is None:
                self._data.pop(record.key, None)
            else:
                self._data[record.key] = record.value

    def start(self) -> None:
        self._log.start()

    def stop(self) -> None:
        self._log.stop()

    def get(self, keys: Iterable[bytes]) -> dict[bytes, bytes | None]:
        self._log.read_to_end()
        with self._lock:
            return {k: self._data[k] for k in keys if k in self._data}

    def set(self, values: Mapping[bytes, bytes | None]) -> None:
        if not values:
            return
        self._log.send_many(list(values.items()))
        with self._lock:
            for key, value in values.items():
                if value is None:
                    self._data.pop(key, None)
                else:
                    self._data[key] = value

    def items(self) -> dict[bytes, bytes | None]:
        self._log.read_to_end()
        with self._lock:
            return dict(self._data)
