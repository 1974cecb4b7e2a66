"""Every supported PostgreSQL type, value by value after JsonConverter on Kafka; bad input over REST."""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path
from typing import Any

import psycopg
from tests.integration.jdbc.jdbc_harness import JsonTopic, pg_config, worker, write_connector

from kconnect.dev.postgres import PostgresServer

COLUMNS = """
    id SERIAL PRIMARY KEY,
    b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT NOT NULL, f4 REAL, f8 DOUBLE PRECISION,
    n NUMERIC(12, 3), n_int NUMERIC(9, 0), n_free NUMERIC,
    t TEXT, vc VARCHAR(8), ch CHAR(4), j JSON, jb JSONB, u UUID, x XML, by BYTEA,
    d DATE, tm TIME, ttz TIMETZ, ts TIMESTAMP, tstz TIMESTAMPTZ, iv INTERVAL, arr INTEGER[]
"""
ROW = (
    "true, -32768, 2147483647, -9223372036854775808, 1.5, 2.25, "
    "-12345.678, 123456789, 3.14159265358979, "
    "'héllo 数据', 'abc', 'ab', '{\"a\": [1, 2]}', '{\"k\": true}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
    "'<a>1</a>', '\\x00ff10', "
    "'2024-02-29', '13:14:15.678', '10:00:00+02', '2024-03-01 12:34:56.789', '2024-03-01 12:34:56.789+02', "
    "'1 day 2 hours', '{1,2,3}'"
)


def _unscaled(payload: str) -> int:
    return int.from_bytes(base64.b64decode(payload), "big", signed=True)


def _fields(schema: dict[str, Any]) -> dict[str, tuple[str, bool, str | None, dict[str, str] | None]]:
    return {
        f["field"]: (f["type"], f["optional"], f.get("name"), f.get("parameters")) for f in schema["fields"]
    }


