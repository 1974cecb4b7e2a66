"""A real ``kconnect distributed`` worker process for integration tests (not a test module)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import httpx
from tests.integration.standalone_process import REPO_ROOT, StandaloneProcess, wait_for


class DistributedProcess(StandaloneProcess):
    """A worker of a distributed cluster; ready once ``/health`` is 200 (joined)."""

    def __init__(
        self, work_dir: Path, bootstrap_servers: str, group: str, overrides: Mapping[str, str] | None = None
    ):
        work_dir.mkdir(parents=True, exist_ok=True)
        props = {
            "group.id": group,
            "config.storage.topic": f"{group}-configs",
            "offset.storage.topic": f"{group}-offsets",
            "status.storage.topic": f"{group}-status",
            "config.storage.replication.factor": "1",
            "offset.storage.replication.factor": "1",
            "status.storage.replication.factor": "1",
            "offset.storage.partitions": "3",
            "status.storage.partitions": "2",
            "scheduled.rebalance.max.delay.ms": "3000",
            "offset.flush.interval.ms": "500",
            **(overrides or {}),
        }
        super().__init__(work_dir, bootstrap_servers, overrides=props)
        self.props.pop("offset.storage.file.filename", None)

    def start(self, wait: bool = True) -> DistributedProcess:
        from kconnect.config import format_properties

        self.worker_file.write_text(format_properties(self.props))
        log = self.log_path.open("ab")
        python_path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": python_path}
        args = [sys.executable, "-m", "kconnect.cli.main", "distributed", str(self.worker_file)]
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.work_dir, env=env)
        log.close()
        if wait:
            wait_for(self._ready, 90, f"worker {self.url} joined (log: {self.log_tail()})")
        return self

    def __enter__(self) -> DistributedProcess:
        return self.start()

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"worker exited with {self.proc.returncode}: {self.log_tail()}")
        try:
            return httpx.get(self.url + "/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False
