"""The real local broker of ``kconnect.dev.kafka`` and ``kconnect dev kafka``."""

from __future__ import annotations

import re
import selectors
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaError, Message, Producer
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._config import ConfigResource  # typed home of confluent_kafka.admin.ConfigResource

from kconnect.cli.dev import READY_LINE
from kconnect.dev.kafka import KafkaBroker, free_port
from kconnect.errors import ServiceError

pytestmark = pytest.mark.integration

Messages = list[tuple[bytes | None, bytes | None]]


def produce(bootstrap_servers: str, topic: str, count: int, prefix: str = "m") -> Messages:
    """Produce ``count`` keyed messages with acks=all; return them in order."""
    sent: Messages = [(f"k{i}".encode(), f"{prefix}{i}".encode()) for i in range(count)]
    errors: list[KafkaError] = []

    def on_delivery(err: KafkaError | None, _msg: Message) -> None:
        if err is not None:
            errors.append(err)

    producer = Producer({"bootstrap.servers": bootstrap_servers, "acks": "all", "linger.ms": 5})
    for key, value in sent:
        producer.produce(topic, value, key, on_delivery=on_delivery)
    assert producer.flush(30) == 0
    assert errors == []
    return sent


def consume(bootstrap_servers: str, topic: str, count: int, timeout: float = 30.0) -> Messages:
    """Read ``count`` messages of ``topic`` from the beginning with a fresh group."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap_servers,
            "group.id": f"g-{uuid.uuid4().hex}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    received: Messages = []
    deadline = time.monotonic() + timeout
    try:
        consumer.subscribe([topic])
        while len(received) < count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            assert msg.error() is None, msg.error()
            received.append((msg.key(), msg.value()))
    finally:
        consumer.close()
    return received


def test_broker_answers_metadata_requests(kafka_broker: KafkaBroker) -> None:
    meta = kafka_broker.admin().list_topics(timeout=10)
    assert [f"{b.host}:{b.port}" for b in meta.brokers.values()] == [kafka_broker.bootstrap_servers]
    assert kafka_broker.is_running()


def test_produce_consume_round_trip(kafka_broker: KafkaBroker, topic: str) -> None:
    sent = produce(kafka_broker.bootstrap_servers, topic, 200)
    assert consume(kafka_broker.bootstrap_servers, topic, 200) == sent


def test_create_topic_with_partitions_and_config(
    kafka_broker: KafkaBroker, topic_factory: Callable[..., str]
) -> None:
    name = topic_factory(partitions=3, config={"retention.ms": "123456"})
    admin = kafka_broker.admin()
    assert len(admin.list_topics(topic=name, timeout=10).topics[name].partitions) == 3
    resource = ConfigResource("topic", name)
    configs = admin.describe_configs([resource])[resource].result(timeout=10)
    assert configs["retention.ms"].value == "123456"
    with pytest.raises(ServiceError, match="already exists"):
        kafka_broker.create_topic(name)


def test_auto_create_topics_is_enabled(kafka_broker: KafkaBroker) -> None:
    name = f"auto-{uuid.uuid4().hex[:8]}"
    sent = produce(kafka_broker.bootstrap_servers, name, 3)
    assert consume(kafka_broker.bootstrap_servers, name, 3) == sent


def test_restart_keeps_data_and_address(kafka_broker: KafkaBroker, topic: str) -> None:
    address, pid = kafka_broker.bootstrap_servers, kafka_broker.pid
    sent = produce(address, topic, 50)
    kafka_broker.restart()
    assert (kafka_broker.bootstrap_servers, kafka_broker.is_running()) == (address, True)
    assert kafka_broker.pid != pid
    assert consume(address, topic, 50) == sent


def test_kill_then_restart_keeps_acknowledged_data(kafka_broker: KafkaBroker, topic: str) -> None:
    sent = produce(kafka_broker.bootstrap_servers, topic, 20)
    kafka_broker.kill()
    assert not kafka_broker.is_running()
    assert kafka_broker.pid is None
    kafka_broker.restart()
    more = produce(kafka_broker.bootstrap_servers, topic, 5, prefix="after")
    assert consume(kafka_broker.bootstrap_servers, topic, 25) == sent + more


# ------------------------------------------------------------------------- CLI


def _kconnect_cmd() -> list[str]:
    script = Path(sys.executable).with_name("kconnect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kconnect.cli.main"]


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The next stdout line of ``proc``; fails if none arrives in time or the process exits."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            pytest.fail(f"no line on stdout within {timeout}s")
    return proc.stdout.readline()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_cli_prints_ready_line_and_stops_on_signal(tmp_path: Path, stop_signal: signal.Signals) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [*_kconnect_cmd(), "dev", "kafka", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _read_line(proc, timeout=180)
        assert line.rstrip("\n") == READY_LINE.format(bootstrap_servers=f"127.0.0.1:{port}")
        assert re.fullmatch(r"Kafka broker ready at 127\.0\.0\.1:\d+\n", line)
        admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{port}"})
        assert admin.list_topics(timeout=10).brokers
        assert (tmp_path / "data" / "meta.properties").exists()
        proc.send_signal(stop_signal)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "broker stopped" in err
    assert _port_closed(port)


def _port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def test_leaves_the_session_broker_stopped(kafka_broker: KafkaBroker) -> None:
    """Leaves the session broker stopped; the next broker test must still find it running."""
    kafka_broker.stop()
    assert not kafka_broker.is_running()


def test_next_broker_test_finds_it_running_again(kafka_broker: KafkaBroker, topic: str) -> None:
    assert kafka_broker.is_running()
    sent = produce(kafka_broker.bootstrap_servers, topic, 3)
    assert consume(kafka_broker.bootstrap_servers, topic, 3) == sent
