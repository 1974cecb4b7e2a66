"""Cooperative rebalancing and rolling restarts with real worker processes."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.standalone_process import consume, wait_for

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def _create(worker: DistributedProcess, name: str, path: Path, topic: str) -> None:
    body = {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(path), "topic": topic}}

    def attempt() -> bool:
        response = worker.request("POST", "/connectors", json=body)
        assert response.status_code in (201, 409), response.text
        return response.status_code == 201

    wait_for(attempt, 60, f"create {name}", interval_s=0.2)


def _placement(worker: DistributedProcess, names: list[str]) -> dict[str, str] | None:
    out = {}
    for name in names:
        try:
            response = worker.get(f"/connectors/{name}/status")
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        tasks = response.json()["tasks"]
        if len(tasks) != 1 or tasks[0]["state"] != "RUNNING":
            return None
        out[name] = tasks[0]["worker_id"]
    return out


def _starts(worker: DistributedProcess, name: str) -> int:
    return worker.log_path.read_text(errors="replace").count(
        f"[{name}|task-0] WorkerSourceTask{{id={name}-0}} Source task finished"
    )


def test_joining_worker_takes_a_share_without_stopping_tasks_that_stay(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    group = f"kcd-{uuid.uuid4().hex[:8]}"
    first = [DistributedProcess(tmp_path / f"w{i}", bootstrap_servers, group) for i in range(2)]
    joiner = DistributedProcess(tmp_path / "w2", bootstrap_servers, group)
    names = [f"fs{i}" for i in range(6)]
    try:
        for w in first:
            w.start()
        for name in names:
            path = tmp_path / f"{name}.txt"
            path.write_text(f"{name}-a\n")
            _create(first[0], name, path, f"{group}-{name}")
        before = wait_for(lambda: _placement(first[0], names), 90, "6 tasks running on 2 workers")
        assert sorted(list(before.values()).count(f"127.0.0.1:{w.port}") for w in first) == [3, 3]
        joiner.start()
        after = wait_for(
            lambda: (p := _placement(first[0], names)) and len(set(p.values())) == 3 and p,
            90,
            "tasks on 3 workers",
        )
        counts = sorted(list(after.values()).count(v) for v in set(after.values()))
        assert counts == [2, 2, 2]
        stayed = [n for n in names if after[n] == before[n]]
        assert len(stayed) == 4
        by_id = {f"127.0.0.1:{w.port}": w for w in first}
        for name in stayed:  # cooperative: a task that did not move was started once and never restarted
            assert _starts(by_id[before[name]], name) == 1, name
    finally:
        for w in [*first, joiner]:
            if w.proc is not None and w.proc.poll() is None:
                w.stop(30)


def test_rolling_restart_loses_no_line(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kcd-{uuid.uuid4().hex[:8]}"
    workers = [DistributedProcess(tmp_path / f"w{i}", bootstrap_servers, group) for i in range(3)]
    source = tmp_path / "in.txt"
    source.write_text("".join(f"line{n}\n" for n in range(100)))
    topic = f"{group}-out"
    try:
        for w in workers:
            w.start()
        _create(workers[1], "fs", source, topic)
        written = 100
        for w in workers:
            w.stop(60)
            with source.open("a") as f:
                f.write("".join(f"line{n}\n" for n in range(written, written + 50)))
            written += 50
            w.start()
        values = {v for v, _ in consume(bootstrap_servers, topic, written)}
        assert values == {f"line{n}" for n in range(written)}
        state = wait_for(lambda: _placement(workers[0], ["fs"]), 60, "fs running after the restarts")
        assert state["fs"] in {f"127.0.0.1:{w.port}" for w in workers}
    finally:
        for w in workers:
            if w.proc is not None and w.proc.poll() is None:
                w.stop(30)
