"""Transforms in real task loops against the real broker: source (after poll) and sink (before put).

Connectors and tasks run in a real :class:`~kconnect.runtime.worker.Worker` (threads, librdkafka
clients, converters); the test connectors below are loaded by dotted path as a user's would be.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from tests.integration.standalone_process import wait_for

from kconnect.api import (
    Headers,
    SinkConnector,
    SinkRecord,
    SinkTask,
    SourceConnector,
    SourceRecord,
    SourceTask,
    Task,
)
from kconnect.config import ConfigDef
from kconnect.data import INT64_SCHEMA, STRING_SCHEMA, SchemaBuilder, Struct
from kconnect.runtime.herder import TargetState
from kconnect.runtime.plugins import Plugins
from kconnect.runtime.standalone.runner import parse_worker_config
from kconnect.runtime.task_base import TaskId
from kconnect.runtime.worker import Worker
from kconnect.storage import offset_codec
from kconnect.storage.offsets import MemoryOffsetBackingStore
from kconnect.storage.status import MemoryStatusStore, State

HERE = __name__  # the worker imports the connectors from this very module (shared COLLECTED)
ROW = SchemaBuilder.struct().name("row").field("id", INT64_SCHEMA).field("name", STRING_SCHEMA).build()
SOURCE_PARTITION = {"table": "rows"}


class RowsSourceConnector(SourceConnector):
    """Emits ``count`` Struct rows ``{id, name}``; every 10th carries a ``skip`` header.

    ``poison.at`` (optional) makes that row's ``name`` an int, which the value converter rejects.
    """

    def start(self, props: Mapping[str, str]) -> None:
        self.props = dict(props)

    def task_class(self) -> type[Task]:
        return RowsSourceTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [self.props]

    def stop(self) -> None:
        return None

    def config(self) -> ConfigDef:
        return ConfigDef()


class RowsSourceTask(SourceTask):
    def start(self, props: Mapping[str, str]) -> None:
        self.topic = props["topic"]
        self.count = int(props["count"])
        self.poison = int(props.get("poison.at", "-1"))
        self.batch = int(props.get("batch", "1000"))
        self.next = 0
        self.committed: list[tuple[int, Any]] = []

    def poll(self) -> list[SourceRecord] | None:
        if self.next >= self.count:
            return None
        out = []
        for i in range(self.next, min(self.count, self.next + self.batch)):
            row = Struct(ROW, {"id": i, "name": f"row-{i}"})
            if i == self.poison:
                row._values[1] = 12345  # bypasses put() validation, as a buggy connector might
            headers = Headers().add("skip", "yes", STRING_SCHEMA) if i % 10 == 9 else Headers()
            out.append(SourceRecord(self.topic, None, None, None, ROW, row, headers=headers,
                                    source_partition=SOURCE_PARTITION, source_offset={"id": i}))  # fmt: skip
        self.next += len(out)
        return out

    def commit_record(self, record: SourceRecord, metadata: Any) -> None:
        assert record.source_offset is not None
        self.committed.append((record.source_offset["id"], metadata))

    def stop(self) -> None:
        return None


COLLECTED: dict[str, list[SinkRecord]] = {}
_LOCK = threading.Lock()


class CollectingSinkConnector(SinkConnector):
    """Keeps every record ``put`` receives in ``COLLECTED[<connector name>]``."""

    def start(self, props: Mapping[str, str]) -> None:
        self.props = dict(props)

    def task_class(self) -> type[Task]:
        return CollectingSinkTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [self.props]

    def stop(self) -> None:
        return None

    def config(self) -> ConfigDef:
        return ConfigDef()


class CollectingSinkTask(SinkTask):
    def start(self, props: Mapping[str, str]) -> None:
        self.name = props["collect.as"]

    def put(self, records: list[SinkRecord]) -> None:
        with _LOCK:
            COLLECTED.setdefault(self.name, []).extend(records)

    def stop(self) -> None:
        return None


def collected(name: str) -> list[SinkRecord]:
    with _LOCK:
        return list(COLLECTED.get(name, []))


class Running:
    """A worker running one connector's task 0."""

    def __init__(self, bootstrap: str, tmp: Path, config: Mapping[str, str]) -> None:
        props = {
            "bootstrap.servers": bootstrap,
            "key.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "offset.storage.file.filename": str(tmp / "offsets"),
            "offset.flush.interval.ms": "200",
        }
        self.statuses = MemoryStatusStore()
        self.offsets = MemoryOffsetBackingStore()
        self.worker = Worker(parse_worker_config(props), Plugins(), self.offsets, self.statuses, "w1")
        self.name = config["name"]
        assert self.worker.start_connector(self.name, config, TargetState.STARTED, lambda _: None)
        task_config = self.worker.connector_task_configs(self.name, config)[0]
        assert self.worker.start_task(TaskId(self.name, 0), config, task_config, TargetState.STARTED)

    def runner(self) -> Any:
        return self.worker._tasks[TaskId(self.name, 0)]

    def task_state(self) -> tuple[State, str | None]:
        status = self.statuses.task(self.name, 0)
        assert status is not None
        return status.state, status.trace

    def committed_offset(self) -> Any:
        key = offset_codec.encode_key(self.name, SOURCE_PARTITION)
        raw = self.offsets.get([key]).get(key)
        return None if raw is None else offset_codec.decode_value(raw)

    def stop(self) -> None:
        self.worker.stop()


