"""HDFS sink: Kafka -> Parquet on local disk and on a real HDFS, beside the broker's and pyarrow's ceilings.

For each record size (about 100 B and 1 KB JSON-with-schema values: a struct of an id,
a counter and a text payload), in one run:

* ``consumer_ceiling``: the broker's ConsumerPerformance reading the topic (records/s);
* ``pyarrow_ceiling``: pyarrow writing the same rows as Parquet straight from Python lists in
  memory (records/s; what the row path's writer could reach with no Kafka and no decoding);
* ``kconnect_local`` / ``kconnect_hdfs``: a ``kconnect standalone`` worker with the HDFS sink
  (Parquet, ``flush.size`` 50,000) from the start of the topic until every record is in a
  committed file; records/s and the worker's peak RSS (``VmHWM``).

Needs a broker (``KCONNECT_BOOTSTRAP_SERVERS``, else a throwaway ``kconnect dev kafka``) and
starts its own HDFS.  Run: ``.venv/bin/python -m benches.hdfs_sink_bench [--records N]``.
Prints one JSON object.  Not part of CI.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import fsspec  # type: ignore[import-untyped]
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from confluent_kafka import Producer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.standalone_process import StandaloneProcess, wait_for  # noqa: E402

from kconnect.dev.hdfs import SUPERUSER, HdfsCluster  # noqa: E402
from kconnect.dev.kafka import KafkaBroker, create_topic, java_command  # noqa: E402

SCHEMA = {
    "type": "struct",
    "name": "bench.Row",
    "fields": [
        {"field": "id", "type": "int64"},
        {"field": "n", "type": "int32"},
        {"field": "text", "type": "string"},
    ],
}
COMMITTED = re.compile(r"\+(\d+)\+(\d+)\.parquet$")


def _rows(count: int, size: int) -> tuple[list[bytes], dict[str, list[Any]]]:
    overhead = len(json.dumps({"schema": SCHEMA, "payload": {"id": 0, "n": 0, "text": ""}}))
    text = "x" * max(1, size - overhead)
    values = [
        json.dumps({"schema": SCHEMA, "payload": {"id": i, "n": i % 1000, "text": text}}).encode()
        for i in range(count)
    ]
    columns = {"id": list(range(count)), "n": [i % 1000 for i in range(count)], "text": [text] * count}
    return values, columns


def _produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "batch.size": 1 << 20})
    for value in values:
        while True:
            try:
                producer.produce(topic, value, partition=0)
                break
            except BufferError:
                producer.poll(0.01)
    assert producer.flush(120) == 0


def consumer_ceiling(bootstrap: str, topic: str, count: int) -> dict[str, Any]:
    cmd = java_command("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                       "--topic", topic, "--messages", str(count), "--timeout", "60000")  # fmt: skip
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    seconds = time.perf_counter() - start
    fields = out.strip().splitlines()[-1].split(",")
    return {"records_per_s": round(float(fields[5])), "process_seconds": round(seconds, 2)}


def pyarrow_ceiling(columns: dict[str, list[Any]]) -> dict[str, Any]:
    count = len(columns["id"])
    schema = pa.schema([("id", pa.int64(), False), ("n", pa.int32(), False), ("text", pa.string(), False)])
    start = time.perf_counter()
    table = pa.Table.from_pydict(columns, schema=schema)
    pq.write_table(table, io.BytesIO(), compression="snappy")
    seconds = time.perf_counter() - start
    return {"records_per_s": round(count / seconds)}


def _committed_count(fs: Any, root: str) -> int:
    try:
        files = fs.find(root)
    except FileNotFoundError:
        return 0
    total = 0
    for path in files:
        m = COMMITTED.search(path)
        if m and "+tmp" not in path:
            total += int(m[2]) - int(m[1]) + 1
    return total


def kconnect_run(
    work: Path, bootstrap: str, topic: str, count: int, url: str, fs: Any, root: str
) -> dict[str, Any]:
    overrides = {"value.converter": "org.apache.kafka.connect.json.JsonConverter",
                 "offset.flush.interval.ms": "1000", "consumer.max.poll.records": "5000"}  # fmt: skip
    config = {
        "connector.class": "io.confluent.connect.hdfs.HdfsSinkConnector",
        "topics": topic,
        "hdfs.url": url,
        "format.class": "Parquet",
        "flush.size": "50000",
        "rotate.interval.ms": "2000",
    }
    work.mkdir(parents=True, exist_ok=True)
    with StandaloneProcess(work, bootstrap, [], overrides=overrides) as worker:
        assert worker.proc is not None
        start = time.perf_counter()
        name = f"bench-{uuid.uuid4().hex[:6]}"
        response = worker.request("POST", "/connectors", json={"name": name, "config": config})
        assert response.status_code == 201, response.text
        wait_for(
            lambda: _committed_count(fs, root) >= count, 1800, f"{count} records committed", interval_s=0.5
        )
        seconds = time.perf_counter() - start
        status = Path(f"/proc/{worker.proc.pid}/status").read_text()
        hwm_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    return {
        "records_per_s": round(count / seconds),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(hwm_kb / 1024),
    }


def bench_size(stack: ExitStack, bootstrap: str, hdfs: HdfsCluster, count: int, size: int) -> dict[str, Any]:
    topic = f"hdfs-bench-{size}-{uuid.uuid4().hex[:6]}"
    create_topic(bootstrap, topic, 1)
    values, columns = _rows(count, size)
    _produce(bootstrap, topic, values)
    work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kconnect-hdfs-bench-")))
    local_root = str(work / "store")
    hdfs_fs = fsspec.filesystem("webhdfs", host="127.0.0.1", port=hdfs.http_port, user=SUPERUSER,
                                skip_instance_cache=True)  # fmt: skip
    result = {
        "value_bytes": len(values[0]),
        "consumer_ceiling": consumer_ceiling(bootstrap, topic, count),
        "pyarrow_ceiling": pyarrow_ceiling(columns),
        "kconnect_local": kconnect_run(
            work / "w1",
            bootstrap,
            topic,
            count,
            f"file://{local_root}",
            fsspec.filesystem("file"),
            f"{local_root}/topics",
        ),
        "kconnect_hdfs": kconnect_run(
            work / "w2",
            bootstrap,
            topic,
            count,
            f"{hdfs.webhdfs_url}/bench-{topic}",
            hdfs_fs,
            f"/bench-{topic}/topics",
        ),
    }
    lower = min(result["consumer_ceiling"]["records_per_s"], result["pyarrow_ceiling"]["records_per_s"])
    result["local_fraction_of_lower_ceiling"] = round(result["kconnect_local"]["records_per_s"] / lower, 3)
    result["hdfs_fraction_of_lower_ceiling"] = round(result["kconnect_hdfs"]["records_per_s"] / lower, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        bootstrap = os.environ.get("KCONNECT_BOOTSTRAP_SERVERS")
        if not bootstrap:
            bootstrap = stack.enter_context(KafkaBroker()).bootstrap_servers
        hdfs = stack.enter_context(HdfsCluster())
        results = {f"{size}B": bench_size(stack, bootstrap, hdfs, args.records, size) for size in (100, 1000)}
        print(json.dumps({"records": args.records, **results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
