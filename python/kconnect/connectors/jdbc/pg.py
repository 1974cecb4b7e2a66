"""PostgreSQL through psycopg 3: server-side cursors, catalog queries, session time zone = ``db.timezone``.

Reads use a named (server-side) cursor inside a transaction, so a table of any
size streams in ``batch.max.rows`` chunks with bounded memory.  The session
``TimeZone`` is ``db.timezone``: PostgreSQL then reads ``timestamp without time
zone`` values and compares them with the aware bounds we bind in that zone,
exactly like the reference's calendar handling.  json/jsonb/uuid/interval/inet
values arrive as their text form (the reference maps them to strings).
"""

from __future__ import annotations

import datetime as dt
import itertools
import urllib.parse
from collections.abc import Sequence
from typing import Any

import psycopg
import psycopg.errors
from psycopg.types.string import TextLoader

from kconnect.connectors.jdbc.dialect import Column, Dialect, Kind, TableColumn, TableId, register
from kconnect.errors import ConfigError

# type OID -> kind (pg_type.h); everything else is UNKNOWN (text)
_OIDS: dict[int, Kind] = {
    16: Kind.BOOLEAN,
    21: Kind.INT16,
    23: Kind.INT32,
    20: Kind.INT64,
    26: Kind.INT64,  # oid
    700: Kind.FLOAT32,
    701: Kind.FLOAT64,
    1700: Kind.DECIMAL,
    25: Kind.STRING,
    1043: Kind.STRING,
    1042: Kind.STRING,
    19: Kind.STRING,  # name
    18: Kind.STRING,  # "char"
    114: Kind.STRING,  # json
    3802: Kind.STRING,  # jsonb
    2950: Kind.STRING,  # uuid
    142: Kind.STRING,  # xml
    17: Kind.BYTES,
    1082: Kind.DATE,
    1083: Kind.TIME,
    1266: Kind.TIME,  # timetz
    1114: Kind.TIMESTAMP,
    1184: Kind.TIMESTAMP,  # timestamptz
}
_TEXT_TYPES = ("json", "jsonb", "uuid", "interval", "inet", "cidr", "macaddr", "money", "xml")
_RELKINDS = {
    "TABLE": "r",
    "PARTITIONED TABLE": "p",
    "VIEW": "v",
    "MATERIALIZED VIEW": "m",
    "FOREIGN TABLE": "f",
}
_LIBPQ_PARAMS = {
    "user",
    "password",
    "sslmode",
    "connect_timeout",
    "application_name",
    "options",
    "sslrootcert",
}
_cursor_ids = itertools.count(1)


def _conninfo(url: str) -> dict[str, Any]:
    """libpq keyword arguments from a JDBC or native PostgreSQL URL."""
    raw = url[5:] if url.lower().startswith("jdbc:") else url
    parsed = urllib.parse.urlsplit(raw)
    if parsed.scheme.lower() not in ("postgresql", "postgres") or not parsed.hostname:
        raise ConfigError(
            f"Invalid value {url.split('?', maxsplit=1)[0]} for configuration connection.url: "
            "expected jdbc:postgresql://host[:port]/database"
        )
    kwargs: dict[str, Any] = {
        "host": parsed.hostname,
        "port": parsed.port or 5432,
        "dbname": urllib.parse.unquote(parsed.path.lstrip("/")) or "postgres",
        "connect_timeout": 10,
    }
    if parsed.username:
        kwargs["user"] = urllib.parse.unquote(parsed.username)
    if parsed.password:
        kwargs["password"] = urllib.parse.unquote(parsed.password)
    for key, value in urllib.parse.parse_qsl(parsed.query):
        if key in _LIBPQ_PARAMS:
            kwargs[key] = value
    return kwargs


@register
class PostgresDialect(Dialect):
    """PostgreSQL 10+."""

    name = "PostgreSqlDatabaseDialect"
    placeholder = "%s"
    exact_kinds = frozenset(
        {Kind.BOOLEAN, Kind.INT16, Kind.INT32, Kind.INT64, Kind.FLOAT32, Kind.FLOAT64,
         Kind.STRING, Kind.BYTES, Kind.DATE}
    )  # fmt: skip

    def connect(self) -> Any:
        kwargs = _conninfo(self.url)
        if self.user:
            kwargs["user"] = self.user
        if self.password:
            kwargs["password"] = self.password
        conn = psycopg.connect(**kwargs, autocommit=False)
        for name in _TEXT_TYPES:
            conn.adapters.register_loader(name, TextLoader)
        conn.execute("SELECT set_config('TimeZone', %s, false)", [str(self.timezone)])
        conn.commit()
        return conn

    def is_connection_error(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)

    def is_missing_table(self, exc: BaseException) -> bool:
        return isinstance(exc, psycopg.errors.UndefinedTable)

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        return (psycopg.Error,)

    def list_tables(
        self, conn: Any, types: Sequence[str], schema_pattern: str | None, catalog_pattern: str | None
    ) -> list[TableId]:
        kinds = [_RELKINDS[t] for t in types if t in _RELKINDS]
        sql = (
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = ANY(%s) AND n.nspname <> 'information_schema' "
            "AND n.nspname NOT LIKE 'pg\\_%%' AND (%s::text IS NULL OR n.nspname LIKE %s) "
            "AND (%s::text IS NULL OR current_database() LIKE %s) "
            "AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1, 2"
        )
        try:
            rows = conn.execute(
                sql, [kinds, schema_pattern, schema_pattern, catalog_pattern, catalog_pattern]
            )
            return [TableId(schema, name) for schema, name in rows.fetchall()]
        finally:
            conn.rollback()

    def table_columns(self, conn: Any, table: TableId) -> list[TableColumn]:
        sql = (
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%%' "
            "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d "
            "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
        )
        try:
            rows = conn.execute(sql, [self.table_sql(table)]).fetchall()
        finally:
            conn.rollback()
        return [
            TableColumn(name, type_name, not notnull, bool(auto)) for name, type_name, notnull, auto in rows
        ]

    def now(self, conn: Any) -> dt.datetime:
        try:
            row = conn.execute("SELECT CURRENT_TIMESTAMP").fetchone()
        finally:
            conn.rollback()
        value: dt.datetime = row[0]
        return value.astimezone(dt.UTC)

    def execute(self, conn: Any, sql: str, params: Sequence[Any], fetch_size: int) -> Any:
        cursor = conn.cursor(name=f"kconnect_{next(_cursor_ids)}")
        cursor.itersize = fetch_size
        try:
            cursor.execute(sql, list(params))
        except BaseException:
            cursor.close()
            conn.rollback()
            raise
        return cursor

    def describe(
        self, cursor: Any, table: Sequence[TableColumn] | None, sample: Sequence[tuple[Any, ...]]
    ) -> list[Column]:
        nullable = {c.name: c.nullable for c in table or ()}
        columns = []
        for col in cursor.description or ():
            kind = _OIDS.get(col.type_code, Kind.UNKNOWN)
            precision = col.precision or 0
            scale = col.scale
            if kind is Kind.DECIMAL and scale is None:
                kind = Kind.NUMBER
            columns.append(
                Column(
                    col.name,
                    kind,
                    str(col.type_display),
                    nullable.get(col.name, True),
                    precision,
                    scale or 0,
                    tz_aware=col.type_code in (1184, 1266),
                )
            )
        return columns
