"""SQLite through the standard library: declared column types, ISO-8601 text timestamps.

Decisions:

* The database file must exist (opened ``mode=rw``): a typo in the path is a
  configuration error, not a new empty database.
* Types come from the declared column type with SQLite's affinity rules; in
  query mode (no table to ask) from the first fetched values.
  ``INT``/``INTEGER``/``BIGINT`` map to int64, not int32 as the reference's
  driver reports: SQLite integers are 64-bit and int32 would overflow.
* Timestamps are compared as ``strftime('%Y-%m-%d %H:%M:%f', col)`` and bound
  in that format (UTC or ``db.timezone``), so ``CURRENT_TIMESTAMP``-style text
  with or without fractional seconds orders and ties correctly.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import urllib.parse
from collections.abc import Sequence
from typing import Any

from kconnect.connectors.jdbc.dialect import Column, Dialect, Kind, TableColumn, TableId, register
from kconnect.errors import ConfigError

_TS_FORMAT = "%Y-%m-%d %H:%M:%f"
_DECL = re.compile(r"^\s*([A-Za-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\))?\s*$")


def sqlite_path(url: str) -> str:
    """The database file of a ``jdbc:sqlite:<path>`` or ``sqlite:///<path>`` URL."""
    lowered = url.lower()
    if lowered.startswith("jdbc:sqlite:"):
        path = url[len("jdbc:sqlite:") :]
    elif lowered.startswith("sqlite://"):
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    elif lowered.startswith("sqlite:"):
        path = url[len("sqlite:") :]
    else:
        path = ""
    path = path.split("?")[0]
    if not path:
        raise ConfigError(
            f"Invalid value {url} for configuration connection.url: expected jdbc:sqlite:<path>"
        )
    return path


def declared_kind(declared: str) -> tuple[Kind, int, int]:
    """(kind, precision, scale) of a declared SQLite column type."""
    match = _DECL.match(declared or "")
    base = (match.group(1) if match else declared or "").upper().strip()
    precision = int(match.group(2)) if match and match.group(2) else 0
    scale = int(match.group(3)) if match and match.group(3) else 0
    if base in ("BOOLEAN", "BOOL"):
        return Kind.BOOLEAN, 0, 0
    if base == "TINYINT":
        return Kind.INT8, 0, 0
    if base in ("SMALLINT", "INT2"):
        return Kind.INT16, 0, 0
    if base in ("MEDIUMINT",):
        return Kind.INT32, 0, 0
    if "INT" in base:
        return Kind.INT64, 0, 0
    if base in ("DATE",):
        return Kind.DATE, 0, 0
    if base in ("TIME",):
        return Kind.TIME, 0, 0
    if base in ("DATETIME", "TIMESTAMP"):
        return Kind.TIMESTAMP, 0, 0
    if base in ("DECIMAL", "NUMERIC"):
        return (Kind.DECIMAL, precision, scale) if match and match.group(2) else (Kind.NUMBER, 0, 0)
    if any(t in base for t in ("CHAR", "CLOB", "TEXT", "JSON", "UUID")):
        return Kind.STRING, 0, 0
    if "BLOB" in base or base in ("BINARY", "VARBINARY"):
        return Kind.BYTES, 0, 0
    if base == "FLOAT4":
        return Kind.FLOAT32, 0, 0
    if any(t in base for t in ("REAL", "FLOA", "DOUB")):
        return Kind.FLOAT64, 0, 0
    return Kind.UNKNOWN, 0, 0


def _value_kind(value: Any) -> Kind:
    if isinstance(value, int):
        return Kind.INT64
    if isinstance(value, float):
        return Kind.FLOAT64
    if isinstance(value, bytes):
        return Kind.BYTES
    return Kind.STRING


@register
class SqliteDialect(Dialect):
    """SQLite 3 files."""

    name = "SqliteDatabaseDialect"

    def connect(self) -> Any:
        path = sqlite_path(self.url)
        target = path if path == ":memory:" else f"file:{urllib.parse.quote(path)}?mode=rw"
        conn = sqlite3.connect(target, uri=True, timeout=10.0, check_same_thread=False)
        return conn

    def is_connection_error(self, exc: BaseException) -> bool:
        if not isinstance(exc, sqlite3.OperationalError):
            return False
        text = str(exc)
        return "unable to open" in text or "locked" in text or "disk I/O" in text

    def is_missing_table(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc)

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    def list_tables(
        self, conn: Any, types: Sequence[str], schema_pattern: str | None, catalog_pattern: str | None
    ) -> list[TableId]:
        kinds = [t.lower() for t in types if t in ("TABLE", "VIEW")]
        marks = ",".join("?" * len(kinds)) or "NULL"
        rows = conn.execute(
            f"SELECT name FROM sqlite_master WHERE type IN ({marks}) "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            kinds,
        ).fetchall()
        return [TableId(None, name) for (name,) in rows]

    def table_columns(self, conn: Any, table: TableId) -> list[TableColumn]:
        rows = conn.execute(f"PRAGMA table_info({self.quote(table.name)})").fetchall()
        pk_count = sum(1 for r in rows if r[5])
        out = []
        for _cid, name, decl, notnull, _default, pk in rows:
            rowid = bool(pk) and pk_count == 1 and (decl or "").strip().upper() == "INTEGER"
            out.append(TableColumn(name, decl or "", not (notnull or rowid), rowid))
        return out

    def timestamp_expr(self, column_sql: str) -> str:
        return f"strftime('{_TS_FORMAT}', {column_sql})"

    def timestamp_param(self, value: dt.datetime) -> Any:
        local = value.astimezone(self.timezone)
        return local.strftime("%Y-%m-%d %H:%M:%S.") + f"{local.microsecond // 1000:03d}"

    def now(self, conn: Any) -> dt.datetime:
        (text,) = conn.execute(f"SELECT strftime('{_TS_FORMAT}', 'now')").fetchone()
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)

    def execute(self, conn: Any, sql: str, params: Sequence[Any], fetch_size: int) -> Any:
        cursor = conn.cursor()
        cursor.arraysize = fetch_size
        cursor.execute(sql, list(params))
        return cursor

    def describe(
        self, cursor: Any, table: Sequence[TableColumn] | None, sample: Sequence[tuple[Any, ...]]
    ) -> list[Column]:
        declared = {c.name: c for c in table or ()}
        columns = []
        for index, desc in enumerate(cursor.description or ()):
            name = desc[0]
            info = declared.get(name)
            if info is not None:
                kind, precision, scale = declared_kind(info.type_name)
                type_name, nullable = info.type_name, info.nullable
            else:
                first = next((row[index] for row in sample if row[index] is not None), None)
                kind, precision, scale = _value_kind(first), 0, 0
                type_name, nullable = "", True
            if kind is Kind.UNKNOWN:
                kind = Kind.STRING
            columns.append(Column(name, kind, type_name, nullable, precision, scale))
        return columns
