"""Connector config validation (``/config/validate``) of transforms and predicates."""

from __future__ import annotations

from typing import Any

from kconnect.runtime.plugins import Plugins
from kconnect.runtime.validation import plugin_config_keys, validate_connector_config

PLUGINS = Plugins(load_entry_points=False)
BASE = {"name": "c", "connector.class": "FileStreamSource", "topic": "t"}


def errors_by_key(config: dict[str, str]) -> tuple[int, dict[str, list[str]]]:
    infos = validate_connector_config(PLUGINS, {**BASE, **config}, "All")
    found = {c["value"]["name"]: c["value"]["errors"] for c in infos["configs"] if c["value"]["errors"]}
    return infos["error_count"], found


def test_valid_chain_has_no_errors_and_lists_transform_keys() -> None:
    config = {
        "transforms": "r",
        "transforms.r.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.r.regex": "(.*)",
        "transforms.r.replacement": "$1-x",
    }
    infos = validate_connector_config(PLUGINS, {**BASE, **config}, "All")
    assert infos["error_count"] == 0
    names = {c["definition"]["name"] for c in infos["configs"] if c["definition"]}
    assert {
        "transforms.r.type",
        "transforms.r.regex",
        "transforms.r.replacement",
        "transforms.r.predicate",
        "transforms.r.negate",
    } <= names
    assert "Transforms: r" in infos["groups"]


def test_bad_transform_configs_name_alias_key_and_reason() -> None:
    count, found = errors_by_key(
        {
            "transforms": "a,b,c,d,e,f",
            "transforms.a.type": "NoSuchTransform",
            "transforms.b.type": "RegexRouter",
            "transforms.b.regex": "([a-",
            "transforms.b.replacement": "x",
            "transforms.c.type": "Cast$Value",
            "transforms.c.spec": "f:map",
            "transforms.d.type": "ExtractField$Key",
            "transforms.e.type": "InsertField$Value",
            "transforms.f.type": "Filter",
            "transforms.f.negate": "true",
        }
    )
    assert "available plugins are: " in found["transforms.a.type"][0]
    assert "org.apache.kafka.connect.transforms.ValueToKey" in found["transforms.a.type"][0]
    assert found["transforms.b.regex"][0].startswith(
        "Invalid value ([a- for configuration transforms.b.regex: Invalid regex"
    )
    assert "Cast transformation does not support casting to MAP" in found["transforms.c.spec"][0]
    assert found["transforms.d.field"] == [
        'Missing required configuration "transforms.d.field" which has no default value.'
    ]
    assert "No field insertion configured" in found["transforms.e.type"][0]
    assert "no config 'transforms.f.predicate'" in found["transforms.f.negate"][0]
    assert count == 6


def test_bad_predicates_are_reported() -> None:
    _, found = errors_by_key(
        {
            "transforms": "f",
            "transforms.f.type": "Filter",
            "transforms.f.predicate": "p",
            "predicates": "p,q",
            "predicates.p.type": "TopicNameMatches",
            "predicates.q.type": "Nope",
        }
    )
    assert found["predicates.p.pattern"] == [
        'Missing required configuration "predicates.p.pattern" which has no default value.'
    ]
    assert "implements predicate" in found["predicates.q.type"][0]


def test_plugin_config_of_a_transform_lists_its_own_keys() -> None:
    keys: list[dict[str, Any]] = plugin_config_keys(PLUGINS, "org.apache.kafka.connect.transforms.Cast$Value")
    assert [k["name"] for k in keys] == ["spec", "replace.null.with.default"]
    assert keys[0]["required"] is True


def test_plugin_listing_has_every_transform_and_predicate_with_java_names() -> None:
    from kconnect.runtime.plugins import PluginType

    listed = [d.to_json() for d in PLUGINS.descs(PluginType.TRANSFORMATION, PluginType.PREDICATE)]
    assert {
        "class": "org.apache.kafka.connect.transforms.InsertField$Value",
        "type": "transformation",
        "version": "4.1.1",
    } in listed
    assert {
        "class": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
        "type": "predicate",
        "version": "4.1.1",
    } in listed
    assert len(listed) == 29  # 26 transforms ($Key/$Value counted apart) + 3 predicates
    # simple names resolve as in Java
    assert PLUGINS.transform_class("transformation", "InsertField$Value").__name__ == "InsertFieldValue"
