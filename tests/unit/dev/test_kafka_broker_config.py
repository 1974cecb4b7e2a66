"""``kconnect.dev.kafka`` without a broker: artifacts, config rendering, the missing-java error, the CLI."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from kconnect.cli.dev import run_kafka
from kconnect.cli.main import build_parser, main
from kconnect.dev import kafka, kafka_jars
from kconnect.dev.kafka import (
    KAFKA_VERSION,
    LOG4J2_PROPERTIES,
    ExternalKafkaBroker,
    KafkaBroker,
    free_port,
    java_classpath,
    java_command,
    kafka_artifacts,
    kafka_lib_dir,
    render_server_properties,
)
from kconnect.errors import ServiceError

JAVA_MISSING = "java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"


def _props(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines())


@pytest.fixture
def no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH is an empty directory: neither java nor mvn can be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_artifacts_are_broker_tools_connect_and_the_log4j2_bridge() -> None:
    required, optional = kafka_artifacts("4.0.0")
    coords = {a.coordinates for a in required}
    assert {
        "org.apache.kafka:kafka_2.13:4.0.0",
        "org.apache.kafka:kafka-tools:4.0.0",
        "org.apache.kafka:connect-runtime:4.0.0",
        "org.apache.kafka:connect-file:4.0.0",
        "org.apache.logging.log4j:log4j-api:2.24.3",
        "org.apache.logging.log4j:log4j-core:2.24.3",
        "org.apache.logging.log4j:log4j-slf4j2-impl:2.24.3",
    } <= coords
    assert any(a.artifact == "slf4j-api" and a.version.startswith("2.") for a in required)
    assert [a.coordinates for a in optional] == ["org.apache.kafka:connect-test-plugins:4.0.0"]


def test_server_properties_single_node_kraft(tmp_path: Path) -> None:
    props = _props(render_server_properties(19092, 19093, tmp_path / "data"))
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == f"{props['node.id']}@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["log.dirs"] == str(tmp_path / "data")
    assert props["auto.create.topics.enable"] == "true"
    assert props["offsets.topic.replication.factor"] == "1"


def test_server_properties_overrides_win(tmp_path: Path) -> None:
    text = render_server_properties(1, 2, tmp_path, {"auto.create.topics.enable": "false", "x.y": "z"})
    props = _props(text)
    assert props["auto.create.topics.enable"] == "false"
    assert props["x.y"] == "z"
    assert text.count("auto.create.topics.enable") == 1


def test_broker_writes_its_config_on_fixed_ports(tmp_path: Path) -> None:
    broker = KafkaBroker(0, data_dir=tmp_path, overrides={"num.partitions": "3"})
    assert broker.port > 0 and broker.controller_port > 0
    assert broker.bootstrap_servers == f"127.0.0.1:{broker.port}"
    broker._write_config()
    props = _props((tmp_path / "conf" / "server.properties").read_text())
    assert props["num.partitions"] == "3"
    assert props["log.dirs"] == str(tmp_path / "data")
    assert (tmp_path / "conf" / "log4j2.properties").read_text() == LOG4J2_PROPERTIES
    assert not broker.is_running() and broker.pid is None


def test_default_data_dir_is_a_temp_dir_removed_on_close() -> None:
    broker = KafkaBroker(free_port())
    root = broker.root
    assert root.is_dir()
    broker.close()
    assert not root.exists()


def test_given_data_dir_survives_close(tmp_path: Path) -> None:
    broker = KafkaBroker(data_dir=tmp_path)
    broker._write_config()
    broker.close()
    assert (tmp_path / "conf" / "server.properties").exists()


def test_cluster_id_never_starts_with_a_dash() -> None:
    ids = {kafka._cluster_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_classpath_puts_conf_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCONNECT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(kafka_jars, "fetch_kafka", lambda version=KAFKA_VERSION: kafka_lib_dir(version))
    lib = tmp_path / "cache" / f"kafka-{KAFKA_VERSION}" / "lib"
    assert kafka_lib_dir() == lib
    assert java_classpath(conf_dir=tmp_path / "conf") == f"{tmp_path / 'conf'}{os.pathsep}{lib}/*"


@pytest.mark.usefixtures("no_java")
def test_missing_java_is_a_one_line_service_error(tmp_path: Path) -> None:
    broker = KafkaBroker(data_dir=tmp_path / "k")
    with pytest.raises(ServiceError) as err:
        broker.start()
    assert str(err.value) == JAVA_MISSING
    assert not broker.is_running()


@pytest.mark.usefixtures("no_java")
def test_missing_mvn_on_first_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = tmp_path / "empty-bin" / "java"
    java.write_text("#!/bin/sh\nexit 1\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("KCONNECT_CACHE", str(tmp_path / "cache"))
    with pytest.raises(ServiceError, match=r"^mvn not found: install Maven"):
        KafkaBroker(data_dir=tmp_path / "k").start()


@pytest.mark.usefixtures("no_java")
def test_cli_reports_missing_java(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dev", "kafka", "--port", "0"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert JAVA_MISSING in caplog.text + err


def test_cli_defaults() -> None:
    args = build_parser().parse_args(["dev", "kafka"])
    assert (args.port, args.data_dir, args.kafka_version) == (9092, None, KAFKA_VERSION)
    assert args.handler is run_kafka
    args = build_parser().parse_args(
        ["dev", "kafka", "--port", "0", "--data-dir", "d", "--kafka-version", "4.0.0"]
    )
    assert (args.port, args.data_dir, args.kafka_version) == (0, Path("d"), "4.0.0")


def test_cli_dev_without_service_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dev"]) == 2
    assert "kafka" in capsys.readouterr().err


def test_external_broker_cannot_be_stopped() -> None:
    broker = ExternalKafkaBroker("127.0.0.1:1,127.0.0.1:2")
    assert broker.bootstrap_servers == "127.0.0.1:1,127.0.0.1:2"
    for action in (broker.stop, broker.kill, broker.restart):
        with pytest.raises(ServiceError, match="external broker"):
            action()
    broker.close()


def test_port_in_use_is_reported_before_starting(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        broker = KafkaBroker(port, data_dir=tmp_path)
        with pytest.raises(ServiceError, match=f"^port {port} on 127.0.0.1 is in use"):
            broker._check_ports()


def test_java_command_for_benchmarks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(java.parent))
    monkeypatch.setattr(kafka_jars, "fetch_kafka", lambda version=KAFKA_VERSION: Path("/lib") / version)
    cmd = java_command(
        "org.apache.kafka.tools.ProducerPerformance", "--help", version="4.0.0", conf_dir=tmp_path
    )
    assert cmd[0] == str(java)
    assert "-Xmx1g" in cmd
    assert f"-Dlog4j2.configurationFile={tmp_path / 'log4j2.properties'}" in cmd
    assert cmd[-4:] == [
        "-cp",
        f"{tmp_path}{os.pathsep}/lib/4.0.0/*",
        "org.apache.kafka.tools.ProducerPerformance",
        "--help",
    ]


def test_fetch_only_prints_the_lib_dir(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fetched: list[str] = []

    def fake_fetch(version: str = KAFKA_VERSION) -> Path:
        fetched.append(version)
        return Path("/cache") / version / "lib"

    monkeypatch.setattr(kafka, "fetch_kafka", fake_fetch)
    assert kafka.main(["--fetch-only", "--kafka-version", "4.0.0"]) == 0
    assert capsys.readouterr().out == "/cache/4.0.0/lib\n"
    assert fetched == ["4.0.0"]
    with pytest.raises(SystemExit):
        kafka.main([])


@pytest.mark.usefixtures("no_java")
def test_fetch_only_without_maven_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KCONNECT_CACHE", str(tmp_path / "cache"))
    assert kafka.main(["--fetch-only"]) == 1
    assert "mvn not found" in capsys.readouterr().err
