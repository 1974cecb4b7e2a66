"""Several registry instances on one topic: one elected leader, followers forward writes, failover.

Also ``kconnect schema-registry`` as a real child process with a properties file.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from tests.integration.schema_registry.registry_harness import RunningRegistry
from tests.integration.standalone_process import wait_for

from kconnect.dev.kafka import KafkaBroker

CT = {"Content-Type": "application/vnd.schemaregistry.v1+json"}


def _register(url: str, subject: str, schema: str) -> httpx.Response:
    return httpx.post(f"{url}/subjects/{subject}/versions", json={"schema": schema}, headers=CT, timeout=60)


def test_one_leader_followers_forward_and_failover(registry_factory: Callable[..., RunningRegistry]) -> None:
    first = registry_factory()
    second = registry_factory(topic=first.topic)
    third = registry_factory(topic=first.topic, **{"leader.eligibility": "false"})
    instances = [first, second, third]
    wait_for(lambda: sum(r.server.is_leader() for r in instances) == 1, 60, "one elected leader")
    leader = next(r for r in instances if r.server.is_leader())
    assert leader is not third  # not eligible
    ids = [
        _register(r.url, f"s{i}", f'"{t}"').json()["id"]
        for i, (r, t) in enumerate(zip(instances, ["int", "long", "string"], strict=True))
    ]
    assert ids == [1, 2, 3]  # one id sequence: every write went through the leader
    for r in instances:
        wait_for(
            lambda r=r: httpx.get(f"{r.url}/subjects").json() == ["s0", "s1", "s2"],
            30,
            f"subjects on {r.url}",
        )
    assert _register(third.url, "bad", "{not json").json()["error_code"] == 42201  # forwarded errors too
    leader.stop()
    survivors = [r for r in instances if r is not leader]
    wait_for(lambda: sum(r.server.is_leader() for r in survivors) == 1, 60, "a new leader after failover")
    assert _register(third.url, "after", '"float"').json()["id"] == 4


def test_cli_process(kafka_broker: KafkaBroker, tmp_path: Path) -> None:
    topic = f"_schemas-{uuid.uuid4().hex[:8]}"
    props = tmp_path / "schema-registry.properties"
    props.write_text(
        f"listeners=http://127.0.0.1:0\nkafkastore.bootstrap.servers=PLAINTEXT://{kafka_broker.bootstrap_servers}\n"
        f"kafkastore.topic={topic}\nschema.registry.group.id=g-{topic}\nschema.compatibility.level=full\n"
    )
    log = tmp_path / "registry.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kconnect.cli.main", "schema-registry", str(props)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: "Schema registry listening on http" in log.read_text(), 90, "the registry to listen")
        url = log.read_text().split("Schema registry listening on ")[1].split()[0].rstrip("/,")
        assert httpx.get(f"{url}/config").json() == {"compatibilityLevel": "FULL"}
        assert _register(url, "cli-value", '"string"').json() == {"id": 1}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, log.read_text()[-2000:]


def test_cli_config_error_exits_1(tmp_path: Path) -> None:
    props = tmp_path / "bad.properties"
    props.write_text("listeners=http://127.0.0.1:0\n")
    done = subprocess.run(
        [sys.executable, "-m", "kconnect.cli.main", "schema-registry", str(props)],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "kafkastore.bootstrap.servers" in done.stderr


def test_cli_unreachable_kafka_fails_clearly(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    props = tmp_path / "unreachable.properties"
    props.write_text(
        f"listeners=http://127.0.0.1:0\nkafkastore.bootstrap.servers=127.0.0.1:{port}\n"
        "kafkastore.init.timeout.ms=2000\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "kconnect.cli.main", "schema-registry", str(props)],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"Cannot reach the Kafka store at 127.0.0.1:{port}" in done.stderr
