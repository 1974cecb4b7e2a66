"""What source and sink task runners share: a thread, a target state, status reporting.

A :class:`WorkerTask` runs one connector task on its own thread.  The herder
changes its target state (:meth:`transition_to`) and stops it (:meth:`stop`)
from other threads; the task's loop reacts at its next iteration.  Status
changes go to a :class:`~kconnect.storage.status.StatusStore`.
"""

from __future__ import annotations

import abc
import logging
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass

from kconnect.runtime import logs
from kconnect.runtime.herder import TargetState
from kconnect.storage.status import State, Status, StatusStore, TopicStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, order=True)
class TaskId:
    """``<connector>-<n>``."""

    connector: str
    task: int

    def __str__(self) -> str:
        return f"{self.connector}-{self.task}"


class WorkerTask(abc.ABC):
    """One task's thread, target state and status reporting."""

    def __init__(self, task_id: TaskId, statuses: StatusStore, worker_id: str, target: TargetState) -> None:
        self.id = task_id
        self._statuses = statuses
        self._worker_id = worker_id
        self._target = target
        self._state_changed = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run_thread, name=f"task-thread-{task_id}", daemon=True)
        self.failure: BaseException | None = None
        self.track_topics = True
        """``topic.tracking.enable``: record the topics this task produces to / consumes from."""

    # -- control from other threads ----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def transition_to(self, target: TargetState) -> None:
        with self._state_changed:
            self._target = target
            self._state_changed.notify_all()

    def stop(self) -> None:
        """Ask the loop to finish (non-blocking); see :meth:`await_stop`."""
        with self._state_changed:
            self._stopping = True
            self._state_changed.notify_all()

    def await_stop(self, timeout_s: float) -> bool:
        """Wait until the thread ended; False on timeout."""
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    @property
    def stopping(self) -> bool:
        return self._stopping

    # -- helpers for the loop ----------------------------------------------------------------
    def _report(self, state: State, trace: str | None = None) -> None:
        self._statuses.put_task(self.id.connector, self.id.task, Status(state, self._worker_id, trace))

    def _record_active_topics(self, topics: Iterable[str]) -> None:
        """Record each topic not yet active for the connector (Java: ``recordActiveTopic``).

        Called once per batch with the batch's distinct topics: one cache lookup per topic.
        """
        if not self.track_topics:
            return
        connector = self.id.connector
        for topic in topics:
            if self._statuses.topic(connector, topic) is not None:
                continue
            status = TopicStatus(topic, connector, self.id.task, int(time.time() * 1000))
            try:
                self._statuses.put_topic(status)
            except Exception:
                log.warning("%s Failed to record active topic %s", self, topic, exc_info=True)

    def _await_unpaused(self) -> bool:
        """Block while the target state is PAUSED; False once stopping."""
        with self._state_changed:
            if self._is_paused() and not self.stopping:
                self._report(State.PAUSED)
                self._state_changed.wait_for(lambda: not self._is_paused() or self.stopping)
                if not self.stopping:
                    self._report(State.RUNNING)
            return not self.stopping

    def _is_paused(self) -> bool:
        return self._target is TargetState.PAUSED

    # -- the thread --------------------------------------------------------------------------
    def _run_thread(self) -> None:
        logs.set_context(self.id.connector, self.id.task)
        try:
            self._initialize_and_start()
            if self._target is TargetState.PAUSED:
                self._await_unpaused()
            else:
                self._report(State.RUNNING)
            self._execute()
        except BaseException as e:
            self.failure = e
            log.error(
                "%s Task threw an uncaught and unrecoverable exception. Task is being killed and will "
                "not recover until manually restarted",
                self,
                exc_info=True,
            )
            self._report(State.FAILED, "".join(traceback.format_exception(e)))
            self._close_quietly(failed=True)
        else:
            self._close_quietly(failed=False)
            if not self._failed_status():
                self._report(State.UNASSIGNED)

    def _failed_status(self) -> bool:
        status = self._statuses.task(self.id.connector, self.id.task)
        return status is not None and status.state is State.FAILED

    def _close_quietly(self, failed: bool) -> None:
        try:
            self._close(failed)
        except Exception:
            log.exception("%s failed to close cleanly", self)

    def __str__(self) -> str:
        return f"{type(self).__name__}{{id={self.id}}}"

    @abc.abstractmethod
    def _initialize_and_start(self) -> None:
        """Create clients, initialize and start the connector's task."""

    @abc.abstractmethod
    def _execute(self) -> None:
        """The loop; returns when stopping."""

    @abc.abstractmethod
    def _close(self, failed: bool) -> None:
        """Flush what can be flushed, stop the task, close clients."""
