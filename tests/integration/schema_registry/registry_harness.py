"""Runs a kconnect schema registry in-process, on its own event-loop thread, on a free port."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Mapping
from concurrent.futures import Future

from kconnect.schema_registry import SchemaRegistryServer, parse_registry_config


class RunningRegistry:
    """A started registry: ``url`` (no trailing slash), ``topic``; :meth:`stop` when done."""

    def __init__(
        self, bootstrap: str, topic: str | None = None, extra: Mapping[str, str] | None = None
    ) -> None:
        self.topic = topic or f"_schemas-{uuid.uuid4().hex[:8]}"
        props = {
            "kafkastore.bootstrap.servers": bootstrap,
            "kafkastore.topic": self.topic,
            "listeners": "http://127.0.0.1:0",
            "schema.registry.group.id": f"group-{self.topic}",  # instances on one topic form one group
            **(extra or {}),
        }
        self.server = SchemaRegistryServer(parse_registry_config(props))
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="registry-loop", daemon=True)
        self._thread.start()
        self._run(self.server.start())
        self.url = self.server.urls()[0].rstrip("/")

    def _run(self, coro: object) -> None:
        future: Future[None] = asyncio.run_coroutine_threadsafe(coro, self._loop)  # type: ignore[arg-type]
        future.result(120)

    def stop(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._run(self.server.stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()
