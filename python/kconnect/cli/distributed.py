"""``kconnect distributed WORKER.properties`` (and ``connect-distributed``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from kconnect.errors import ConnectError

log = logging.getLogger(__name__)

DESCRIPTION = "Run a distributed Kafka Connect worker: a member of a cluster coordinated through Kafka."


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "distributed", help="run a distributed worker (like connect-distributed)", description=DESCRIPTION
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("worker_config", metavar="WORKER.properties", help="worker configuration file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kconnect.config import load_properties
    from kconnect.runtime import logs
    from kconnect.runtime.distributed.runner import parse_worker_config, run_until_signalled

    logs.configure()
    try:
        props = load_properties(args.worker_config)
        parse_worker_config(props)
        asyncio.run(run_until_signalled(props))
    except ConnectError as e:
        log.error("Stopping due to error: %s", e)
        print(f"kconnect distributed: {e}", file=sys.stderr)
        return 1
    return 0