def stop_after(started: list[Running]) -> Iterator[list[Running]]:
    """Yields a list to append workers to; stops them all afterwards (fixture body)."""
    try:
        yield started
    finally:
        for r in started:
            r.stop()


@pytest.fixture
def running(bootstrap_servers: str) -> Iterator[list[Running]]:
    yield from stop_after([])


def read(bootstrap: str, topic: str, count: int, timeout_s: float = 60) -> list[Any]:
    """The first ``count`` messages of partition 0 (confluent-kafka Message objects)."""
    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"read-{topic}", "enable.auto.commit": False}
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    out: list[Any] = []
    try:

        def drained() -> bool:
            out.extend(m for m in consumer.consume(10_000, 0.5) if m.error() is None)
            return len(out) >= count

        wait_for(drained, timeout_s, f"{count} messages on {topic}", interval_s=0)
    finally:
        consumer.close()
    return out


def produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for i, value in enumerate(values):
        producer.produce(topic, value=value, key=str(i).encode(), headers=[("origin", b"test")])
    assert producer.flush(30) == 0


def test_source_chain_keys_routes_and_filters_with_offsets_committed_in_order(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str, topic_factory: Any
) -> None:
    routed = f"{topic}-out"
    topic_factory_name = routed  # created by auto-creation on the broker
    config = {
        "name": f"src-{topic}",
        "connector.class": f"{HERE}.RowsSourceConnector",
        "topic": topic,
        "count": "100",
        "transforms": "key,extract,route,skip",
        "transforms.key.type": "org.apache.kafka.connect.transforms.ValueToKey",
        "transforms.key.fields": "id",
        "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Key",
        "transforms.extract.field": "id",
        "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.route.regex": "(.*)",
        "transforms.route.replacement": "$1-out",
        "transforms.skip.type": "org.apache.kafka.connect.transforms.Filter",
        "transforms.skip.predicate": "hasSkip",
        "predicates": "hasSkip",
        "predicates.hasSkip.type": "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
        "predicates.hasSkip.name": "skip",
    }
    running.append(Running(bootstrap_servers, tmp_path, config))
    messages = read(bootstrap_servers, topic_factory_name, 90)
    assert len(messages) == 90
    ids = [json.loads(m.key())["payload"] for m in messages]
    assert ids == [i for i in range(100) if i % 10 != 9]  # keyed by id, every 10th filtered out
    value = json.loads(messages[0].value())
    assert value["payload"] == {"id": 0, "name": "row-0"}
    assert all(h[0] != "skip" for m in messages for h in (m.headers() or []))
    # the last record (id 99) was dropped by the filter, yet its offset is committed in order
    wait_for(lambda: running[0].committed_offset() == {"id": 99}, 30, "offset of the dropped last record")
    task = running[0].runner()._task
    dropped = [(i, meta) for i, meta in task.committed if meta is None]
    assert [i for i, _ in dropped] == [i for i in range(100) if i % 10 == 9]


