"""PostgreSQL -> Kafka through a real standalone worker: each mode, updates, ties, late rows, restarts."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
from tests.integration.jdbc.jdbc_harness import JsonTopic, pg_config, worker, write_connector

from kconnect.dev.postgres import PostgresServer


def _prefix() -> str:
    return f"pg-{uuid.uuid4().hex[:8]}-"


def _sql(server: PostgresServer, db: str, *statements: str) -> None:
    with psycopg.connect(server.url(db), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def test_incrementing_streams_new_rows_and_resumes_after_restart_without_loss_or_duplicates(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, _prefix()
    _sql(postgres, db, "CREATE TABLE orders (id SERIAL PRIMARY KEY, item TEXT NOT NULL)",
         "INSERT INTO orders (item) SELECT 'item-' || g FROM generate_series(1, 2500) g")  # fmt: skip
    conf = write_connector(
        tmp_path / "c.json", "orders-src",
        pg_config(postgres, db, mode="incrementing", **{"topic.prefix": prefix, "batch.max.rows": "300"}),
    )  # fmt: skip
    with JsonTopic(bootstrap_servers, prefix + "orders") as topic:
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("orders-src")
            topic.wait_count(2500)
            _sql(postgres, db, "INSERT INTO orders (item) VALUES ('late-1'), ('late-2')")
            topic.wait_for_id(2502)
        # worker stopped: rows written meanwhile must arrive exactly once after the restart
        _sql(postgres, db, "INSERT INTO orders (item) SELECT 'down-' || g FROM generate_series(1, 100) g")
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("orders-src")
            _sql(postgres, db, "INSERT INTO orders (item) VALUES ('sentinel')")
            payloads = topic.wait_for_id(2603)
    assert [p["id"] for p in payloads] == list(range(1, 2604))
    assert payloads[0] == {"id": 1, "item": "item-1"}
    assert payloads[2501]["item"] == "late-2" and payloads[2502]["item"] == "down-1"
    schema = topic.records[0]["schema"]
    assert schema["name"] == "orders"
    assert [(f["field"], f["type"], f["optional"]) for f in schema["fields"]] == [
        ("id", "int32", False),
        ("item", "string", False),
    ]


def test_timestamp_incrementing_captures_updates_ties_and_late_rows_within_the_delay(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, _prefix()
    _sql(
        postgres, db,
        "CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT, "
        "updated TIMESTAMP NOT NULL DEFAULT clock_timestamp())",
        # three rows sharing one timestamp, then a later one
        "INSERT INTO items (name, updated) VALUES ('a', '2024-01-01 10:00:00'), "
        "('b', '2024-01-01 10:00:00'), ('c', '2024-01-01 10:00:00'), ('d', '2024-01-01 10:00:01')",
    )  # fmt: skip
    config = pg_config(
        postgres, db,
        mode="timestamp+incrementing",
        **{"topic.prefix": prefix, "timestamp.column.name": "updated", "incrementing.column.name": "id",
           "timestamp.delay.interval.ms": "4000", "batch.max.rows": "2"},
    )  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "items-src", config)
    with (
        JsonTopic(bootstrap_servers, prefix + "items") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("items-src")
        first = topic.wait_count(4)
        assert [p["name"] for p in first] == ["a", "b", "c", "d"]
        # an update moves the row's timestamp forward: it is captured again
        _sql(postgres, db, "UPDATE items SET name = 'b2', updated = clock_timestamp() WHERE id = 2")
        topic.wait(lambda p: any(r["name"] == "b2" for r in p), "the updated row")
        # 'newer' is inside the delay window; 'probe' (older, after everything read so far) is not
        _sql(
            postgres, db,
            "INSERT INTO items (name, updated) SELECT 'probe', GREATEST(clock_timestamp() - "
            "interval '4200 ms', (SELECT max(updated) FROM items) + interval '1 ms')",
            "INSERT INTO items (name) VALUES ('newer')",
        )  # fmt: skip
        seen = topic.wait(lambda p: any(r["name"] == "probe" for r in p), "the probe row")
        assert "newer" not in [r["name"] for r in seen]  # held back by timestamp.delay.interval.ms
        # a late row: committed after 'newer' with an older timestamp, still inside the delay
        _sql(
            postgres, db,
            "INSERT INTO items (name, updated) "
            "SELECT 'late', updated - interval '500 ms' FROM items WHERE name = 'newer'",
        )  # fmt: skip
        payloads = topic.wait(lambda p: {"newer", "late"} <= {r["name"] for r in p}, "late and newer rows")
    names = [p["name"] for p in payloads]
    assert names[:5] == ["a", "b", "c", "d", "b2"]
    assert names[5:] == ["probe", "late", "newer"]  # ordered by timestamp, nothing lost or repeated
    assert payloads[0]["updated"] == 1704103200000  # TIMESTAMP read as UTC (db.timezone)


def test_timestamp_mode_restart_resumes_after_the_last_committed_timestamp(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, _prefix()
    _sql(postgres, db, "CREATE TABLE events (id INT NOT NULL, at TIMESTAMPTZ NOT NULL)",
         "INSERT INTO events SELECT g, timestamptz '2024-01-01 00:00:00+00' + (g / 3) * interval '1 second' "
         "FROM generate_series(1, 30) g")  # fmt: skip
    conf = write_connector(
        tmp_path / "c.json", "ev-src",
        pg_config(postgres, db, mode="timestamp", **{"topic.prefix": prefix, "timestamp.column.name": "at"}),
    )  # fmt: skip
    with JsonTopic(bootstrap_servers, prefix + "events") as topic:
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("ev-src")
            topic.wait_count(30)
        _sql(postgres, db, "INSERT INTO events VALUES (31, timestamptz '2024-01-02 00:00:00+00')")
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("ev-src")
            _sql(postgres, db, "INSERT INTO events VALUES (32, timestamptz '2024-01-03 00:00:00+00')")
            payloads = topic.wait_for_id(32)
    assert sorted(p["id"] for p in payloads) == list(range(1, 33))
    assert len(payloads) == 32


def test_bulk_rereads_the_whole_table_every_poll(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, _prefix()
    _sql(
        postgres,
        db,
        "CREATE TABLE dims (k TEXT PRIMARY KEY, v INT)",
        "INSERT INTO dims VALUES ('x', 1), ('y', 2)",
    )
    conf = write_connector(
        tmp_path / "c.json", "dims-src", pg_config(postgres, db, mode="bulk", **{"topic.prefix": prefix})
    )
    with (
        JsonTopic(bootstrap_servers, prefix + "dims") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("dims-src")
        topic.wait_count(4)  # at least two full passes
        _sql(postgres, db, "UPDATE dims SET v = 20 WHERE k = 'y'")
        payloads = topic.wait(lambda p: {"k": "y", "v": 20} in p, "the updated row")
    assert payloads[:4] == [{"k": "x", "v": 1}, {"k": "y", "v": 2}] * 2


def test_query_mode_with_suffix_writes_to_the_prefix_topic(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, topic_name = pg_database, _prefix() + "joined"
    _sql(postgres, db,
         "CREATE TABLE a (id INT PRIMARY KEY, name TEXT NOT NULL)",
         "CREATE TABLE b (a_id INT NOT NULL, qty INT NOT NULL)",
         "INSERT INTO a SELECT g, 'n' || g FROM generate_series(1, 10) g",
         "INSERT INTO b SELECT g, g * 10 FROM generate_series(1, 10) g")  # fmt: skip
    config = pg_config(
        postgres, db, mode="incrementing",
        **{"query": "SELECT * FROM (SELECT a.id, a.name, b.qty FROM a JOIN b ON b.a_id = a.id) j",
           "incrementing.column.name": "id", "query.suffix": "LIMIT 4", "topic.prefix": topic_name},
    )  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "q-src", config)
    with JsonTopic(bootstrap_servers, topic_name) as topic, worker(tmp_path, bootstrap_servers, [conf]) as w:
        w.wait_running("q-src")
        payloads = topic.wait_for_id(10)
        offsets = w.get("/connectors/q-src/offsets").json()
    assert payloads == [{"id": i, "name": f"n{i}", "qty": i * 10} for i in range(1, 11)]
    assert {"partition": {"query": "query"}, "offset": {"incrementing": 10}} in offsets["offsets"]


def _count_on(bootstrap: str, topic: str) -> int:
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"count-{topic}"})
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1])
    finally:
        consumer.close()


def test_stop_mid_table_resumes_exactly_and_a_crash_loses_nothing(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    # large enough that the graceful stop after 3,000 records lands mid-table even at full speed
    db, prefix, rows = pg_database, _prefix(), 200_000
    _sql(postgres, db, "CREATE TABLE big (id BIGINT PRIMARY KEY, pad TEXT NOT NULL)",
         f"INSERT INTO big SELECT g, repeat('x', 10) FROM generate_series(1, {rows}) g")  # fmt: skip
    conf = write_connector(
        tmp_path / "c.json", "big-src",
        pg_config(postgres, db, mode="incrementing",
                  **{"topic.prefix": prefix, "incrementing.column.name": "id", "batch.max.rows": "500"}),
    )  # fmt: skip
    topic_name = prefix + "big"
    with JsonTopic(bootstrap_servers, topic_name) as topic:
        # graceful stop in the middle of the table: acknowledged rows' offsets are committed
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("big-src")
            topic.wait_count(3000)
        stopped_at = _count_on(bootstrap_servers, topic_name)
        assert stopped_at < rows, "the worker finished the table before it was stopped"
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("big-src")
            payloads = topic.wait(lambda p: len(p) >= rows, f"{rows} records", timeout_s=180)
            ids = [p["id"] for p in payloads]
            assert ids == list(range(1, rows + 1))  # nothing lost, nothing repeated, in order
            # a crash (SIGKILL) mid-way through newly added rows loses nothing (duplicates allowed)
            _sql(
                postgres, db, f"INSERT INTO big SELECT g, 'y' FROM generate_series({rows + 1}, {2 * rows}) g"
            )
            topic.wait(lambda p: len(p) >= rows + 3000, "some of the new rows")
            w.kill()
        with worker(tmp_path, bootstrap_servers, [conf]) as w:
            w.wait_running("big-src")
            payloads = topic.wait_for_id(2 * rows, timeout_s=180)
    assert set(p["id"] for p in payloads) == set(range(1, 2 * rows + 1))


def test_offsets_in_the_reference_format_set_over_rest_are_resumed_from(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, _prefix()
    _sql(postgres, db,
         "CREATE TABLE acts (id SERIAL PRIMARY KEY, at TIMESTAMP NOT NULL)",
         "INSERT INTO acts (at) SELECT timestamp '2024-01-01' + g * interval '1 minute' "
         "FROM generate_series(1, 10) g")  # fmt: skip
    config = pg_config(
        postgres, db, mode="timestamp+incrementing",
        **{"topic.prefix": prefix, "timestamp.column.name": "at", "incrementing.column.name": "id"},
    )  # fmt: skip
    # what the reference connector stores after reading row 6 (2024-01-01 00:06:00 UTC)
    partition = {"protocol": "1", "table": "public.acts"}
    offset = {"incrementing": 6, "timestamp": 1704067560000, "timestamp_nanos": 0}
    with JsonTopic(bootstrap_servers, prefix + "acts") as topic, worker(tmp_path, bootstrap_servers) as w:
        created = w.request(
            "POST", "/connectors", json={"name": "acts", "config": config, "initial_state": "STOPPED"}
        )
        assert created.status_code == 201, created.text
        patched = w.request("PATCH", "/connectors/acts/offsets",
                            json={"offsets": [{"partition": partition, "offset": offset}]})  # fmt: skip
        assert patched.status_code == 200, patched.text
        assert w.request("PUT", "/connectors/acts/resume").status_code == 202
        w.wait_running("acts")
        payloads = topic.wait_for_id(10)
    assert [p["id"] for p in payloads] == [7, 8, 9, 10]
