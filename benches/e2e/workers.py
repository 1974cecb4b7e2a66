"""The two runtimes under test as child processes: kconnect standalone and Java ConnectStandalone.

Both get the same worker properties (bootstrap, converters, offset flush) and
are driven the same way: start, wait for ``GET /connectors``, ``PUT`` a
connector config, stop.  Java runs with the JVM options of Kafka's own
``connect-standalone.sh`` (heap 256 MB..2 GB, G1).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from kconnect.config import format_properties
from kconnect.dev.kafka import LOG4J2_PROPERTIES, free_port, java_command

REPO_ROOT = Path(__file__).resolve().parents[2]

JAVA_CONNECT_JVM_OPTS = (
    "-Xms256M",
    "-Xmx2G",
    "-server",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
)
"""``connect-standalone.sh``'s heap options plus ``kafka-run-class.sh``'s JVM performance options."""

STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"


def converter_settings(converter: str) -> dict[str, str]:
    """Worker converter properties for ``string`` or ``json`` (JsonConverter with schemas on)."""
    if converter == "string":
        return {"key.converter": STRING_CONVERTER, "value.converter": STRING_CONVERTER}
    if converter == "json":
        return {
            "key.converter": JSON_CONVERTER,
            "value.converter": JSON_CONVERTER,
            "key.converter.schemas.enable": "true",
            "value.converter.schemas.enable": "true",
        }
    raise ValueError(f"unknown converter {converter!r}")


class WorkerProcess:
    """One standalone worker child process with a REST port; subclasses say how to launch it."""

    runtime = "?"

    def __init__(
        self, work_dir: Path, bootstrap: str, converter: str, overrides: Mapping[str, str] | None = None
    ) -> None:
        work_dir.mkdir(parents=True, exist_ok=True)
        self.work_dir = work_dir
        self.port = free_port()
        self.props = {
            "bootstrap.servers": bootstrap,
            **converter_settings(converter),
            "offset.storage.file.filename": str(work_dir / "connect.offsets"),
            "offset.flush.interval.ms": "10000",
            "listeners": f"http://127.0.0.1:{self.port}",
            **(overrides or {}),
        }
        self.log_path = work_dir / "worker.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, worker_file: Path) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return dict(os.environ)

    def start(self, timeout_s: float = 120.0) -> WorkerProcess:
        worker_file = self.work_dir / "worker.properties"
        worker_file.write_text(format_properties(self.props))
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command(worker_file), stdout=log, stderr=subprocess.STDOUT, cwd=self.work_dir,
                env=self.env(),
            )  # fmt: skip
        deadline = time.monotonic() + timeout_s
        while not self._ready():
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.runtime} worker not ready after {timeout_s}s: {self.log_tail()}")
            time.sleep(0.2)
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.runtime} worker exited with {self.proc.returncode}: {self.log_tail()}")
        try:
            return httpx.get(self.url + "/connectors", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def create_connector(self, name: str, config: Mapping[str, str]) -> None:
        response = httpx.put(f"{self.url}/connectors/{name}/config", json=dict(config), timeout=60)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"creating {name} failed: {response.status_code} {response.text}")

    def check_alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.runtime} worker died ({self.proc.returncode}): {self.log_tail()}")

    def failed_tasks(self, name: str) -> str | None:
        """The trace of a FAILED task of ``name``, if any."""
        try:
            body = httpx.get(f"{self.url}/connectors/{name}/status", timeout=5).json()
        except (httpx.HTTPError, ValueError):
            return None
        for task in body.get("tasks", []):
            if task.get("state") == "FAILED":
                return str(task.get("trace", "FAILED"))
        return None

    def stop(self, timeout_s: float = 60.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(30)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "<no log>"


class KconnectWorker(WorkerProcess):
    """``python -m kconnect.cli.main standalone worker.properties``."""

    runtime = "kconnect"

    def command(self, worker_file: Path) -> list[str]:
        return [sys.executable, "-m", "kconnect.cli.main", "standalone", str(worker_file)]


class JavaWorker(WorkerProcess):
    """Apache Kafka Connect ``ConnectStandalone`` from the Maven Central jars."""

    runtime = "java"

    def command(self, worker_file: Path) -> list[str]:
        conf_dir = self.work_dir / "conf"
        conf_dir.mkdir(exist_ok=True)
        (conf_dir / "log4j2.properties").write_text(LOG4J2_PROPERTIES)
        return java_command(
            "org.apache.kafka.connect.cli.ConnectStandalone",
            str(worker_file),
            conf_dir=conf_dir,
            jvm_opts=JAVA_CONNECT_JVM_OPTS,
        )
