"""The database boundary: connections, metadata and batched row fetches, one subclass per database.

Everything above this layer sees tables as :class:`TableId`, result columns as
:class:`Column` (a small portable type vocabulary) and rows as batches of tuples
from :meth:`Dialect.fetch`.  That batch boundary is where a columnar (Arrow)
fetch will slot in later: the queriers never touch a driver cursor.

Dialects are picked from ``connection.url`` (``jdbc:postgresql://``,
``postgresql://``, ``jdbc:sqlite:``, ``sqlite:``) or forced with ``dialect.name``.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
import importlib
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kconnect.errors import ConfigError


class Kind(enum.Enum):
    """Portable column types; :mod:`.types` maps them to Connect schemas."""

    BOOLEAN = "boolean"
    INT8 = "int8"
    INT16 = "int16"
    INT32 = "int32"
    INT64 = "int64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    DECIMAL = "decimal"  # precision/scale known
    NUMBER = "number"  # NUMERIC without a declared scale
    STRING = "string"
    BYTES = "bytes"
    DATE = "date"
    TIME = "time"
    TIMESTAMP = "timestamp"
    UNKNOWN = "unknown"  # delivered as its text form


@dataclass(frozen=True)
class TableId:
    """A table: ``schema`` is None for databases without schemas (SQLite)."""

    schema: str | None
    name: str

    @property
    def fqn(self) -> str:
        """The unquoted fully qualified name, as in offsets: ``public.users`` or ``users``."""
        return self.name if self.schema is None else f"{self.schema}.{self.name}"

    @staticmethod
    def parse(fqn: str) -> TableId:
        schema, dot, name = fqn.rpartition(".")
        return TableId(schema if dot else None, name)


@dataclass(frozen=True)
class Column:
    """One result column."""

    name: str
    kind: Kind
    type_name: str
    nullable: bool = True
    precision: int = 0
    scale: int = 0
    tz_aware: bool = False


@dataclass(frozen=True)
class TableColumn:
    """Catalog facts about a table column."""

    name: str
    type_name: str
    nullable: bool
    auto_increment: bool


class Dialect(abc.ABC):
    """One database product: how to connect, list, describe, quote and read."""

    name: str
    placeholder = "?"
    exact_kinds: frozenset[Kind] = frozenset()
    """Kinds whose driver values need no conversion (see :class:`~.types.RowMapper`)."""

    def __init__(self, url: str, user: str | None, password: str | None, timezone: dt.tzinfo) -> None:
        self.url = url
        self.user = user
        self.password = password
        self.timezone = timezone

    # -- connections
    @abc.abstractmethod
    def connect(self) -> Any:
        """A new DB-API connection with autocommit off."""

    @abc.abstractmethod
    def is_connection_error(self, exc: BaseException) -> bool:
        """Whether ``exc`` means the server or connection is gone (retry), not a bad statement."""

    def is_missing_table(self, exc: BaseException) -> bool:
        return False

    @abc.abstractmethod
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """The driver's base exception classes."""

    def redacted_url(self) -> str:
        """``connection.url`` without a password."""
        return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:****@", re.sub(r"(password=)[^&;]*", r"\1****", self.url))

    # -- metadata
    @abc.abstractmethod
    def list_tables(
        self, conn: Any, types: Sequence[str], schema_pattern: str | None, catalog_pattern: str | None
    ) -> list[TableId]:
        """Tables (and views etc. per ``table.types``) visible to the user."""

    @abc.abstractmethod
    def table_columns(self, conn: Any, table: TableId) -> list[TableColumn]:
        """The table's columns in order; empty if the table does not exist."""

    # -- SQL
    def quote(self, ident: str, always: bool = True) -> str:
        return '"' + ident.replace('"', '""') + '"' if always else ident

    def table_sql(self, table: TableId, always: bool = True) -> str:
        parts = [table.name] if table.schema is None else [table.schema, table.name]
        return ".".join(self.quote(p, always) for p in parts)

    def timestamp_expr(self, column_sql: str) -> str:
        """How a timestamp column (or COALESCE) is compared; SQLite normalises text here."""
        return column_sql

    def timestamp_param(self, value: dt.datetime) -> Any:
        """A bind value for a timestamp comparison (``value`` is aware UTC)."""
        return value

    @abc.abstractmethod
    def now(self, conn: Any) -> dt.datetime:
        """The database's current time, aware UTC."""

    # -- reading
    @abc.abstractmethod
    def execute(self, conn: Any, sql: str, params: Sequence[Any], fetch_size: int) -> Any:
        """Start a read of ``sql``; returns a cursor for :meth:`describe` and :meth:`fetch`."""

    @abc.abstractmethod
    def describe(
        self, cursor: Any, table: Sequence[TableColumn] | None, sample: Sequence[tuple[Any, ...]]
    ) -> list[Column]:
        """The result columns of an executed cursor.

        ``table`` is the catalog view of the table read (None in query mode); ``sample``
        the first fetched rows, for databases whose results carry no types (SQLite).
        """

    def fetch(self, cursor: Any, size: int) -> list[tuple[Any, ...]]:
        """Up to ``size`` rows; empty when the result is drained."""
        rows: list[tuple[Any, ...]] = cursor.fetchmany(size)
        return rows

    def end_read(self, conn: Any, cursor: Any) -> None:
        """Close the cursor and end the read transaction."""
        try:
            cursor.close()
        finally:
            conn.rollback()

    def check_statement(self, conn: Any, sql: str, params: Sequence[Any]) -> None:
        """Parse and plan ``sql`` without running it (``EXPLAIN``); raises the driver error."""
        cur = conn.cursor()
        try:
            cur.execute("EXPLAIN " + sql, list(params))
            cur.fetchall()
        finally:
            cur.close()
            conn.rollback()


_DIALECTS: dict[str, type[Dialect]] = {}
_lock = threading.Lock()


def register(cls: type[Dialect]) -> type[Dialect]:
    with _lock:
        _DIALECTS[cls.name] = cls
    return cls


def dialect_for(
    url: str, user: str | None, password: str | None, timezone: dt.tzinfo, forced: str = ""
) -> Dialect:
    """The dialect serving ``url`` (or the one named by ``dialect.name``)."""
    for module in ("pg", "sqlite"):  # importing registers the dialects
        importlib.import_module(f"kconnect.connectors.jdbc.{module}")

    if forced:
        return _DIALECTS[forced](url, user, password, timezone)
    lowered = url.lower()
    for prefix, name in (
        ("jdbc:postgresql:", "PostgreSqlDatabaseDialect"),
        ("postgresql:", "PostgreSqlDatabaseDialect"),
        ("postgres:", "PostgreSqlDatabaseDialect"),
        ("jdbc:sqlite:", "SqliteDatabaseDialect"),
        ("sqlite:", "SqliteDatabaseDialect"),
    ):
        if lowered.startswith(prefix):
            return _DIALECTS[name](url, user, password, timezone)
    raise ConfigError(
        f"Invalid value for configuration connection.url: no dialect for '{url.split('?', maxsplit=1)[0]}'; "
        "supported: jdbc:postgresql://host:port/db, postgresql://..., jdbc:sqlite:<path>"
    )


def iter_batches(dialect: Dialect, cursor: Any, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """All rows of ``cursor`` in batches of at most ``size``."""
    while rows := dialect.fetch(cursor, size):
        yield rows
