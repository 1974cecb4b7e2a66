"""Field paths for ``field.syntax.version`` V1 (one top-level name) and V2 (dotted, backtick-quoted).

Java: ``org.apache.kafka.connect.transforms.field.SingleFieldPath``.
"""

from __future__ import annotations

from typing import Any

from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.validators import CaseInsensitiveValidString
from kconnect.data.schema import Field, Schema, Type
from kconnect.errors import ConfigError
from kconnect.transforms.builtin._util import field_value, require_map_or_none, require_struct_or_none

SYNTAX_KEY = "field.syntax.version"


def append_syntax_config(d: ConfigDef) -> ConfigDef:
    return d.define(
        SYNTAX_KEY,
        ConfigType.STRING,
        "V1",
        CaseInsensitiveValidString.in_("V1", "V2"),
        documentation="Defines the version of the syntax to access fields. V1 accesses root-level fields "
        "only; V2 accepts dotted paths to nested fields, with backtick pairs around names containing dots.",
    )


def _parse_v2(path: str) -> list[str]:
    steps: list[str] = []
    i = 0
    n = len(path)
    while 0 <= i < n:
        if path[i] != "`":
            dot = path.find(".", i)
            if dot >= 0:
                steps.append(path[i:dot])
                i = dot + 1
            else:
                steps.append(path[i:])
                i = n
            continue
        opened = i
        i += 1
        start = i
        field = ""
        while True:
            i = path.find("`", i)
            if i == -1:
                _incomplete(path, opened)
            escaped = path[i - 1] == "\\"
            if i >= n - 1:
                if escaped:
                    _incomplete(path, opened)
                steps.append(field + path[start:i])
                i += 1
                break
            if path[i + 1] != ".":
                i += 1
                continue
            if escaped:
                field += path[start : i - 1] + "`"
                i += 1
                start = i
                continue
            steps.append(field + path[start:i])
            i += 2
            break
    if path.endswith("."):
        steps.append("")
    return steps


def _incomplete(path: str, at: int) -> None:
    raise ConfigError(
        f"Incomplete backtick pair in path: [{path}], consider adding a backslash before backtick at "
        f"position {at} to escape it"
    )


class SingleFieldPath:
    """A compiled path to one (possibly nested) field."""

    def __init__(self, text: str, version: str) -> None:
        self.text = text
        self.steps = [text] if version.upper() == "V1" else _parse_v2(text)

    def field_from(self, schema: Schema) -> Field | None:
        current = schema
        for step in self.steps[:-1]:
            if current.type is not Type.STRUCT:
                return None
            found = current.field(step)
            if found is None:
                return None
            current = found.schema
        if current.type is not Type.STRUCT:
            return None
        return current.field(self.steps[-1])

    def value_from_struct(self, struct: Any, with_default: bool = True) -> Any:
        current = struct
        for step in self.steps[:-1]:
            if current.schema.field(step) is None:
                return None
            current = require_struct_or_none(current.get(step), "nested field access")
            if current is None:
                return None
        last = self.steps[-1]
        if current.schema.field(last) is None:
            return None
        return field_value(current, last, with_default)

    def value_from_map(self, value: dict[str, Any]) -> Any:
        current: dict[str, Any] | None = value
        for step in self.steps[:-1]:
            assert current is not None
            current = require_map_or_none(current.get(step), "nested field access")
            if current is None:
                return None
        assert current is not None
        return current.get(self.steps[-1])
