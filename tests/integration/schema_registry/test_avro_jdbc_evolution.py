"""JDBC source (real PostgreSQL) -> AvroConverter -> Kafka -> HDFS sink: schema evolution.

A column added to the table becomes an optional field with a null default, which BACKWARD allows:
the subject gets version 2, later records carry the new id, every record reads back with
confluent-kafka's AvroDeserializer, and the HDFS sink (``schema.compatibility=BACKWARD``, writing
Avro or Parquet to a local ``file://`` store) closes the file of the old schema and writes the
new one's records to new files, ordered by the registry versions the AvroConverter reports.
"""

from __future__ import annotations

import decimal
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastavro
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from tests.integration.schema_registry.registry_harness import RunningRegistry
from tests.integration.standalone_process import StandaloneProcess, wait_for

from kconnect.dev.postgres import PostgresServer

AVRO = "io.confluent.connect.avro.AvroConverter"  # the Java class name, as Connect users configure it


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    with PostgresServer() as server:
        yield server


def _messages(bootstrap: str, topic: str, count: int) -> list[bytes]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"check-{uuid.uuid4().hex}"})
    consumer.assign([TopicPartition(topic, 0, 0)])
    out: list[bytes] = []
    try:

        def drained() -> bool:
            for msg in consumer.consume(1000, 0.5):
                if msg.error() is None:
                    out.append(msg.value())
            return len(out) >= count

        wait_for(drained, 90, f"{count} records on {topic}", interval_s=0)
    finally:
        consumer.close()
    return out


def _committed(root: Path, topic: str, ext: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """(file name, records) of each committed file of ``topic``, by start offset."""
    found = sorted(root.glob(f"topics/{topic}/**/*.{ext}"), key=lambda p: int(p.name.split("+")[2]))
    out = []
    for path in found:
        if ext == "avro":
            with path.open("rb") as f:
                out.append((path.name, list(fastavro.reader(f))))
        else:
            out.append((path.name, pq.read_table(path).to_pylist()))
    return out


@pytest.mark.parametrize("file_format", ["Avro", "Parquet"])
def test_added_column_evolves_the_registered_schema(
    tmp_path: Path,
    bootstrap_servers: str,
    pg: PostgresServer,
    schema_registry: RunningRegistry,
    file_format: str,
) -> None:
    ext = file_format.lower()
    db = f"evo_{uuid.uuid4().hex[:8]}"
    pg.create_database(db)
    pg.psql("CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL)", db)
    pg.psql("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')", db)
    prefix = f"evo-{uuid.uuid4().hex[:6]}-"
    connector = tmp_path / "jdbc.json"
    connector.write_text(
        json.dumps(
            {
                "name": "evo",
                "config": {
                    "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                    "connection.url": pg.jdbc_url(db),
                    "connection.user": pg.user,
                    "connection.password": pg.password,
                    "mode": "incrementing",
                    "incrementing.column.name": "id",
                    "topic.prefix": prefix,
                    "poll.interval.ms": "200",
                    "table.poll.interval.ms": "1000",
                    "value.converter": AVRO,
                    "value.converter.schema.registry.url": schema_registry.url,
                },
            }
        )
    )
    topic, subject = f"{prefix}items", f"{prefix}items-value"
    out = tmp_path / "hdfs"
    sink = tmp_path / "sink.json"
    sink.write_text(
        json.dumps(
            {
                "name": "files",
                "config": {
                    "connector.class": "io.confluent.connect.hdfs.HdfsSinkConnector",
                    "topics": topic,
                    "hdfs.url": f"file://{out}",
                    "format.class": file_format,
                    "flush.size": "2",
                    "schema.compatibility": "BACKWARD",
                    "value.converter": AVRO,
                    "value.converter.schema.registry.url": schema_registry.url,
                },
            }
        )
    )
    with SchemaRegistryClient({"url": schema_registry.url}) as client:
        with StandaloneProcess(tmp_path, bootstrap_servers, [connector, sink]) as worker:
            worker.wait_running("evo")
            _messages(bootstrap_servers, topic, 3)
            pg.psql("ALTER TABLE items ADD COLUMN price NUMERIC(10, 2)", db)
            pg.psql("INSERT INTO items (name, price) VALUES ('d', 9.99), ('e', NULL)", db)
            raw = _messages(bootstrap_servers, topic, 5)
            wait_for(lambda: len(_committed(out, topic, ext)) == 3, 60, f"three committed {ext} files")
        files = _committed(out, topic, ext)
        offsets = [tuple(int(n) for n in name.removesuffix(f".{ext}").split("+")[2:]) for name, _ in files]
        assert offsets == [(0, 1), (2, 2), (3, 4)]  # the schema change closed the file at offset 2
        assert [[r["name"] for r in rows] for _, rows in files] == [["a", "b"], ["c"], ["d", "e"]]
        assert [("price" in rows[0]) for _, rows in files] == [False, False, True]
        assert client.get_versions(subject) == [1, 2]
        ids = [int.from_bytes(m[1:5], "big") for m in raw]
        assert ids[:3] == [ids[0]] * 3 and ids[3] == ids[4] != ids[0]
        deserializer = AvroDeserializer(client)
        ctx = SerializationContext(topic, MessageField.VALUE)
        rows: list[dict[str, Any]] = [deserializer(m, ctx) for m in raw]
        assert [r["name"] for r in rows] == ["a", "b", "c", "d", "e"]
        assert "price" not in rows[0] and rows[3]["price"] == decimal.Decimal("9.99")
        latest = json.loads(client.get_latest_version(subject).schema.schema_str)
        price = next(f for f in latest["fields"] if f["name"] == "price")
        assert price["default"] is None and price["type"][0] == "null"
