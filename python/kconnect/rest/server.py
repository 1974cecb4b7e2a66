"""The REST server: uvicorn inside the caller's asyncio loop (Java: ``RestServer``).

Listeners use Connect's syntax ``protocol://host:port``: ``http://:8083`` (all interfaces),
``http://0.0.0.0:8083``, ``http://[::1]:8083``, ``http://127.0.0.1:0`` (ephemeral port, for
tests); several listeners share one application.  ``https://`` listeners raise
:class:`~kconnect.errors.ConfigError`: Connect configures TLS with Java keystores
(``listeners.https.ssl.keystore.*``), which have no direct uvicorn equivalent yet.

kconnect binds the sockets itself and drives ``uvicorn.Server.startup``/``shutdown``, so it
installs no signal handlers and leaves the host process's logging configuration alone; access
logs are off unless ``access_log=True``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from kconnect.errors import ConfigError, IllegalWorkerStateError
from kconnect.rest.app import create_app
from kconnect.runtime.herder import Herder

__all__ = ["Listener", "RestServer", "parse_listener"]

log = logging.getLogger(__name__)

_LISTENER_RE = re.compile(r"^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$")


@dataclass(frozen=True)
class Listener:
    """One parsed ``listeners`` entry; ``host`` is empty for all interfaces."""

    protocol: str
    host: str
    port: int


def parse_listener(raw: str) -> Listener:
    """Parse ``protocol://host:port`` as Connect does; only ``http`` is supported."""
    match = _LISTENER_RE.match(raw.strip())
    if match is None:
        raise ConfigError(f"Listener doesn't have the right format (protocol://hostname:port): {raw!r}")
    protocol = match.group(1).lower()
    if protocol not in ("http", "https"):
        raise ConfigError('Listener protocol must be either "http" or "https".')
    if protocol == "https":
        raise ConfigError(f"HTTPS listeners are not supported yet by kconnect: {raw!r}")
    port = int(match.group(3))
    if not 0 <= port <= 65535:
        raise ConfigError(f"Invalid listener port {port} in {raw!r}")
    return Listener(protocol, match.group(2), port)


def _bind(listener: Listener) -> socket.socket:
    host = listener.host or "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # accepted connections inherit it: no ~40 ms delayed-ACK stall per kept-alive request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, listener.port))
        sock.listen(2048)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"Cannot bind REST listener {host}:{listener.port}: {exc}") from exc
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class RestServer:
    """Serves the REST API of ``herder`` on ``listeners`` until :meth:`stop`.

    ``app`` replaces the default ``create_app(herder)`` (e.g. to set a request timeout);
    ``graceful_shutdown_s`` bounds how long :meth:`stop` waits for in-flight requests
    (Java: 60 s).
    """

    def __init__(
        self,
        herder: Herder,
        listeners: list[str],
        advertised_host: str | None = None,
        advertised_port: int | None = None,
        advertised_listener: str | None = None,
        *,
        app: ASGIApp | None = None,
        access_log: bool = False,
        graceful_shutdown_s: int = 60,
    ) -> None:
        if not listeners:
            raise ConfigError("At least one REST listener is required")
        self._listeners = [parse_listener(raw) for raw in listeners]
        self._advertised_host = advertised_host or None
        self._advertised_port = advertised_port
        if advertised_listener is not None and advertised_listener.lower() not in ("http", "https"):
            raise ConfigError('rest.advertised.listener must be either "http" or "https".')
        self._advertised_listener = advertised_listener.lower() if advertised_listener else None
        self._app = app if app is not None else create_app(herder)
        self._access_log = access_log
        self._graceful_shutdown_s = graceful_shutdown_s
        self._sockets: list[socket.socket] = []
        self._server: uvicorn.Server | None = None
        self._main_loop: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Bind every listener and start serving; returns once the sockets are bound."""
        if self._server is not None:
            raise IllegalWorkerStateError("REST server already started")
        sockets: list[socket.socket] = []
        try:
            for listener in self._listeners:
                sockets.append(_bind(listener))
        except ConfigError:
            for sock in sockets:
                sock.close()
            raise
        config = uvicorn.Config(
            self._app,
            lifespan="off",
            log_config=None,
            access_log=self._access_log,
            server_header=False,
            timeout_graceful_shutdown=self._graceful_shutdown_s,
        )
        config.load()
        server = uvicorn.Server(config)
        server.lifespan = config.lifespan_class(config)
        await server.startup(sockets=sockets)
        self._sockets, self._server = sockets, server
        self._main_loop = asyncio.create_task(server.main_loop(), name="kconnect-rest-server")
        log.info("REST server listening on %s, advertised URL %s", self.bound_urls(), self.advertised_url())

    async def stop(self) -> None:
        """Stop accepting requests, finish in-flight ones, close the sockets."""
        server, self._server = self._server, None
        if server is None:
            return
        server.should_exit = True
        if self._main_loop is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._main_loop
            self._main_loop = None
        await server.shutdown(sockets=self._sockets)
        self._sockets = []
        log.info("REST server stopped")

    def bound_urls(self) -> list[str]:
        """``http://host:port/`` of each bound listener (actual ports, wildcard hosts as given)."""
        urls = []
        for sock in self._sockets:
            host, port = sock.getsockname()[:2]
            urls.append(f"http://{_url_host(host)}:{port}/")
        return urls

    def advertised_url(self) -> str:
        """The URL other workers and statuses use: ``http://host:port/``.

        Host: ``advertised_host``, else the listener's host, else this machine's address;
        port: ``advertised_port``, else the listener's configured port, else its bound port.
        """
        protocol = self._advertised_listener or "http"
        index = next((i for i, lst in enumerate(self._listeners) if lst.protocol == protocol), 0)
        listener = self._listeners[index]
        host = self._advertised_host or listener.host or _local_address()
        port = self._advertised_port
        if port is None:
            port = listener.port
            if port == 0 and index < len(self._sockets):
                port = self._sockets[index].getsockname()[1]
        return f"{protocol}://{_url_host(host)}:{port}/"


def _local_address() -> str:
    """This host's address, as Jetty's ``Server.getURI`` uses for a wildcard listener."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
