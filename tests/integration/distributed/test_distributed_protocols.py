"""The eager (``default``) and ``compatible`` subprotocols with real worker processes."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.distributed.test_distributed_mixed_cluster import _placement
from tests.integration.standalone_process import consume, wait_for

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def _created(worker: DistributedProcess, body: object) -> bool:
    return worker.request("POST", "/connectors", json=body).status_code == 201


@pytest.mark.parametrize("protocol", ["eager", "compatible"])
def test_protocol_spreads_tasks_and_fails_over(tmp_path: Path, bootstrap_servers: str, protocol: str) -> None:
    group = f"kcd-{protocol}-{uuid.uuid4().hex[:8]}"
    overrides = {"connect.protocol": protocol, "scheduled.rebalance.max.delay.ms": "1000"}
    workers = [DistributedProcess(tmp_path / f"w{i}", bootstrap_servers, group, overrides) for i in range(2)]
    names = [f"fs{i}" for i in range(4)]
    try:
        for w in workers:
            w.start()
        for name in names:
            path = tmp_path / f"{name}.txt"
            path.write_text("".join(f"{name}-{n}\n" for n in range(10)))
            body = {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(path),
                                             "topic": f"{group}-{name}"}}  # fmt: skip
            wait_for(lambda body=body: _created(workers[1], body), 60, f"create {name}", interval_s=0.2)
        placement = wait_for(
            lambda: (p := _placement(workers[0].url, names)) and len(set(p.values())) == 2 and p, 90, "spread"
        )
        assert sorted(list(placement.values()).count(v) for v in set(placement.values())) == [2, 2]
        workers[0].kill()
        survivor = f"127.0.0.1:{workers[1].port}"
        wait_for(
            lambda: (p := _placement(workers[1].url, names)) and set(p.values()) == {survivor}, 90, "failover"
        )
        for name in names:
            assert {v for v, _ in consume(bootstrap_servers, f"{group}-{name}", 10)} == {
                f"{name}-{n}" for n in range(10)
            }
        assert f"protocol: {'default' if protocol == 'eager' else protocol}" in workers[1].log_tail(2000)
    finally:
        for w in workers:
            if w.proc is not None and w.proc.poll() is None:
                w.stop(30)