def test_sink_chain_runs_after_conversion_and_before_put(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    produce(bootstrap_servers, topic, [json.dumps({"id": i, "secret": "pw", "ts": 1_700_000_000_000}).encode()
                                       for i in range(50)])  # fmt: skip
    name = f"sink-{topic}"
    config = {
        "name": name,
        "connector.class": f"{HERE}.CollectingSinkConnector",
        "topics": topic,
        "collect.as": name,
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "transforms": "mask,insert,convert,hdr",
        "transforms.mask.type": "MaskField$Value",
        "transforms.mask.fields": "secret",
        "transforms.insert.type": "InsertField$Value",
        "transforms.insert.offset.field": "offset",
        "transforms.insert.topic.field": "topic",
        "transforms.convert.type": "TimestampConverter$Value",
        "transforms.convert.field": "ts",
        "transforms.convert.target.type": "string",
        "transforms.convert.format": "yyyy-MM-dd",
        "transforms.hdr.type": "InsertHeader",
        "transforms.hdr.header": "via",
        "transforms.hdr.value.literal": "kconnect",
    }
    running.append(Running(bootstrap_servers, tmp_path, config))
    records = wait_for(
        lambda: len(collected(name)) >= 50 and collected(name),
        60,
        f"50 records put ({running[0].task_state()})",
    )
    assert [r.value for r in records[:2]] == [
        {"id": 0, "secret": "", "ts": "2023-11-14", "offset": 0, "topic": topic},
        {"id": 1, "secret": "", "ts": "2023-11-14", "offset": 1, "topic": topic},
    ]
    assert [h.key for h in records[0].headers] == ["origin", "via"]


def test_standalone_cli_runs_a_properties_file_with_transforms_and_validates_them(
    bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    from tests.integration.standalone_process import StandaloneProcess, write_properties

    source_file = tmp_path / "in.txt"
    source_file.write_text("alpha\nbeta\ngamma\n")
    props = {
        "name": "file-src",
        "connector.class": "FileStreamSource",
        "file": str(source_file),
        "topic": "ignored",
        "transforms": "hoist,stamp,route",
        "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value",
        "transforms.hoist.field": "line",
        "transforms.stamp.type": "org.apache.kafka.connect.transforms.InsertField$Value",
        "transforms.stamp.static.field": "source",
        "transforms.stamp.static.value": "file",
        "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.route.regex": "ignored",
        "transforms.route.replacement": topic,
    }
    connector = write_properties(tmp_path / "src.properties", props)
    overrides = {
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
    }
    with StandaloneProcess(tmp_path, bootstrap_servers, [connector], overrides) as worker:
        values = [json.loads(m.value()) for m in read(bootstrap_servers, topic, 3)]
        assert values == [{"line": w, "source": "file"} for w in ("alpha", "beta", "gamma")]
        bad = {**props, "name": "bad", "transforms.route.regex": "(", "transforms.hoist.type": "Nope"}
        response = worker.request("PUT", "/connector-plugins/FileStreamSource/config/validate", json=bad)
        assert response.status_code == 200
        errors = {
            c["value"]["name"]: c["value"]["errors"]
            for c in response.json()["configs"]
            if c["value"]["errors"]
        }
        assert set(errors) == {"transforms.route.regex", "transforms.hoist.type"}
        assert "Invalid regex" in errors["transforms.route.regex"][0]
        assert "available plugins are" in errors["transforms.hoist.type"][0]
