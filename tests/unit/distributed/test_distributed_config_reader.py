"""Config topic reader rules (connect-runtime.md 4.2), fed records without a broker."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kconnect.runtime.herder import TargetState
from kconnect.storage.kafka_config import ConfigListener, KafkaConfigBackingStore, RestartRequest
from kconnect.storage.kafka_log import LogRecord, TopicSpec


class Feeder:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        listener = ConfigListener(
            connector_changed=lambda n: self.events.append(("connector", n)),
            tasks_changed=lambda n: self.events.append(("tasks", n)),
            target_changed=lambda n: self.events.append(("target", n)),
            restart_requested=lambda r: self.events.append(("restart", r)),
        )
        self.store = KafkaConfigBackingStore(
            "unused", {"bootstrap.servers": "unused:1"}, TopicSpec(), listener
        )
        self.offset = 0

    def feed(self, key: str, value: object | None, raw: bytes | None = None) -> None:
        data = raw if raw is not None else (None if value is None else json.dumps(value).encode())
        self.store._apply(LogRecord(0, self.offset, key.encode(), data))
        self.offset += 1


@pytest.fixture
def f() -> Feeder:
    return Feeder()


def test_tasks_apply_only_on_commit(f: Feeder) -> None:
    f.feed("connector-my-conn", {"properties": {"a": "1"}})
    f.feed("task-my-conn-0", {"properties": {"t": "0"}})
    f.feed("task-my-conn-1", {"properties": {"t": "1"}})
    assert f.store.snapshot().task_count("my-conn") == 0
    f.feed("commit-my-conn", {"tasks": 2})
    snap = f.store.snapshot()
    assert snap.task_configs["my-conn"] == [{"t": "0"}, {"t": "1"}]
    assert snap.offset == 4
    assert ("tasks", "my-conn") in f.events


def test_incomplete_commit_marks_inconsistent(f: Feeder) -> None:
    f.feed("connector-c", {"properties": {}})
    f.feed("task-c-1", {"properties": {}})
    f.feed("commit-c", {"tasks": 2})
    snap = f.store.snapshot()
    assert "c" in snap.inconsistent and snap.task_count("c") == 0


def test_target_state_prefers_v2_and_stopped(f: Feeder) -> None:
    f.feed("connector-c", {"properties": {}})
    assert f.store.snapshot().target("c") is TargetState.STARTED
    f.feed("target-state-c", {"state": "PAUSED", "state.v2": "STOPPED"})
    assert f.store.snapshot().target("c") is TargetState.STOPPED
    f.feed("target-state-c", {"state": "PAUSED"})
    assert f.store.snapshot().target("c") is TargetState.PAUSED


def test_delete_forgets_everything(f: Feeder) -> None:
    f.feed("connector-c", {"properties": {"x": "y"}})
    f.feed("task-c-0", {"properties": {}})
    f.feed("commit-c", {"tasks": 1})
    f.feed("connector-c", None)
    snap = f.store.snapshot()
    assert "c" not in snap.connectors and "c" not in snap.task_configs


def test_malformed_records_are_skipped_and_still_advance_the_offset(f: Feeder) -> None:
    f.feed("connector-a", None, raw=b"{nope")
    f.feed("connector-b", {"properties": 3})
    f.feed("commit-x", {"tasks": "many"})
    f.feed("task-nonumber", {"properties": {}})
    f.feed("mystery", {})
    f.feed("connector-ok", {"properties": {"k": "v"}})
    snap = f.store.snapshot()
    assert dict(snap.connectors) == {"ok": {"k": "v"}}
    assert snap.offset == 6


def test_restart_request_and_session_key(f: Feeder) -> None:
    f.feed("restart-connector-c", {"include-tasks": True, "only-failed": "yes"})
    assert ("restart", RestartRequest("c", True, False)) in f.events
    f.feed("session-key", {"key": "AAEC", "algorithm": "HmacSHA256", "creation-timestamp": 5})
    key = f.store.snapshot().session_key
    assert key is not None and key.key == b"\x00\x01\x02" and key.creation_timestamp == 5


def test_commit_for_unknown_connector_is_ignored(f: Feeder) -> None:
    f.feed("task-ghost-0", {"properties": {}})
    f.feed("commit-ghost", {"tasks": 1})
    assert "ghost" not in f.store.snapshot().task_configs
