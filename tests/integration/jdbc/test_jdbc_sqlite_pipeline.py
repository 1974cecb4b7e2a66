"""SQLite -> Kafka through a real standalone worker: modes, restart, ties, query mode and types."""

from __future__ import annotations

import base64
import sqlite3
import uuid
from pathlib import Path

from tests.integration.jdbc.jdbc_harness import JsonTopic, worker, write_connector

from kconnect.connectors.jdbc.demo import add_orders, connector_config, create_demo_database


def _config(db: Path, **extra: str) -> dict[str, str]:
    return {
        "connector.class": "JdbcSourceConnector",
        "connection.url": f"jdbc:sqlite:{db}",
        "poll.interval.ms": "200",
        "table.poll.interval.ms": "1000",
        **extra,
    }


def _sql(db: Path, *statements: str) -> None:
    with sqlite3.connect(db) as conn:
        for statement in statements:
            conn.execute(statement)


def test_sqlite_timestamp_incrementing_with_ties_updates_and_restart(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    db, prefix = tmp_path / "shop.db", f"lite-{uuid.uuid4().hex[:8]}-"
    _sql(
        db,
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, "
        "modified TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))",
        "INSERT INTO orders (item, modified) VALUES ('a', '2024-01-01 00:00:00'), "
        "('b', '2024-01-01 00:00:00'), ('c', '2024-01-01 00:00:00.000'), ('d', '2024-01-01 00:00:01')",
    )
    config = _config(
        db, mode="timestamp+incrementing",
        **{"topic.prefix": prefix, "timestamp.column.name": "modified", "batch.max.rows": "1"},
    )  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "shop", config)
    with JsonTopic(bootstrap_servers, prefix + "orders") as topic:
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("shop")
            assert [p["item"] for p in topic.wait_count(4)] == ["a", "b", "c", "d"]
            _sql(
                db,
                "UPDATE orders SET item = 'b2', modified = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 2",
            )
            topic.wait(lambda p: any(r["item"] == "b2" for r in p), "the updated row")
        _sql(db, "INSERT INTO orders (item) VALUES ('offline')")
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("shop")
            _sql(db, "INSERT INTO orders (item) VALUES ('sentinel')")
            payloads = topic.wait(lambda p: any(r["item"] == "sentinel" for r in p), "the sentinel row")
    assert [p["item"] for p in payloads] == ["a", "b", "c", "d", "b2", "offline", "sentinel"]
    assert payloads[0]["modified"] == 1704067200000


def test_sqlite_incrementing_query_mode(tmp_path: Path, bootstrap_servers: str) -> None:
    db, topic_name = tmp_path / "q.db", f"liteq-{uuid.uuid4().hex[:8]}"
    _sql(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
         *(f"INSERT INTO t (v) VALUES ('v{i}')" for i in range(1, 6)))  # fmt: skip
    query = "SELECT id, upper(v) AS big, length(v) * 1.5 AS score FROM t"
    config = _config(db, mode="incrementing", query=query,
                     **{"incrementing.column.name": "id", "topic.prefix": topic_name})  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "q", config)
    with JsonTopic(bootstrap_servers, topic_name) as topic, worker(tmp_path, bootstrap_servers, [conf]) as w:
        w.wait_running("q")
        payloads = topic.wait_count(5)
    assert payloads == [{"id": i, "big": f"V{i}", "score": 3.0} for i in range(1, 6)]
    fields = {f["field"]: f["type"] for f in topic.records[0]["schema"]["fields"]}
    assert fields == {"id": "int64", "big": "string", "score": "double"}


def test_sqlite_types_value_by_value(tmp_path: Path, bootstrap_servers: str) -> None:
    db, prefix = tmp_path / "types.db", f"litety-{uuid.uuid4().hex[:8]}-"
    _sql(
        db,
        "CREATE TABLE ty (id INTEGER PRIMARY KEY, flag BOOLEAN, small SMALLINT, big BIGINT NOT NULL, r REAL, "
        "price DECIMAL(8,2), name VARCHAR(20), doc JSON, raw BLOB, day DATE, at TIME, ts DATETIME)",
        "INSERT INTO ty VALUES (1, 1, -5, 9007199254740993, 0.5, 12.5, 'ünï', '{\"a\":1}', x'deadbeef', "
        "'2024-02-29', '23:59:58.5', '2024-02-29 23:59:58.250')",
        "INSERT INTO ty (id, big) VALUES (2, 0)",
    )
    conf = write_connector(
        tmp_path / "c.json", "ty", _config(db, mode="incrementing", **{"topic.prefix": prefix})
    )
    with (
        JsonTopic(bootstrap_servers, prefix + "ty") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("ty")
        full, empty = topic.wait_count(2)
    fields = {
        f["field"]: (f["type"], f["optional"], f.get("name")) for f in topic.records[0]["schema"]["fields"]
    }
    assert fields == {
        "id": ("int64", False, None),
        "flag": ("boolean", True, None),
        "small": ("int16", True, None),
        "big": ("int64", False, None),
        "r": ("double", True, None),
        "price": ("bytes", True, "org.apache.kafka.connect.data.Decimal"),
        "name": ("string", True, None),
        "doc": ("string", True, None),
        "raw": ("bytes", True, None),
        "day": ("int32", True, "org.apache.kafka.connect.data.Date"),
        "at": ("int32", True, "org.apache.kafka.connect.data.Time"),
        "ts": ("int64", True, "org.apache.kafka.connect.data.Timestamp"),
    }
    assert (
        full["flag"] is True and full["small"] == -5 and full["big"] == 9007199254740993 and full["r"] == 0.5
    )
    assert int.from_bytes(base64.b64decode(full["price"]), "big", signed=True) == 1250
    assert (full["name"], full["doc"]) == ("ünï", '{"a":1}')
    assert base64.b64decode(full["raw"]) == b"\xde\xad\xbe\xef"
    assert full["day"] == 19782 and full["at"] == 86398500 and full["ts"] == 1709251198250
    assert all(empty[k] is None for k in empty if k not in ("id", "big"))


def test_generated_demo_database_streams_and_new_orders_follow(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    db, prefix = create_demo_database(tmp_path / "shop.db", orders=50), f"demo-{uuid.uuid4().hex[:8]}-"
    config = {**connector_config(db, prefix), "poll.interval.ms": "200"}
    conf = write_connector(tmp_path / "c.json", "shop-orders", config)
    with (
        JsonTopic(bootstrap_servers, prefix + "orders") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("shop-orders")
        assert [p["id"] for p in topic.wait_count(50)] == list(range(1, 51))
        add_orders(db, 3, seed=1)
        payloads = topic.wait_for_id(53)
    assert len(payloads) == 53 and payloads[52]["status"] == "new"
    assert int.from_bytes(base64.b64decode(payloads[52]["price"]), "big", signed=True) == 1999
