"""A real single-node Apache Kafka broker (KRaft, combined mode) on 127.0.0.1.

Owns: which Maven artifacts make up a broker (plus the tools and Connect jars
the benchmarks run from the same lib dir), rendering ``server.properties`` and
the log4j2 config, formatting storage, starting and stopping ``kafka.Kafka`` as
a child process and waiting until it answers metadata requests.  Used by
``kconnect dev kafka``, the pytest fixtures, CI and the benchmarks.  It never
talks to the kconnect runtime.

``python -m kconnect.dev.kafka --fetch-only`` fetches the jars and exits.
"""

from __future__ import annotations

import argparse
import base64
import logging
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Self

from confluent_kafka.admin import AdminClient

from kconnect.dev.kafka_admin import admin_client, answers_metadata, create_topic
from kconnect.dev.kafka_jars import (
    JVM_OPTS,
    KAFKA_VERSION,
    LOG4J_VERSION,
    fetch_kafka,
    java_classpath,
    java_command,
    kafka_artifacts,
    kafka_home,
    kafka_lib_dir,
)
from kconnect.dev.local import HOST, ChildService, die_with_parent, free_port, port_free, port_open, wait_for
from kconnect.dev.maven import require_tool
from kconnect.errors import ServiceError

__all__ = [
    "JVM_OPTS",
    "KAFKA_VERSION",
    "LOG4J2_PROPERTIES",
    "LOG4J_VERSION",
    "ExternalKafkaBroker",
    "KafkaBroker",
    "create_topic",
    "fetch_kafka",
    "free_port",
    "java_classpath",
    "java_command",
    "kafka_artifacts",
    "kafka_home",
    "kafka_lib_dir",
    "render_server_properties",
]

log = logging.getLogger(__name__)

LOG4J2_PROPERTIES = """\
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.out.ref = OUT
logger.ready.name = kafka.server.KafkaRaftServer
logger.ready.level = info
logger.connect.name = org.apache.kafka.connect.runtime
logger.connect.level = info
"""


# ----------------------------------------------------------------------- config


def render_server_properties(
    port: int,
    controller_port: int,
    log_dir: Path,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """``server.properties`` of a one-node broker+controller with a static voter list."""
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{HOST}:{controller_port}",
        "listeners": f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(log_dir),
        "auto.create.topics.enable": "true",
        "num.partitions": "1",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "num.network.threads": "2",
        "num.io.threads": "4",
        **(overrides or {}),
    }
    return "".join(f"{key}={value}\n" for key, value in props.items())


def _cluster_id() -> str:
    """A random KRaft cluster id: base64url of 16 random bytes, unpadded, not starting with ``-``.

    Like Kafka's ``Uuid.randomUuid``: a leading ``-`` reads as an option on the command line.
    """
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


# ----------------------------------------------------------------------- broker


