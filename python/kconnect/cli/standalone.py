"""``kconnect standalone WORKER.properties [CONNECTOR.properties|CONNECTOR.json ...]``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from kconnect.errors import ConnectError

log = logging.getLogger(__name__)


DESCRIPTION = "Run a standalone Kafka Connect worker: one process, source offsets in a file."


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "standalone", help="run a standalone worker (like connect-standalone)", description=DESCRIPTION
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``kconnect standalone`` and ``connect-standalone``."""
    parser.add_argument("worker_config", metavar="WORKER.properties", help="worker configuration file")
    parser.add_argument(
        "connector_configs",
        metavar="CONNECTOR",
        nargs="*",
        help='connector configuration files (.properties, or JSON {"name": ..., "config": {...}})',
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kconnect.config import load_connector_request, load_properties
    from kconnect.runtime import logs
    from kconnect.runtime.standalone.runner import parse_worker_config, run_until_signalled

    logs.configure()
    try:
        props = load_properties(args.worker_config)
        parse_worker_config(props)  # report config errors before anything starts
        connectors = [load_connector_request(path) for path in args.connector_configs]
        asyncio.run(run_until_signalled(props, connectors))
    except ConnectError as e:
        log.error("Stopping due to error: %s", e)
        print(f"kconnect standalone: {e}", file=sys.stderr)
        return 1
    return 0
