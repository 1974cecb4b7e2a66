"""Connector configs, task configs and target states in the config topic (Java: ``KafkaConfigBackingStore``).

Records and reader rules follow connect-runtime.md 4.2: ``connector-<c>``,
``task-<c>-<n>`` (buffered until ``commit-<c>``), ``commit-<c>``,
``target-state-<c>``, ``session-key``, ``restart-connector-<c>``.  Values are
plain JSON (JsonConverter, schemas disabled), so a Java cluster's config topic
reads here and ours reads there.  A malformed record (bad JSON, wrong shape) is
logged and skipped; the worker keeps running.  The config topic has exactly one
partition; the "config offset" is the offset of the last consumed record + 1.

Listeners are called on the reader thread after the state changed; they must
only schedule work (the herder hops onto its event loop).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kconnect.runtime.herder import TargetState
from kconnect.storage.kafka_log import KafkaBasedLog, LogRecord, TopicSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SessionKey:
    key: bytes
    algorithm: str
    creation_timestamp: int


@dataclass(frozen=True, slots=True)
class RestartRequest:
    connector: str
    include_tasks: bool
    only_failed: bool


@dataclass(frozen=True, slots=True)
class ConfigSnapshot:
    """An immutable copy of the config state at ``offset``."""

    offset: int
    connectors: Mapping[str, Mapping[str, str]]
    targets: Mapping[str, TargetState]
    task_configs: Mapping[str, list[dict[str, str]]]
    inconsistent: frozenset[str]
    session_key: SessionKey | None

    def task_count(self, name: str) -> int:
        return len(self.task_configs.get(name, []))

    def target(self, name: str) -> TargetState:
        return self.targets.get(name, TargetState.STARTED)


@dataclass
class ConfigListener:
    """Callbacks (reader thread) for changes; each optional."""

    connector_changed: Callable[[str], None] = lambda _n: None
    tasks_changed: Callable[[str], None] = lambda _n: None
    target_changed: Callable[[str], None] = lambda _n: None
    session_key_changed: Callable[[SessionKey], None] = lambda _k: None
    restart_requested: Callable[[RestartRequest], None] = lambda _r: None


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class _State:
    offset: int = -1
    connectors: dict[str, dict[str, str]] = field(default_factory=dict)
    targets: dict[str, TargetState] = field(default_factory=dict)
    tasks: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    pending: dict[str, dict[int, dict[str, str]]] = field(default_factory=dict)
    inconsistent: set[str] = field(default_factory=set)
    session_key: SessionKey | None = None


class KafkaConfigBackingStore:
    """The config topic: reader state plus the writes the herder makes."""

    def __init__(
        self,
        topic: str,
        client_conf: Mapping[str, str],
        spec: TopicSpec,
        listener: ConfigListener | None = None,
    ) -> None:
        spec = TopicSpec(1, spec.replication_factor, spec.configs)
        self._log = KafkaBasedLog(
            topic, client_conf, self._apply, spec=spec, purpose="config.storage.topic", single_partition=True
        )
        self._lock = threading.Lock()
        self._state = _State()
        self.listener = listener or ConfigListener()
        self._started = False

    def start(self) -> None:
        self._log.start()
        self._started = True

    def stop(self) -> None:
        self._log.stop()

    def read_to_end(self, timeout_s: float = 60.0) -> None:
        self._log.read_to_end(timeout_s)

    def snapshot(self) -> ConfigSnapshot:
        with self._lock:
            s = self._state
            return ConfigSnapshot(
                s.offset,
                {k: dict(v) for k, v in s.connectors.items()},
                dict(s.targets),
                {k: [dict(t) for t in v] for k, v in s.tasks.items()},
                frozenset(s.inconsistent),
                s.session_key,
            )

    @property
    def topic(self) -> str:
        return self._log.topic

    @property
    def offset(self) -> int:
        with self._lock:
            return self._state.offset

    # -- writes ------------------------------------------------------------------------------
    def put_connector_config(self, name: str, config: Mapping[str, str], target: TargetState | None) -> None:
        records: list[tuple[bytes, bytes | None]] = []
        if target is not None:
            records.append(self._target_record(name, target))
        records.append((f"connector-{name}".encode(), _dumps({"properties": dict(config)})))
        self._log.send_many(records)

    def remove_connector_config(self, name: str) -> None:
        self._log.send_many([(f"connector-{name}".encode(), None), (f"target-state-{name}".encode(), None)])

    def put_task_configs(self, name: str, configs: list[dict[str, str]]) -> None:
        records: list[tuple[bytes, bytes | None]] = [
            (f"task-{name}-{i}".encode(), _dumps({"properties": c})) for i, c in enumerate(configs)
        ]
        if records:
            self._log.send_many(records)
            self._log.read_to_end()
        self._log.send(f"commit-{name}".encode(), _dumps({"tasks": len(configs)}))

    def _target_record(self, name: str, target: TargetState) -> tuple[bytes, bytes]:
        legacy = "STARTED" if target is TargetState.STARTED else "PAUSED"
        return f"target-state-{name}".encode(), _dumps({"state": legacy, "state.v2": target.value})

    def put_target_state(self, name: str, target: TargetState) -> None:
        self._log.send(*self._target_record(name, target))

    def put_session_key(self, key: SessionKey) -> None:
        import base64

        value = {
            "key": base64.b64encode(key.key).decode(),
            "algorithm": key.algorithm,
            "creation-timestamp": key.creation_timestamp,
        }
        self._log.send(b"session-key", _dumps(value))

    def put_restart_request(self, request: RestartRequest) -> None:
        value = {"include-tasks": request.include_tasks, "only-failed": request.only_failed}
        self._log.send(f"restart-connector-{request.connector}".encode(), _dumps(value))

    # -- reading -----------------------------------------------------------------------------
    def _apply(self, record: LogRecord) -> None:
        key = (record.key or b"").decode("utf-8", "replace")
        try:
            value: Any = json.loads(record.value) if record.value is not None else None
            self._dispatch(key, value)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            log.error(
                "Skipping malformed record %s at offset %d of the config topic: %s", key, record.offset, e
            )
        finally:
            with self._lock:
                self._state.offset = record.offset + 1

    def _dispatch(self, key: str, value: Any) -> None:
        if key.startswith("target-state-"):
            self._on_target(key[len("target-state-") :], value)
        elif key.startswith("connector-"):
            self._on_connector(key[len("connector-") :], value)
        elif key.startswith("task-"):
            self._on_task(key[len("task-") :], value)
        elif key.startswith("commit-"):
            self._on_commit(key[len("commit-") :], value)
        elif key.startswith("restart-connector-"):
            if value is not None:
                self.listener.restart_requested(
                    RestartRequest(
                        key[len("restart-connector-") :],
                        value.get("include-tasks") is True,
                        value.get("only-failed") is True,
                    )
                )
        elif key == "session-key":
            self._on_session_key(value)
        elif key.startswith(("tasks-fencing-", "logger-cluster-")):
            log.debug("Ignoring config record %s", key)
        else:
            log.error("Discarding config update record with invalid key: %s", key)

    def _on_target(self, name: str, value: Any) -> None:
        if value is None:
            with self._lock:
                self._state.targets.pop(name, None)
            return
        raw = value.get("state.v2", value.get("state"))
        target = TargetState(raw)
        with self._lock:
            self._state.targets[name] = target
        self.listener.target_changed(name)

    def _on_connector(self, name: str, value: Any) -> None:
        with self._lock:
            if value is None:
                self._state.connectors.pop(name, None)
                self._state.targets.pop(name, None)
                self._state.tasks.pop(name, None)
                self._state.pending.pop(name, None)
                self._state.inconsistent.discard(name)
            else:
                props = value["properties"]
                if not isinstance(props, dict):
                    raise TypeError("properties is not an object")
                self._state.connectors[name] = {str(k): str(v) for k, v in props.items()}
        self.listener.connector_changed(name)

    def _on_task(self, rest: str, value: Any) -> None:
        name, _, number = rest.rpartition("-")
        if not name or not number.isdigit():
            raise ValueError(f"invalid task key task-{rest}")
        if value is None:
            return
        props = value["properties"]
        if not isinstance(props, dict):
            raise TypeError("properties is not an object")
        with self._lock:
            self._state.pending.setdefault(name, {})[int(number)] = {str(k): str(v) for k, v in props.items()}

    def _on_commit(self, name: str, value: Any) -> None:
        if value is None:
            return
        count = int(value["tasks"])
        with self._lock:
            if name not in self._state.connectors:
                log.debug("Ignoring task commit for unknown connector %s", name)
                self._state.pending.pop(name, None)
                return
            pending = self._state.pending.pop(name, {})
            if count and sorted(pending) != list(range(count)):
                if set(range(count)) <= set(pending):
                    pending = {i: pending[i] for i in range(count)}
                else:
                    log.error(
                        "Task configs of connector %s are inconsistent; the leader will regenerate them", name
                    )
                    self._state.inconsistent.add(name)
                    return
            self._state.inconsistent.discard(name)
            self._state.tasks[name] = [pending[i] for i in range(count)]
        self.listener.tasks_changed(name)

    def _on_session_key(self, value: Any) -> None:
        import base64

        if value is None:
            return
        key = SessionKey(
            base64.b64decode(value["key"]), str(value["algorithm"]), int(value["creation-timestamp"])
        )
        with self._lock:
            self._state.session_key = key
        self.listener.session_key_changed(key)
