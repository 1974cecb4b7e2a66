"""``kconnect standalone`` / ``connect-standalone`` on bad input: a clear message and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.integration.standalone_process import StandaloneProcess, wait_for, write_properties

from kconnect.config import format_properties

CLI = [sys.executable, "-m", "kconnect.cli.main", "standalone"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _worker_props(tmp_path: Path, bootstrap: str = "127.0.0.1:1", **extra: str) -> Path:
    props = {
        "bootstrap.servers": bootstrap,
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.storage.StringConverter",
        "offset.storage.file.filename": str(tmp_path / "offsets"),
        "listeners": "http://127.0.0.1:0",
        **extra,
    }
    return write_properties(tmp_path / "worker.properties", props)


def test_help_and_missing_arguments(tmp_path: Path) -> None:
    assert "WORKER.properties" in _run(["--help"], tmp_path).stdout
    result = _run([], tmp_path)
    assert result.returncode != 0
    assert "WORKER.properties" in result.stderr


def test_connect_standalone_alias_has_the_same_arguments() -> None:
    script = Path(sys.executable).parent / "connect-standalone"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "WORKER.properties" in result.stdout


def test_malformed_properties_names_file_and_line(tmp_path: Path) -> None:
    worker = tmp_path / "worker.properties"
    worker.write_text("bootstrap.servers=x\nbad.escape=\\uZZZZ\n")
    result = _run([str(worker)], tmp_path)
    assert result.returncode == 1
    assert f"{worker}:2" in result.stderr


def test_missing_required_worker_key_is_named(tmp_path: Path) -> None:
    worker = tmp_path / "worker.properties"
    worker.write_text(format_properties({"bootstrap.servers": "x", "key.converter": "StringConverter"}))
    result = _run([str(worker)], tmp_path)
    assert result.returncode == 1
    assert 'Missing required configuration "value.converter"' in result.stderr
    assert "offset.storage.file.filename" in result.stderr


def test_unreadable_connector_file(tmp_path: Path) -> None:
    result = _run([str(_worker_props(tmp_path)), str(tmp_path / "nope.properties")], tmp_path)
    assert result.returncode == 1
    assert "nope.properties" in result.stderr


def test_invalid_json_connector_file_names_line(tmp_path: Path) -> None:
    connector = tmp_path / "c.json"
    connector.write_text('{"name": "x",\n "config": {oops}}')
    result = _run([str(_worker_props(tmp_path)), str(connector)], tmp_path)
    assert result.returncode == 1
    assert "c.json" in result.stderr and "line 2" in result.stderr


def test_corrupt_offsets_file_refuses_to_start(tmp_path: Path) -> None:
    (tmp_path / "offsets").write_bytes(b"\xac\xed\x00\x05garbage")
    result = _run([str(_worker_props(tmp_path))], tmp_path)
    assert result.returncode == 1
    assert "Corrupt offsets file" in result.stderr and "Refusing to start" in result.stderr
    assert (tmp_path / "offsets").read_bytes() == b"\xac\xed\x00\x05garbage", "the file is kept as it was"


def test_unknown_connector_class_in_file_lists_plugins(tmp_path: Path, bootstrap_servers: str) -> None:
    connector = write_properties(tmp_path / "c.properties", {"name": "c", "connector.class": "Nope"})
    result = _run([str(_worker_props(tmp_path, bootstrap_servers)), str(connector)], tmp_path)
    assert result.returncode == 1
    assert "Nope" in result.stderr and "FileStreamSourceConnector" in result.stderr


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_signal_stops_gracefully_and_flushes_offsets(
    tmp_path: Path, bootstrap_servers: str, topic: str, sig: str
) -> None:
    import signal

    data = tmp_path / "in.txt"
    data.write_text("a\nb\nc\n")
    source = write_properties(
        tmp_path / "s.properties",
        {"name": "s", "connector.class": "FileStreamSource", "file": str(data), "topic": topic},
    )
    # a long flush interval: only the flush at shutdown can write the offsets
    worker = StandaloneProcess(
        tmp_path, bootstrap_servers, [source], {"offset.flush.interval.ms": "600000"}
    ).start()
    worker.wait_running("s")
    from tests.integration.standalone_process import consume

    consume(bootstrap_servers, topic, 3)
    assert worker.proc is not None
    worker.proc.send_signal(getattr(signal, sig))
    assert worker.proc.wait(60) == 0
    assert (tmp_path / "connect.offsets").exists()
    log = worker.log_path.read_text()
    assert "Kafka Connect stopped" in log
    wait_for(lambda: b'{"position":6}' in (tmp_path / "connect.offsets").read_bytes(), 5, "the final offset")
