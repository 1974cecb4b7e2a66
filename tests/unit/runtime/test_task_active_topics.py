"""``WorkerTask._record_active_topics``: once per topic per connector, re-recorded after a reset."""

from __future__ import annotations

import time

from kconnect.runtime.herder import TargetState
from kconnect.runtime.task_base import TaskId, WorkerTask
from kconnect.storage.status import MemoryStatusStore, TopicStatus


class _CountingStore(MemoryStatusStore):
    def __init__(self) -> None:
        super().__init__()
        self.puts: list[TopicStatus] = []

    def put_topic(self, status: TopicStatus) -> None:
        self.puts.append(status)
        super().put_topic(status)


class _Task(WorkerTask):
    def _initialize_and_start(self) -> None: ...

    def _execute(self) -> None: ...

    def _close(self, failed: bool) -> None: ...


def test_recorded_once_per_topic_per_connector() -> None:
    store = _CountingStore()
    task0 = _Task(TaskId("c", 0), store, "w:1", TargetState.STARTED)
    task1 = _Task(TaskId("c", 1), store, "w:1", TargetState.STARTED)
    before = int(time.time() * 1000)
    task0._record_active_topics({"a", "b"})
    task0._record_active_topics({"a"})
    task1._record_active_topics({"b", "c"})  # another task of the same connector: only the new topic
    assert sorted((s.topic, s.task) for s in store.puts) == [("a", 0), ("b", 0), ("c", 1)]
    assert all(s.connector == "c" and s.discover_timestamp >= before for s in store.puts)
    assert sorted(store.topics("c")) == ["a", "b", "c"]


def test_recorded_again_after_a_reset() -> None:
    store = _CountingStore()
    task = _Task(TaskId("c", 0), store, "w:1", TargetState.STARTED)
    task._record_active_topics({"a"})
    store.delete_topic("c", "a")
    task._record_active_topics({"a"})
    assert [s.topic for s in store.puts] == ["a", "a"]
    assert list(store.topics("c")) == ["a"]


def test_nothing_recorded_when_tracking_is_disabled() -> None:
    store = _CountingStore()
    task = _Task(TaskId("c", 0), store, "w:1", TargetState.STARTED)
    task.track_topics = False
    task._record_active_topics({"a"})
    assert store.puts == []
    assert store.topics("c") == {}


def test_a_failing_store_does_not_fail_the_task() -> None:
    class _Failing(MemoryStatusStore):
        def put_topic(self, status: TopicStatus) -> None:
            raise RuntimeError("status topic unavailable")

    task = _Task(TaskId("c", 0), _Failing(), "w:1", TargetState.STARTED)
    task._record_active_topics({"a"})  # logged, not raised
    assert task.failure is None
