"""The Starlette application: :func:`create_app` wires the route table to a herder.

The REST layer only parses requests, calls the :class:`~kconnect.runtime.herder.Herder`
facade and serialises its answers; it imports nothing else from the runtime.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

from kconnect.errors import ConnectError
from kconnect.rest import (
    openapi,
    routes_connectors,
    routes_dlq,
    routes_internal,
    routes_lifecycle,
    routes_loggers,
    routes_offsets,
    routes_plugins,
    routes_root,
)
from kconnect.rest.errors import handle_exception
from kconnect.rest.loggers import LoggerLevels
from kconnect.rest.middleware import TrailingSlashMiddleware
from kconnect.rest.routing import DEFAULT_REQUEST_TIMEOUT_S, Api, RouteSpec, build_routes
from kconnect.runtime.herder import Herder

__all__ = ["ROUTE_TABLE", "create_app"]

ROUTE_TABLE: tuple[RouteSpec, ...] = (
    *routes_root.ROUTES,
    *routes_connectors.ROUTES,
    *routes_internal.ROUTES,
    *routes_lifecycle.ROUTES,
    *routes_offsets.ROUTES,
    *routes_dlq.ROUTES,
    *routes_plugins.ROUTES,
    *routes_loggers.ROUTES,
    openapi.ROUTE,
)
"""Every endpoint; the one source of the routes and of ``/openapi.json``."""


def create_app(
    herder: Herder,
    *,
    request_timeout_s: float = DEFAULT_REQUEST_TIMEOUT_S,
    loggers: LoggerLevels | None = None,
) -> Starlette:
    """A Connect-compatible REST application over ``herder``.

    ``request_timeout_s`` bounds every herder call (500 "Request timed out" past it);
    ``loggers`` is the worker's logger-level registry (a fresh one by default).
    """
    api = Api(herder, request_timeout_s, loggers or LoggerLevels())
    api.openapi = openapi.build_document(ROUTE_TABLE)
    return Starlette(
        routes=build_routes(ROUTE_TABLE, api),
        middleware=[Middleware(TrailingSlashMiddleware)],
        exception_handlers={
            ConnectError: handle_exception,
            HTTPException: handle_exception,
            Exception: handle_exception,
        },
    )
