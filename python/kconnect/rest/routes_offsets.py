"""``/connectors/{connector}/offsets``: get, alter (PATCH) and reset (DELETE).

The PATCH body is a ConnectorOffsets document; missing or empty ``offsets`` is 400 (as Java).
Each entry must be an object whose ``partition`` is an object and whose ``offset`` is an object
or null (null resets that partition).  The herder receives the validated document
``{"offsets": [{"partition": {...}, "offset": {...} | None}, ...]}``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import BadRequestError
from kconnect.rest.bodies import read_json
from kconnect.rest.errors import MALFORMED_BODY_STATUS, RestError
from kconnect.rest.routing import Api, Reply, RouteSpec, connector_param, error_reply, json_response
from kconnect.rest.schemas import ref

__all__ = ["ROUTES", "parse_offsets"]

_MISSING = "Partitions / offsets need to be provided for an alter offsets request"


def _entry(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RestError(MALFORMED_BODY_STATUS, "Each element of 'offsets' must be a JSON object")
    partition, offset = raw.get("partition"), raw.get("offset")
    if not isinstance(partition, dict):
        raise BadRequestError("Each element of 'offsets' needs a 'partition' JSON object")
    if offset is not None and not isinstance(offset, dict):
        raise RestError(MALFORMED_BODY_STATUS, "Each 'offset' in 'offsets' must be a JSON object or null")
    return {"partition": partition, "offset": offset}


def parse_offsets(body: Any) -> dict[str, Any]:
    """Validate an alter-offsets body into ``{"offsets": [...]}``."""
    if not isinstance(body, dict):
        raise RestError(MALFORMED_BODY_STATUS, "The request body must be a JSON object (ConnectorOffsets)")
    offsets = body.get("offsets")
    if offsets is None or offsets == []:
        raise BadRequestError(_MISSING)
    if not isinstance(offsets, list):
        raise RestError(MALFORMED_BODY_STATUS, "'offsets' must be a JSON array")
    return {"offsets": [_entry(e) for e in offsets]}


async def _get_offsets(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.connector_offsets(request.path_params["connector"])))


async def _alter_offsets(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    offsets = parse_offsets(await read_json(request))
    return json_response(await api.call(api.herder.alter_connector_offsets(name, offsets)))


async def _reset_offsets(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.reset_connector_offsets(request.path_params["connector"])))


_C = connector_param()
_NOT_FOUND = error_reply("No such connector")

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/connectors/{connector}/offsets",
        _get_offsets,
        "Get the current offsets for the specified connector",
        {200: Reply("Offsets", ref("ConnectorOffsets")), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "PATCH",
        "/connectors/{connector}/offsets",
        _alter_offsets,
        "Alter the offsets for the specified connector",
        {
            200: Reply("Altered", ref("Message")),
            400: error_reply("No offsets given, or the connector is not stopped"),
            404: _NOT_FOUND,
        },
        params=(_C,),
        body=ref("ConnectorOffsets"),
        forward=True,
    ),
    RouteSpec(
        "DELETE",
        "/connectors/{connector}/offsets",
        _reset_offsets,
        "Reset the offsets for the specified connector",
        {
            200: Reply("Reset", ref("Message")),
            400: error_reply("The connector is not stopped"),
            404: _NOT_FOUND,
        },
        params=(_C,),
        forward=True,
    ),
)
