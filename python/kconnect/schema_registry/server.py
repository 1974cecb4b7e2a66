"""``SchemaRegistryServer``: the Kafka store, the registry and its REST listeners in one object.

:meth:`start` reads ``_schemas`` to its end (blocking work runs in a thread) and then binds the
listeners; :meth:`stop` closes the listeners and the store.  The REST listeners reuse
:class:`kconnect.rest.server.RestServer` (uvicorn inside the caller's event loop).
"""

from __future__ import annotations

import asyncio
import logging
import threading

from kconnect.rest.server import RestServer
from kconnect.schema_registry.config import RegistryConfig
from kconnect.schema_registry.registry import Registry
from kconnect.schema_registry.rest import create_registry_app
from kconnect.schema_registry.state import RegistryState
from kconnect.schema_registry.store import KafkaSchemaStore

__all__ = ["SchemaRegistryServer"]

log = logging.getLogger(__name__)


class SchemaRegistryServer:
    """One registry instance; it acts as the leader (see :mod:`kconnect.schema_registry.registry`)."""

    def __init__(self, config: RegistryConfig) -> None:
        self.config = config
        lock = threading.RLock()
        state = RegistryState()
        self.store = KafkaSchemaStore(config, state, lock)
        self.registry = Registry(self.store, state, lock, default_compatibility=config.compatibility)
        self._rest = RestServer(
            None,  # type: ignore[arg-type]  # the registry app needs no herder
            list(config.listeners),
            app=create_registry_app(self.registry),
            graceful_shutdown_s=5,
        )

    async def start(self) -> None:
        await asyncio.to_thread(self.store.start)
        try:
            await self._rest.start()
        except BaseException:
            await asyncio.to_thread(self.store.stop)
            raise
        log.info("Schema registry serving %s from topic %s", self.urls(), self.config.topic)

    async def stop(self) -> None:
        await self._rest.stop()
        await asyncio.to_thread(self.store.stop)

    def urls(self) -> list[str]:
        """The bound listener URLs (``http://host:port/``)."""
        return self._rest.bound_urls()
