"""The mission pipeline: PostgreSQL -> JDBC source -> Kafka -> HDFS sink -> Parquet in HDFS, read back."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import uuid
from pathlib import Path

import psycopg
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from tests.integration.hdfs.hdfs_harness import committed, hdfs_fs, sink_config, worker, write_connector
from tests.integration.standalone_process import wait_for

from kconnect.dev.hdfs import HdfsCluster
from kconnect.dev.postgres import PostgresServer

ROWS = 12


def test_postgres_to_parquet_in_hdfs(
    hdfs_running: HdfsCluster, hdfs_postgres: PostgresServer, bootstrap_servers: str, tmp_path: Path
) -> None:
    db = f"pipe_{uuid.uuid4().hex[:8]}"
    hdfs_postgres.create_database(db)
    with psycopg.connect(hdfs_postgres.url(db), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE orders (id SERIAL PRIMARY KEY, item TEXT NOT NULL, "
            "price NUMERIC(10, 2) NOT NULL, note TEXT, placed TIMESTAMP NOT NULL)"
        )
        conn.execute(
            "INSERT INTO orders (item, price, note, placed) SELECT 'item-' || g, g * 1.25, "
            "CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END, "
            "timestamp '2024-05-01 10:00' + g * interval '1 minute' "
            f"FROM generate_series(1, {ROWS}) g"
        )
    prefix = f"pipe-{uuid.uuid4().hex[:6]}-"
    topic = prefix + "orders"
    source = {
        "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
        "connection.url": hdfs_postgres.jdbc_url(db),
        "connection.user": hdfs_postgres.user,
        "connection.password": hdfs_postgres.password,
        "mode": "incrementing",
        "incrementing.column.name": "id",
        "topic.prefix": prefix,
        "poll.interval.ms": "200",
        "numeric.mapping": "best_fit",
    }
    root = f"/pipeline/{topic}"
    sink = sink_config(
        f"{hdfs_running.webhdfs_url}{root}", topic, **{"format.class": "Parquet", "flush.size": "4"}
    )
    files = [write_connector(tmp_path / "src.json", "pg-src", source),
             write_connector(tmp_path / "sink.json", "hdfs-sink", sink)]  # fmt: skip
    fs = hdfs_fs(hdfs_running)
    with worker(tmp_path, bootstrap_servers, files, json_values=True) as proc:
        proc.wait_running("pg-src")
        proc.wait_running("hdfs-sink")
        wait_for(
            lambda: len(committed(fs, root, topic)) == ROWS // 4, 90, "the orders in committed Parquet files"
        )
    rows = []
    for path, *_ in sorted(committed(fs, root, topic), key=lambda f: f[2]):
        rows += pq.read_table(io.BytesIO(fs.cat_file(path))).to_pylist()
    assert len(rows) == ROWS
    for g, row in enumerate(rows, start=1):
        assert row["id"] == g
        assert row["item"] == f"item-{g}"
        assert decimal.Decimal(str(row["price"])) == decimal.Decimal(g) * decimal.Decimal("1.25")
        assert row["note"] == (None if g % 3 == 0 else f"n{g}")
        assert row["placed"] == dt.datetime(2024, 5, 1, 10, g, tzinfo=dt.UTC)
