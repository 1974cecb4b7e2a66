"""Bad input and isolation for distributed workers: real processes on the real broker."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from confluent_kafka import Producer
from tests.conftest import TopicFactory
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.standalone_process import wait_for

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


def _group() -> str:
    return f"kcd-{uuid.uuid4().hex[:8]}"


def _create(worker: DistributedProcess, name: str, path: Path, topic: str) -> httpx.Response:
    body = {"name": name, "config": {"connector.class": FILE_SOURCE, "file": str(path), "topic": topic}}

    def attempt() -> httpx.Response | None:
        response = worker.request("POST", "/connectors", json=body)
        return None if response.status_code == 409 else response

    result: httpx.Response = wait_for(attempt, 60, "create outside a rebalance", interval_s=0.2)
    return result


def _outside_rebalance(send: Callable[[], httpx.Response]) -> httpx.Response:
    """Retry while the worker answers 409 (a rebalance is pending), as Connect clients do."""
    result: httpx.Response = wait_for(
        lambda: (r := send()).status_code != 409 and r, 60, "no rebalance pending"
    )
    return result


def test_uncompacted_internal_topic_is_a_startup_error(
    tmp_path: Path, bootstrap_servers: str, topic_factory: TopicFactory
) -> None:
    deleting = topic_factory(config={"cleanup.policy": "delete"})
    worker = DistributedProcess(tmp_path, bootstrap_servers, _group(), {"status.storage.topic": deleting})
    worker.start(wait=False)
    assert worker.proc is not None
    assert worker.proc.wait(90) == 1
    assert "cleanup.policy=compact" in worker.log_tail(80)


def test_config_topic_with_several_partitions_is_a_startup_error(
    tmp_path: Path, bootstrap_servers: str, topic_factory: TopicFactory
) -> None:
    wide = topic_factory(partitions=2, config={"cleanup.policy": "compact"})
    worker = DistributedProcess(tmp_path, bootstrap_servers, _group(), {"config.storage.topic": wide})
    worker.start(wait=False)
    assert worker.proc is not None
    assert worker.proc.wait(90) == 1
    assert "required to have a single partition" in worker.log_tail(80)


def test_malformed_config_records_are_skipped_and_internal_requests_need_signatures(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    group = _group()
    producer = Producer({"bootstrap.servers": bootstrap_servers})
    with DistributedProcess(tmp_path, bootstrap_servers, group) as worker:
        # records "written by someone else": broken JSON, wrong shapes, unknown and bad keys
        for key, value in [
            (b"connector-broken", b"{not json"),
            (b"connector-shapeless", b'{"properties": 5}'),
            (b"task-nonumber", b'{"properties": {}}'),
            (b"commit-ghost", b'{"tasks": "x"}'),
            (b"whatever", b"{}"),
        ]:
            producer.produce(f"{group}-configs", key=key, value=value)
        producer.flush(30)
        source = tmp_path / "in.txt"
        source.write_text("a\nb\n")
        assert _create(worker, "good", source, f"{group}-out").status_code == 201
        wait_for(lambda: worker.get("/connectors").json() == ["good"], 30, "only the good connector listed")
        assert "Skipping malformed record connector-broken" in worker.log_tail(400)
        assert worker.proc is not None and worker.proc.poll() is None

        # sessioned protocol: the leader refuses unsigned or badly signed task configs
        unsigned = _outside_rebalance(
            lambda: worker.request("POST", "/connectors/good/tasks", json=[{"k": "v"}])
        )
        assert unsigned.status_code == 400, unsigned.text
        assert unsigned.json()["message"] == "Internal request missing required signature"
        forged = _outside_rebalance(
            lambda: worker.request(
                "POST",
                "/connectors/good/tasks",
                content=b'[{"k":"v"}]',
                headers={
                    "Content-Type": "application/json",
                    "X-Connect-Authorization": "AAAA",
                    "X-Connect-Request-Signature-Algorithm": "HmacSHA256",
                },
            )
        )
        assert forged.status_code == 403, forged.text
        assert [t["config"].get("k") for t in worker.get("/connectors/good/tasks").json()] == [None]


def test_two_clusters_on_one_broker_stay_apart(tmp_path: Path, bootstrap_servers: str) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x\n")
    with (
        DistributedProcess(tmp_path / "a", bootstrap_servers, _group()) as a,
        DistributedProcess(tmp_path / "b", bootstrap_servers, _group()) as b,
    ):
        assert _create(a, "only-in-a", source, "kcd-apart-a").status_code == 201
        assert _create(b, "only-in-b", source, "kcd-apart-b").status_code == 201
        wait_for(lambda: a.get("/connectors").json() == ["only-in-a"], 30, "a lists its own connector")
        assert b.get("/connectors").json() == ["only-in-b"]
        assert a.get("/connectors/only-in-b").status_code == 404


def test_unreachable_broker_retries_and_answers_503(tmp_path: Path) -> None:
    from kconnect.dev.local import free_port

    worker = DistributedProcess(tmp_path, f"127.0.0.1:{free_port()}", _group())
    worker.start(wait=False)
    try:

        def rest_up() -> httpx.Response | None:
            try:
                return httpx.get(worker.url + "/connectors", timeout=2)
            except httpx.HTTPError:
                return None

        response = wait_for(rest_up, 60, "REST API up while Kafka is unreachable")
        assert response.status_code == 503
        assert response.json()["error_code"] == 503
        assert httpx.get(worker.url + "/health", timeout=5).status_code == 503
        wait_for(lambda: "retrying in" in worker.log_tail(200), 90, "a retry log line")
    finally:
        assert worker.stop(90) == 0


def test_same_group_different_internal_topics_is_a_clear_error(
    tmp_path: Path, bootstrap_servers: str
) -> None:
    group = _group()
    source = tmp_path / "in.txt"
    source.write_text("x\n")
    other = {
        "config.storage.topic": f"{group}-other-configs",
        "offset.storage.topic": f"{group}-other-offsets",
        "status.storage.topic": f"{group}-other-status",
    }
    with DistributedProcess(tmp_path / "a", bootstrap_servers, group) as a:
        assert _create(a, "c", source, f"{group}-out").status_code == 201
        b = DistributedProcess(tmp_path / "b", bootstrap_servers, group, other)
        b.start(wait=False)
        try:

            def reported() -> bool:
                logs = a.log_tail(400) + b.log_tail(400)
                return (
                    "must use the same config.storage.topic" in logs or "must share the same internal" in logs
                )

            wait_for(reported, 90, "an error naming the internal topic mismatch")
            # b never adopts a's configuration; a still lists its connector
            assert a.get("/connectors").json() == ["c"]
            listed = b.get("/connectors")
            assert listed.status_code == 503 or listed.json() == []
        finally:
            b.stop(60)
