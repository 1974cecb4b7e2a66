"""``kconnect schema-registry [schema-registry.properties]``: a Confluent-compatible Schema Registry.

Reads the Confluent registry's properties file (``listeners``, ``kafkastore.bootstrap.servers``,
``kafkastore.topic``, ...; see :mod:`kconnect.schema_registry.config`); ``--bootstrap-server``
and ``--listener`` override or replace the file for quick starts.  Runs until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from typing import Any

from kconnect.errors import ConnectError

log = logging.getLogger(__name__)

DESCRIPTION = "Run a Schema Registry compatible with Confluent's, storing schemas in a Kafka topic."


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema-registry", help="run a Confluent-compatible schema registry", description=DESCRIPTION
    )
    parser.add_argument("config", metavar="CONFIG", nargs="?", help="schema-registry.properties")
    parser.add_argument("--bootstrap-server", help="kafkastore.bootstrap.servers")
    parser.add_argument("--listener", action="append", help="listeners entry, e.g. http://127.0.0.1:8081")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kconnect.config import load_properties
    from kconnect.runtime import logs
    from kconnect.schema_registry.config import parse_registry_config

    logs.configure()
    try:
        props = dict(load_properties(args.config)) if args.config else {}
        if args.bootstrap_server:
            props["kafkastore.bootstrap.servers"] = args.bootstrap_server
        if args.listener:
            props["listeners"] = ",".join(args.listener)
        config = parse_registry_config(props)
        asyncio.run(_serve(config))
    except ConnectError as e:
        log.error("Stopping due to error: %s", e)
        print(f"kconnect schema-registry: {e}", file=sys.stderr)
        return 1
    return 0


async def _serve(config: Any) -> None:
    from kconnect.schema_registry.server import SchemaRegistryServer

    server = SchemaRegistryServer(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await server.start()
    print(f"Schema registry listening on {', '.join(server.urls())}", flush=True)
    try:
        await stop.wait()
    finally:
        await server.stop()
