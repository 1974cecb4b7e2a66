"""errors.tolerance, retries, error logging and dead letter queues in real task loops (real broker)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest
from confluent_kafka.admin import AdminClient
from test_transforms_pipeline import HERE, Running, collected, produce, read, stop_after
from tests.integration.standalone_process import wait_for

from kconnect.api.records import ConnectRecord
from kconnect.api.transforms import Transformation
from kconnect.config import ConfigDef
from kconnect.errors import RetriableError
from kconnect.storage.status import State

PIPELINE = HERE


@pytest.fixture
def running(bootstrap_servers: str) -> Iterator[list[Running]]:
    yield from stop_after([])


class FlakyTransform(Transformation[ConnectRecord]):
    """Raises RetriableError on the first ``failures`` calls for each record, then passes it on."""

    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef()
    attempts: ClassVar[dict[Any, int]] = {}

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.failures = int(configs.get("failures", "2"))

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        key = (record.topic, record.value and json.dumps(record.value, sort_keys=True))
        FlakyTransform.attempts[key] = FlakyTransform.attempts.get(key, 0) + 1
        if FlakyTransform.attempts[key] <= self.failures:
            raise RetriableError("not yet")
        return record


def sink_config(topic: str, **extra: str) -> dict[str, str]:
    name = f"sink-{topic}"
    return {
        "name": name,
        "connector.class": f"{PIPELINE}.CollectingSinkConnector",
        "topics": topic,
        "collect.as": name,
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        **extra,
    }


def dlq_headers(message: Any) -> dict[str, str]:
    return {k: v.decode() for k, v in (message.headers() or []) if k.startswith("__connect.errors.")}


def test_sink_poison_record_goes_to_the_dlq_with_context_and_good_records_are_put(
    running: list[Running],
    bootstrap_servers: str,
    tmp_path: Path,
    topic: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    values = [json.dumps({"n": i}).encode() for i in range(1000)]
    values.insert(500, b"{not json")
    produce(bootstrap_servers, topic, values)
    dlq = f"{topic}-dlq"
    config = sink_config(
        topic,
        **{
            "errors.tolerance": "all",
            "errors.log.enable": "true",
            "errors.log.include.messages": "true",
            "errors.deadletterqueue.topic.name": dlq,
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.deadletterqueue.context.headers.enable": "true",
        },
    )
    with caplog.at_level(logging.ERROR, logger="kconnect.runtime.errors"):
        running.append(Running(bootstrap_servers, tmp_path, config))
        records = wait_for(
            lambda: len(collected(config["name"])) >= 1000 and collected(config["name"]), 60, "1000 puts"
        )
    assert [r.value for r in records] == [{"n": i} for i in range(1000)]
    [dead] = read(bootstrap_servers, dlq, 1)
    assert dead.value() == b"{not json" and dead.key() == b"500"
    assert ("origin", b"test") in dead.headers()
    headers = dlq_headers(dead)
    assert headers["__connect.errors.topic"] == topic
    assert headers["__connect.errors.partition"] == "0"
    assert headers["__connect.errors.offset"] == "500"
    assert headers["__connect.errors.stage"] == "VALUE_CONVERTER"
    assert headers["__connect.errors.connector.name"] == config["name"]
    assert headers["__connect.errors.task.id"] == "0"
    assert headers["__connect.errors.class.name"].endswith("JsonConverter")
    assert headers["__connect.errors.exception.class.name"] == "kconnect.errors.DataError"
    assert "Traceback" in headers["__connect.errors.exception.stacktrace"]
    topic_meta = (
        AdminClient({"bootstrap.servers": bootstrap_servers}).list_topics(dlq, timeout=10).topics[dlq]
    )
    assert len(topic_meta.partitions) == 1
    assert any(
        "Executing stage 'VALUE_CONVERTER'" in r.getMessage()
        and f"topic='{topic}', partition=0, offset=500" in r.getMessage()
        for r in caplog.records
    )
    assert running[0].runner()._errors.counts.skipped == 1


def test_sink_tolerance_none_fails_the_task_naming_the_record(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    produce(bootstrap_servers, topic, [b'{"n": 0}', b'{"n": 1}', b"nope", b'{"n": 3}'])
    dlq = f"{topic}-dlq"
    config = sink_config(
        topic,
        **{
            "errors.deadletterqueue.topic.name": dlq,
            "errors.deadletterqueue.topic.replication.factor": "1",
        },
    )
    running.append(Running(bootstrap_servers, tmp_path, config))
    _, trace = wait_for(
        lambda: running[0].task_state()[0] is State.FAILED and running[0].task_state(), 60, "FAILED"
    )
    assert trace is not None
    assert "Tolerance exceeded in error handler while executing stage 'VALUE_CONVERTER'" in trace
    assert f"topic='{topic}', partition=0, offset=2" in trace
    assert all(r.value != {"n": 3} for r in collected(config["name"]))
    # as Java, the failing record is dead-lettered before the task fails
    [dead] = read(bootstrap_servers, dlq, 1)
    assert dead.value() == b"nope"


def test_sink_transform_failure_is_tolerated_and_dead_lettered(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    produce(bootstrap_servers, topic, [b'{"id": 1}', b"[1, 2]", b'{"id": 3}'])
    dlq = f"{topic}-dlq"
    config = sink_config(
        topic,
        **{
            "transforms": "extract",
            "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Value",
            "transforms.extract.field": "id",
            "errors.tolerance": "all",
            "errors.deadletterqueue.topic.name": dlq,
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.deadletterqueue.context.headers.enable": "true",
        },
    )
    running.append(Running(bootstrap_servers, tmp_path, config))
    records = wait_for(
        lambda: len(collected(config["name"])) >= 2 and collected(config["name"]), 60, "2 puts"
    )
    assert [r.value for r in records] == [1, 3]
    [dead] = read(bootstrap_servers, dlq, 1)
    headers = dlq_headers(dead)
    assert dead.value() == b"[1, 2]"
    assert headers["__connect.errors.stage"] == "TRANSFORMATION"
    assert headers["__connect.errors.class.name"].endswith("ExtractFieldValue")
    assert "Only Map objects supported" in headers["__connect.errors.exception.message"]


def test_retriable_transform_errors_are_retried_until_they_succeed(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    produce(bootstrap_servers, topic, [b'{"id": 1}', b'{"id": 2}'])
    config = sink_config(
        topic,
        **{
            "transforms": "flaky",
            "transforms.flaky.type": f"{__name__}.FlakyTransform",
            "transforms.flaky.failures": "2",
            "errors.retry.timeout": "30000",
            "errors.retry.delay.max.ms": "100",
        },
    )
    running.append(Running(bootstrap_servers, tmp_path, config))
    records = wait_for(
        lambda: len(collected(config["name"])) >= 2 and collected(config["name"]), 60, "2 puts"
    )
    assert [r.value for r in records] == [{"id": 1}, {"id": 2}]
    assert running[0].runner()._errors.counts.retries == 4
    assert running[0].task_state()[0] is State.RUNNING


def source_config(topic: str, **extra: str) -> dict[str, str]:
    return {
        "name": f"src-{topic}",
        "connector.class": f"{PIPELINE}.RowsSourceConnector",
        "topic": topic,
        **extra,
    }


def test_source_poison_among_100k_good_records_loses_none_and_is_dead_lettered(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    dlq = f"{topic}-dlq"
    config = source_config(
        topic,
        **{
            "count": "100001",
            "poison.at": "50000",
            "batch": "5000",
            "errors.tolerance": "all",
            "errors.deadletterqueue.topic.name": dlq,
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.deadletterqueue.context.headers.enable": "true",
        },
    )
    running.append(Running(bootstrap_servers, tmp_path, config))
    messages = read(bootstrap_servers, topic, 100_000, timeout_s=180)
    ids = [json.loads(m.value())["payload"]["id"] for m in messages]
    assert ids == [i for i in range(100_001) if i != 50_000]
    [dead] = read(bootstrap_servers, dlq, 1)
    headers = dlq_headers(dead)
    assert headers["__connect.errors.stage"] == "VALUE_CONVERTER"
    assert json.loads(headers["__connect.errors.source.offset"]) == {"id": 50000}
    assert json.loads(headers["__connect.errors.source.partition"]) == {"table": "rows"}
    assert b"12345" in dead.value()  # the record as text: the converter could not write it
    wait_for(lambda: running[0].committed_offset() == {"id": 100_000}, 60, "every offset committed")


def test_source_tolerance_none_fails_the_task_naming_the_source_offset(
    running: list[Running], bootstrap_servers: str, tmp_path: Path, topic: str
) -> None:
    config = source_config(topic, **{"count": "20", "poison.at": "7"})
    running.append(Running(bootstrap_servers, tmp_path, config))
    _, trace = wait_for(
        lambda: running[0].task_state()[0] is State.FAILED and running[0].task_state(), 60, "FAILED"
    )
    assert trace is not None and "'id': 7" in trace and "VALUE_CONVERTER" in trace
