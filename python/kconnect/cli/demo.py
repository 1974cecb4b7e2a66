"""``kconnect demo``: two pipelines on a real local broker, run by a standalone worker in this process.

* default: FileStreamSource -> Kafka -> FileStreamSink; waits until every line of a
  sample file has gone through Kafka into the output file and prints the copied lines;
* ``--pipeline database``: a generated SQLite shop database -> JDBC source (JsonConverter
  with schemas) -> Kafka -> HDFS sink writing Parquet files on the local filesystem
  (``--output DIR``, a new temp dir by default, kept); waits until every order is in a
  committed Parquet file, reads them back with pyarrow and prints the files and a few rows.

The broker's jars come from Maven Central on first run; everything stops at the end.
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
    parser.add_argument(
        "--pipeline",
        choices=("file", "database"),
        default="file",
        help="file: file -> Kafka -> file; database: SQLite -> JDBC source -> Kafka -> Parquet files",
    )
    parser.add_argument("--output", type=Path, help="where the database pipeline writes its Parquet files")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kconnect.runtime import logs

    logs.configure(logging.WARNING)
    if args.pipeline == "database":
        try:
            asyncio.run(_database_demo(args.output, args.timeout))
        except ConnectError as e:
            print(f"kconnect demo: {e}", file=sys.stderr)
            return 1
        return 0
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


DEMO_ORDERS = 200
PARQUET_FLUSH_SIZE = 50


def _worker_props(bootstrap: str, work: Path, value_converter: str) -> dict[str, str]:
    return {
        "bootstrap.servers": bootstrap,
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": value_converter,
        "offset.storage.file.filename": str(work / "connect.offsets"),
        "offset.flush.interval.ms": "1000",
        "listeners": "http://127.0.0.1:0",
    }


async def _database_demo(output: Path | None, timeout_s: float) -> None:
    from kconnect.config.files import ConnectorFile
    from kconnect.connectors.jdbc.demo import connector_config, create_demo_database
    from kconnect.dev.kafka import KafkaBroker
    from kconnect.runtime.standalone.runner import start_standalone

    out = (output or Path(tempfile.mkdtemp(prefix="kconnect-demo-parquet-"))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kconnect-demo-") as tmp:
        work = Path(tmp)
        database = create_demo_database(work / "shop.db", orders=DEMO_ORDERS)
        print(f"Generated a SQLite shop database with {DEMO_ORDERS} orders", file=sys.stderr)
        print("Starting a local Kafka broker (first run downloads it from Maven Central)...", file=sys.stderr)
        with await asyncio.to_thread(KafkaBroker().__enter__) as broker:
            props = _worker_props(
                broker.bootstrap_servers, work, "org.apache.kafka.connect.json.JsonConverter"
            )
            source = ConnectorFile("shop-orders", connector_config(database, "shop-"))
            sink = ConnectorFile(
                "shop-parquet",
                {
                    "connector.class": "io.confluent.connect.hdfs.HdfsSinkConnector",
                    "topics": "shop-orders",
                    "hdfs.url": out.as_uri(),
                    "format.class": "Parquet",
                    "flush.size": str(PARQUET_FLUSH_SIZE),
                },
            )
            worker = await start_standalone(props, [source, sink])
            try:
                print(f"Worker REST API at {worker.rest_url}", file=sys.stderr)
                files = await _wait_for_parquet(out, DEMO_ORDERS, timeout_s)
            finally:
                await worker.stop()
    _print_parquet(out, files)


def _committed_parquet(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.parquet") if "+tmp" not in p.parts)


def _parquet_rows(files: list[Path]) -> int:
    import pyarrow.parquet as pq

    return sum(pq.read_metadata(f).num_rows for f in files)


async def _wait_for_parquet(root: Path, rows: int, timeout_s: float) -> list[Path]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        files = _committed_parquet(root)
        if _parquet_rows(files) >= rows:
            return files
        await asyncio.sleep(0.2)
    raise ConnectError(f"timed out after {timeout_s}s waiting for {rows} rows in Parquet files under {root}")


def _print_parquet(root: Path, files: list[Path]) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(files[0])
    pipeline = "SQLite -> JDBC source -> Kafka -> HDFS sink"
    print(f"Streamed {_parquet_rows(files)} orders {pipeline} into {len(files)} Parquet files:")
    for f in files:
        print(f"  {f.relative_to(root)}")
    print(f"Columns: {', '.join(table.column_names)}")
    for row in table.slice(0, 3).to_pylist():
        print(f"  {row}")
    print(f"Files kept under {root}")


async def _wait_for_lines(path: Path, count: int, timeout_s: float) -> list[str]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            copied = path.read_text(encoding="utf-8").splitlines()
            if len(copied) >= count:
                return copied
        await asyncio.sleep(0.1)
    raise ConnectError(f"timed out after {timeout_s}s waiting for {count} lines in {path}")
