"""Avro schema resolution rules and compatibility levels (no services)."""

from __future__ import annotations

import json

import pytest

from kconnect.schema_registry.avro_schema import parse_avro
from kconnect.schema_registry.compatibility import check, reader_errors


def _p(value: object) -> object:
    return parse_avro(json.dumps(value)).root


def _rec(*fields: dict[str, object], name: str = "R", **extra: object) -> dict[str, object]:
    return {"type": "record", "name": name, "fields": list(fields), **extra}


def _types(reader: object, writer: object) -> list[str]:
    return [p.error_type for p in reader_errors(_p(reader), _p(writer))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("writer", "reader"),
    [("int", "long"), ("int", "float"), ("int", "double"), ("long", "double"), ("float", "double"),
     ("string", "bytes"), ("bytes", "string")],
)  # fmt: skip
def test_promotions(writer: str, reader: str) -> None:
    assert _types(reader, writer) == []
    assert _types(writer, reader) == ([] if {writer, reader} == {"string", "bytes"} else ["TYPE_MISMATCH"])


def test_added_field_needs_a_default_and_is_named() -> None:
    old = _rec({"name": "a", "type": "int"})
    new = _rec({"name": "a", "type": "int"}, {"name": "b", "type": "string"})
    [problem] = reader_errors(_p(new), _p(old))  # type: ignore[arg-type]
    assert (problem.error_type, problem.path, problem.info) == (
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        "/fields/1",
        "b",
    )
    assert "The field 'b' at path '/fields/1' in the new schema has no default value" in problem.describe(
        "new", "old"
    )
    with_default = _rec({"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": ""})
    assert _types(with_default, old) == []


def test_field_aliases_and_record_aliases() -> None:
    old = _rec({"name": "a", "type": "int"}, name="Old")
    renamed = _rec({"name": "z", "type": "int", "aliases": ["a"]}, name="New", aliases=["Old"])
    assert _types(renamed, old) == []
    assert _types(_rec({"name": "a", "type": "int"}, name="Other"), old) == ["NAME_MISMATCH"]


def test_enums_fixed_and_unions() -> None:
    ab = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
    a = {"type": "enum", "name": "E", "symbols": ["A"]}
    assert _types(a, ab) == ["MISSING_ENUM_SYMBOLS"]
    assert _types({**a, "default": "A"}, ab) == []
    assert _types({"type": "fixed", "name": "F", "size": 4}, {"type": "fixed", "name": "F", "size": 8}) == [
        "FIXED_SIZE_MISMATCH"
    ]
    assert _types(["null", "int"], "int") == []
    assert _types("int", ["null", "int"]) == ["TYPE_MISMATCH"]  # the writer's null branch
    assert _types(["null", "int"], ["null", "string"]) == ["MISSING_UNION_BRANCH"]
    assert _types(["null", "long"], ["null", "int"]) == []  # promotion inside unions
    assert _types({"type": "array", "items": "long"}, {"type": "array", "items": "int"}) == []
    assert _types({"type": "map", "values": "int"}, {"type": "map", "values": "string"}) == ["TYPE_MISMATCH"]


def test_recursive_schemas_terminate() -> None:
    node = _rec({"name": "v", "type": "int"}, {"name": "next", "type": ["null", "R"], "default": None})
    assert _types(node, node) == []


def test_levels() -> None:
    v1 = parse_avro(json.dumps(_rec({"name": "a", "type": "int"})))
    v2 = parse_avro(
        json.dumps(_rec({"name": "a", "type": "int"}, {"name": "b", "type": "int", "default": 0}))
    )
    v3 = parse_avro(json.dumps(_rec({"name": "a", "type": "int"}, {"name": "b", "type": "int"})))
    history = [(1, v1), (2, v2)]
    assert check("BACKWARD", v3, history) == []  # v2 has b, so v3 reads it
    messages = check("BACKWARD_TRANSITIVE", v3, history)
    assert messages[-3:-1] == ["{oldSchemaVersion: 1}", f"{{oldSchema: '{v1.canonical}'}}"]
    assert messages[-1] == "{compatibility: 'BACKWARD_TRANSITIVE'}"
    assert check("FORWARD", v1, [(2, v2)]) == []  # v2 reads v1 data via the default
    assert check("FULL", v3, [(2, v2)]) == []
    assert check("FULL", v3, [(1, v1)]) != []
    assert check("NONE", v3, history) == []
    assert check("BACKWARD", v3, []) == []
