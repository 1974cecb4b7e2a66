"""Dialect selection from URLs, PostgreSQL conninfo, SQLite paths and declared types, URL redaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kconnect.connectors.jdbc.dialect import Kind, TableId, dialect_for
from kconnect.connectors.jdbc.pg import _conninfo
from kconnect.connectors.jdbc.sqlite import declared_kind, sqlite_path
from kconnect.errors import ConfigError


def test_dialect_is_picked_from_the_url() -> None:
    assert dialect_for("jdbc:postgresql://h/db", None, None, dt.UTC).name == "PostgreSqlDatabaseDialect"
    assert dialect_for("postgresql://h/db", None, None, dt.UTC).name == "PostgreSqlDatabaseDialect"
    assert dialect_for("jdbc:sqlite:/tmp/x.db", None, None, dt.UTC).name == "SqliteDatabaseDialect"
    forced = dialect_for("jdbc:whatever", None, None, dt.UTC, "SqliteDatabaseDialect")
    assert forced.name == "SqliteDatabaseDialect"
    with pytest.raises(ConfigError, match=r"connection\.url: no dialect for 'jdbc:oracle:thin:@h:1521:x'"):
        dialect_for("jdbc:oracle:thin:@h:1521:x?password=p", None, None, dt.UTC)


def test_postgres_jdbc_url_becomes_libpq_arguments() -> None:
    url = "jdbc:postgresql://db.example:6543/sales?user=u&password=p&ssl=true&sslmode=require"
    assert _conninfo(url) == {
        "host": "db.example", "port": 6543, "dbname": "sales", "connect_timeout": 10,
        "user": "u", "password": "p", "sslmode": "require",
    }  # fmt: skip
    assert _conninfo("postgresql://u:p%40ss@h/d")["password"] == "p@ss"
    assert _conninfo("jdbc:postgresql://h")["port"] == 5432
    with pytest.raises(ConfigError, match="expected jdbc:postgresql://host"):
        _conninfo("jdbc:postgresql:db")


def test_redacted_url_hides_passwords() -> None:
    d = dialect_for("postgresql://user:secret@h/db?password=other", None, None, dt.UTC)
    assert "secret" not in d.redacted_url() and "other" not in d.redacted_url()


def test_sqlite_paths_and_missing_files(tmp_path: Path) -> None:
    assert sqlite_path("jdbc:sqlite:/data/x.db") == "/data/x.db"
    assert sqlite_path("jdbc:sqlite:rel.db") == "rel.db"
    assert sqlite_path("sqlite:///abs/x.db") == "/abs/x.db"
    with pytest.raises(ConfigError):
        sqlite_path("jdbc:sqlite:")
    d = dialect_for(f"jdbc:sqlite:{tmp_path / 'missing.db'}", None, None, dt.UTC)
    with pytest.raises(Exception, match="unable to open"):
        d.connect()
    assert not (tmp_path / "missing.db").exists()  # never created by the connector


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("INTEGER", (Kind.INT64, 0, 0)),
        ("bigint", (Kind.INT64, 0, 0)),
        ("SMALLINT", (Kind.INT16, 0, 0)),
        ("TINYINT", (Kind.INT8, 0, 0)),
        ("BOOLEAN", (Kind.BOOLEAN, 0, 0)),
        ("DECIMAL(10, 2)", (Kind.DECIMAL, 10, 2)),
        ("NUMERIC", (Kind.NUMBER, 0, 0)),
        ("VARCHAR(255)", (Kind.STRING, 0, 0)),
        ("TEXT", (Kind.STRING, 0, 0)),
        ("BLOB", (Kind.BYTES, 0, 0)),
        ("REAL", (Kind.FLOAT64, 0, 0)),
        ("DOUBLE PRECISION", (Kind.FLOAT64, 0, 0)),
        ("DATE", (Kind.DATE, 0, 0)),
        ("DATETIME", (Kind.TIMESTAMP, 0, 0)),
        ("TIME", (Kind.TIME, 0, 0)),
        ("", (Kind.UNKNOWN, 0, 0)),
    ],
)
def test_sqlite_declared_types(declared: str, expected: tuple[Kind, int, int]) -> None:
    assert declared_kind(declared) == expected


def test_table_ids_round_trip_through_their_qualified_name() -> None:
    assert TableId.parse("public.users") == TableId("public", "users")
    assert TableId.parse("users") == TableId(None, "users")
    assert TableId("s", "t").fqn == "s.t"
