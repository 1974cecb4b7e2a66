"""Assemble and run a standalone worker: config -> stores -> worker -> herder -> REST.

Used by ``kconnect standalone`` / ``connect-standalone`` and by the demo.  The
whole control plane runs on one asyncio loop; tasks run on their own threads.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kconnect.config import ParsedConfig
from kconnect.config.files import ConnectorFile
from kconnect.config.worker import OFFSET_STORAGE_FILE_FILENAME_CONFIG, STANDALONE_CONFIG
from kconnect.rest import RestServer
from kconnect.runtime.herder import TargetState
from kconnect.runtime.plugins import Plugins
from kconnect.runtime.standalone.herder import StandaloneHerder
from kconnect.runtime.worker import Worker
from kconnect.storage.offsets import FileOffsetBackingStore
from kconnect.storage.status import MemoryStatusStore

log = logging.getLogger(__name__)


@dataclass
class StandaloneWorker:
    """A running standalone worker (its herder and REST server)."""

    herder: StandaloneHerder
    rest: RestServer
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def rest_url(self) -> str:
        return self.rest.advertised_url()

    async def stop(self) -> None:
        try:
            await self.rest.stop()
        finally:
            await self.herder.stop()
            self.stopped.set()


def parse_worker_config(props: Mapping[str, str]) -> ParsedConfig:
    """The standalone worker config; ConfigError names every bad key."""
    return ParsedConfig(STANDALONE_CONFIG, props)


async def start_standalone(
    props: Mapping[str, str], connectors: Sequence[ConnectorFile] = ()
) -> StandaloneWorker:
    """Start a worker with ``props`` and create ``connectors``; returns once they are created."""
    config = parse_worker_config(props)
    if config.originals().get("plugin.path"):
        log.info(
            "plugin.path is set (%s): kconnect finds Python plugins through entry points "
            "(kconnect.connectors, kconnect.converters, ...) and dotted class paths; the setting is ignored",
            config.originals()["plugin.path"],
        )
    plugins = Plugins()
    offsets = FileOffsetBackingStore(config.get(OFFSET_STORAGE_FILE_FILENAME_CONFIG))
    worker = Worker(config, plugins, offsets, MemoryStatusStore(), worker_id="")
    herder = StandaloneHerder(worker)
    rest = RestServer(
        herder,
        list(config.get("listeners")),
        advertised_host=config.get("rest.advertised.host.name"),
        advertised_port=config.get("rest.advertised.port"),
        advertised_listener=config.get("rest.advertised.listener"),
    )
    await herder.start()
    await rest.start()
    advertised = urlsplit(rest.advertised_url())
    worker.worker_id = f"{advertised.hostname}:{advertised.port}"
    running = StandaloneWorker(herder, rest)
    try:
        for connector in connectors:
            state = (
                TargetState.from_initial_state(connector.initial_state)
                if connector.initial_state
                else TargetState.STARTED
            )
            await herder.put_connector_config(
                connector.name, connector.config, allow_replace=False, initial_state=state
            )
    except BaseException:
        await running.stop()
        raise
    log.info("Kafka Connect started")
    return running


async def run_until_signalled(props: Mapping[str, str], connectors: Sequence[ConnectorFile]) -> None:
    """Run a standalone worker until SIGINT/SIGTERM, then stop tasks and flush offsets."""
    worker = await start_standalone(props, connectors)
    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_requested.set)
    await stop_requested.wait()
    log.info("Kafka Connect stopping")
    await worker.stop()
    log.info("Kafka Connect stopped")
