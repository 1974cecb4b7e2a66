"""schema.compatibility: when a schema change rotates, and projection onto the current schema."""

from __future__ import annotations

import pytest

from kconnect.connectors.hdfs.schemas import project, should_change
from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.data.struct import Struct
from kconnect.errors import DataError


def v(version: int | None, *fields: tuple[str, Schema]) -> Schema:
    b = SchemaBuilder.struct().name("r")
    if version is not None:
        b = b.version(version)
    for name, schema in fields:
        b = b.field(name, schema)
    return b.build()


A = ("a", SchemaBuilder.int32().build())
B_OPT = ("b", SchemaBuilder.string().optional().build())
B_DEF = ("b", SchemaBuilder.string().default_value("d").build())
B_REQ = ("b", SchemaBuilder.string().build())


@pytest.mark.parametrize(
    ("mode", "new", "current", "expected"),
    [
        ("NONE", 2, 1, True),
        ("NONE", 1, 2, True),
        ("BACKWARD", 2, 1, True),
        ("BACKWARD", 1, 2, False),
        ("FULL", 1, 2, False),
        ("FORWARD", 1, 2, True),
        ("FORWARD", 2, 1, False),
        ("BACKWARD", None, 1, True),
    ],
)
def test_should_change(mode: str, new: int | None, current: int, expected: bool) -> None:
    assert should_change(v(new, A), v(current, A, B_OPT), mode) is expected


def test_projection_fills_optional_and_default_fields() -> None:
    old = v(1, A)
    value = Struct(old, {"a": 7})
    assert project(value, old, v(2, A, B_OPT), "t-0@3") == Struct(v(2, A, B_OPT), {"a": 7, "b": None})
    assert project(value, old, v(2, A, B_DEF), "t-0@3").get("b") == "d"


def test_projection_fails_clearly_for_a_required_field_or_a_type_change() -> None:
    old = v(1, A)
    with pytest.raises(
        DataError, match=r"record t-0@3: field 'b' of the current schema \(version 2\) is missing"
    ):
        project(Struct(old, {"a": 7}), old, v(2, A, B_REQ), "t-0@3")
    other = v(1, ("a", SchemaBuilder.string().build()))
    with pytest.raises(DataError, match="STRING cannot be projected onto INT32"):
        project(Struct(other, {"a": "x"}), other, v(2, A), "t-0@3")
