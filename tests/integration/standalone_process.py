"""Run a real ``kconnect standalone`` worker process for integration tests (not a test module)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from confluent_kafka import Consumer, TopicPartition

from kconnect.config import format_properties
from kconnect.dev.kafka import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


def wait_for(
    condition: Callable[[], Any], timeout_s: float = 60.0, what: str = "condition", interval_s: float = 0.1
) -> Any:
    """Poll ``condition`` until it returns something truthy; AssertionError naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what} (last value: {last!r})")


class StandaloneProcess:
    """A ``kconnect standalone`` child process with its worker config written to ``work_dir``."""

    def __init__(
        self,
        work_dir: Path,
        bootstrap_servers: str,
        connector_files: Sequence[Path] = (),
        overrides: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.work_dir = work_dir
        self.port = port or free_port()
        self.props = {
            "bootstrap.servers": bootstrap_servers,
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter",
            "offset.storage.file.filename": str(work_dir / "connect.offsets"),
            "offset.flush.interval.ms": "1000",
            "listeners": f"http://127.0.0.1:{self.port}",
            **(overrides or {}),
        }
        self.worker_file = work_dir / "worker.properties"
        self.connector_files = list(connector_files)
        self.log_path = work_dir / f"worker-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> StandaloneProcess:
        self.worker_file.write_text(format_properties(self.props))
        args = [
            sys.executable,
            "-m",
            "kconnect.cli.main",
            "standalone",
            str(self.worker_file),
            *map(str, self.connector_files),
        ]
        log = self.log_path.open("ab")
        # the repository root on PYTHONPATH lets the worker load test plugins by dotted path
        python_path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": python_path}
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.work_dir, env=env)
        log.close()
        if wait:
            wait_for(self._ready, 60, f"worker REST API at {self.url} (log: {self.log_tail()})")
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"worker exited with {self.proc.returncode}: {self.log_tail()}")
        try:
            return httpx.get(self.url + "/connectors", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, self.url + path, timeout=60, **kwargs)

    def connector_state(self, name: str) -> tuple[str | None, list[str]]:
        response = self.get(f"/connectors/{name}/status")
        if response.status_code != 200:
            return None, []
        body = response.json()
        return body["connector"]["state"], [t["state"] for t in body["tasks"]]

    def wait_running(self, name: str, tasks: int = 1, timeout_s: float = 60) -> None:
        def running() -> bool:
            state, task_states = self.connector_state(name)
            return state == "RUNNING" and task_states == ["RUNNING"] * tasks

        wait_for(running, timeout_s, f"{name} RUNNING with {tasks} task(s)")

    def stop(self, timeout_s: float = 60) -> int:
        """SIGTERM and wait; returns the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout_s)

    def kill(self) -> None:
        """SIGKILL: no chance to flush anything."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(30)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "<no log>"

    def __enter__(self) -> StandaloneProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.stop(30)
            except subprocess.TimeoutExpired:
                self.kill()


def consume(bootstrap: str, topic: str, count: int) -> list[tuple[str, int]]:
    """The first ``count`` records of partition 0 as (value, timestamp ms)."""
    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"check-{topic}", "enable.auto.commit": False}
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    out: list[tuple[str, int]] = []
    try:

        def drained() -> bool:
            for msg in consumer.consume(10_000, 0.5):
                assert msg.error() is None, msg.error()
                out.append((msg.value().decode(), msg.timestamp()[1]))
            return len(out) >= count

        wait_for(drained, 120, f"{count} records on {topic}", interval_s=0)
    finally:
        consumer.close()
    return out[:count]


def high_watermark(bootstrap: str, topic: str) -> int:
    """The end offset of partition 0 of ``topic``."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"wm-{topic}"})
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=30)[1])
    finally:
        consumer.close()


def write_properties(path: Path, props: Mapping[str, str]) -> Path:
    path.write_text(format_properties(props))
    return path
