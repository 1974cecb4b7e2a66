"""Apache Kafka Connect (Java, Maven Central jars) in distributed mode, for compatibility tests."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

import httpx
from tests.integration.standalone_process import wait_for

from kconnect.config import format_properties
from kconnect.dev.kafka import LOG4J2_PROPERTIES
from kconnect.dev.kafka_jars import java_command
from kconnect.dev.local import free_port


class JavaConnectProcess:
    """``org.apache.kafka.connect.cli.ConnectDistributed`` with the same worker keys kconnect takes."""

    def __init__(self, work_dir: Path, props: Mapping[str, str]) -> None:
        work_dir.mkdir(parents=True, exist_ok=True)
        self.work_dir = work_dir
        self.port = free_port()
        self.props = {**props, "listeners": f"http://127.0.0.1:{self.port}"}
        self.log_path = work_dir / f"java-connect-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> JavaConnectProcess:
        conf = self.work_dir / "conf"
        conf.mkdir(exist_ok=True)
        (conf / "log4j2.properties").write_text(LOG4J2_PROPERTIES)
        worker_file = self.work_dir / "java-worker.properties"
        worker_file.write_text(format_properties(self.props))
        args = java_command(
            "org.apache.kafka.connect.cli.ConnectDistributed", str(worker_file), conf_dir=conf
        )
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.work_dir)
        wait_for(self._ready, 180, f"Java Connect at {self.url} ({self.log_tail()})", interval_s=0.5)
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"Java Connect exited with {self.proc.returncode}: {self.log_tail()}")
        try:
            return httpx.get(self.url + "/connectors", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        return httpx.request(method, self.url + path, timeout=60, **kwargs)  # type: ignore[arg-type]

    def stop(self, timeout_s: float = 60) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(30)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(30)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "<no log>"
