"""Connector and task statuses in a compacted Kafka topic (Java: ``KafkaStatusBackingStore``).

Keys ``status-connector-<c>`` / ``status-task-<c>-<n>``, values
``{"state","trace","worker_id","generation"}`` (connect-runtime.md 4.4);
DESTROYED is a tombstone.  Every worker reads the whole topic, so any worker's
REST API reports the status (and ``worker_id``) of tasks running elsewhere.
A status written by this worker carries its current group generation; a stale
UNASSIGNED record does not overwrite a RUNNING status of a newer generation.
Malformed records are logged and skipped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from kconnect.storage.kafka_log import KafkaBasedLog, LogRecord, TopicSpec
from kconnect.storage.status import MemoryStatusStore, State, Status, TopicStatus

log = logging.getLogger(__name__)

CONNECTOR_PREFIX = "status-connector-"
TASK_PREFIX = "status-task-"
TOPIC_PREFIX = "status-topic-"
TOPIC_SEPARATOR = ":connector-"


def topic_key(connector: str, topic: str) -> bytes:
    return f"{TOPIC_PREFIX}{topic}{TOPIC_SEPARATOR}{connector}".encode()


def encode_topic_status(status: TopicStatus) -> bytes:
    """``{"topic":{"name","connector","task","discoverTimestamp"}}`` (Java's field order)."""
    return json.dumps(
        {"topic": {"name": status.topic, "connector": status.connector, "task": status.task,
                   "discoverTimestamp": status.discover_timestamp}},
        separators=(",", ":"),
    ).encode()  # fmt: skip


def decode_topic_status(raw: bytes) -> TopicStatus:
    inner = json.loads(raw)["topic"]
    if not isinstance(inner, dict):
        raise TypeError(f"invalid topic status value {inner!r}")
    return TopicStatus(
        str(inner["name"]), str(inner["connector"]), int(inner["task"]), int(inner["discoverTimestamp"])
    )


def parse_topic_key(key: str) -> tuple[str, str] | None:
    """(topic, connector) of a ``status-topic-<topic>:connector-<c>`` key; split at the first ``:``."""
    topic, colon, rest = key[len(TOPIC_PREFIX) :].partition(":")
    connector = rest[len(TOPIC_SEPARATOR) - 1 :]
    if not colon or not topic or not connector:
        return None
    return topic, connector


def encode_status(status: Status) -> bytes | None:
    if status.state is State.DESTROYED:
        return None
    return json.dumps(
        {"state": status.state.value, "trace": status.trace, "worker_id": status.worker_id,
         "generation": status.generation},
        separators=(",", ":"),
    ).encode()  # fmt: skip


def decode_status(raw: bytes) -> Status:
    body = json.loads(raw)
    return Status(
        State(body["state"]), str(body["worker_id"]), body.get("trace"), int(body.get("generation", 0))
    )


class KafkaStatusBackingStore(MemoryStatusStore):
    """The status topic behind :class:`StatusStore`.

    Reads are served by the in-memory cache of :class:`MemoryStatusStore`, which the
    topic reader keeps up to date; writes go to the topic first.
    """

    def __init__(self, topic: str, client_conf: Mapping[str, str], spec: TopicSpec) -> None:
        super().__init__()
        self._log = KafkaBasedLog(topic, client_conf, self._apply, spec=spec, purpose="status.storage.topic")
        self.generation = -1
        """The writer's group generation, stamped on every status this worker writes."""

    def start(self) -> None:
        self._log.start()

    def stop(self) -> None:
        self._log.stop()

    def read_to_end(self) -> None:
        self._log.read_to_end()

    # -- reading -----------------------------------------------------------------------------
    def _apply(self, record: LogRecord) -> None:
        key = (record.key or b"").decode("utf-8", "replace")
        if key.startswith(TOPIC_PREFIX):
            self._apply_topic(key, record.value)
            return
        try:
            status = decode_status(record.value) if record.value is not None else None
        except (ValueError, KeyError, TypeError) as e:
            log.error("Skipping malformed status record %s: %s", key, e)
            return
        if key.startswith(CONNECTOR_PREFIX):
            self._store(self._connectors, key[len(CONNECTOR_PREFIX) :], status)
        elif key.startswith(TASK_PREFIX):
            rest = key[len(TASK_PREFIX) :]
            name, _, number = rest.rpartition("-")
            if not name or not number.lstrip("-").isdigit():
                log.error("Skipping status record with invalid task key %s", key)
                return
            self._store(self._tasks, (name, int(number)), status)
        else:
            log.warning("Discarding status record with unknown key %s", key)

    def _apply_topic(self, key: str, value: bytes | None) -> None:
        parsed = parse_topic_key(key)
        if parsed is None:
            log.warning("Discarding record with invalid topic status key %s", key)
            return
        topic, connector = parsed
        if value is None:
            MemoryStatusStore.delete_topic(self, connector, topic)
            return
        try:
            status = decode_topic_status(value)
        except (ValueError, KeyError, TypeError) as e:
            log.error("Skipping malformed topic status record %s: %s", key, e)
            return
        with self._lock:
            self._topics.setdefault(connector, {})[topic] = status

    def _store(self, table: dict[Any, Status], key: Any, status: Status | None) -> None:
        with self._lock:
            if status is None:
                table.pop(key, None)
                return
            current = table.get(key)
            if (
                status.state is State.UNASSIGNED
                and current is not None
                and current.state is State.RUNNING
                and current.generation > status.generation
            ):
                return
            table[key] = status

    # -- writing -----------------------------------------------------------------------------
    def _stamp(self, status: Status) -> Status:
        return Status(status.state, status.worker_id, status.trace, max(self.generation, status.generation))

    def put_connector(self, connector: str, status: Status) -> None:
        status = self._stamp(status)
        self._log.send((CONNECTOR_PREFIX + connector).encode(), encode_status(status))
        self._store(self._connectors, connector, None if status.state is State.DESTROYED else status)

    def put_task(self, connector: str, task: int, status: Status) -> None:
        status = self._stamp(status)
        self._log.send(f"{TASK_PREFIX}{connector}-{task}".encode(), encode_status(status))
        self._store(self._tasks, (connector, task), None if status.state is State.DESTROYED else status)

    def remove(self, connector: str) -> None:
        """Tombstones for the connector and all its tasks (deleted connector)."""
        with self._lock:
            tasks = [t for (c, t) in self._tasks if c == connector]
            topics = list(self._topics.get(connector, {}))
        records: list[tuple[bytes, bytes | None]] = [((CONNECTOR_PREFIX + connector).encode(), None)]
        records += [(f"{TASK_PREFIX}{connector}-{t}".encode(), None) for t in tasks]
        records += [(topic_key(connector, t), None) for t in topics]
        self._log.send_many(records)
        with self._lock:
            self._connectors.pop(connector, None)
            self._topics.pop(connector, None)
            for t in tasks:
                self._tasks.pop((connector, t), None)

    def remove_task(self, connector: str, task: int) -> None:
        self._log.send(f"{TASK_PREFIX}{connector}-{task}".encode(), None)
        with self._lock:
            self._tasks.pop((connector, task), None)

    # -- active topics -----------------------------------------------------------------------
    def put_topic(self, status: TopicStatus) -> None:
        self._log.send(topic_key(status.connector, status.topic), encode_topic_status(status))
        super().put_topic(status)

    def delete_topic(self, connector: str, topic: str) -> None:
        self._log.send(topic_key(connector, topic), None)
        super().delete_topic(connector, topic)
