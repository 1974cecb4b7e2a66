"""JDBC source end to end: a PostgreSQL table of 1,000,000 rows x 10 mixed columns -> Kafka (JSON).

Measured in one run, beside the two ceilings the connector cannot beat:

* database export ceiling: ``COPY bench TO STDOUT`` (psql) into /dev/null;
* broker ceiling: a librdkafka producer writing the same number of records of
  the same average size as the connector's JSON values;
* kconnect: a real ``kconnect standalone`` worker (JsonConverter, schemas on)
  running the JDBC source in incrementing mode, from connector start until the
  topic holds every row; peak RSS is the worker's ``VmHWM``.

Run: ``.venv/bin/python -m benches.jdbc_source_bench [--rows N]``.  Starts its
own PostgreSQL; uses ``KCONNECT_BOOTSTRAP_SERVERS`` or starts its own broker.
Prints one JSON object.  Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.standalone_process import StandaloneProcess, wait_for  # noqa: E402

from kconnect.dev.kafka import KafkaBroker  # noqa: E402
from kconnect.dev.postgres import PostgresServer  # noqa: E402

TABLE_SQL = """
CREATE TABLE bench (
    id BIGINT PRIMARY KEY, qty INTEGER NOT NULL, total BIGINT NOT NULL, ratio DOUBLE PRECISION NOT NULL,
    price NUMERIC(12, 2) NOT NULL, name TEXT NOT NULL, code VARCHAR(32) NOT NULL, active BOOLEAN NOT NULL,
    day DATE NOT NULL, updated TIMESTAMP NOT NULL
);
INSERT INTO bench SELECT g, g % 1000, g * 7919, g / 3.0, (g % 100000) / 100.0,
    'customer-' || md5(g::text), 'C' || (g % 9973), g % 2 = 0,
    date '2020-01-01' + (g % 1500)::int, timestamp '2020-01-01' + g * interval '1 second'
FROM generate_series(1::bigint, {rows}) g;
ANALYZE bench;
"""


def _end_offset(bootstrap: str, topic: str) -> int:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-probe"})
    try:
        _low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)
        return int(high)
    except Exception:
        return 0
    finally:
        consumer.close()


def _avg_value_size(bootstrap: str, topic: str, sample: int = 2000) -> float:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-{uuid.uuid4().hex}"})
    consumer.assign([TopicPartition(topic, 0, 0)])
    sizes: list[int] = []
    try:
        while len(sizes) < sample:
            for msg in consumer.consume(1000, 5):
                if msg.error() is None:
                    sizes.append(len(msg.value()))
    finally:
        consumer.close()
    return sum(sizes) / len(sizes)


def copy_ceiling(server: PostgresServer, rows: int) -> dict[str, float]:
    psql = Path(server._bin) / "psql"
    env = {**os.environ, "PGPASSWORD": server.password}
    args = [str(psql), "-X", "-h", server.host, "-p", str(server.port), "-U", server.user, "-d", "bench"]
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run([*args, "-c", "COPY bench TO STDOUT"], stdout=sink, env=env, check=True)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def _delete_topics(bootstrap: str, topics: list[str]) -> None:
    """Remove the topics this run created (exact names only), freeing the broker's disk."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})  # kept alive until the futures resolve
    for future in admin.delete_topics(topics).values():
        try:
            future.result(30)
        except Exception as e:
            print(f"could not delete a bench topic: {e}", file=sys.stderr)


def broker_ceiling(bootstrap: str, rows: int, size: int) -> dict[str, Any]:
    topic = f"jdbc-bench-ceiling-{uuid.uuid4().hex[:8]}"
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "batch.size": 1 << 20,
                         "compression.type": "none", "acks": "all"})  # fmt: skip
    payload = b"x" * size
    start = time.perf_counter()
    for _ in range(rows):
        while True:
            try:
                producer.produce(topic, payload)
                break
            except BufferError:
                producer.poll(0.01)
    producer.flush(120)
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "record_bytes": size,
        "topic": topic,
    }


def kconnect_run(work: Path, bootstrap: str, server: PostgresServer, rows: int, batch: int) -> dict[str, Any]:
    prefix = f"jdbc-bench-{uuid.uuid4().hex[:8]}-"
    topic = prefix + "bench"
    overrides = {
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "offset.flush.interval.ms": "5000",
    }
    config = {
        "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
        "connection.url": server.jdbc_url("bench"),
        "connection.user": server.user,
        "connection.password": server.password,
        "mode": "incrementing",
        "incrementing.column.name": "id",
        "topic.prefix": prefix,
        "batch.max.rows": str(batch),
        "poll.interval.ms": "1000",
    }
    with StandaloneProcess(work, bootstrap, [], overrides=overrides) as worker:
        assert worker.proc is not None
        start = time.perf_counter()
        response = worker.request("POST", "/connectors", json={"name": "bench", "config": config})
        assert response.status_code == 201, response.text
        wait_for(
            lambda: _end_offset(bootstrap, topic) >= rows, 3600, f"{rows} rows on {topic}", interval_s=0.5
        )
        seconds = time.perf_counter() - start
        status = Path(f"/proc/{worker.proc.pid}/status").read_text()
        hwm_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    return {
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(hwm_kb / 1024, 1),
        "topic": topic,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-max-rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kconnect-jdbc-bench-")))
        server = stack.enter_context(PostgresServer())
        bootstrap = os.environ.get("KCONNECT_BOOTSTRAP_SERVERS")
        if not bootstrap:
            bootstrap = stack.enter_context(KafkaBroker()).bootstrap_servers
        server.create_database("bench")
        started = time.perf_counter()
        server.psql(TABLE_SQL.format(rows=args.rows), "bench")
        load_s = time.perf_counter() - started
        copy = copy_ceiling(server, args.rows)
        run = kconnect_run(work, bootstrap, server, args.rows, args.batch_max_rows)
        size = round(_avg_value_size(bootstrap, run["topic"]))
        broker = broker_ceiling(bootstrap, args.rows, size)
        _delete_topics(bootstrap, [run.pop("topic"), broker.pop("topic")])
        lower = min(copy["rows_per_s"], broker["rows_per_s"])
        result = {
            "rows": args.rows,
            "columns": 10,
            "table_load_s": round(load_s, 1),
            "copy_to_devnull": copy,
            "broker_ceiling": broker,
            "kconnect_jdbc_source": run,
            "fraction_of_lower_ceiling": round(run["rows_per_s"] / lower, 3),
        }
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
