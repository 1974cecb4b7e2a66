"""``kconnect dev hdfs``: a real HDFS from the command line, ready line, WebHDFS round trip, clean stop."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import fsspec  # type: ignore[import-untyped]

from kconnect.cli.dev import HDFS_READY_LINE
from kconnect.dev.hdfs import SUPERUSER
from kconnect.dev.local import free_port


def test_dev_hdfs_runs_serves_webhdfs_and_stops_on_sigterm(tmp_path: Path) -> None:
    http_port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "kconnect.cli.main",
        "dev",
        "hdfs",
        "--port",
        "0",
        "--http-port",
        str(http_port),
        "--data-dir",
        str(tmp_path),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()  # blocks until ready (or the process exits: empty line)
        assert line == HDFS_READY_LINE.format(url=f"webhdfs://127.0.0.1:{http_port}")
        fs = fsspec.filesystem(
            "webhdfs", host="127.0.0.1", port=http_port, user=SUPERUSER, skip_instance_cache=True
        )
        fs.pipe_file("/cli/hello.txt", b"hello hdfs")
        assert fs.cat_file("/cli/hello.txt") == b"hello hdfs"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert any(tmp_path.glob("data/name-*")), "the namespace stays in --data-dir"
