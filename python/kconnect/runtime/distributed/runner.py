"""Assemble and run a distributed worker: config -> topic stores -> worker -> herder -> REST -> group.

The REST server starts first (its advertised URL is part of the group metadata
and answers 409/503 until the worker has joined), then the herder reads the
internal topics to their end and joins the group.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kconnect.config import ParsedConfig
from kconnect.config.clients import client_configs
from kconnect.config.worker import DISTRIBUTED_CONFIG
from kconnect.errors import ConfigError
from kconnect.rest import RestServer
from kconnect.runtime.distributed.herder import DistributedHerder
from kconnect.runtime.distributed.membership import GroupMember
from kconnect.runtime.distributed.protocol import protocols_for
from kconnect.runtime.kafka_config import to_librdkafka
from kconnect.runtime.plugins import Plugins
from kconnect.runtime.worker import Worker
from kconnect.storage.kafka_config import KafkaConfigBackingStore
from kconnect.storage.kafka_log import TopicSpec
from kconnect.storage.kafka_offsets import KafkaOffsetBackingStore
from kconnect.storage.kafka_status import KafkaStatusBackingStore

log = logging.getLogger(__name__)


def parse_worker_config(props: Mapping[str, str]) -> ParsedConfig:
    """The distributed worker config; ConfigError names every bad key."""
    config = ParsedConfig(DISTRIBUTED_CONFIG, props)
    for key in ("config.storage.topic", "offset.storage.topic", "status.storage.topic"):
        if not config.get(key):
            raise ConfigError(f'Missing required configuration "{key}" which has no default value.')
    return config


def _topic_spec(config: ParsedConfig, prefix: str) -> TopicSpec:
    originals = config.originals()
    extra = {
        k[len(prefix) + 9 :]: v
        for k, v in originals.items()
        if k.startswith(prefix + ".storage.")
        and k[len(prefix) + 9 :] not in ("topic", "partitions", "replication.factor")
    }
    partitions = int(config.get(f"{prefix}.storage.partitions")) if prefix != "config" else 1
    return TopicSpec(partitions, int(config.get(f"{prefix}.storage.replication.factor")), extra)


@dataclass
class DistributedWorker:
    """A running distributed worker."""

    herder: DistributedHerder
    rest: RestServer
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    async def stop(self) -> None:
        try:
            await self.rest.stop()
        finally:
            await self.herder.stop()
            self.stopped.set()


async def start_distributed(props: Mapping[str, str]) -> DistributedWorker:
    config = parse_worker_config(props)
    conf: dict[str, str] = to_librdkafka(client_configs(config.originals(), "admin."), client="admin")
    offsets = KafkaOffsetBackingStore(config.get("offset.storage.topic"), conf, _topic_spec(config, "offset"))
    statuses = KafkaStatusBackingStore(
        config.get("status.storage.topic"), conf, _topic_spec(config, "status")
    )
    configs = KafkaConfigBackingStore(config.get("config.storage.topic"), conf, _topic_spec(config, "config"))
    worker = Worker(config, Plugins(), offsets, statuses, worker_id="")
    rest_holder: list[RestServer] = []

    def member_factory(handler: Any) -> GroupMember:
        return GroupMember(
            bootstrap_servers=[s.strip() for s in conf["bootstrap.servers"].split(",") if s.strip()],
            group_id=config.get("group.id"),
            handler=handler,
            versions=protocols_for(config.get("connect.protocol").lower()),
            session_timeout_ms=config.get("session.timeout.ms"),
            heartbeat_interval_ms=config.get("heartbeat.interval.ms"),
            rebalance_timeout_ms=config.get("rebalance.timeout.ms"),
            request_timeout_ms=config.get("request.timeout.ms"),
            client_id=f"connect-{worker.worker_id}",
        )

    herder = DistributedHerder(
        worker, configs, statuses, member_factory, "", config.get("scheduled.rebalance.max.delay.ms")
    )
    rest = RestServer(
        herder,
        list(config.get("listeners")),
        advertised_host=config.get("rest.advertised.host.name"),
        advertised_port=config.get("rest.advertised.port"),
        advertised_listener=config.get("rest.advertised.listener"),
    )
    rest_holder.append(rest)
    await rest.start()
    herder.url = rest.advertised_url()
    advertised = urlsplit(herder.url)
    worker.worker_id = f"{advertised.hostname}:{advertised.port}"
    try:
        await herder.start()
    except BaseException:
        await rest.stop()
        raise
    log.info(
        "Kafka Connect distributed worker %s started (group %s)", worker.worker_id, config.get("group.id")
    )
    return DistributedWorker(herder, rest)


async def run_until_signalled(props: Mapping[str, str]) -> None:
    """Run a worker until SIGINT/SIGTERM (also while it is still starting: Kafka may be unreachable)."""
    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_requested.set)
    starting = asyncio.ensure_future(start_distributed(props))
    stopping = asyncio.ensure_future(stop_requested.wait())
    await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if not starting.done():
        log.info("Kafka Connect stopping before it finished starting")
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
        return
    stopping.cancel()
    worker = starting.result()
    await stop_requested.wait()
    log.info("Kafka Connect stopping")
    await worker.stop()
    log.info("Kafka Connect stopped")
