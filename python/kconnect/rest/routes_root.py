"""``GET /`` (ServerInfo) and ``GET /health`` (WorkerStatus) (Java: ``RootResource``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kconnect.rest.routing import Api, Reply, RouteSpec, json_response
from kconnect.rest.schemas import ref

__all__ = ["ROUTES"]


async def _server_info(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.server_info()))


async def _health(request: Request, api: Api) -> Response:
    status, body = await api.call(api.herder.health())
    return json_response(body, status)


ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/",
        _server_info,
        "Get details about this Connect worker and the ID of the Kafka cluster it is connected to",
        {200: Reply("Server info", ref("ServerInfo"))},
        tag="root",
    ),
    RouteSpec(
        "GET",
        "/health",
        _health,
        "Health check endpoint to verify worker readiness and liveness",
        {
            200: Reply("Healthy", ref("WorkerStatus")),
            500: Reply("Unhealthy", ref("WorkerStatus")),
            503: Reply("Starting", ref("WorkerStatus")),
        },
        tag="root",
    ),
)
