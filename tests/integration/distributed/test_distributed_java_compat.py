"""Apache Kafka Connect (Java) and kconnect share a cluster's internal topics, both ways."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.distributed.java_connect import JavaConnectProcess
from tests.integration.standalone_process import consume, wait_for

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def _worker_props(bootstrap: str, group: str) -> dict[str, str]:
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "config.storage.topic": f"{group}-configs",
        "offset.storage.topic": f"{group}-offsets",
        "status.storage.topic": f"{group}-status",
        "config.storage.replication.factor": "1",
        "offset.storage.replication.factor": "1",
        "status.storage.replication.factor": "1",
        "offset.storage.partitions": "3",
        "status.storage.partitions": "2",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.storage.StringConverter",
        "offset.flush.interval.ms": "500",
        "scheduled.rebalance.max.delay.ms": "3000",
    }


def _position(get: httpx.Response) -> int | None:
    if get.status_code != 200:
        return None
    offsets = get.json()["offsets"]
    return int(offsets[0]["offset"]["position"]) if offsets else None


def _lines(name: str, start: int, stop: int) -> str:
    return "".join(f"{name}-{n}\n" for n in range(start, stop))


def _create(request: object, name: str, source: Path, topic: str) -> None:
    body = {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(source), "topic": topic}}

    def attempt() -> bool:
        response: httpx.Response = request("POST", "/connectors", json=body)  # type: ignore[operator]
        assert response.status_code in (201, 409), response.text
        return response.status_code == 201

    wait_for(attempt, 60, f"create {name}", interval_s=0.5)


def test_kconnect_takes_over_a_java_cluster(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kcd-java-{uuid.uuid4().hex[:8]}"
    props = _worker_props(bootstrap_servers, group)
    source = tmp_path / "in.txt"
    source.write_text(_lines("j", 0, 50))
    topic = f"{group}-out"
    java = JavaConnectProcess(tmp_path / "java", props).start()
    try:
        _create(java.request, "fs", source, topic)
        assert len(consume(bootstrap_servers, topic, 50)) == 50
        size = source.stat().st_size
        wait_for(
            lambda: _position(java.request("GET", "/connectors/fs/offsets")) == size, 60, "Java offset commit"
        )
    finally:
        java.stop()
    with source.open("a") as f:
        f.write(_lines("j", 50, 70))
    with DistributedProcess(tmp_path / "k", bootstrap_servers, group, props) as worker:
        assert worker.get("/connectors").json() == ["fs"]
        assert worker.get("/connectors/fs/config").json()["file"] == str(source)
        values = [v for v, _ in consume(bootstrap_servers, topic, 70)]
        # resumed from the Java worker's committed offset: no line lost, none repeated
        assert values == [f"j-{n}" for n in range(70)]


def test_java_takes_over_a_kconnect_cluster(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kcd-java-{uuid.uuid4().hex[:8]}"
    props = _worker_props(bootstrap_servers, group)
    source = tmp_path / "in.txt"
    source.write_text(_lines("k", 0, 50))
    topic = f"{group}-out"
    with DistributedProcess(tmp_path / "k", bootstrap_servers, group, props) as worker:
        _create(worker.request, "fs", source, topic)
        assert len(consume(bootstrap_servers, topic, 50)) == 50
        size = source.stat().st_size
        wait_for(
            lambda: _position(worker.get("/connectors/fs/offsets")) == size, 60, "kconnect offset commit"
        )
    with source.open("a") as f:
        f.write(_lines("k", 50, 70))
    java = JavaConnectProcess(tmp_path / "java", props).start()
    try:
        names = wait_for(lambda: java.request("GET", "/connectors").json(), 60, "Java lists the connector")
        assert names == ["fs"]
        values = [v for v, _ in consume(bootstrap_servers, topic, 70)]
        assert values == [f"k-{n}" for n in range(70)]
    finally:
        java.stop()
