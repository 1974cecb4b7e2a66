"""``kconnect demo``: FileStreamSource -> Kafka -> FileStreamSink on a real local broker.

Starts the local broker (jars fetched from Maven Central on first run), runs a
standalone worker in this process with two connectors, waits until every line
of a sample file has gone through Kafka into the output file, prints the copied
lines and stops everything.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kconnect.errors import ConnectError

log = logging.getLogger(__name__)

SAMPLE_LINES = [
    "Kafka Connect for Python, with a Rust core.",
    "This line went from a file, through a FileStreamSource connector,",
    "into the Kafka topic 'kconnect-demo', and out through a FileStreamSink",
    "connector into another file. Unicode survives too: héllo, 数据, ✓",
]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="run FileStreamSource -> Kafka -> FileStreamSink on a local broker"
    )
    parser.add_argument("--lines", type=int, default=len(SAMPLE_LINES), help="number of lines to copy")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the copy")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kconnect.runtime import logs

    logs.configure(logging.WARNING)
    try:
        copied = asyncio.run(_demo(args.lines, args.timeout))
    except ConnectError as e:
        print(f"kconnect demo: {e}", file=sys.stderr)
        return 1
    print(f"Copied {len(copied)} lines file -> Kafka -> file:")
    for line in copied[:20]:
        print(f"  {line}")
    return 0


def _lines(count: int) -> list[str]:
    return [SAMPLE_LINES[i] if i < len(SAMPLE_LINES) else f"line {i}" for i in range(count)]


async def _demo(count: int, timeout_s: float) -> list[str]:
    from kconnect.config.files import ConnectorFile
    from kconnect.dev.kafka import KafkaBroker
    from kconnect.runtime.standalone.runner import start_standalone

    lines = _lines(count)
    with tempfile.TemporaryDirectory(prefix="kconnect-demo-") as tmp:
        work = Path(tmp)
        source_file, sink_file = work / "input.txt", work / "output.txt"
        source_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print("Starting a local Kafka broker (first run downloads it from Maven Central)...", file=sys.stderr)
        with await asyncio.to_thread(KafkaBroker().__enter__) as broker:
            print(f"Broker ready at {broker.bootstrap_servers}; starting the worker...", file=sys.stderr)
            worker_props = {
                "bootstrap.servers": broker.bootstrap_servers,
                "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                "value.converter": "org.apache.kafka.connect.storage.StringConverter",
                "offset.storage.file.filename": str(work / "connect.offsets"),
                "offset.flush.interval.ms": "1000",
                "listeners": "http://127.0.0.1:0",
            }
            connectors = [
                ConnectorFile(
                    "demo-source",
                    {
                        "connector.class": "FileStreamSource",
                        "file": str(source_file),
                        "topic": "kconnect-demo",
                    },
                ),
                ConnectorFile(
                    "demo-sink",
                    {"connector.class": "FileStreamSink", "file": str(sink_file), "topics": "kconnect-demo"},
                ),
            ]
            worker = await start_standalone(worker_props, connectors)
            try:
                print(f"Worker REST API at {worker.rest_url}", file=sys.stderr)
                copied = await _wait_for_lines(sink_file, count, timeout_s)
            finally:
                await worker.stop()
    if copied != lines:
        raise ConnectError("the copied lines differ from the input")
    return copied


async def _wait_for_lines(path: Path, count: int, timeout_s: float) -> list[str]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            copied = path.read_text(encoding="utf-8").splitlines()
            if len(copied) >= count:
                return copied
        await asyncio.sleep(0.1)
    raise ConnectError(f"timed out after {timeout_s}s waiting for {count} lines in {path}")