class KafkaBroker(ChildService):
    """One ``kafka.Kafka`` child process in KRaft combined mode on 127.0.0.1.

    ``port``/``controller_port`` of ``None`` or ``0`` pick free ports once; they
    stay fixed across :meth:`restart`.  ``data_dir`` holds ``conf/``, ``data/``
    and ``logs/``; by default a temp dir that :meth:`close` removes.
    """

    temp_prefix = "kconnect-kafka-"
    service_name = "Kafka broker"

    def __init__(
        self,
        port: int | None = None,
        *,
        controller_port: int | None = None,
        data_dir: Path | str | None = None,
        version: str = KAFKA_VERSION,
        overrides: Mapping[str, str] | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.version = version
        self.port = port or free_port()
        self.controller_port = controller_port or free_port()
        self.overrides = dict(overrides or {})
        self.startup_timeout = startup_timeout
        self._init_root(data_dir)

    # -- paths and addresses

    @property
    def bootstrap_servers(self) -> str:
        """``127.0.0.1:<port>``, for producers, consumers and admin clients."""
        return f"{HOST}:{self.port}"

    @property
    def conf_dir(self) -> Path:
        """Holds ``server.properties`` and ``log4j2.properties``."""
        return self.root / "conf"

    @property
    def log_dir(self) -> Path:
        """Kafka's ``log.dirs``: the topic data."""
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        """The broker's stdout and stderr."""
        return self.root / "logs" / "broker.log"

    @property
    def lib_dir(self) -> Path:
        """The jars this broker runs from."""
        return kafka_lib_dir(self.version)

    def classpath(self) -> str:
        """``conf:lib/*`` for ``java -cp``."""
        return java_classpath(self.version, self.conf_dir)

    # -- lifecycle

    def start(self) -> Self:
        """Fetch (first run), configure, format (first start), launch and wait until ready."""
        if self.is_running():
            return self
        require_tool("java")
        fetch_kafka(self.version)
        self._check_ports()
        self._write_config()
        if not (self.log_dir / "meta.properties").exists():
            self._format()
        started = time.monotonic()
        self._launch()
        try:
            self._wait_ready()
        except BaseException:
            self.stop(timeout=10)
            raise
        log.info(
            "Kafka %s ready at %s in %.1fs", self.version, self.bootstrap_servers, time.monotonic() - started
        )
        return self

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"{type(self).__name__}({self.bootstrap_servers}, {self.version}, {state})"

    # -- clients

    def admin(self, **config: Any) -> AdminClient:
        """A confluent-kafka ``AdminClient`` for this broker."""
        return admin_client(self.bootstrap_servers, **config)

    def create_topic(
        self,
        name: str,
        partitions: int = 1,
        config: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        """Create topic ``name`` and wait until every partition has a leader."""
        create_topic(self.bootstrap_servers, name, partitions, config, timeout)

    # -- internals

    def _check_ports(self) -> None:
        for port in (self.port, self.controller_port):
            if not port_free(port):
                raise ServiceError(
                    f"port {port} on {HOST} is in use: stop what listens there or pick another port"
                )

    def _write_config(self) -> None:
        for path in (self.conf_dir, self.log_dir, self.log_file.parent):
            path.mkdir(parents=True, exist_ok=True)
        props = render_server_properties(self.port, self.controller_port, self.log_dir, self.overrides)
        (self.conf_dir / "server.properties").write_text(props)
        (self.conf_dir / "log4j2.properties").write_text(LOG4J2_PROPERTIES)

    def _java_cmd(self, main: str, *args: str) -> list[str]:
        return java_command(main, *args, version=self.version, conf_dir=self.conf_dir)

    def _format(self) -> None:
        """``StorageTool format`` the (empty) data dir with a fresh cluster id."""
        cmd = self._java_cmd(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            _cluster_id(),
            "-c",
            str(self.conf_dir / "server.properties"),
        )
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise ServiceError(f"formatting {self.log_dir} failed: {(proc.stdout + proc.stderr).strip()}")

    def _launch(self) -> None:
        cmd = self._java_cmd("kafka.Kafka", str(self.conf_dir / "server.properties"))
        with self.log_file.open("ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(),  # noqa: PLW1509 (only calls prctl, async-signal-safe)
            )

    def _wait_ready(self) -> None:
        """Poll with metadata requests until the broker answers, dies or times out."""
        deadline = time.monotonic() + self.startup_timeout
        admin: AdminClient | None = None
        while time.monotonic() < deadline:
            self._check_alive()
            if not port_open(self.port):
                time.sleep(0.2)  # poll interval while the JVM starts
                continue
            admin = admin or self.admin()
            if answers_metadata(admin, timeout=min(2.0, max(0.1, deadline - time.monotonic()))):
                return
        raise ServiceError(
            f"Kafka broker not ready at {self.bootstrap_servers} after {self.startup_timeout:.0f}s; "
            f"log {self.log_file} ends:\n{self.log_tail()}"
        )

    def _check_alive(self) -> None:
        assert self._proc is not None
        code = self._proc.poll()
        if code is not None:
            self._proc = None
            raise ServiceError(
                f"Kafka broker exited with status {code} during startup; "
                f"log {self.log_file} ends:\n{self.log_tail()}"
            )


_EXTERNAL_HINT = " (from KCONNECT_BOOTSTRAP_SERVERS? unset it to let the tests own the broker)"


class ExternalKafkaBroker(KafkaBroker):
    """A broker somebody else runs (e.g. ``kconnect dev kafka`` in another shell).

    :meth:`start` only waits until it answers; :meth:`close` does nothing;
    stopping, killing and restarting raise :class:`ServiceError`.
    """

    def __init__(self, bootstrap_servers: str, *, startup_timeout: float = 30.0) -> None:
        port = bootstrap_servers.split(",", maxsplit=1)[0].rpartition(":")[2]
        super().__init__(int(port) if port.isdigit() else 9092, startup_timeout=startup_timeout)
        self._bootstrap = bootstrap_servers

    @property
    def bootstrap_servers(self) -> str:
        """The address it was given."""
        return self._bootstrap

    def is_running(self) -> bool:
        """Whether it answers a metadata request."""
        return answers_metadata(self.admin(), timeout=2.0)

    def start(self) -> Self:
        """Wait until it answers a metadata request."""
        wait_for(self.is_running, self.startup_timeout, f"the Kafka broker at {self._bootstrap}")
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Not possible: raises :class:`ServiceError`."""
        raise ServiceError(f"cannot stop the external broker at {self._bootstrap}{_EXTERNAL_HINT}")

    def kill(self) -> None:
        """Not possible: raises :class:`ServiceError`."""
        raise ServiceError(f"cannot kill the external broker at {self._bootstrap}{_EXTERNAL_HINT}")

    def restart(self, timeout: float = 30.0) -> Self:
        """Not possible: raises :class:`ServiceError`."""
        raise ServiceError(f"cannot restart the external broker at {self._bootstrap}{_EXTERNAL_HINT}")

    def close(self) -> None:
        """Leaves the broker running."""

    def log_tail(self, lines: int = 40) -> str:
        """Nothing: its log is elsewhere."""
        return ""


# ------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """``python -m kconnect.dev.kafka --fetch-only``: fetch the jars and print the lib dir."""
    parser = argparse.ArgumentParser(prog="python -m kconnect.dev.kafka")
    parser.add_argument("--fetch-only", action="store_true", help="fetch the jars and exit")
    parser.add_argument("--kafka-version", default=KAFKA_VERSION)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
    if not args.fetch_only:
        parser.error("only --fetch-only is supported here; use `kconnect dev kafka` to run a broker")
    try:
        print(fetch_kafka(args.kafka_version), file=out or sys.stdout)
    except ServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
