"""Hostile bytes never escape as anything but DataError; any schema's values survive a round trip."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kconnect.converters.avro_codec import FastavroCodec
from kconnect.converters.avro_data import codec_schema, to_avro_schema, to_connect_schema
from kconnect.converters.avro_values import reader_for, writer_for
from kconnect.data import SchemaBuilder, Struct, logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError

STRING = SchemaBuilder.string().build()
ROW = (
    SchemaBuilder.struct()
    .name("fuzz.Row")
    .field("id", SchemaBuilder.int64().build())
    .field("name", SchemaBuilder.string().optional().build())
    .field("tags", SchemaBuilder.array(STRING).build())
    .field("attrs", SchemaBuilder.map(STRING, SchemaBuilder.float64().build()).build())
    .field("amount", logical.decimal_schema(2))
    .field("raw", SchemaBuilder.bytes().build())
    .build()
)
ROW_CODEC = FastavroCodec(codec_schema(to_avro_schema(ROW)))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_garbage_is_a_data_error(payload: bytes) -> None:
    with contextlib.suppress(DataError):
        ROW_CODEC.decode([payload], 0)


_PRIMITIVES: list[tuple[Schema, st.SearchStrategy[Any]]] = [
    (SchemaBuilder.int8().build(), st.integers(-128, 127)),
    (SchemaBuilder.int16().build(), st.integers(-(2**15), 2**15 - 1)),
    (SchemaBuilder.int32().build(), st.integers(-(2**31), 2**31 - 1)),
    (SchemaBuilder.int64().build(), st.integers(-(2**63), 2**63 - 1)),
    (SchemaBuilder.float64().build(), st.floats(allow_nan=False)),
    (SchemaBuilder.bool().build(), st.booleans()),
    (STRING, st.text()),
    (SchemaBuilder.bytes().build(), st.binary()),
    (
        logical.decimal_schema(3),
        st.decimals(places=3, allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20),
    ),
    (logical.DATE_SCHEMA, st.dates()),
    (logical.TIME_SCHEMA, st.times().map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000))),
    (
        logical.TIMESTAMP_SCHEMA,
        st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
            lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000, tzinfo=dt.UTC)
        ),
    ),
]


@st.composite
def schema_and_value(draw: st.DrawFn, depth: int = 0) -> tuple[Schema, Any]:
    kind = draw(
        st.sampled_from(["primitive", "optional", "array", "map", "struct"] if depth < 2 else ["primitive"])
    )
    if kind == "primitive":
        schema, values = draw(st.sampled_from(_PRIMITIVES))
        return schema, draw(values)
    inner, value = draw(schema_and_value(depth + 1))
    if kind == "optional" and inner.type is not Type.STRUCT:  # a Struct's schema must match exactly
        schema = _copy_optional(inner)
        return schema, draw(st.sampled_from([None, value]))
    if kind == "array":
        return SchemaBuilder.array(inner).build(), [value] * draw(st.integers(0, 3))
    if kind == "map":
        return SchemaBuilder.map(STRING, inner).build(), {
            k: value for k in draw(st.lists(st.text(max_size=5)))
        }
    struct = SchemaBuilder.struct().name(f"gen.S{depth}").field("a", inner).field("b", STRING).build()
    return struct, Struct(struct, {"a": value, "b": "x"})


def _copy_optional(schema: Schema) -> Schema:
    return Schema(
        schema.type,
        optional=True,
        name=schema.name,
        version=schema.version,
        parameters=schema.parameters,
        fields=[(f.name, f.schema) for f in schema.fields],
        key_schema=schema.key_schema,
        value_schema=schema.value_schema,
    )


@settings(max_examples=200, deadline=None)
@given(schema_and_value())
def test_any_schema_round_trips(pair: tuple[Schema, Any]) -> None:
    schema, value = pair
    avro = to_avro_schema(schema)
    back = to_connect_schema(avro)
    assert back == schema
    codec = FastavroCodec(codec_schema(avro))
    [encoded] = codec.encode([writer_for(schema)(value)], b"")
    [datum] = codec.decode([encoded], 0)
    reader = reader_for(back)
    result = datum if reader is None else reader(datum)
    if schema.type is Type.STRUCT and value is not None:
        assert result.values_list() == value.values_list()
    else:
        assert result == value
    assert not isinstance(value, decimal.Decimal) or result.as_tuple().exponent == -3
