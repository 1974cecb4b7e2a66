"""Three real distributed worker processes on the real broker."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.standalone_process import consume, wait_for

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def _retry_409(worker: DistributedProcess, method: str, path: str, body: object) -> httpx.Response:
    """Like Java Connect, requests during a rebalance answer 409; clients retry."""

    def attempt() -> httpx.Response | None:
        response = worker.request(method, path, json=body)
        return None if response.status_code == 409 else response

    result: httpx.Response = wait_for(attempt, 60, f"{method} {path} outside a rebalance", interval_s=0.2)
    return result


def _task_workers(worker: DistributedProcess, names: list[str]) -> dict[str, str] | None:
    out = {}
    for name in names:
        response = worker.get(f"/connectors/{name}/status")
        if response.status_code != 200:
            return None
        body = response.json()
        tasks = body["tasks"]
        if len(tasks) != 1 or tasks[0]["state"] != "RUNNING":
            return None
        out[name] = tasks[0]["worker_id"]
    return out


def test_three_workers_spread_forward_and_survive_kill_9(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kcd-{uuid.uuid4().hex[:8]}"
    workers = [DistributedProcess(tmp_path / f"w{i}", bootstrap_servers, group) for i in range(3)]
    try:
        for w in workers:
            w.start(wait=False)
        for w in workers:
            wait_for(w._ready, 90, f"{w.url} joined: {w.log_tail()}")
        names, files = [], {}
        for i in range(3):
            name = f"fs{i}"
            path = tmp_path / f"in{i}.txt"
            path.write_text("".join(f"{name}-line{n}\n" for n in range(100)))
            files[name] = path
            names.append(name)
            # each create goes to a different worker: followers forward it to the leader
            response = _retry_409(
                workers[i], "POST", "/connectors",
                {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(path),
                                               "topic": f"{group}-{name}", "tasks.max": "1"}},
            )  # fmt: skip
            assert response.status_code == 201, response.text
        for w in workers:
            wait_for(
                lambda w=w: sorted(w.get("/connectors").json()) == names, 60, "connector list everywhere"
            )
        placement = wait_for(lambda: _task_workers(workers[0], names), 90, "all tasks RUNNING")
        assert len(set(placement.values())) == 3, placement  # one task per worker
        for name in names:
            assert [v for v, _ in consume(bootstrap_servers, f"{group}-{name}", 100)][-1] == f"{name}-line99"

        # kill -9 the worker running fs1's task; append more lines meanwhile
        victim = next(w for w in workers if placement["fs1"] == f"127.0.0.1:{w.port}")
        victim.kill()
        with files["fs1"].open("a") as f:
            f.write("".join(f"fs1-line{n}\n" for n in range(100, 150)))
        survivors = [w for w in workers if w is not victim]

        def moved() -> dict[str, str] | None:
            now = _task_workers(survivors[0], names)
            return now if now and now["fs1"] != placement["fs1"] else None

        after = wait_for(moved, 90, "fs1's task running on a survivor")
        assert after["fs1"] in {f"127.0.0.1:{w.port}" for w in survivors}
        values = [v for v, _ in consume(bootstrap_servers, f"{group}-fs1", 150)]
        assert set(values) == {f"fs1-line{n}" for n in range(150)}  # no line lost

        # a config change through a follower reaches the running task
        response = _retry_409(
            survivors[1], "PUT", "/connectors/fs2/config",
            {"connector.class": FILE_SOURCE, "file": str(files["fs2"]), "topic": f"{group}-fs2b",
                  "tasks.max": "1"},
        )  # fmt: skip
        assert response.status_code == 200, response.text

        def new_task_config() -> bool:
            response = survivors[0].get("/connectors/fs2/tasks")
            if response.status_code == 409:  # stale config while the cluster rebalances
                return False
            tasks = response.json()
            return bool(tasks) and tasks[0]["config"]["topic"] == f"{group}-fs2b"

        wait_for(new_task_config, 60, "task config with the new topic")
        wait_for(lambda: _task_workers(survivors[0], names), 60, "tasks RUNNING after the change")
        with files["fs2"].open("a") as f:
            f.write("".join(f"fs2-line{n}\n" for n in range(100, 120)))
        # the restarted task resumes from its committed offset and writes the new lines to the new topic
        values = [v for v, _ in consume(bootstrap_servers, f"{group}-fs2b", 20)]
        assert values == [f"fs2-line{n}" for n in range(100, 120)]
        assert httpx.get(survivors[0].url + "/connectors/fs2/config").json()["topic"] == f"{group}-fs2b"

        # restarts through any worker: 202 with the plan, 204 for the connector alone
        def restart(path: str) -> httpx.Response | None:
            response = survivors[1].request("POST", path)
            return None if response.status_code == 409 else response

        planned = wait_for(
            lambda: restart("/connectors/fs0/restart?includeTasks=true"), 60, "restart accepted"
        )
        assert planned.status_code == 202, planned.text
        assert planned.json()["connector"]["state"] == "RESTARTING"
        assert [t["state"] for t in planned.json()["tasks"]] == ["RESTARTING"]
        assert wait_for(lambda: restart("/connectors/fs0/restart"), 60, "restart accepted").status_code == 204
        wait_for(lambda: _task_workers(survivors[0], names), 60, "all tasks RUNNING after the restarts")
    finally:
        for w in workers:
            if w.proc is not None and w.proc.poll() is None:
                w.stop(30)
