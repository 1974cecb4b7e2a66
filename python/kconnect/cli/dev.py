"""``kconnect dev ...``: run local development services in the foreground.

``kconnect dev kafka`` fetches the jars (first run), starts a real broker,
prints one ready line on stdout (``READY_LINE``), then runs until Ctrl-C or
SIGTERM and stops the broker cleanly.  Everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from kconnect.errors import ServiceError

__all__ = [
    "HDFS_READY_LINE",
    "POSTGRES_READY_LINE",
    "READY_LINE",
    "register",
    "run_hdfs",
    "run_kafka",
    "run_postgres",
]

READY_LINE = "Kafka broker ready at {bootstrap_servers}"
"""The one stdout line ``kconnect dev kafka`` prints when the broker answers requests."""

POSTGRES_READY_LINE = "PostgreSQL ready at {url}"
"""The one stdout line ``kconnect dev postgres`` prints when the server accepts logins."""

HDFS_READY_LINE = "HDFS ready at {url}"
"""The one stdout line ``kconnect dev hdfs`` prints when WebHDFS answers and a DataNode is live."""

log = logging.getLogger("kconnect.dev")


def register(sub: Any) -> None:
    """Add ``dev`` and its service subcommands to the ``kconnect`` parser."""
    from kconnect.dev.kafka_jars import KAFKA_VERSION

    parser: argparse.ArgumentParser = sub.add_parser("dev", help="run local development services")
    parser.set_defaults(handler=lambda args: _usage(parser))
    services = parser.add_subparsers(dest="service", metavar="SERVICE")
    kafka = services.add_parser("kafka", help="run a real single-node Kafka broker on 127.0.0.1")
    kafka.add_argument("--port", type=int, default=9092, help="PLAINTEXT port; 0 picks a free one (9092)")
    kafka.add_argument("--data-dir", type=Path, help="keep conf, data and logs here (default: a temp dir)")
    kafka.add_argument(
        "--kafka-version", default=KAFKA_VERSION, help=f"Apache Kafka version ({KAFKA_VERSION})"
    )
    kafka.set_defaults(handler=run_kafka)
    postgres = services.add_parser("postgres", help="run a throwaway PostgreSQL server on 127.0.0.1")
    postgres.add_argument("--port", type=int, default=5432, help="port; 0 picks a free one (5432)")
    postgres.add_argument("--data-dir", type=Path, help="keep the cluster and its log here (default: temp)")
    postgres.set_defaults(handler=run_postgres)
    hdfs = services.add_parser("hdfs", help="run a real single-node HDFS (WebHDFS) on 127.0.0.1")
    hdfs.add_argument("--port", type=int, default=9000, help="NameNode RPC port; 0 picks a free one (9000)")
    hdfs.add_argument("--http-port", type=int, default=9870, help="WebHDFS port; 0 picks a free one (9870)")
    hdfs.add_argument("--data-dir", type=Path, help="keep conf, data and logs here (default: a temp dir)")
    hdfs.set_defaults(handler=run_hdfs)


class _Service(Protocol):
    def start(self) -> object: ...

    def is_running(self) -> bool: ...

    def log_tail(self, lines: int = ...) -> str: ...

    def close(self) -> None: ...


def _serve(service: _Service, name: str, ready: Callable[[], str], details: Callable[[], str]) -> int:
    """Start ``service``, print its ready line, block until a signal or its death, then close it."""
    with _stop_on_signals() as stop:
        try:
            service.start()
            print(ready(), flush=True)
            log.info("%s; Ctrl-C stops", details())
            while not stop.wait(1.0):
                if not service.is_running():
                    log.error("%s exited unexpectedly; log ends:\n%s", name, service.log_tail())
                    return 1
        except ServiceError as exc:
            log.error("%s", exc)
            return 1
        finally:
            log.info("stopping the %s", name)
            service.close()
    log.info("%s stopped", name)
    return 0


def run_kafka(args: argparse.Namespace) -> int:
    """Start the broker, print the ready line, block until a signal, stop the broker."""
    from kconnect.dev.kafka import KafkaBroker

    _configure_logging()
    broker = KafkaBroker(args.port, data_dir=args.data_dir, version=args.kafka_version)
    return _serve(
        broker,
        "broker",
        lambda: READY_LINE.format(bootstrap_servers=broker.bootstrap_servers),
        lambda: f"data in {broker.root}, broker log {broker.log_file}",
    )


def run_postgres(args: argparse.Namespace) -> int:
    """Start PostgreSQL, print the ready line with its URL, block until a signal, stop it."""
    from kconnect.dev.postgres import PostgresServer

    _configure_logging()
    try:
        server = PostgresServer(args.port, data_dir=args.data_dir)
    except ServiceError as exc:
        log.error("%s", exc)
        return 1
    return _serve(
        server,
        "PostgreSQL",
        lambda: POSTGRES_READY_LINE.format(url=server.url()),
        lambda: f"cluster in {server.data}, server log {server.log_file}",
    )


def run_hdfs(args: argparse.Namespace) -> int:
    """Start HDFS, print the ready line with its ``webhdfs://`` URL, block until a signal, stop it."""
    from kconnect.dev.hdfs import HdfsCluster

    _configure_logging()
    cluster = HdfsCluster(args.port, http_port=args.http_port, data_dir=args.data_dir)
    return _serve(
        cluster,
        "HDFS",
        lambda: HDFS_READY_LINE.format(url=cluster.webhdfs_url),
        lambda: f"RPC at {cluster.hdfs_url}, data in {cluster.root}, log {cluster.log_file}",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM (instead of ``KeyboardInterrupt``); restores the old handlers."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
