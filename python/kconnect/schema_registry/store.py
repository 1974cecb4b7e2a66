"""The registry's Kafka-topic store: ``_schemas`` read to its end at start, tailed by a thread.

Built on :class:`kconnect.storage.kafka_log.KafkaBasedLog` (one partition, compacted).  A write
appends records to partition 0, waits for the broker's acknowledgement and then until the reader
thread has applied them, so the in-memory state reflects the write before the request returns.
"""

from __future__ import annotations

import logging
import threading

from confluent_kafka.admin import AdminClient

from kconnect.errors import ConnectError
from kconnect.schema_registry.config import RegistryConfig
from kconnect.schema_registry.errors import StoreError
from kconnect.schema_registry.registry import SchemaStore
from kconnect.schema_registry.state import RegistryState
from kconnect.storage.kafka_log import KafkaBasedLog, LogRecord, TopicSpec

__all__ = ["KafkaSchemaStore"]

log = logging.getLogger(__name__)


class KafkaSchemaStore(SchemaStore):
    """Applies ``_schemas`` to ``state`` (under ``lock``) and appends to it."""

    def __init__(self, config: RegistryConfig, state: RegistryState, lock: threading.RLock) -> None:
        self._config = config
        self._state = state
        self._lock = lock
        self._log: KafkaBasedLog | None = None
        self._wait_s = max(config.timeout_ms / 1000, 30.0)

    def start(self) -> None:
        """Create the topic if missing and read it to its end."""
        replication = self._replication_factor()
        self._log = KafkaBasedLog(
            self._config.topic,
            self._config.client,
            self._apply,
            spec=TopicSpec(partitions=1, replication_factor=replication),
            purpose="schema registry",
        )
        self._log.start()
        with self._lock:
            log.info(
                "Schema store ready: %d subjects, max id %d", len(self._state.versions), self._state.max_id
            )

    def stop(self) -> None:
        if self._log is not None:
            self._log.stop()
            self._log = None

    def _replication_factor(self) -> int:
        wanted = self._config.replication_factor
        try:
            admin = AdminClient(dict(self._config.client))
            metadata = admin.list_topics(timeout=self._config.init_timeout_ms / 1000)
        except Exception as exc:
            raise StoreError(
                f"Cannot reach the Kafka store at {self._config.bootstrap_servers}: {exc}"
            ) from exc
        brokers = len(metadata.brokers)
        if self._config.topic not in metadata.topics and 0 < brokers < wanted:
            log.warning(
                "Creating %s with replication factor %d: only %d brokers are alive (wanted %d)",
                self._config.topic,
                brokers,
                brokers,
                wanted,
            )
            return brokers
        return wanted

    def _apply(self, record: LogRecord) -> None:
        with self._lock:
            self._state.apply(record.key, record.value)

    def write(self, records: list[tuple[bytes, bytes | None]]) -> None:
        assert self._log is not None, "store not started"
        try:
            for key, value in records:
                self._log.send(key, value, partition=0)
            self._log.read_to_end(self._wait_s)
        except ConnectError as exc:
            raise StoreError(f"Error while writing to the Kafka store: {exc}", 50001) from exc

    def catch_up(self) -> None:
        assert self._log is not None, "store not started"
        try:
            self._log.read_to_end(self._wait_s)
        except ConnectError as exc:
            raise StoreError(f"Timed out reading the Kafka store: {exc}", 50002) from exc
