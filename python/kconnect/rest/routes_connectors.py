"""``/connectors`` collection and configuration endpoints (Java: ``ConnectorsResource``, part 1).

List (with ``expand``), create, get, get/put/patch config, delete.  The ``forward`` query
parameter is accepted and ignored: standalone never forwards.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import NotFoundError
from kconnect.rest.bodies import check_and_put_name, config_map, read_json
from kconnect.rest.errors import MALFORMED_BODY_STATUS, RestError
from kconnect.rest.routing import (
    Api,
    Param,
    Reply,
    RouteSpec,
    connector_param,
    error_reply,
    json_response,
)
from kconnect.rest.schemas import array_of, ref
from kconnect.runtime.herder import ConnectorInfo, TargetState

__all__ = ["ROUTES"]

log = logging.getLogger(__name__)

_CREATE_FIELDS = ("name", "config", "initial_state")


def _location(request: Request, name: str) -> str:
    """Absolute ``Location`` for a connector, as JAX-RS resolves ``/connectors/<name>``."""
    return f"{str(request.base_url).rstrip('/')}/connectors/{quote(name, safe='')}"


def _created(request: Request, created: bool, info: ConnectorInfo) -> Response:
    if created:
        return json_response(info, 201, {"Location": _location(request, info["name"])})
    return json_response(info)


async def _list_connectors(request: Request, api: Api) -> Response:
    names = await api.call(api.herder.connectors())
    if "expand" not in request.query_params:
        return json_response(names)
    expansions = request.query_params.getlist("expand")
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        try:
            entry: dict[str, Any] = {}
            for expansion in expansions:
                if expansion == "status":
                    entry["status"] = await api.call(api.herder.connector_status(name))
                elif expansion == "info":
                    entry["info"] = await api.call(api.herder.connector_info(name))
                else:
                    log.info("Ignoring unknown expansion type %s", expansion)
            out[name] = entry
        except NotFoundError:
            log.debug("Unable to get connector info for %s on this worker", name)
    return json_response(out)


def _text_field(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    raise RestError(MALFORMED_BODY_STATUS, f"Field '{key}' of the request body must be a string")


async def _create_connector(request: Request, api: Api) -> Response:
    body = await read_json(request, numbers_as_text=True)
    if not isinstance(body, dict):
        raise RestError(MALFORMED_BODY_STATUS, "The request body must be a CreateConnectorRequest object")
    unknown = [k for k in body if k not in _CREATE_FIELDS]
    if unknown:
        raise RestError(
            MALFORMED_BODY_STATUS,
            f'Unrecognized field "{unknown[0]}" in CreateConnectorRequest '
            '(known fields: "name", "config", "initial_state")',
        )
    name = (_text_field(body, "name") or "").strip()
    if body.get("config") is None:
        raise RestError(MALFORMED_BODY_STATUS, "The request body has no 'config' object")
    config = check_and_put_name(name, config_map(body["config"], "connector config"))
    raw_state = _text_field(body, "initial_state")
    state = TargetState.STARTED if raw_state is None else TargetState.from_initial_state(raw_state)
    _, info = await api.call(
        api.herder.put_connector_config(name, config, allow_replace=False, initial_state=state)
    )
    return json_response(info, 201, {"Location": _location(request, name)})


async def _get_connector(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.connector_info(request.path_params["connector"])))


async def _get_connector_config(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.connector_config(request.path_params["connector"])))


async def _put_connector_config(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    config = check_and_put_name(name, config_map(await read_json(request, numbers_as_text=True)))
    created, info = await api.call(api.herder.put_connector_config(name, config, allow_replace=True))
    return _created(request, created, info)


async def _patch_connector_config(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    patch = config_map(await read_json(request, numbers_as_text=True))
    return json_response(await api.call(api.herder.patch_connector_config(name, patch)))


async def _delete_connector(request: Request, api: Api) -> Response:
    await api.call(api.herder.delete_connector(request.path_params["connector"]))
    return Response(status_code=204)


_C = connector_param()
_NOT_FOUND = error_reply("No such connector")
_BAD = error_reply("Invalid body or configuration")

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/connectors",
        _list_connectors,
        "List all active connectors",
        {
            200: Reply(
                "Names, or with expand a map name -> {status?, info?}",
                {"oneOf": [array_of({"type": "string"}), ref("ConnectorExpansions")]},
            )
        },
        params=(
            Param(
                "expand",
                "query",
                "status and/or info (repeatable); unknown values ignored",
                {"type": "array", "items": {"type": "string"}},
                style_form_repeat=True,
            ),
        ),
    ),
    RouteSpec(
        "POST",
        "/connectors",
        _create_connector,
        "Create a new connector",
        {
            201: Reply("Created", ref("ConnectorInfo"), {"Location": "URL of the new connector"}),
            400: _BAD,
            409: error_reply("Connector already exists"),
        },
        body=ref("CreateConnectorRequest"),
        forward=True,
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}",
        _get_connector,
        "Get the details for the specified connector",
        {200: Reply("Connector info", ref("ConnectorInfo")), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "DELETE",
        "/connectors/{connector}",
        _delete_connector,
        "Delete the specified connector",
        {204: Reply("Deleted"), 404: _NOT_FOUND},
        params=(_C,),
        forward=True,
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}/config",
        _get_connector_config,
        "Get the configuration for the specified connector",
        {200: Reply("Configuration", ref("StringMap")), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "PUT",
        "/connectors/{connector}/config",
        _put_connector_config,
        "Create or reconfigure the specified connector",
        {
            200: Reply("Reconfigured", ref("ConnectorInfo")),
            201: Reply("Created", ref("ConnectorInfo"), {"Location": "URL of the new connector"}),
            400: _BAD,
        },
        params=(_C,),
        body=ref("ConfigMap"),
        forward=True,
    ),
    RouteSpec(
        "PATCH",
        "/connectors/{connector}/config",
        _patch_connector_config,
        "Patch the configuration of the specified connector (null removes a key)",
        {200: Reply("Reconfigured", ref("ConnectorInfo")), 400: _BAD, 404: _NOT_FOUND},
        params=(_C,),
        body=ref("ConfigPatch"),
        forward=True,
    ),
)
