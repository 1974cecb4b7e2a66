"""File -> Kafka -> file through a real standalone worker process and the real broker."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from tests.integration.standalone_process import (
    StandaloneProcess,
    consume,
    high_watermark,
    wait_for,
    write_properties,
)

from kconnect.dev.kafka import KafkaBroker
from kconnect.storage import offset_codec
from kconnect.storage.offsets import FileOffsetBackingStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "kafka-config"


def _lines(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = ["kafka", "connect", "python", "rust", "héllo", "数据", "tab\there", 'quote"s', "{json}", ""]
    return [f"{i:06d} " + " ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for i in range(n)]


def _line_count(path: Path) -> int:
    try:
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def test_100k_lines_file_to_kafka_to_file_byte_identical(
    tmp_path: Path, bootstrap_servers: str, topic: str
) -> None:
    lines = _lines(100_000)
    source_file = tmp_path / "input.txt"
    source_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
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
                "config": {
                    "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
                    "file": str(sink_file),
                    "topics": topic,
                },
            }
        )
    )
    with StandaloneProcess(tmp_path, bootstrap_servers, [source, sink]) as worker:
        wait_for(lambda: _line_count(sink_file) >= len(lines), 180, "100k lines in the sink file")
        assert worker.connector_state("src")[0] == "RUNNING"
        assert worker.stop() == 0
    assert sink_file.read_bytes() == source_file.read_bytes()


def test_kill_9_mid_stream_then_restart_loses_nothing(
    tmp_path: Path, bootstrap_servers: str, topic: str
) -> None:
    lines = _lines(300_000, seed=11)
    source_file = tmp_path / "input.txt"
    source_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    source = write_properties(
        tmp_path / "source.properties",
        {
            "name": "src",
            "connector.class": "FileStreamSource",
            "file": str(source_file),
            "topic": topic,
            "batch.size": "500",
        },
    )
    offsets_path = tmp_path / "connect.offsets"
    flush_ms = 1000
    overrides = {"offset.flush.interval.ms": str(flush_ms)}
    key = offset_codec.encode_key("src", {"filename": str(source_file)})

    def committed_position() -> int:
        store = FileOffsetBackingStore(offsets_path)
        store.start()
        value = offset_codec.decode_value(store.get([key]).get(key))
        return int(value["position"]) if value else 0

    worker = StandaloneProcess(tmp_path, bootstrap_servers, [source], overrides).start()
    wait_for(lambda: offsets_path.exists() and committed_position() > 0, 60, "a first offset commit")
    worker.kill()
    position = committed_position()
    assert 0 < position < source_file.stat().st_size, "killed mid-stream"
    resume_index = source_file.read_bytes()[:position].count(b"\n")
    produced_before_kill = high_watermark(bootstrap_servers, topic)
    assert produced_before_kill >= resume_index, "a committed offset never runs ahead of acknowledged records"

    with StandaloneProcess(tmp_path, bootstrap_servers, [source], overrides):
        total = produced_before_kill + len(lines) - resume_index
        records = consume(bootstrap_servers, topic, total)
    values = [v for v, _ in records]
    assert values == lines[:produced_before_kill] + lines[resume_index:], (
        "every line, in order, replay from the committed offset"
    )
    assert high_watermark(bootstrap_servers, topic) == total, "nothing beyond the replayed block"
    duplicates = records[resume_index:produced_before_kill]
    print(f"killed after {produced_before_kill} acked, {resume_index} committed, {len(duplicates)} replayed")
    if duplicates:
        span_ms = duplicates[-1][1] - duplicates[0][1]
        assert span_ms <= flush_ms + 1500, f"duplicates span {span_ms} ms, more than one flush interval"


def test_apache_sample_configs_unchanged(tmp_path: Path) -> None:
    """Apache Kafka's own connect-standalone/file-source/file-sink samples work as shipped."""
    for name in (
        "connect-standalone.properties",
        "connect-file-source.properties",
        "connect-file-sink.properties",
    ):
        shutil.copy(FIXTURES / name, tmp_path / name)
    Path("/tmp/connect.offsets").unlink(missing_ok=True)
    (tmp_path / "test.txt").write_text("foo\nbar\nbaz\n")
    with KafkaBroker(port=9092):
        import subprocess
        import sys

        proc = subprocess.Popen(
            [sys.executable, "-m", "kconnect.cli.main", "standalone", "connect-standalone.properties",
             "connect-file-source.properties", "connect-file-sink.properties"],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=(tmp_path / "worker.log").open("wb"),
        )  # fmt: skip
        try:
            sink = tmp_path / "test.sink.txt"
            wait_for(
                lambda: sink.exists() and sink.read_text().count("\n") >= 3, 90, "the sample sink output"
            )
            # JsonConverter with schemas.enable=true: values round-trip as plain strings
            assert sink.read_text() == "foo\nbar\nbaz\n"
        finally:
            proc.terminate()
            assert proc.wait(60) == 0, (tmp_path / "worker.log").read_text()


def test_file_sink_without_file_writes_stdout(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    source_file = tmp_path / "input.txt"
    source_file.write_text("to stdout 1\nto stdout 2\n")
    source = write_properties(
        tmp_path / "source.properties",
        {"name": "src", "connector.class": "FileStreamSource", "file": str(source_file), "topic": topic},
    )
    sink = write_properties(
        tmp_path / "sink.properties", {"name": "out", "connector.class": "FileStreamSink", "topics": topic}
    )
    with StandaloneProcess(tmp_path, bootstrap_servers, [source, sink]) as worker:
        wait_for(lambda: "to stdout 2\n" in worker.log_path.read_text(), 60, "lines on the worker's stdout")
    lines = worker.log_path.read_text().splitlines()
    assert lines.count("to stdout 1") == 1 and lines.count("to stdout 2") == 1
