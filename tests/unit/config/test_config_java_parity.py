"""Parity with Apache Kafka 4.1.1, from vectors recorded with the real Java classes.

* ``connect-4.1.1-config-keys.json``: every key of the Connect worker and connector ConfigDefs;
* ``java-parse-type-vectors.json``: ``ConfigDef.parseType`` results and error messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kconnect.config import ConfigDef, Importance, Password, Type
from kconnect.config.connector import CONNECTOR_CONFIG, SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG
from kconnect.config.types import convert_to_string, parse_type
from kconnect.config.worker import DISTRIBUTED_CONFIG, STANDALONE_CONFIG
from kconnect.errors import ConfigError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "kafka-config"
_KEYS = json.loads((FIXTURES / "connect-4.1.1-config-keys.json").read_text())["definitions"]
_PARSE = json.loads((FIXTURES / "java-parse-type-vectors.json").read_text())["vectors"]
_OURS: dict[str, ConfigDef] = {
    "standalone": STANDALONE_CONFIG,
    "distributed": DISTRIBUTED_CONFIG,
    "connector": CONNECTOR_CONFIG,
    "sink": SINK_CONNECTOR_CONFIG,
    "source": SOURCE_CONNECTOR_CONFIG,
}
_CONNECTOR_DEFS = {"connector", "sink", "source"}


@pytest.mark.parametrize("which", sorted(_KEYS))
def test_same_keys_in_same_order(which: str) -> None:
    assert _OURS[which].names() == [key["name"] for key in _KEYS[which]]


@pytest.mark.parametrize(
    ("which", "java"),
    [(which, key) for which in sorted(_KEYS) for key in _KEYS[which]],
    ids=[f"{which}:{key['name']}" for which in sorted(_KEYS) for key in _KEYS[which]],
)
def test_key_matches_java(which: str, java: dict[str, Any]) -> None:
    info = _OURS[which].to_key_info(java["name"])
    default = "<required>" if info["required"] else info["default_value"]
    assert (info["type"], default, info["importance"]) == (java["type"], java["default"], java["importance"])
    if which in _CONNECTOR_DEFS:
        # Connector keys are shown in the REST validate output: display metadata matters too.
        assert (info["group"], info["order"], info["width"], info["display_name"]) == (
            java["group"],
            java["order"],
            java["width"],
            java["display"],
        )


@pytest.mark.parametrize("vector", _PARSE, ids=[f"{v['type']}:{v['input']!r}" for v in _PARSE])
def test_parse_type_matches_java(vector: dict[str, Any]) -> None:
    type_ = Type[vector["type"]]
    if not vector["ok"]:
        with pytest.raises(ConfigError) as info:
            parse_type("k", vector["input"], type_)
        assert str(info.value) == vector["result"]
        return
    value = parse_type("k", vector["input"], type_)
    rendered = value.value() if isinstance(value, Password) else convert_to_string(value, type_)
    if type_ is Type.LIST:
        rendered = f"{len(value)}:{rendered}"
    assert rendered == vector["result"]


def test_rest_config_info_json_matches_java() -> None:
    """Key and value info objects equal Java's, field order included (documentation aside)."""
    golden = json.loads((FIXTURES / "connect-4.1.1-rest-config-info.json").read_text())["objects"]
    sink = SINK_CONNECTOR_CONFIG
    values = sink.validate_all({"name": "n", "tasks.max": "0", "topics": "a, b"})
    ours: list[dict[str, Any]] = []
    for name in sink.names():
        ours += [sink.to_key_info(name), sink.config_value_to_info(values[name])]
    extra = (
        ConfigDef()
        .define("p", Type.PASSWORD, "secret", None, Importance.HIGH, "doc")
        .define("d", Type.DOUBLE, 1e7, None, Importance.HIGH, "doc")
    )
    extra_values = extra.validate_all({"p": "s2", "d": "0.5"})
    for name in extra.names():
        ours += [extra.to_key_info(name, prefix="prefix."), extra.config_value_to_info(extra_values[name])]
    for obj in ours:
        obj.pop("documentation", None)
    assert [list(o.items()) for o in ours] == [list(o.items()) for o in golden]
