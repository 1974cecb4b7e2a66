"""``/admin/loggers`` endpoints (Java: ``LoggingResource``), on :mod:`kconnect.rest.loggers`.

``PUT /admin/loggers/{logger}?scope=worker`` (the default; any unknown scope too) answers 200
with the sorted names of the affected loggers.  ``scope=cluster`` answers 204 as Java does; in
standalone a cluster-wide change is the same as a worker change (Java's ``StandaloneHerder``
does likewise), so kconnect applies it to this worker.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import BadRequestError, NotFoundError
from kconnect.rest.bodies import read_json
from kconnect.rest.errors import MALFORMED_BODY_STATUS, RestError
from kconnect.rest.loggers import parse_level
from kconnect.rest.routing import Api, Param, Reply, RouteSpec, error_reply, json_response
from kconnect.rest.schemas import array_of, ref

__all__ = ["ROUTES"]

log = logging.getLogger(__name__)


async def _list_loggers(request: Request, api: Api) -> Response:
    return json_response(api.loggers.all_levels())


async def _get_logger(request: Request, api: Api) -> Response:
    name: str = request.path_params["logger"]
    level = api.loggers.level(name)
    if level is None:
        raise NotFoundError(f"Logger {name} not found.")
    return json_response(level)


def _level_string(body: Any) -> str:
    if not isinstance(body, dict):
        raise RestError(MALFORMED_BODY_STATUS, 'The request body must be like {"level": "DEBUG"}')
    raw = body.get("level")
    if raw is None:
        raise BadRequestError("Desired 'level' parameter was not specified in request.")
    if not isinstance(raw, str):
        raise RestError(MALFORMED_BODY_STATUS, "'level' must be a string")
    return raw


async def _set_level(request: Request, api: Api) -> Response:
    name: str = request.path_params["logger"]
    raw = _level_string(await read_json(request))
    level = parse_level(raw)
    if level is None:
        raise NotFoundError(f"invalid log level '{raw}'.")
    scope = request.query_params.get("scope", "worker").lower()
    if scope not in ("worker", "cluster"):
        log.warning("Received invalid scope '%s' to adjust logging level; will default to worker", scope)
    affected = api.loggers.set_level(name, level)
    if scope == "cluster":
        return Response(status_code=204)
    return json_response(affected)


_L = Param("logger", "path", "Logger name (root for the root logger)", required=True)

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/admin/loggers",
        _list_loggers,
        "List the current loggers that have their levels explicitly set and their log levels",
        {200: Reply("Levels by logger name", ref("LoggerLevels"))},
        tag="admin",
    ),
    RouteSpec(
        "GET",
        "/admin/loggers/{logger}",
        _get_logger,
        "Get the log level for the specified logger",
        {200: Reply("Level", ref("LoggerLevel")), 404: error_reply("No such logger")},
        params=(_L,),
        tag="admin",
    ),
    RouteSpec(
        "PUT",
        "/admin/loggers/{logger}",
        _set_level,
        "Set the log level for the specified logger",
        {
            200: Reply("Names of the affected loggers (worker scope)", array_of({"type": "string"})),
            204: Reply("Level set (cluster scope; standalone applies it to this worker)"),
            400: error_reply("No level given"),
            404: error_reply("Invalid level"),
        },
        params=(
            _L,
            Param(
                "scope",
                "query",
                "worker (default) or cluster; anything else is treated as worker",
                {"type": "string", "default": "worker"},
            ),
        ),
        body=ref("LevelRequest"),
        tag="admin",
    ),
)
