"""JdbcSourceTask in-process on real SQLite files: failures are clear, dropped tables are let go."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from kconnect.api.records import SourceRecord
from kconnect.api.source import OffsetStorageReader, SourceTaskContext
from kconnect.connectors.jdbc import JdbcSourceConnector, JdbcSourceTask
from kconnect.errors import ConfigError, ConnectError


class _Reader(OffsetStorageReader):
    def offset(self, partition: Mapping[str, Any]) -> dict[str, Any] | None:
        return None


class _Context(SourceTaskContext):
    def __init__(self, props: Mapping[str, str]) -> None:
        self._props = props

    @property
    def configs(self) -> Mapping[str, str]:
        return self._props

    @property
    def offset_storage_reader(self) -> OffsetStorageReader:
        return _Reader()


def _task(props: dict[str, str]) -> JdbcSourceTask:
    task = JdbcSourceTask()
    task.initialize(_Context(props))
    task.start(props)
    return task


def _poll_until(task: JdbcSourceTask, count: int) -> list[SourceRecord]:
    out: list[SourceRecord] = []
    deadline = time.monotonic() + 10
    while len(out) < count and time.monotonic() < deadline:
        out += task.poll() or []
    return out


def _props(db: Path, tables: list[str], **extra: str) -> dict[str, str]:
    return {
        "connection.url": f"jdbc:sqlite:{db}",
        "topic.prefix": "p-",
        "mode": "incrementing",
        "poll.interval.ms": "50",
        "connection.backoff.ms": "10",
        "tables": json.dumps(tables),
        **extra,
    }


def test_a_null_incrementing_value_fails_the_poll_naming_table_and_column(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (seq INT, at TIMESTAMP NOT NULL)")
        conn.execute("INSERT INTO t VALUES (NULL, '2024-01-01 00:00:00')")
    props = _props(
        db,
        ["t"],
        mode="timestamp+incrementing",
        **{"incrementing.column.name": "seq", "timestamp.column.name": "at"},
    )
    with pytest.raises(ConfigError, match="column seq on t because this column is nullable"):
        _task(props)
    task = _task({**props, "validate.non.null": "false"})
    with pytest.raises(ConnectError, match=r"t: .*null value in incrementing column seq"):
        _poll_until(task, 1)
    task.stop()


def test_a_dropped_table_is_let_go_and_the_others_keep_flowing(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE b (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO b VALUES (1)")
    task = _task(_props(db, ["a", "b"]))
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE a")
    records = _poll_until(task, 1)
    assert [(r.topic, r.value["id"]) for r in records] == [("p-b", 1)]
    task.stop()


def test_an_unreachable_database_fails_after_the_configured_attempts(tmp_path: Path) -> None:
    with pytest.raises(ConnectError, match=r"Could not connect to jdbc:sqlite:.*after 2 attempt\(s\)"):
        _task(_props(tmp_path / "nope.db", ["t"], **{"connection.attempts": "2"}))


def test_idle_poll_blocks_briefly_instead_of_spinning(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    sqlite3.connect(db).close()
    task = _task(_props(db, []))
    start = time.monotonic()
    assert task.poll() is None
    assert time.monotonic() - start >= 0.2
    task.stop()


def test_connector_start_refuses_a_table_without_the_incrementing_column(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (v TEXT)")
    connector = JdbcSourceConnector()
    props = {k: v for k, v in _props(db, []).items() if k != "tables"}
    with pytest.raises(
        ConfigError, match=r"incrementing\.column\.name: table t has no auto-incrementing column"
    ):
        connector.start(props)
    connector.stop()
