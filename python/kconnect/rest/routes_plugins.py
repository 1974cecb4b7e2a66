"""``/connector-plugins`` endpoints (Java: ``ConnectorPluginsResource``).

``PUT /connector-plugins/{plugin}/config/validate`` answers 400 when ``connector.class`` is
missing (or null), or when pruned(``connector.class``) does not end with pruned(``plugin``),
pruning one trailing ``Connector`` (so ``FileStreamSource`` matches
``org.apache.kafka.connect.file.FileStreamSourceConnector``).  Null values are not a 400 here:
as in Java they come back as errors in the ConfigInfos ("Null value can not be supplied ...").
"""

from __future__ import annotations

import copy
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import BadRequestError, NotFoundError, PluginNotFoundError
from kconnect.rest.bodies import NULL_VALUE_MESSAGE, config_map, query_flag, read_json
from kconnect.rest.routing import Api, Param, Reply, RouteSpec, error_reply, json_response
from kconnect.rest.schemas import array_of, ref

__all__ = ["ROUTES", "add_null_errors", "pruned_plugin_name"]

_ALIAS_SUFFIX = "Connector"


def pruned_plugin_name(name: str) -> str:
    """Strip one trailing ``Connector`` (unless that is the whole name)."""
    if name.endswith(_ALIAS_SUFFIX) and len(name) > len(_ALIAS_SUFFIX):
        return name[: -len(_ALIAS_SUFFIX)]
    return name


def _java_map(config: dict[str, str | None]) -> str:
    return "{" + ", ".join(f"{k}={'null' if v is None else v}" for k, v in config.items()) + "}"


def add_null_errors(infos: dict[str, Any], null_keys: list[str]) -> dict[str, Any]:
    """ConfigInfos with Connect's null-value error added for each key given as null."""
    if not null_keys:
        return infos
    out = copy.deepcopy(infos)
    configs: list[dict[str, Any]] = out.setdefault("configs", [])
    by_name = {c["value"]["name"]: c for c in configs if c.get("value")}
    for key in null_keys:
        entry = by_name.get(key)
        if entry is None:
            value: dict[str, Any] = {"name": key, "value": None, "recommended_values": []}
            entry = {"definition": None, "value": {**value, "errors": [], "visible": True}}
            configs.append(entry)
        entry["value"].setdefault("errors", []).append(NULL_VALUE_MESSAGE)
    out["error_count"] = int(out.get("error_count", 0)) + len(null_keys)
    return out


async def _list_plugins(request: Request, api: Api) -> Response:
    connectors_only = query_flag(request, "connectorsOnly", True)
    return json_response(await api.call(api.herder.plugins(connectors_only)))


async def _plugin_config(request: Request, api: Api) -> Response:
    plugin: str = request.path_params["plugin"]
    try:
        return json_response(await api.call(api.herder.plugin_config(plugin)))
    except PluginNotFoundError as exc:  # a ConfigError (400) elsewhere; Java answers 404 here
        raise NotFoundError(f"Unknown plugin {plugin}.") from exc


async def _validate_config(request: Request, api: Api) -> Response:
    plugin: str = request.path_params["plugin"]
    config = config_map(await read_json(request, numbers_as_text=True))
    included = config.get("connector.class")
    if included is None:
        raise BadRequestError(f"Connector config {_java_map(config)} contains no connector type")
    if not pruned_plugin_name(included).endswith(pruned_plugin_name(plugin)):
        raise BadRequestError(f"Included connector type {included} does not match request type {plugin}")
    null_keys = [k for k, v in config.items() if v is None]
    present = {k: v for k, v in config.items() if v is not None}
    infos = await api.call(api.herder.validate_connector_config(present))
    return json_response(add_null_errors(infos, null_keys))


_P = Param("plugin", "path", "Plugin class name or alias", required=True)

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/connector-plugins",
        _list_plugins,
        "List all connector plugins installed",
        {200: Reply("Plugins", array_of(ref("PluginInfo")))},
        params=(
            Param(
                "connectorsOnly",
                "query",
                "Whether to list only connectors instead of all plugins",
                {"type": "boolean", "default": True},
            ),
        ),
        tag="connector-plugins",
    ),
    RouteSpec(
        "GET",
        "/connector-plugins/{plugin}/config",
        _plugin_config,
        "Get the configuration definition for the specified plugin",
        {
            200: Reply("Config keys: plugin keys, then framework keys", array_of(ref("ConfigKeyInfo"))),
            400: error_reply("Not a connector plugin"),
            404: error_reply("Unknown plugin"),
        },
        params=(_P,),
        tag="connector-plugins",
    ),
    RouteSpec(
        "PUT",
        "/connector-plugins/{plugin}/config/validate",
        _validate_config,
        "Validate the provided configuration against the configuration definition for the specified plugin",
        {
            200: Reply("Validation result (also when the config is invalid)", ref("ConfigInfos")),
            400: error_reply("connector.class missing or not matching the plugin"),
        },
        params=(_P,),
        body=ref("ConfigMap"),
        tag="connector-plugins",
    ),
)