def test_every_supported_type_maps_to_connect_and_survives_the_json_converter(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, f"pgty-{uuid.uuid4().hex[:8]}-"
    with psycopg.connect(postgres.url(db), autocommit=True) as conn:
        conn.execute(f"CREATE TABLE alltypes ({COLUMNS})")
        conn.execute(f"INSERT INTO alltypes ({_names()}) VALUES ({ROW})")
        conn.execute("INSERT INTO alltypes (i8) VALUES (0)")  # everything else NULL
    conf = write_connector(
        tmp_path / "c.json", "types",
        pg_config(postgres, db, mode="incrementing",
                  **{"topic.prefix": prefix, "db.timezone": "Europe/Berlin"}),
    )  # fmt: skip
    with (
        JsonTopic(bootstrap_servers, prefix + "alltypes") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("types")
        topic.wait_count(2)
    schema = topic.records[0]["schema"]
    full, empty = topic.payloads
    decimal = "org.apache.kafka.connect.data.Decimal"
    assert schema["name"] == "alltypes"
    assert _fields(schema) == {
        "id": ("int32", False, None, None),
        "b": ("boolean", True, None, None),
        "i2": ("int16", True, None, None),
        "i4": ("int32", True, None, None),
        "i8": ("int64", False, None, None),
        "f4": ("float", True, None, None),
        "f8": ("double", True, None, None),
        "n": ("bytes", True, decimal, {"scale": "3", "connect.decimal.precision": "12"}),
        "n_int": ("bytes", True, decimal, {"scale": "0", "connect.decimal.precision": "9"}),
        "n_free": ("string", True, None, None),
        "t": ("string", True, None, None),
        "vc": ("string", True, None, None),
        "ch": ("string", True, None, None),
        "j": ("string", True, None, None),
        "jb": ("string", True, None, None),
        "u": ("string", True, None, None),
        "x": ("string", True, None, None),
        "by": ("bytes", True, None, None),
        "d": ("int32", True, "org.apache.kafka.connect.data.Date", None),
        "tm": ("int32", True, "org.apache.kafka.connect.data.Time", None),
        "ttz": ("int32", True, "org.apache.kafka.connect.data.Time", None),
        "ts": ("int64", True, "org.apache.kafka.connect.data.Timestamp", None),
        "tstz": ("int64", True, "org.apache.kafka.connect.data.Timestamp", None),
        "iv": ("string", True, None, None),
        "arr": ("string", True, None, None),
    }
    assert full["b"] is True and full["i2"] == -32768 and full["i4"] == 2147483647
    assert full["i8"] == -9223372036854775808 and full["f4"] == 1.5 and full["f8"] == 2.25
    assert _unscaled(full["n"]) == -12345678 and _unscaled(full["n_int"]) == 123456789
    assert full["n_free"] == "3.14159265358979"
    assert (full["t"], full["vc"], full["ch"]) == ("héllo 数据", "abc", "ab  ")
    assert full["j"] == '{"a": [1, 2]}' and full["jb"] == '{"k": true}'
    assert full["u"] == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" and full["x"] == "<a>1</a>"
    assert base64.b64decode(full["by"]) == b"\x00\xff\x10"
    assert full["d"] == 19782  # days since 1970-01-01
    assert full["tm"] == (13 * 3600 + 14 * 60 + 15) * 1000 + 678
    assert full["ttz"] == 8 * 3600 * 1000  # 10:00+02 in UTC
    # TIMESTAMP without zone is read in db.timezone (Berlin, UTC+1 in March); TIMESTAMPTZ is absolute
    assert full["ts"] == 1709292896789 and full["tstz"] == 1709289296789
    assert full["iv"] == "1 day 02:00:00"
    assert empty["i8"] == 0 and all(empty[k] is None for k in empty if k not in ("id", "i8"))


def _names() -> str:
    """The column names after ``id``: the first word of each definition (commas in NUMERIC(p, s) skipped)."""
    names = re.findall(r"(?:^|,)\s*([a-z0-9_]+)\s+[A-Z]", COLUMNS)
    return ", ".join(names[1:])


def _validate(w: Any, config: dict[str, str]) -> dict[str, list[str]]:
    response = w.request(
        "PUT", "/connector-plugins/JdbcSourceConnector/config/validate", json={**config, "name": "v"}
    )
    assert response.status_code == 200, response.text
    return {
        c["value"]["name"]: c["value"]["errors"] for c in response.json()["configs"] if c["value"]["errors"]
    }


def test_bad_input_is_reported_on_the_key_with_the_reason(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db = pg_database
    with psycopg.connect(postgres.url(db), autocommit=True) as conn:
        conn.execute("CREATE TABLE users (id INT NOT NULL, name TEXT, seen TIMESTAMP)")
    base = pg_config(postgres, db, mode="incrementing", **{"topic.prefix": "bad-"})
    with worker(tmp_path, bootstrap_servers) as w:
        assert _validate(w, {**base, "incrementing.column.name": "id"}) == {}
        errors = _validate(
            w, {**base, "connection.password": "wrong-Pw-77", "incrementing.column.name": "id"}
        )
        assert list(errors) == ["connection.url"]
        assert 'password authentication failed for user "postgres"' in errors["connection.url"][0]
        errors = _validate(w, {**base, "connection.url": "jdbc:oracle:thin:@host:1521:db"})
        assert "no dialect for 'jdbc:oracle:thin:@host:1521:db'" in errors["connection.url"][0]
        errors = _validate(w, {**base, "incrementing.column.name": "nope"})
        assert (
            "incrementing column nope on public.users because this column does not exist"
            in (errors["incrementing.column.name"][0])
        )
        errors = _validate(w, base)  # no auto-increment column to detect
        assert "public.users has no auto-incrementing column" in errors["incrementing.column.name"][0]
        errors = _validate(w, {**base, "mode": "timestamp", "timestamp.column.name": "seen"})
        assert (
            "timestamp columns seen on public.users because all of these columns are nullable"
            in (errors["timestamp.column.name"][0])
        )
        ok = {**base, "mode": "timestamp", "timestamp.column.name": "seen", "validate.non.null": "false"}
        assert _validate(w, ok) == {}
        errors = _validate(
            w, {**base, "query": "SELECT id, nam FROM users", "incrementing.column.name": "id"}
        )
        assert 'the query cannot run: column "nam" does not exist' in errors["query"][0]
        errors = _validate(w, {**base, "mode": "sometimes"})
        assert "mode" in errors
        response = w.request(
            "PUT", "/connector-plugins/JdbcSourceConnector/config/validate", json={**base, "name": "v"}
        )
        password = next(c for c in response.json()["configs"] if c["value"]["name"] == "connection.password")
        assert password["value"]["value"] == "[hidden]"
        # creating a connector with a bad config is refused with the same reason
        response = w.request(
            "POST",
            "/connectors",
            json={"name": "bad", "config": {**base, "incrementing.column.name": "nope"}},
        )
        assert response.status_code == 400
        assert "because this column does not exist" in response.json()["message"]
        assert "wrong-Pw-77" not in w.log_path.read_text()
