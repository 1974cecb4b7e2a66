"""Replaying a sink connector's dead letter queue after a fix: delivered once, through the new chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka import Consumer, TopicPartition
from test_transforms_pipeline import HERE, Running, collected, produce, read, stop_after
from tests.integration.standalone_process import wait_for

from kconnect.runtime.dlq_replay import ORIGIN_HEADER, replay_dead_letters


@pytest.fixture
def running(bootstrap_servers: str) -> Iterator[list[Running]]:
    yield from stop_after([])


def high_watermark(bootstrap: str, topic: str) -> int:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"hw-{topic}"})
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1])
    finally:
        consumer.close()


def test_replay_redelivers_dead_letters_through_the_fixed_connector_exactly_once(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    produce(bootstrap_servers, topic, [b'{"id": 1}', b"[1, 2]", b'{"id": 3}', b'"text"'])
    dlq = f"{topic}-dlq"
    name = f"sink-{topic}"
    base = {
        "name": name,
        "connector.class": f"{HERE}.CollectingSinkConnector",
        "topics": topic,
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": dlq,
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
    }
    broken = {
        **base,
        "collect.as": f"{name}-v1",
        "transforms": "id",
        "transforms.id.type": "ExtractField$Value",
        "transforms.id.field": "id",
    }
    first = Running(bootstrap_servers, tmp_path, broken)
    running.append(first)
    wait_for(lambda: len(collected(f"{name}-v1")) >= 2, 60, "the two good records")
    assert [r.value for r in collected(f"{name}-v1")] == [1, 3]
    read(bootstrap_servers, dlq, 2)
    first.stop()
    running.remove(first)

    # the fix: the connector no longer extracts a field every record must have
    fixed = {**base, "collect.as": f"{name}-v2"}
    running.append(Running(bootstrap_servers, tmp_path, fixed))
    result = replay_dead_letters({"bootstrap.servers": bootstrap_servers}, dlq, name)
    assert result.replayed == 2 and result.by_topic == {topic: 2}
    records = wait_for(lambda: len(collected(f"{name}-v2")) >= 2 and collected(f"{name}-v2"), 60, "replayed")
    assert [r.value for r in records] == [[1, 2], "text"]
    origins = [dict((h.key, h.value) for h in r.headers).get(ORIGIN_HEADER) for r in records]
    assert origins == [f"{dlq}/0/0", f"{dlq}/0/1"]
    assert all(not h.key.startswith("__connect.errors.") for r in records for h in r.headers)

    # a second replay delivers nothing again
    end = high_watermark(bootstrap_servers, topic)
    assert replay_dead_letters({"bootstrap.servers": bootstrap_servers}, dlq, name).replayed == 0
    assert high_watermark(bootstrap_servers, topic) == end
    assert [json.dumps(r.value) for r in collected(f"{name}-v2")] == ["[1, 2]", '"text"']


def test_source_dead_letters_replay_through_the_current_chain(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    from kconnect.converters.header import SimpleHeaderConverter
    from kconnect.converters.json import JsonConverter
    from kconnect.runtime.plugins import Plugins
    from kconnect.runtime.record_codec import RecordCodec
    from kconnect.transforms.chain import TransformationChain

    dlq = f"{topic}-dlq"
    name = f"src-{topic}"
    config = {
        "name": name,
        "connector.class": f"{HERE}.RowsSourceConnector",
        "topic": topic,
        "count": "5",
        # a transform that fails for every record: the rows have no field "missing"
        "transforms": "bad",
        "transforms.bad.type": "ExtractField$Value",
        "transforms.bad.field": "missing",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": dlq,
        "errors.deadletterqueue.topic.replication.factor": "1",
        "errors.deadletterqueue.context.headers.enable": "true",
    }
    running.append(Running(bootstrap_servers, tmp_path, config))
    dead = read(bootstrap_servers, dlq, 5)
    assert {dict(m.headers())["__connect.errors.stage"] for m in dead} == {b"TRANSFORMATION"}
    wait_for(lambda: running[0].committed_offset() == {"id": 4}, 30, "offsets of the skipped records")

    key, value = JsonConverter(), JsonConverter()
    key.configure({}, True)
    value.configure({}, False)
    codec = RecordCodec(key, value, SimpleHeaderConverter())
    fixed = {
        "transforms": "name",
        "transforms.name.type": "ExtractField$Value",
        "transforms.name.field": "name",
    }
    chain = TransformationChain.from_config(fixed, Plugins(load_entry_points=False).transform_class)
    result = replay_dead_letters(
        {"bootstrap.servers": bootstrap_servers}, dlq, name, codec=codec, chain=chain
    )
    assert result.replayed == 5
    values = [json.loads(m.value())["payload"] for m in read(bootstrap_servers, topic, 5)]
    assert values == [f"row-{i}" for i in range(5)]
