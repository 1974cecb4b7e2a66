"""FileStreamSink through a real standalone worker on the native (Rust) consumer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from tests.conftest import TopicFactory
from tests.integration.standalone_process import StandaloneProcess, wait_for

NATIVE = {"kconnect.kafka.client": "native", "offset.flush.interval.ms": "500"}


def _produce(bootstrap: str, topic: str, values: list[str], partitions: int) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for i, value in enumerate(values):
        headers = [("h", str(i).encode())] if i % 3 == 0 else None
        producer.produce(topic, value=value.encode(), key=f"k{i}".encode(), partition=i % partitions,
                         headers=headers)  # fmt: skip
        if i % 10_000 == 0:
            producer.poll(0)
    assert producer.flush(30) == 0


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _committed(bootstrap: str, group: str, topic: str, partitions: int) -> list[int]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        tps = consumer.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=30)
        return [tp.offset for tp in tps]
    finally:
        consumer.close()


def _sink_config(tmp_path: Path, topic: str, out: Path, tasks: int) -> Path:
    path = tmp_path / "sink.json"
    config = {"connector.class": "FileStreamSink", "file": str(out), "topics": topic, "tasks.max": str(tasks)}
    path.write_text(json.dumps({"name": "sink", "config": config}))
    return path


def test_two_tasks_write_every_record_once_and_resume_from_committed_offsets(
    tmp_path: Path, bootstrap_servers: str, topic_factory: TopicFactory
) -> None:
    topic = topic_factory(3)
    first = [f"first {i:05d} héllo" for i in range(30_000)]
    _produce(bootstrap_servers, topic, first, 3)
    out = tmp_path / "out.txt"
    sink = _sink_config(tmp_path, topic, out, 2)

    with StandaloneProcess(tmp_path, bootstrap_servers, [sink], NATIVE) as worker:
        worker.wait_running("sink", tasks=2)
        wait_for(lambda: len(_lines(out)) >= len(first), 120, "every record in the sink file")
        per_partition = [len([v for i, v in enumerate(first) if i % 3 == p]) for p in range(3)]
        wait_for(
            lambda: _committed(bootstrap_servers, "connect-sink", topic, 3) == per_partition,
            60,
            "the group's committed offsets at the end of each partition",
        )
        assert worker.stop() == 0
    assert "Consuming with the native client" in worker.log_path.read_text()
    assert sorted(_lines(out)) == sorted(first), "every record exactly once across two tasks"

    more = [f"more {i:04d}" for i in range(1_000)]
    _produce(bootstrap_servers, topic, more, 3)
    with StandaloneProcess(tmp_path, bootstrap_servers, [sink], NATIVE):
        wait_for(lambda: len(_lines(out)) >= len(first) + len(more), 120, "the new records")
    assert sorted(_lines(out)[len(first) :]) == sorted(more), "resumed at the committed offsets, no repeats"


@pytest.mark.parametrize("client", ["native", "confluent"])
def test_seek_from_open_and_a_retried_batch_on_either_consumer(
    tmp_path: Path, bootstrap_servers: str, topic: str, client: str
) -> None:
    values = [f"v{i}" for i in range(2_000)]
    _produce(bootstrap_servers, topic, values, 1)
    out = tmp_path / "out.txt"
    connector = tmp_path / "rewind.json"
    config = {
        "connector.class": "tests.integration.native_sink_plugins.RewindingRetrySinkConnector",
        "topics": topic, "file": str(out), "start.offset": "1500",
    }  # fmt: skip
    connector.write_text(json.dumps({"name": "rewind", "config": config}))
    overrides = {**NATIVE, "kconnect.kafka.client": client}
    with StandaloneProcess(tmp_path, bootstrap_servers, [connector], overrides) as worker:
        wait_for(lambda: len(_lines(out)) >= 500, 60, "the records from offset 1500 on")
        assert worker.connector_state("rewind")[1] == ["RUNNING"]
        assert "put() asked to retry the batch" in worker.log_path.read_text()
    # the seek from open() wins over the batch fetched with the assignment: nothing before offset
    # 1500 is delivered, and the retried batch is delivered once
    assert _lines(out) == [f"{i} v{i}" for i in range(1500, 2000)]
