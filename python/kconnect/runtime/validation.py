"""Connector config validation producing Connect's ``ConfigInfos`` (``PUT .../config/validate``).

Order as Java's ``AbstractHerder.validateConnectorConfig``: framework keys
(sink or source definition, enriched with ``transforms.<alias>.*`` and
``predicates.<alias>.*``), then the connector's own ``config()``, then its
``validate()``, then client overrides checked against
``connector.client.config.override.policy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kconnect.api.sink import SinkConnector
from kconnect.config import ConfigDef, ConfigValue, config_value_to_info
from kconnect.config.clients import OVERRIDE_PREFIXES, validate_client_overrides
from kconnect.config.connector import (
    CONNECTOR_CONFIG,
    SINK_CONNECTOR_CONFIG,
    SOURCE_CONNECTOR_CONFIG,
    validate_framework_config,
)
from kconnect.errors import BadRequestError
from kconnect.runtime.plugins import Plugins, PluginType
from kconnect.transforms.chain import check_aliases

JsonDict = dict[str, Any]


def framework_definition(connector_cls: type) -> ConfigDef:
    if issubclass(connector_cls, SinkConnector):
        return SINK_CONNECTOR_CONFIG
    return SOURCE_CONNECTOR_CONFIG


def validate_connector_config(plugins: Plugins, config: Mapping[str, str], override_policy: str) -> JsonDict:
    """ConfigInfos for ``config``; BadRequestError when ``connector.class`` is missing/unknown."""
    class_name = config.get("connector.class")
    if not class_name:
        raise BadRequestError(f"Connector config {dict(config)} contains no connector type")
    desc = plugins.resolve(class_name, PluginType.SOURCE, PluginType.SINK)
    connector = desc.cls()
    framework, framework_results = validate_framework_config(
        framework_definition(desc.cls), config, plugins.transform_config_def
    )
    _check_transform_aliases(plugins, config, framework_results)
    connector_def = connector.config()
    connector_results = {v.name: v for v in connector.validate(config)}

    infos: list[JsonDict] = []
    groups: list[str] = []
    for definition in (framework, connector_def):
        for group in definition.groups():
            if group not in groups:
                groups.append(group)
    error_count = 0

    def add(definition: ConfigDef | None, value: ConfigValue) -> None:
        nonlocal error_count
        error_count += len(value.errors)
        if definition is not None and value.name in definition:
            infos.append(
                {
                    "definition": definition.to_key_info(value.name),
                    "value": definition.config_value_to_info(value),
                }
            )
        else:
            infos.append({"definition": None, "value": config_value_to_info(value)})

    for value in framework_results.values():
        add(framework, value)
    for name, value in connector_results.items():
        if name not in framework_results:
            add(connector_def, value)
    for prefix in OVERRIDE_PREFIXES:
        for value in validate_client_overrides(override_policy, config, prefix):
            add(None, value)
    return {"name": class_name, "error_count": error_count, "groups": groups, "configs": infos}


def _check_transform_aliases(
    plugins: Plugins, config: Mapping[str, str], results: dict[str, ConfigValue]
) -> None:
    """Unknown transform/predicate classes, and configurations their ``configure`` rejects.

    A configure-time problem is only reported when the alias's keys passed their definitions,
    so one mistake is not reported twice.
    """
    for type_key, messages in check_aliases(config, plugins.transform_class).items():
        prefix = type_key[: -len("type")]
        if any(v.errors for name, v in results.items() if name.startswith(prefix) and name != type_key):
            continue
        value = results.setdefault(type_key, ConfigValue(type_key, config.get(type_key)))
        for message in messages:
            if message not in value.errors:
                value.add_error_message(message)


def invalid_config_message(infos: JsonDict) -> str:
    """Java's message for creating/updating a connector with an invalid config."""
    errors = []
    for info in infos["configs"]:
        value = info.get("value") or {}
        for error in value.get("errors") or []:
            errors.append(f"{value.get('name')}: {error}")
    return (
        f"Connector configuration is invalid and contains the following {len(errors)} error(s):\n"
        + "\n".join(errors)
        + "\nYou can also find the above list of errors at the endpoint "
        "`/connector-plugins/{connectorType}/config/validate`"
    )


def plugin_config_keys(plugins: Plugins, plugin: str) -> list[JsonDict]:
    """ConfigKeyInfos of a plugin: a connector's own keys, then the framework keys; a transform's,
    predicate's or converter's own keys (Java, KIP-769)."""
    desc = plugins.resolve(plugin)
    if desc.type not in (PluginType.SOURCE, PluginType.SINK):
        definition = desc.cls().config()
        return [definition.to_key_info(k) for k in definition.names()]
    own = desc.cls().config()
    framework = framework_definition(desc.cls)
    keys = [own.to_key_info(k) for k in own.names()]
    keys += [framework.to_key_info(k) for k in framework.names() if k not in own]
    return keys


__all__ = ["CONNECTOR_CONFIG", "invalid_config_message", "plugin_config_keys", "validate_connector_config"]
