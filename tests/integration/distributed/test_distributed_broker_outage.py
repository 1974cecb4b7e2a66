"""A private broker goes away and comes back: the worker stops its work, rejoins, and loses no line."""

from __future__ import annotations

import uuid
from pathlib import Path

from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.standalone_process import consume, wait_for

from kconnect.dev.kafka import KafkaBroker

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def test_broker_outage_stops_work_then_resumes_without_loss(tmp_path: Path) -> None:
    group = f"kcd-{uuid.uuid4().hex[:8]}"
    source = tmp_path / "in.txt"
    source.write_text("".join(f"line{n}\n" for n in range(50)))
    with KafkaBroker(data_dir=tmp_path / "broker") as broker:
        bootstrap = broker.bootstrap_servers
        timeouts = {"session.timeout.ms": "6000", "heartbeat.interval.ms": "2000"}
        with DistributedProcess(tmp_path / "w", bootstrap, group, timeouts) as worker:
            body = {"name": "fs", "config": {"connector.class": FILE_SOURCE, "file": str(source),
                                             "topic": f"{group}-out"}}  # fmt: skip
            wait_for(
                lambda: worker.request("POST", "/connectors", json=body).status_code == 201, 60, "create"
            )
            assert len(consume(bootstrap, f"{group}-out", 50)) == 50
            broker.stop()
            wait_for(
                lambda: "Group coordinator unreachable" in worker.log_tail(300), 120, "local work stopped"
            )
            with source.open("a") as f:
                f.write("".join(f"line{n}\n" for n in range(50, 80)))
            broker.start()
            values = {v for v, _ in consume(bootstrap, f"{group}-out", 80)}
            assert values == {f"line{n}" for n in range(80)}
            assert worker.proc is not None and worker.proc.poll() is None
