"""Polling SQL, offsets and the timestamp tie rule, on a real (file) SQLite database in-process."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from kconnect.api.source import OffsetStorageReader
from kconnect.connectors.jdbc.config import parse_settings
from kconnect.connectors.jdbc.dialect import TableId, dialect_for
from kconnect.connectors.jdbc.querier import Querier, offset_timestamp, timestamp_offset

T0 = "2024-01-01 00:00:00.000"


class Offsets(OffsetStorageReader):
    """Committed offsets held in a dict (the API's reader, without a worker)."""

    def __init__(self, stored: Mapping[tuple[tuple[str, Any], ...], dict[str, Any]] | None = None) -> None:
        self.stored = dict(stored or {})

    def offset(self, partition: Mapping[str, Any]) -> dict[str, Any] | None:
        return self.stored.get(tuple(sorted(partition.items())))


def _db(tmp_path: Path, rows: list[tuple[int, str]]) -> Path:
    path = tmp_path / "q.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE ev (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL)")
        conn.executemany("INSERT INTO ev VALUES (?, ?)", rows)
    return path


def _querier(path: Path, **extra: str) -> tuple[Querier, Any]:
    props = {"connection.url": f"jdbc:sqlite:{path}", "topic.prefix": "p-", **extra}
    s = parse_settings(props)
    dialect = dialect_for(s.url, None, None, s.timezone)
    conn = dialect.connect()
    table = TableId(None, "ev")
    return Querier(dialect, s, table, s.incrementing_column or "id", dialect.table_columns(conn, table)), conn


def _read_all(q: Querier, conn: Any, batch: int) -> list[Any]:
    q.start_read(conn)
    out = []
    while not q.drained:
        out += q.read(batch)
    q.end_read(conn)
    return out


def test_sql_per_mode_matches_the_reference(tmp_path: Path) -> None:
    path = _db(tmp_path, [])
    q, _ = _querier(path, mode="incrementing")
    assert q.sql == 'SELECT * FROM "ev" WHERE "id" > ? ORDER BY "id" ASC'
    q, _ = _querier(
        path, mode="timestamp", **{"timestamp.column.name": "at,id", "quote.sql.identifiers": "never"}
    )
    ts = "strftime('%Y-%m-%d %H:%M:%f', COALESCE(at, id))"
    assert q.sql == f"SELECT * FROM ev WHERE {ts} > ? AND {ts} < ? ORDER BY {ts} ASC"
    q, _ = _querier(
        path, mode="timestamp+incrementing", **{"timestamp.column.name": "at", "query.suffix": "LIMIT 5"}
    )
    ts = "strftime('%Y-%m-%d %H:%M:%f', \"at\")"
    assert q.sql == (
        f'SELECT * FROM "ev" WHERE {ts} < ? AND (({ts} = ? AND "id" > ?) OR {ts} > ?) '
        f'ORDER BY {ts},"id" ASC LIMIT 5'
    )
    now = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    q.inc_offset, q.ts_offset = 7, dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert q.params(now) == ["2024-01-02 00:00:00.000", T0, 7, T0]
    q, _ = _querier(path, mode="bulk")
    assert q.sql == 'SELECT * FROM "ev"'


def test_timestamp_offsets_advance_only_past_complete_ties(tmp_path: Path) -> None:
    t1, t2 = "2024-01-01 00:00:01.000", "2024-01-01 00:00:02.000"
    path = _db(tmp_path, [(1, t1), (2, t1), (3, t2)])
    q, conn = _querier(path, mode="timestamp", **{"timestamp.column.name": "at"})
    records = _read_all(q, conn, batch=1)
    stamps = [offset_timestamp(r.source_offset) for r in records]
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    as_dt = [dt.datetime.fromisoformat(t).replace(tzinfo=dt.UTC) for t in (t1, t2)]
    assert stamps == [epoch, as_dt[0], as_dt[1]]  # T0, T1, T2
    # a restart after the first record re-reads the second T1 row instead of losing it
    q2, conn2 = _querier(path, mode="timestamp", **{"timestamp.column.name": "at"})
    key = tuple(sorted(q2.partition.items()))
    q2.load_offset(Offsets({key: records[0].source_offset}))
    assert [r.value["id"] for r in _read_all(q2, conn2, batch=10)] == [1, 2, 3]
    q3, conn3 = _querier(path, mode="timestamp", **{"timestamp.column.name": "at"})
    q3.load_offset(Offsets({key: records[1].source_offset}))
    assert [r.value["id"] for r in _read_all(q3, conn3, batch=10)] == [3]


def test_incrementing_offsets_resume_and_the_legacy_partition_is_read(tmp_path: Path) -> None:
    path = _db(tmp_path, [(i, T0) for i in range(1, 8)])
    q, conn = _querier(path, mode="incrementing")
    records = _read_all(q, conn, batch=3)
    assert [r.source_offset for r in records] == [{"incrementing": i} for i in range(1, 8)]
    assert records[0].source_partition == {"protocol": "1", "table": "ev"} and records[0].topic == "p-ev"
    q2, conn2 = _querier(path, mode="incrementing")
    q2.load_offset(Offsets({(("table", "ev"),): {"incrementing": 5}}))  # written by an old reference version
    assert [r.value["id"] for r in _read_all(q2, conn2, batch=3)] == [6, 7]


def test_timestamp_initial_and_delay_bound_the_window(tmp_path: Path) -> None:
    path = _db(tmp_path, [(1, "2020-01-01 00:00:00"), (2, "2030-01-01 00:00:00")])
    q, conn = _querier(
        path, mode="timestamp", **{"timestamp.column.name": "at", "timestamp.initial": "1735689600000"}
    )  # 2025-01-01: row 1 is older; row 2 is in the future (beyond now - delay)
    assert _read_all(q, conn, batch=10) == []
    q, conn = _querier(path, mode="timestamp", **{"timestamp.column.name": "at"})
    assert [r.value["id"] for r in _read_all(q, conn, batch=10)] == [1]


@pytest.mark.parametrize(
    "value",
    [dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC), dt.datetime(1970, 1, 1, tzinfo=dt.UTC)],
)
def test_timestamp_offsets_round_trip_with_java_semantics(value: dt.datetime) -> None:
    stored = timestamp_offset(value)
    assert stored["timestamp_nanos"] == value.microsecond * 1000
    assert offset_timestamp(stored) == value
    assert offset_timestamp({"timestamp": stored["timestamp"]}) == value.replace(
        microsecond=value.microsecond // 1000 * 1000
    )
