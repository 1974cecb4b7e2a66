"""Measure failover and rebalance times of kconnect and Apache Kafka Connect (not a test module).

``python -m tests.integration.distributed.measure_distributed BOOTSTRAP [DELAY_MS ...]``

For each implementation and each ``scheduled.rebalance.max.delay.ms``: three workers,
30 FileStreamSource connectors (30 connectors + 30 tasks) created through one worker's
REST API; reported: time from the first create to all 30 tasks RUNNING across the
three workers, and time from ``kill -9`` of the worker holding most tasks to all of them
RUNNING on the survivors.  Prints a Markdown table.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.distributed.java_connect import JavaConnectProcess
from tests.integration.distributed.test_distributed_java_compat import FILE_SOURCE, _worker_props

CONNECTORS = 30


def _placement(url: str) -> dict[str, str] | None:
    try:
        body = httpx.get(url + "/connectors?expand=status", timeout=10).json()
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(body, dict) or len(body) != CONNECTORS:
        return None
    out = {}
    for name, entry in body.items():
        tasks = entry["status"]["tasks"]
        if len(tasks) != 1 or tasks[0]["state"] != "RUNNING":
            return None
        out[name] = tasks[0]["worker_id"]
    return out


def _wait(cond: Any, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError("condition not met")


def run(kind: str, bootstrap: str, delay_ms: int, work: Path) -> tuple[float, float]:
    group = f"kcd-measure-{kind}-{uuid.uuid4().hex[:6]}"
    props = {**_worker_props(bootstrap, group), "scheduled.rebalance.max.delay.ms": str(delay_ms)}
    workers: list[Any] = []
    try:
        for i in range(3):
            if kind == "kconnect":
                workers.append(DistributedProcess(work / f"{group}-{i}", bootstrap, group, props).start())
            else:
                workers.append(JavaConnectProcess(work / f"{group}-{i}", props).start())
        url = workers[0].url
        started = time.monotonic()
        for n in range(CONNECTORS):
            path = work / f"{group}-in{n}.txt"
            path.write_text("x\n")
            body = {"name": f"fs{n}", "config": {"connector.class": FILE_SOURCE, "file": str(path),
                                                  "topic": f"{group}-out"}}  # fmt: skip
            while httpx.post(url + "/connectors", json=body, timeout=60).status_code == 409:
                time.sleep(0.05)
        placement = _wait(lambda: (p := _placement(url)) and len(set(p.values())) == 3 and p, 600)
        create_s = time.monotonic() - started
        busiest = Counter(placement.values()).most_common(1)[0][0]
        victim = next(w for w in workers if busiest.endswith(f":{w.port}"))
        survivor = next(w for w in workers if w is not victim)
        killed = time.monotonic()
        victim.kill()
        _wait(lambda: (p := _placement(survivor.url)) and busiest not in p.values(), delay_ms / 1000 + 600)
        failover_s = time.monotonic() - killed
        return create_s, failover_s
    finally:
        for w in workers:
            if w.proc is not None and w.proc.poll() is None:
                w.stop(60)


def main() -> None:
    bootstrap = sys.argv[1]
    delays = [int(d) for d in sys.argv[2:]] or [1000]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for delay in delays:
            for kind in ("kconnect", "java"):
                create_s, failover_s = run(kind, bootstrap, delay, Path(tmp))
                rows.append(f"| {kind} | {delay} | {create_s:.1f} | {failover_s:.1f} |")
                print(rows[-1], flush=True)
    print(
        "| implementation | scheduled.rebalance.max.delay.ms | 30 connectors created -> 30 tasks RUNNING on "
        "3 workers (s) | kill -9 -> its tasks RUNNING elsewhere (s) |"
    )
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
