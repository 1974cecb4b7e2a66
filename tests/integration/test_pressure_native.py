"""The native data path under pressure: a million records, a broker outage, an oversized record."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import psutil  # type: ignore[import-untyped]
from tests.integration.standalone_process import StandaloneProcess, consume, wait_for, write_properties

from kconnect.dev.kafka import KafkaBroker

NATIVE = {"kconnect.kafka.client": "native"}


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def test_a_million_records_source_to_kafka_to_sink_unaltered(
    tmp_path: Path, bootstrap_servers: str, topic: str
) -> None:
    n = 1_000_000
    source_file = tmp_path / "input.txt"
    _write_lines(source_file, [f"{i:07d} {'abcdefghij' * (i % 9)} {i * 7919 % 1000003}" for i in range(n)])
    sink_file = tmp_path / "output.txt"
    source = write_properties(
        tmp_path / "source.properties",
        {"name": "src", "connector.class": "FileStreamSource", "file": str(source_file), "topic": topic},
    )
    sink = tmp_path / "sink.json"
    sink.write_text(
        json.dumps(
            {
                "name": "sink",
                "config": {"connector.class": "FileStreamSink", "file": str(sink_file), "topics": topic},
            }
        )
    )
    expected = _size(source_file)
    with StandaloneProcess(tmp_path, bootstrap_servers, [source, sink], NATIVE) as worker:
        wait_for(lambda: _size(sink_file) >= expected, 600, f"{expected} bytes in the sink file")
        assert worker.stop() == 0
    assert _size(sink_file) == expected
    digest = hashlib.sha256(source_file.read_bytes()).hexdigest()
    assert hashlib.sha256(sink_file.read_bytes()).hexdigest() == digest, "same count, same checksum"


def test_a_broker_outage_blocks_with_bounded_memory_and_loses_nothing(tmp_path: Path) -> None:
    lines = [f"{i:07d} {'x' * 90}" for i in range(400_000)]
    source_file = tmp_path / "input.txt"
    _write_lines(source_file, lines)
    with KafkaBroker(data_dir=tmp_path / "broker") as broker:
        bootstrap = broker.bootstrap_servers
        broker.create_topic("outage", 1)
        source = write_properties(
            tmp_path / "source.properties",
            {"name": "src", "connector.class": "FileStreamSource", "file": str(source_file),
             "topic": "outage", "batch.size": "1000"},
        )  # fmt: skip
        # a 4 MB producer queue: the task must block, not buffer the file in memory
        overrides = {**NATIVE, "producer.buffer.memory": str(4 * 1024 * 1024)}
        (tmp_path / "w").mkdir()
        with StandaloneProcess(tmp_path / "w", bootstrap, [source], overrides) as worker:
            wait_for(lambda: "native client" in worker.log_path.read_text(), 60, "the native producer")
            broker.stop()
            wait_for(
                lambda: "Producer queue is full; waiting" in worker.log_path.read_text(),
                120,
                "the task logging that it waits for the broker",
            )
            assert worker.proc is not None
            rss_blocked = psutil.Process(worker.proc.pid).memory_info().rss
            assert worker.connector_state("src")[1] == ["RUNNING"]
            broker.start()
            values = [v for v, _ in consume(bootstrap, "outage", len(lines))]
            rss_after = psutil.Process(worker.proc.pid).memory_info().rss
        assert values == lines, "every line exactly once, in order, after the outage"
        assert rss_blocked < 400 * 1024 * 1024, f"RSS while blocked {rss_blocked / 1e6:.0f} MB"
        assert rss_after < 400 * 1024 * 1024, f"RSS after the outage {rss_after / 1e6:.0f} MB"


def test_a_record_too_large_fails_the_task_with_a_clear_message(
    tmp_path: Path, bootstrap_servers: str, topic: str
) -> None:
    source_file = tmp_path / "input.txt"
    _write_lines(source_file, ["small", "y" * 2_000_000, "after"])
    source = write_properties(
        tmp_path / "source.properties",
        {"name": "src", "connector.class": "FileStreamSource", "file": str(source_file), "topic": topic},
    )
    with StandaloneProcess(tmp_path, bootstrap_servers, [source], NATIVE) as worker:
        wait_for(lambda: worker.connector_state("src")[1] == ["FAILED"], 60, "the task FAILED")
        trace = worker.get("/connectors/src/status").json()["tasks"][0]["trace"]
    assert f"Producer send failed for topic {topic}" in trace
    assert "is larger than max.request.size" in trace
    assert [v for v, _ in consume(bootstrap_servers, topic, 1)] == ["small"]
