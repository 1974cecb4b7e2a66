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
import threading
from collections.abc import Mapping
from typing import Any

from kconnect.storage.kafka_log import KafkaBasedLog, LogRecord, TopicSpec
from kconnect.storage.status import State, Status, StatusStore

log = logging.getLogger(__name__)

CONNECTOR_PREFIX = "status-connector-"
TASK_PREFIX = "status-task-"
TOPIC_PREFIX = "status-topic-"


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


class KafkaStatusBackingStore(StatusStore):
    """The status topic behind :class:`StatusStore`."""

    def __init__(self, topic: str, client_conf: Mapping[str, str], spec: TopicSpec) -> None:
        self._log = KafkaBasedLog(topic, client_conf, self._apply, spec=spec, purpose="status.storage.topic")
        self._lock = threading.Lock()
        self._connectors: dict[str, Status] = {}
        self._tasks: dict[tuple[str, int], Status] = {}
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
        elif not key.startswith(TOPIC_PREFIX):
            log.warning("Discarding status record with unknown key %s", key)

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

    def connector(self, connector: str) -> Status | None:
        with self._lock:
            return self._connectors.get(connector)

    def task(self, connector: str, task: int) -> Status | None:
        with self._lock:
            return self._tasks.get((connector, task))

    def tasks(self, connector: str) -> dict[int, Status]:
        with self._lock:
            return {t: s for (c, t), s in self._tasks.items() if c == connector}

    def remove(self, connector: str) -> None:
        """Tombstones for the connector and all its tasks (deleted connector)."""
        with self._lock:
            tasks = [t for (c, t) in self._tasks if c == connector]
        records: list[tuple[bytes, bytes | None]] = [((CONNECTOR_PREFIX + connector).encode(), None)]
        records += [(f"{TASK_PREFIX}{connector}-{t}".encode(), None) for t in tasks]
        self._log.send_many(records)
        with self._lock:
            self._connectors.pop(connector, None)
            for t in tasks:
                self._tasks.pop((connector, t), None)

    def remove_task(self, connector: str, task: int) -> None:
        self._log.send(f"{TASK_PREFIX}{connector}-{task}".encode(), None)
        with self._lock:
            self._tasks.pop((connector, task), None)
