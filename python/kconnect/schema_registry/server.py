"""``SchemaRegistryServer``: the Kafka store, the registry, leader election and REST listeners.

:meth:`start` reads ``_schemas`` to its end (blocking work runs in a thread), binds the
listeners, then joins the registry group (:mod:`kconnect.schema_registry.leader`) and waits for
the first election.  Reads are served by every instance from its own copy of the topic; writes
are applied by the leader and forwarded to it by followers.  :meth:`stop` leaves the group first,
so a follower takes over at once.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading

from kconnect.rest.server import RestServer, parse_listener
from kconnect.schema_registry.config import RegistryConfig
from kconnect.schema_registry.errors import UnknownLeaderError
from kconnect.schema_registry.leader import Identity, LeaderElector
from kconnect.schema_registry.registry import Registry
from kconnect.schema_registry.rest import create_registry_app
from kconnect.schema_registry.state import RegistryState
from kconnect.schema_registry.store import KafkaSchemaStore

__all__ = ["SchemaRegistryServer"]

log = logging.getLogger(__name__)

ELECTION_WAIT_S = 60.0


def _no_delay(rest: RestServer) -> None:
    """TCP_NODELAY on the listening sockets (accepted connections inherit it on Linux).

    uvicorn leaves Nagle's algorithm on for sockets it is handed; a response written in two
    parts then waits for the client's delayed ACK: ~40 ms per request on a kept-alive connection.
    """
    for sock in rest._sockets:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class SchemaRegistryServer:
    """One registry instance."""

    def __init__(self, config: RegistryConfig) -> None:
        self.config = config
        lock = threading.RLock()
        state = RegistryState()
        self.store = KafkaSchemaStore(config, state, lock)
        self.registry = Registry(self.store, state, lock, default_compatibility=config.compatibility)
        self.elector: LeaderElector | None = None
        self._rest = RestServer(
            None,  # type: ignore[arg-type]  # the registry app needs no herder
            list(config.listeners),
            app=create_registry_app(self.registry, self._leader_url),
            graceful_shutdown_s=5,
        )

    async def start(self) -> None:
        await asyncio.to_thread(self.store.start)
        try:
            await self._rest.start()
            _no_delay(self._rest)
            self.elector = LeaderElector(
                self.config.bootstrap_servers, self.config.group_id, self._identity()
            )
            self.elector.start()
            leader, _ = await asyncio.to_thread(self.elector.leader, ELECTION_WAIT_S)
            if leader is None:
                log.warning("No registry leader elected after %.0f s; writes wait for one", ELECTION_WAIT_S)
        except BaseException:
            await self.stop()
            raise
        log.info("Schema registry serving %s from topic %s", self.urls(), self.config.topic)

    async def stop(self) -> None:
        if self.elector is not None:
            await asyncio.to_thread(self.elector.stop)
            self.elector = None
        await self._rest.stop()
        await asyncio.to_thread(self.store.stop)

    def urls(self) -> list[str]:
        """The bound listener URLs (``http://host:port/``)."""
        return self._rest.bound_urls()

    def is_leader(self) -> bool:
        return self.elector is not None and self.elector.leader()[1]

    def _identity(self) -> Identity:
        listener = parse_listener(self.config.listeners[0])
        port = int(self.urls()[0].rstrip("/").rsplit(":", 1)[1])
        host = self.config.host_name or (
            listener.host if listener.host not in ("", "0.0.0.0", "::") else None
        )
        if host is None:
            try:
                host = socket.gethostbyname(socket.gethostname())
            except OSError:
                host = "127.0.0.1"
        return Identity(host, port, self.config.leader_eligible, listener.protocol)

    def _leader_url(self) -> str | None:
        """None when this instance leads; the leader's URL otherwise (waits for an election)."""
        if self.elector is None:
            raise UnknownLeaderError("The registry is not part of its group yet")
        leader, is_leader = self.elector.leader(ELECTION_WAIT_S)
        if is_leader:
            return None
        if leader is None:
            raise UnknownLeaderError("Leader not known; no eligible registry instance in the group")
        return leader.url
