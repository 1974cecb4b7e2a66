"""The Rust Avro codec: byte-identical to fastavro, same values back, clear errors, thread-safe."""

from __future__ import annotations

import contextlib
import decimal
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.avro.test_avro_robustness import ROW, schema_and_value

from kconnect.converters.avro_codec import NATIVE_AVRO, NativeValueCodec, PythonValueCodec, value_codec
from kconnect.converters.avro_data import to_avro_schema
from kconnect.data import SchemaBuilder, Struct, logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError


def test_the_native_codec_is_built_and_chosen() -> None:
    assert NATIVE_AVRO
    assert isinstance(value_codec(ROW, to_avro_schema(ROW)), NativeValueCodec)
    enum_writer = {"type": "enum", "name": "E", "symbols": ["A"]}
    assert isinstance(value_codec(SchemaBuilder.string().build(), enum_writer), PythonValueCodec)


@settings(max_examples=300, deadline=None)
@given(schema_and_value())
def test_native_bytes_equal_fastavro_bytes(pair: tuple[Schema, Any]) -> None:
    schema, value = pair
    avro = to_avro_schema(schema)
    native, python = NativeValueCodec(schema), PythonValueCodec(schema, avro)
    [encoded] = native.encode([value], b"\x00\x00\x00\x00\x07")
    assert [encoded] == python.encode([value], b"\x00\x00\x00\x00\x07")
    [back] = native.decode([encoded], 5)
    assert back == python.decode([encoded], 5)[0]
    if schema.type is Type.STRUCT and value is not None:
        assert back.values_list() == value.values_list()
    else:
        assert back == value


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_native_garbage_is_a_data_error(payload: bytes) -> None:
    with contextlib.suppress(DataError):
        NativeValueCodec(ROW).decode([payload], 0)


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        (SchemaBuilder.int32().build(), None, "required"),
        (SchemaBuilder.int8().build(), 128, "INT8"),
        (logical.decimal_schema(2), decimal.Decimal("1.5"), "scale"),
        (SchemaBuilder.string().build(), 5, "STRING"),
    ],
)
def test_native_bad_values(schema: Schema, value: Any, reason: str) -> None:
    with pytest.raises(DataError, match=reason):
        NativeValueCodec(schema).encode([value], b"")


def test_native_codec_from_threads() -> None:
    def row(i: int) -> Struct:
        values = {
            "id": i,
            "name": None if i % 3 else f"n{i}",
            "tags": [str(i)] * (i % 4),
            "attrs": {"a": i / 2},
        }
        return Struct(ROW, {**values, "amount": decimal.Decimal(i).scaleb(-2), "raw": b"x"})

    rows = [row(i) for i in range(500)]
    codec = NativeValueCodec(ROW)
    expected = codec.encode(rows, b"")

    def work(_: int) -> bool:
        encoded = codec.encode(rows, b"")
        decoded = codec.decode(encoded, 0)
        return encoded == expected and [d.values_list() for d in decoded] == [r.values_list() for r in rows]

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(16)))
