"""One group with a Java worker and a kconnect worker at the same time (protocol compatibility)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.distributed.java_connect import JavaConnectProcess
from tests.integration.distributed.test_distributed_java_compat import FILE_SOURCE, _worker_props
from tests.integration.standalone_process import consume, wait_for


def _placement(url: str, names: list[str]) -> dict[str, str] | None:
    out = {}
    for name in names:
        try:
            response = httpx.get(f"{url}/connectors/{name}/status", timeout=10)
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        tasks = response.json()["tasks"]
        if len(tasks) != 1 or tasks[0]["state"] != "RUNNING":
            return None
        out[name] = tasks[0]["worker_id"]
    return out


def test_java_and_kconnect_workers_share_one_group(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kcd-mixed-{uuid.uuid4().hex[:8]}"
    props = _worker_props(bootstrap_servers, group)
    java = JavaConnectProcess(tmp_path / "java", props).start()
    try:
        with DistributedProcess(tmp_path / "k", bootstrap_servers, group, props) as worker:
            names = [f"fs{i}" for i in range(4)]
            for name in names:
                path = tmp_path / f"{name}.txt"
                path.write_text("".join(f"{name}-{n}\n" for n in range(20)))
                body = {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(path),
                                                 "topic": f"{group}-{name}"}}  # fmt: skip
                # through the kconnect worker: forwarded to the leader, whichever implementation it is
                wait_for(
                    lambda body=body: worker.request("POST", "/connectors", json=body).status_code == 201,
                    90, f"create {name}", interval_s=0.5,
                )  # fmt: skip
            placement = wait_for(lambda: _placement(java.url, names), 120, "4 tasks RUNNING")
            assert set(placement.values()) == {f"127.0.0.1:{java.port}", f"127.0.0.1:{worker.port}"}, (
                placement
            )
            assert _placement(worker.url, names) == placement  # both read the same status topic
            for name in names:
                assert len(consume(bootstrap_servers, f"{group}-{name}", 20)) == 20
    finally:
        java.stop()
