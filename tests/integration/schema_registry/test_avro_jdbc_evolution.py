"""JDBC source (real PostgreSQL) -> AvroConverter -> Kafka: a column added to the table evolves the schema.

The new nullable column becomes an optional field with a null default, which BACKWARD allows:
the subject gets version 2, later records carry the new id, every record reads back with
confluent-kafka's AvroDeserializer.
"""

from __future__ import annotations

import decimal
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from tests.integration.schema_registry.registry_harness import RunningRegistry
from tests.integration.standalone_process import StandaloneProcess, wait_for

from kconnect.dev.postgres import PostgresServer

AVRO = "kconnect.converters.avro.AvroConverter"


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


def test_added_column_evolves_the_registered_schema(
    tmp_path: Path, bootstrap_servers: str, pg: PostgresServer, schema_registry: RunningRegistry
) -> None:
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
    with SchemaRegistryClient({"url": schema_registry.url}) as client:
        with StandaloneProcess(tmp_path, bootstrap_servers, [connector]) as worker:
            worker.wait_running("evo")
            _messages(bootstrap_servers, topic, 3)
            pg.psql("ALTER TABLE items ADD COLUMN price NUMERIC(10, 2)", db)
            pg.psql("INSERT INTO items (name, price) VALUES ('d', 9.99)", db)
            raw = _messages(bootstrap_servers, topic, 4)
        assert client.get_versions(subject) == [1, 2]
        ids = [int.from_bytes(m[1:5], "big") for m in raw]
        assert ids[:3] == [ids[0]] * 3 and ids[3] != ids[0]
        deserializer = AvroDeserializer(client)
        ctx = SerializationContext(topic, MessageField.VALUE)
        rows: list[dict[str, Any]] = [deserializer(m, ctx) for m in raw]
        assert [r["name"] for r in rows] == ["a", "b", "c", "d"]
        assert "price" not in rows[0] and rows[3]["price"] == decimal.Decimal("9.99")
        latest = json.loads(client.get_latest_version(subject).schema.schema_str)
        price = next(f for f in latest["fields"] if f["name"] == "price")
        assert price["default"] is None and price["type"][0] == "null"
