"""FileStreamSource -> AvroConverter -> Kafka -> AvroConverter -> FileStreamSink in a standalone worker.

The sink side also receives a message that is not in the Confluent wire format: with
``errors.tolerance=all`` it goes to the dead letter queue and every good record reaches the file.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from tests.integration.schema_registry.registry_harness import RunningRegistry
from tests.integration.standalone_process import StandaloneProcess, wait_for, write_properties

AVRO = "io.confluent.connect.avro.AvroConverter"  # the Java class name, as Connect users configure it


@pytest.fixture
def sr_client(schema_registry: RunningRegistry) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": schema_registry.url}) as client:
        yield client


def _consume_raw(bootstrap: str, topic: str, count: int) -> list[tuple[bytes | None, dict[str, bytes]]]:
    """The first ``count`` messages of partition 0: (value, headers)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"check-{uuid.uuid4().hex}"})
    consumer.assign([TopicPartition(topic, 0, 0)])
    out: list[tuple[bytes | None, dict[str, bytes]]] = []
    try:

        def drained() -> bool:
            for msg in consumer.consume(1000, 0.5):
                if msg.error() is None:
                    out.append((msg.value(), dict(msg.headers() or [])))
            return len(out) >= count

        wait_for(drained, 60, f"{count} messages on {topic}", interval_s=0)
    finally:
        consumer.close()
    return out[:count]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_file_to_avro_topic_to_file_with_a_poison_message(
    tmp_path: Path,
    bootstrap_servers: str,
    topic: str,
    schema_registry: RunningRegistry,
    sr_client: SchemaRegistryClient,
) -> None:
    dlq = f"{topic}-dlq"
    lines = [f"line {i} héllo" for i in range(200)]
    source_file, sink_file = tmp_path / "in.txt", tmp_path / "out.txt"
    source_file.write_text("".join(f"{line}\n" for line in lines[:100]), encoding="utf-8")
    converter = {"value.converter": AVRO, "value.converter.schema.registry.url": schema_registry.url}
    source = write_properties(
        tmp_path / "source.properties",
        {
            "name": "src",
            "connector.class": "FileStreamSource",
            "file": str(source_file),
            "topic": topic,
            **converter,
        },
    )
    sink = write_properties(
        tmp_path / "sink.properties",
        {
            "name": "sink",
            "connector.class": "FileStreamSink",
            "file": str(sink_file),
            "topics": topic,
            "errors.tolerance": "all",
            "errors.deadletterqueue.topic.name": dlq,
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.deadletterqueue.context.headers.enable": "true",
            **converter,
        },
    )
    with StandaloneProcess(tmp_path, bootstrap_servers, [source, sink]) as worker:
        wait_for(lambda: len(_lines(sink_file)) >= 100, 120, "the first 100 lines in the sink file")
        producer = Producer({"bootstrap.servers": bootstrap_servers})
        producer.produce(topic, value=b"\x07not avro at all")  # wrong magic byte
        assert producer.flush(30) == 0
        with source_file.open("a", encoding="utf-8") as f:
            f.write("".join(f"{line}\n" for line in lines[100:]))
        wait_for(lambda: len(_lines(sink_file)) >= 200, 120, "all 200 lines in the sink file")
        assert worker.connector_state("sink")[0] == "RUNNING"
    assert _lines(sink_file) == lines
    # the topic holds Confluent-framed Avro any Avro consumer reads
    latest = sr_client.get_latest_version(f"{topic}-value")
    assert json.loads(latest.schema.schema_str) == "string" or latest.schema.schema_str == '"string"'
    raw = [value for value, _ in _consume_raw(bootstrap_servers, topic, 201)]
    deserializer = AvroDeserializer(sr_client)
    ctx = SerializationContext(topic, MessageField.VALUE)
    good = [deserializer(v, ctx) for v in raw if v is not None and v[:1] == b"\x00"]
    assert good == lines
    [(dead, headers)] = _consume_raw(bootstrap_servers, dlq, 1)
    assert dead == b"\x07not avro at all"
    assert headers["__connect.errors.topic"] == topic.encode()
    assert b"magic byte" in headers["__connect.errors.exception.message"]


def test_without_error_tolerance_a_bad_message_fails_the_task_naming_its_coordinates(
    tmp_path: Path, bootstrap_servers: str, topic: str, schema_registry: RunningRegistry
) -> None:
    producer = Producer({"bootstrap.servers": bootstrap_servers})
    producer.produce(topic, value=b"\x00\x00\x00\x00")  # four bytes: no room for a schema id
    assert producer.flush(30) == 0
    sink = write_properties(
        tmp_path / "sink.properties",
        {
            "name": "strict",
            "connector.class": "FileStreamSink",
            "file": str(tmp_path / "out.txt"),
            "topics": topic,
            "value.converter": AVRO,
            "value.converter.schema.registry.url": schema_registry.url,
        },
    )
    with StandaloneProcess(tmp_path, bootstrap_servers, [sink]) as worker:

        def failed() -> bool:
            tasks = worker.get("/connectors/strict/status").json().get("tasks", [])
            return bool(tasks) and tasks[0]["state"] == "FAILED"

        wait_for(failed, 60, "the sink task to fail")
        trace = worker.get("/connectors/strict/status").json()["tasks"][0]["trace"]
    assert "too short for the Confluent wire format" in trace
    assert f"topic='{topic}', partition=0, offset=0" in trace
