"""SimpleHeaderConverter against Apache Kafka's own output (``tests/vectors/simpleheaderconverter.json``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from converter_vectors import VECTORS_PATH, norm, schema_from_desc, value_from_desc

from kconnect.converters import SimpleHeaderConverter
from kconnect.data import INT32_SCHEMA, STRING_SCHEMA, SchemaBuilder, Struct, logical

with (VECTORS_PATH.parent / "simpleheaderconverter.json").open(encoding="utf-8") as _f:
    VECTORS: dict[str, Any] = json.load(_f)
ENCODE = VECTORS["encode"]
DECODE = VECTORS["decode"]


def unrepresentable(desc: dict[str, Any] | None) -> bool:
    """Java's array/map schemas with a null element schema (kconnect has no such schema)."""
    if desc is None:
        return False
    if desc["type"] == "array":
        return desc["items"] is None
    if desc["type"] == "map":
        return desc["keys"] is None or desc["values"] is None
    return False


@pytest.mark.parametrize("case", ENCODE, ids=[c["name"] for c in ENCODE])
def test_encode_matches_java(case: dict[str, Any]) -> None:
    schema = schema_from_desc(case["schema"])
    value = value_from_desc(schema, case["value"])
    expected = None if case["bytes"] is None else case["bytes"].encode("utf-8")
    assert SimpleHeaderConverter().from_connect_header("t", "h", schema, value) == expected


@pytest.mark.parametrize("case", DECODE, ids=[repr(c["bytes"]) for c in DECODE])
def test_decode_matches_java(case: dict[str, Any]) -> None:
    raw = None if case["bytes"] is None else case["bytes"].encode("utf-8")
    got = SimpleHeaderConverter().to_connect_header("t", "h", raw)
    if unrepresentable(case["schema"]):
        assert got.schema is None
        assert norm(got.value) == norm(value_from_desc(None, case["value"]))
        return
    schema = schema_from_desc(case["schema"])
    assert got.schema == schema
    assert norm(got.value) == norm(value_from_desc(schema, case["value"]))


def test_batches_and_struct_without_schema() -> None:
    c = SimpleHeaderConverter()
    c.configure({})
    s = SchemaBuilder.struct().field("a", INT32_SCHEMA).build()
    out = c.from_connect_headers(
        "t",
        [
            ("a", None, Struct(s, {"a": 1})),
            ("b", STRING_SCHEMA, "x"),
            ("c", None, None),
            ("d", None, dt.date(2020, 2, 1)),
        ],
    )
    assert out == [b'{"a":1}', b"x", None, b"2020-02-01"]
    back = c.to_connect_headers("t", [("a", b'{"a":1}'), ("b", b"x"), ("c", None), ("d", b"2020-02-01")])
    assert [sv.value for sv in back] == [{"a": 1}, "x", None, dt.date(2020, 2, 1)]
    assert back[3].schema == logical.DATE_SCHEMA
    assert back[2].schema is None


def test_invalid_utf8_is_replaced_like_java() -> None:
    got = SimpleHeaderConverter().to_connect_header("t", "h", b"a\xffb")
    assert got.value == "a\ufffdb"
