"""Routes as data: :class:`RouteSpec` rows build both the Starlette routes and the OpenAPI document.

Each row names its method, path, handler and documentation (parameters, body schema,
responses).  :func:`build_routes` groups rows by path into one Starlette ``Route`` per path,
so a wrong method gets a 405 listing every allowed method.  :class:`Api` is what handlers
receive besides the request: the herder (every call bounded by the request timeout) and the
worker's logger-level registry.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kconnect.rest.errors import RestError, jersey_message
from kconnect.rest.loggers import LoggerLevels
from kconnect.rest.schemas import ref
from kconnect.runtime.herder import Herder

__all__ = [
    "DEFAULT_REQUEST_TIMEOUT_S",
    "Api",
    "Handler",
    "Param",
    "Reply",
    "RouteSpec",
    "build_routes",
    "connector_param",
    "error_reply",
    "json_response",
]

log = logging.getLogger(__name__)

DEFAULT_REQUEST_TIMEOUT_S = 90.0
"""Herder request timeout (Java: ``RestServer.DEFAULT_REST_REQUEST_TIMEOUT_MS``)."""

T = TypeVar("T")
JsonSchema = dict[str, Any]


@dataclass
class Api:
    """What handlers use: the herder, bounded by ``timeout_s``, and the logger levels."""

    herder: Herder
    timeout_s: float = DEFAULT_REQUEST_TIMEOUT_S
    loggers: LoggerLevels = field(default_factory=LoggerLevels)
    openapi: dict[str, Any] = field(default_factory=dict)
    _orphans: set[asyncio.Task[Any]] = field(default_factory=set)

    async def call(self, awaitable: Awaitable[T]) -> T:
        """Await a herder call; past the timeout answer 500 "Request timed out".

        As in Java, a timed-out operation is not cancelled: it keeps running and its
        outcome is only logged.
        """
        task: asyncio.Task[T] = asyncio.ensure_future(awaitable)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.timeout_s)
        except TimeoutError:
            self._orphans.add(task)
            task.add_done_callback(self._forget)
            raise RestError(500, "Request timed out") from None

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._orphans.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("Herder request that timed out later failed", exc_info=task.exception())


def json_response(value: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response (orjson; keys kept in the herder's order)."""
    body = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


Handler = Callable[[Request, Api], Awaitable[Response]]


@dataclass(frozen=True)
class Param:
    """A path or query parameter, for the OpenAPI document."""

    name: str
    location: Literal["path", "query"]
    description: str
    schema: JsonSchema = field(default_factory=lambda: {"type": "string"})
    required: bool = False
    style_form_repeat: bool = False


@dataclass(frozen=True)
class Reply:
    """One documented response: description and optional body schema."""

    description: str
    schema: JsonSchema | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RouteSpec:
    """One endpoint: the single source of truth for routing and documentation."""

    method: str
    path: str
    handler: Handler
    summary: str
    responses: Mapping[int, Reply]
    params: Sequence[Param] = ()
    body: JsonSchema | None = None
    forward: bool = False
    deprecated: bool = False
    tag: str = "connectors"

    @property
    def operation_id(self) -> str:
        return self.handler.__name__.strip("_")


def error_reply(description: str) -> Reply:
    """A documented error response (``ErrorMessage`` body)."""
    return Reply(description, ref("ErrorMessage"))


def connector_param() -> Param:
    return Param("connector", "path", "Connector name", required=True)


_JSON_TYPES = ("application/json",)


def _check_content_type(request: Request) -> None:
    """Jersey's ``@Consumes(APPLICATION_JSON)``: a declared non-JSON body type is 415."""
    declared = request.headers.get("content-type")
    if declared is None:
        return
    media = declared.split(";", 1)[0].strip().lower()
    if media and media not in _JSON_TYPES and not media.endswith("+json") and media != "*/*":
        raise RestError(415, jersey_message(415))


def _dispatcher(specs: Mapping[str, RouteSpec], api: Api) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        spec = specs[method]
        if spec.body is not None:
            _check_content_type(request)
        if spec.forward:
            from kconnect.rest.forwarding import maybe_forward

            forwarded = await maybe_forward(request, api.herder)
            if forwarded is not None:
                return forwarded
        return await spec.handler(request, api)

    return endpoint


def build_routes(specs: Sequence[RouteSpec], api: Api) -> list[Route]:
    """One Starlette ``Route`` per distinct path, dispatching on the method."""
    by_path: dict[str, dict[str, RouteSpec]] = {}
    for spec in specs:
        methods = by_path.setdefault(spec.path, {})
        if spec.method in methods:
            raise ValueError(f"duplicate route {spec.method} {spec.path}")
        methods[spec.method] = spec
    return [
        Route(path, _dispatcher(methods, api), methods=list(methods), name=path)
        for path, methods in by_path.items()
    ]
