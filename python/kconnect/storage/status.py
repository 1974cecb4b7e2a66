"""Status store: the state of each connector and task (Java: ``StatusBackingStore``).

Standalone mode keeps statuses in memory (:class:`MemoryStatusStore`);
distributed mode will use the status topic behind the same interface.
"""

from __future__ import annotations

import abc
import enum
import threading
from dataclasses import dataclass


class State(enum.Enum):
    """Connector/task states as Connect reports them."""

    UNASSIGNED = "UNASSIGNED"
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    FAILED = "FAILED"
    RESTARTING = "RESTARTING"
    STOPPED = "STOPPED"
    DESTROYED = "DESTROYED"


@dataclass(frozen=True, slots=True)
class Status:
    """One status record: state, worker id, optional trace, writer generation."""

    state: State
    worker_id: str
    trace: str | None = None
    generation: int = 0

    def to_json(self) -> dict[str, object]:
        """The REST shape (``trace`` omitted when empty)."""
        body: dict[str, object] = {"state": self.state.value, "worker_id": self.worker_id}
        if self.trace:
            body["trace"] = self.trace
        return body


TaskKey = tuple[str, int]


@dataclass(frozen=True, slots=True)
class TopicStatus:
    """An active topic of a connector (Java: ``TopicStatus``).

    ``task`` first produced to / consumed from ``topic`` at ``discover_timestamp`` (epoch ms).
    """

    topic: str
    connector: str
    task: int
    discover_timestamp: int


class StatusStore(abc.ABC):
    """Connector and task statuses, readable from any thread."""

    @abc.abstractmethod
    def put_connector(self, connector: str, status: Status) -> None: ...

    @abc.abstractmethod
    def put_task(self, connector: str, task: int, status: Status) -> None: ...

    @abc.abstractmethod
    def connector(self, connector: str) -> Status | None: ...

    @abc.abstractmethod
    def task(self, connector: str, task: int) -> Status | None: ...

    @abc.abstractmethod
    def tasks(self, connector: str) -> dict[int, Status]: ...

    @abc.abstractmethod
    def remove(self, connector: str) -> None:
        """Forget the connector and all its tasks (deleted)."""

    @abc.abstractmethod
    def remove_task(self, connector: str, task: int) -> None: ...

    @abc.abstractmethod
    def put_topic(self, status: TopicStatus) -> None:
        """Record an active topic of a connector."""

    @abc.abstractmethod
    def topics(self, connector: str) -> dict[str, TopicStatus]:
        """The connector's active topics by name."""

    @abc.abstractmethod
    def delete_topic(self, connector: str, topic: str) -> None:
        """Forget one active topic of the connector (reset)."""

    def topic(self, connector: str, topic: str) -> TopicStatus | None:
        return self.topics(connector).get(topic)


class MemoryStatusStore(StatusStore):
    """Statuses in a dict guarded by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connectors: dict[str, Status] = {}
        self._tasks: dict[TaskKey, Status] = {}
        self._topics: dict[str, dict[str, TopicStatus]] = {}

    def put_connector(self, connector: str, status: Status) -> None:
        with self._lock:
            if status.state is State.DESTROYED:
                self._connectors.pop(connector, None)
            else:
                self._connectors[connector] = status

    def put_task(self, connector: str, task: int, status: Status) -> None:
        with self._lock:
            if status.state is State.DESTROYED:
                self._tasks.pop((connector, task), None)
            else:
                self._tasks[(connector, task)] = status

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
        with self._lock:
            self._connectors.pop(connector, None)
            for key in [k for k in self._tasks if k[0] == connector]:
                del self._tasks[key]
            self._topics.pop(connector, None)

    def remove_task(self, connector: str, task: int) -> None:
        with self._lock:
            self._tasks.pop((connector, task), None)

    def put_topic(self, status: TopicStatus) -> None:
        with self._lock:
            self._topics.setdefault(status.connector, {})[status.topic] = status

    def topics(self, connector: str) -> dict[str, TopicStatus]:
        with self._lock:
            return dict(self._topics.get(connector, {}))

    def topic(self, connector: str, topic: str) -> TopicStatus | None:
        with self._lock:
            return self._topics.get(connector, {}).get(topic)

    def delete_topic(self, connector: str, topic: str) -> None:
        with self._lock:
            active = self._topics.get(connector)
            if active is not None:
                active.pop(topic, None)
                if not active:
                    del self._topics[connector]
