"""PostgreSQL table discovery, task spreading and database outages through a real standalone worker."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import psycopg
from tests.integration.jdbc.jdbc_harness import JsonTopic, pg_config, worker, write_connector
from tests.integration.standalone_process import wait_for

from kconnect.dev.postgres import PostgresServer


def _sql(server: PostgresServer, db: str, *statements: str) -> None:
    with psycopg.connect(server.url(db), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _task_tables(w: object, name: str) -> list[list[str]]:
    response = w.get(f"/connectors/{name}/tasks")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.text
    return [json.loads(task["config"]["tables"]) for task in response.json()]


def test_tables_spread_over_tasks_new_tables_appear_and_dropped_ones_disappear(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, f"pgt-{uuid.uuid4().hex[:8]}-"
    _sql(postgres, db, *(f"CREATE TABLE t{i} (id SERIAL PRIMARY KEY, v TEXT)" for i in (1, 2, 3)),
         *(f"INSERT INTO t{i} (v) VALUES ('t{i}-a')" for i in (1, 2, 3)),
         "CREATE TABLE other (id SERIAL PRIMARY KEY)")  # fmt: skip
    config = pg_config(
        postgres, db, mode="incrementing",
        **{"topic.prefix": prefix, "tasks.max": "2", "table.include.list": r"public\.t\d+"},
    )  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "multi", config)
    with worker(tmp_path, bootstrap_servers, [conf]) as w:
        w.wait_running("multi", tasks=2)
        assert _task_tables(w, "multi") == [["public.t1", "public.t2"], ["public.t3"]]
        for i in (1, 2, 3):
            with JsonTopic(bootstrap_servers, f"{prefix}t{i}") as topic:
                assert topic.wait_count(1) == [{"id": 1, "v": f"t{i}-a"}]
        # a new matching table becomes a new topic within table.poll.interval.ms
        _sql(
            postgres,
            db,
            "CREATE TABLE t4 (id SERIAL PRIMARY KEY, v TEXT)",
            "INSERT INTO t4 (v) VALUES ('new')",
        )
        with JsonTopic(bootstrap_servers, f"{prefix}t4") as topic:
            assert topic.wait_count(1, timeout_s=60) == [{"id": 1, "v": "new"}]
        wait_for(lambda: _task_tables(w, "multi") == [["public.t1", "public.t2"], ["public.t3", "public.t4"]],
                 30, "t4 assigned")  # fmt: skip
        # a dropped table stops being polled; the others keep flowing
        _sql(postgres, db, "DROP TABLE t1")
        wait_for(
            lambda: _task_tables(w, "multi") == [["public.t2", "public.t3"], ["public.t4"]], 30, "t1 gone"
        )
        w.wait_running("multi", tasks=2)
        _sql(postgres, db, "INSERT INTO t2 (v) VALUES ('t2-b')")
        with JsonTopic(bootstrap_servers, f"{prefix}t2") as topic:
            assert topic.wait_count(2) == [{"id": 1, "v": "t2-a"}, {"id": 2, "v": "t2-b"}]


def test_database_down_retries_then_fails_clearly_and_recovers_on_restart(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    prefix = f"pgdown-{uuid.uuid4().hex[:8]}-"
    with PostgresServer(password="Pw-9f3e1c") as server:  # its own server: this test stops it
        _sql(server, "postgres", "CREATE TABLE jobs (id SERIAL PRIMARY KEY, n INT NOT NULL)",
             "INSERT INTO jobs (n) SELECT g FROM generate_series(1, 50) g")  # fmt: skip
        config = pg_config(
            server, "postgres", mode="incrementing",
            **{"topic.prefix": prefix, "connection.attempts": "3", "connection.backoff.ms": "200"},
        )  # fmt: skip
        conf = write_connector(tmp_path / "c.json", "jobs", config)
        with (
            JsonTopic(bootstrap_servers, prefix + "jobs") as topic,
            worker(tmp_path, bootstrap_servers, [conf]) as w,
        ):
            w.wait_running("jobs")
            topic.wait_count(50)
            server.stop()

            def failed() -> str | None:
                body = w.get("/connectors/jobs/status").json()
                task = body["tasks"][0]
                return task.get("trace") if task["state"] == "FAILED" else None

            trace = wait_for(failed, 60, "the task to fail")
            assert "Could not connect to jdbc:postgresql://127.0.0.1" in trace
            assert "after 3 attempt(s)" in trace
            assert server.password not in trace
            server.start()
            _sql(server, "postgres", "INSERT INTO jobs (n) SELECT g FROM generate_series(51, 60) g")
            assert w.request("POST", "/connectors/jobs/tasks/0/restart").status_code in (200, 202, 204)
            w.wait_running("jobs")
            payloads = topic.wait_for_id(60)
    assert [p["id"] for p in payloads] == list(range(1, 61))


def test_running_task_fails_with_a_clear_message_when_its_column_disappears(
    tmp_path: Path, bootstrap_servers: str, postgres: PostgresServer, pg_database: str
) -> None:
    db, prefix = pg_database, f"pgcol-{uuid.uuid4().hex[:8]}-"
    _sql(
        postgres, db, "CREATE TABLE logs (seq BIGINT NOT NULL, msg TEXT)", "INSERT INTO logs VALUES (1, 'a')"
    )
    config = pg_config(postgres, db, mode="incrementing",
                       **{"topic.prefix": prefix, "incrementing.column.name": "seq"})  # fmt: skip
    conf = write_connector(tmp_path / "c.json", "logs", config)
    with (
        JsonTopic(bootstrap_servers, prefix + "logs") as topic,
        worker(tmp_path, bootstrap_servers, [conf]) as w,
    ):
        w.wait_running("logs")
        topic.wait_count(1)
        _sql(postgres, db, "ALTER TABLE logs RENAME COLUMN seq TO id")

        def trace() -> str | None:
            task = w.get("/connectors/logs/status").json()["tasks"][0]
            return task.get("trace") if task["state"] == "FAILED" else None

        message = wait_for(trace, 60, "the task to fail")
        offsets = w.get("/connectors/logs/offsets").json()["offsets"]
    assert "Failed to query public.logs" in message and 'column "seq" does not exist' in message
    assert offsets == [
        {"partition": {"protocol": "1", "table": "public.logs"}, "offset": {"incrementing": 1}}
    ]


def test_a_short_outage_is_ridden_out_by_the_connection_retries(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    prefix = f"pgblip-{uuid.uuid4().hex[:8]}-"
    with PostgresServer() as server:
        _sql(
            server,
            "postgres",
            "CREATE TABLE ticks (id SERIAL PRIMARY KEY)",
            "INSERT INTO ticks DEFAULT VALUES",
        )
        config = pg_config(
            server, "postgres", mode="incrementing",
            **{"topic.prefix": prefix, "connection.attempts": "100", "connection.backoff.ms": "200"},
        )  # fmt: skip
        conf = write_connector(tmp_path / "c.json", "ticks", config)
        with (
            JsonTopic(bootstrap_servers, prefix + "ticks") as topic,
            worker(tmp_path, bootstrap_servers, [conf]) as w,
        ):
            w.wait_running("ticks")
            topic.wait_count(1)
            server.stop()
            wait_for(
                lambda: "Connection attempt" in w.log_path.read_text(), 60, "a retried connection attempt"
            )
            server.start()
            _sql(server, "postgres", "INSERT INTO ticks DEFAULT VALUES")
            payloads = topic.wait_for_id(2)
            assert w.connector_state("ticks") == ("RUNNING", ["RUNNING"])
    assert [p["id"] for p in payloads] == [1, 2]
