"""StringConverter, ByteArrayConverter and the Java class-name aliases."""

from __future__ import annotations

import decimal
import json
from typing import Any

import pytest
from converter_vectors import VECTORS_PATH, schema_from_desc, value_from_desc

from kconnect.api.converter import Converter, HeaderConverter
from kconnect.converters import (
    BUILTIN_CONVERTERS,
    ByteArrayConverter,
    JsonConverter,
    SimpleHeaderConverter,
    StringConverter,
)
from kconnect.data import (
    BYTES_SCHEMA,
    FLOAT32_SCHEMA,
    FLOAT64_SCHEMA,
    INT32_SCHEMA,
    OPTIONAL_BYTES_SCHEMA,
    OPTIONAL_STRING_SCHEMA,
    STRING_SCHEMA,
)
from kconnect.errors import ConfigError, DataError

with (VECTORS_PATH.parent / "stringconverter.json").open(encoding="utf-8") as _f:
    STRING_VECTORS: dict[str, Any] = json.load(_f)

# -- StringConverter ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        (STRING_SCHEMA, "héllo", "héllo".encode()),
        (None, None, None),
        (OPTIONAL_STRING_SCHEMA, None, None),
        (INT32_SCHEMA, 42, b"42"),
        (None, True, b"true"),
        (None, False, b"false"),
        (FLOAT64_SCHEMA, 1.0, b"1.0"),
        (FLOAT64_SCHEMA, 1e21, b"1.0E21"),
        (FLOAT32_SCHEMA, 0.1, b"0.1"),
        (None, float("nan"), b"NaN"),
        (None, decimal.Decimal("1.50"), b"1.50"),
        (None, 2**70, str(2**70).encode()),
    ],
)
def test_string_converter_writes_java_to_string(schema: Any, value: Any, expected: bytes | None) -> None:
    c = StringConverter()
    c.configure({}, False)
    assert c.from_connect_data("t", schema, value) == expected


@pytest.mark.parametrize(
    "case", STRING_VECTORS["encode"], ids=lambda c: f"{c['encoding']}-{c['hex'] and c['hex'][:16]}"
)
def test_string_converter_encode_matches_java(case: dict[str, Any]) -> None:
    schema = schema_from_desc(case["schema"])
    value = value_from_desc(schema, case["value"])
    c = StringConverter()
    c.configure({"converter.encoding": case["encoding"]}, False)
    expected = None if case["hex"] is None else bytes.fromhex(case["hex"])
    assert c.from_connect_data("t", schema, value) == expected


@pytest.mark.parametrize("case", STRING_VECTORS["decode"], ids=lambda c: f"{c['encoding']}-{c['hex']}")
def test_string_converter_decode_matches_java(case: dict[str, Any]) -> None:
    c = StringConverter()
    c.configure({"converter.encoding": case["encoding"]}, False)
    got = c.to_connect_data("t", None if case["hex"] is None else bytes.fromhex(case["hex"]))
    assert got.schema == schema_from_desc(case["schema"])
    assert got.value == value_from_desc(got.schema, case["value"])


def test_string_converter_reads_optional_strings() -> None:
    c = StringConverter()
    c.configure({}, True)
    out = c.to_connect_batch("t", [b"abc", None, b"\xc3\xa9", b"bad\xff"])
    assert [sv.value for sv in out] == ["abc", None, "é", "bad\ufffd"]
    assert all(sv.schema == OPTIONAL_STRING_SCHEMA for sv in out)


def test_string_converter_other_encodings() -> None:
    c = StringConverter()
    c.configure({"converter.encoding": "ISO-8859-1"}, False)
    assert c.encoding == "iso8859-1"
    assert c.from_connect_batch("t", [(None, "é"), (None, None)]) == [b"\xe9", None]
    assert c.to_connect_data("t", b"\xe9").value == "é"
    with pytest.raises(DataError):
        c.from_connect_data("t", None, "中")
    with pytest.raises(ConfigError, match=r"converter\.encoding"):
        c.configure({"converter.encoding": "NOPE-42"}, False)


def test_string_converter_header_form() -> None:
    c = StringConverter()
    c.configure({})
    assert c.from_connect_header("t", "h", None, 5) == b"5"
    assert c.to_connect_header("t", "h", b"5").value == "5"


# -- ByteArrayConverter -------------------------------------------------------------------------


def test_byte_array_passthrough() -> None:
    c = ByteArrayConverter()
    c.configure({}, False)
    out = c.from_connect_batch(
        "t",
        [
            (BYTES_SCHEMA, b"a"),
            (None, bytearray(b"b")),
            (OPTIONAL_BYTES_SCHEMA, memoryview(b"c")),
            (None, None),
        ],
    )
    assert out == [b"a", b"b", b"c", None]
    back = c.to_connect_batch("t", [b"x", None])
    assert [(sv.schema, sv.value) for sv in back] == [
        (OPTIONAL_BYTES_SCHEMA, b"x"),
        (OPTIONAL_BYTES_SCHEMA, None),
    ]
    assert c.from_connect_header("t", "h", None, b"z") == b"z"
    assert c.to_connect_header("t", "h", b"z").value == b"z"


def test_byte_array_rejects_other_values_and_schemas() -> None:
    c = ByteArrayConverter()
    with pytest.raises(DataError, match="ByteArrayConverter is not compatible with objects of type str"):
        c.from_connect_data("t", None, "text")
    with pytest.raises(DataError, match="Invalid schema type for ByteArrayConverter: STRING"):
        c.from_connect_data("t", STRING_SCHEMA, b"x")


# -- aliases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("JsonConverter", JsonConverter),
        ("org.apache.kafka.connect.json.JsonConverter", JsonConverter),
        ("StringConverter", StringConverter),
        ("org.apache.kafka.connect.storage.StringConverter", StringConverter),
        ("ByteArrayConverter", ByteArrayConverter),
        ("org.apache.kafka.connect.converters.ByteArrayConverter", ByteArrayConverter),
        ("SimpleHeaderConverter", SimpleHeaderConverter),
        ("org.apache.kafka.connect.storage.SimpleHeaderConverter", SimpleHeaderConverter),
    ],
)
def test_builtin_aliases(name: str, cls: type) -> None:
    assert BUILTIN_CONVERTERS[name] is cls
    assert issubclass(cls, HeaderConverter)
    assert issubclass(BUILTIN_CONVERTERS[name], Converter) == (cls is not SimpleHeaderConverter)
    cls()


def test_every_converter_overrides_the_batch_methods() -> None:
    for cls in (JsonConverter, StringConverter, ByteArrayConverter):
        assert cls.from_connect_batch is not Converter.from_connect_batch
        assert cls.to_connect_batch is not Converter.to_connect_batch
