"""Connect <-> Avro schema mapping and values (AvroData's rules), checked without a registry."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

import pytest

from kconnect.converters.avro_codec import FastavroCodec
from kconnect.converters.avro_data import (
    codec_schema,
    from_avro_value,
    to_avro_schema,
    to_avro_value,
    to_connect_schema,
)
from kconnect.converters.avro_values import reader_for, writer_for
from kconnect.data import SchemaBuilder, Struct, logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError

INT32 = SchemaBuilder.int32().build()
STRING = SchemaBuilder.string().build()


def test_primitives_and_connect_types() -> None:
    assert to_avro_schema(SchemaBuilder.int8().build()) == {"type": "int", "connect.type": "int8"}
    assert to_avro_schema(SchemaBuilder.int16().build()) == {"type": "int", "connect.type": "int16"}
    assert to_avro_schema(SchemaBuilder.int64().build()) == "long"
    assert to_avro_schema(SchemaBuilder.float32().build()) == "float"
    assert to_avro_schema(SchemaBuilder.string().optional().build()) == ["null", "string"]
    assert to_avro_schema(SchemaBuilder.string().optional().default_value("x").build()) == [
        {"type": "string", "connect.default": "x"},
        "null",
    ]


def test_logical_types_as_confluent_writes_them() -> None:
    assert to_avro_schema(logical.decimal_schema(2)) == {
        "type": "bytes", "scale": 2, "precision": 64, "connect.version": 1,
        "connect.parameters": {"scale": "2"}, "connect.name": logical.DECIMAL_NAME, "logicalType": "decimal",
    }  # fmt: skip
    assert to_avro_schema(logical.DATE_SCHEMA) == {
        "type": "int", "connect.version": 1, "connect.name": logical.DATE_NAME, "logicalType": "date"
    }  # fmt: skip
    assert to_avro_schema(logical.TIME_SCHEMA)["logicalType"] == "time-millis"
    assert to_avro_schema(logical.TIMESTAMP_SCHEMA) == {
        "type": "long", "connect.version": 1, "connect.name": logical.TIMESTAMP_NAME,
        "logicalType": "timestamp-millis",
    }  # fmt: skip


def test_structs_names_defaults_and_map_entries() -> None:
    inner = SchemaBuilder.struct().field("x", INT32).build()
    schema = (
        SchemaBuilder.struct()
        .name("db.public.Row")
        .version(3)
        .field("id", INT32)
        .field("note", SchemaBuilder.string().optional().build())
        .field("n", SchemaBuilder.int32().default_value(5).build())
        .field("m", SchemaBuilder.map(INT32, STRING).build())
        .field("a", inner)
        .field("b", inner)
        .build()
    )
    avro = to_avro_schema(schema)
    assert (avro["name"], avro["namespace"], avro["connect.version"], avro["connect.name"]) == (
        "Row", "db.public", 3, "db.public.Row"
    )  # fmt: skip
    fields = {f["name"]: f for f in avro["fields"]}
    assert fields["note"] == {"name": "note", "type": ["null", "string"], "default": None}
    assert fields["n"]["default"] == 5
    entry = fields["m"]["type"]["items"]
    assert (entry["name"], entry["namespace"]) == ("MapEntry", "io.confluent.connect.avro")
    assert fields["a"]["type"]["name"] == "ConnectDefault"
    assert fields["b"]["type"] == "io.confluent.connect.avro.ConnectDefault"  # a reference the second time
    back = to_connect_schema(avro)
    assert back == schema.__class__(
        Type.STRUCT, name="db.public.Row", version=3,
        fields=[(f.name, f.schema) for f in schema.fields],
    )  # fmt: skip


SCHEMAS: list[Schema] = [
    SchemaBuilder.int8().build(),
    SchemaBuilder.int16().optional().build(),
    SchemaBuilder.bytes().build(),
    SchemaBuilder.array(SchemaBuilder.float64().build()).build(),
    SchemaBuilder.map(STRING, SchemaBuilder.bool().optional().build()).build(),
    SchemaBuilder.map(SchemaBuilder.int64().build(), STRING).optional().build(),
    logical.decimal_schema(4),
    logical.OPTIONAL_DATE_SCHEMA,
    logical.TIME_SCHEMA,
    logical.TIMESTAMP_SCHEMA,
    SchemaBuilder.struct().name("a.B").doc("d").parameter("k", "v").field("x", INT32).build(),
]


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name or s.type.name)
def test_schemas_survive_the_round_trip(schema: Schema) -> None:
    assert to_connect_schema(json.loads(json.dumps(to_avro_schema(schema)))) == schema


VALUES: list[tuple[Schema, Any]] = [
    (SchemaBuilder.int8().build(), -128),
    (SchemaBuilder.bytes().build(), b"\x00\x01"),
    (SchemaBuilder.map(SchemaBuilder.int64().build(), STRING).build(), {1: "a", -(2**40): "b"}),
    (logical.decimal_schema(4), decimal.Decimal("-1234567890123.4567")),
    (logical.DATE_SCHEMA, dt.date(1, 1, 1)),
    (logical.TIME_SCHEMA, dt.time(12, 0, 0, 1000)),
    (logical.TIMESTAMP_SCHEMA, dt.datetime(2262, 4, 11, tzinfo=dt.UTC)),
    (SchemaBuilder.array(SchemaBuilder.string().optional().build()).build(), ["x", None]),
]


@pytest.mark.parametrize(("schema", "value"), VALUES, ids=lambda v: repr(v)[:30])
def test_values_survive_encoding(schema: Schema, value: Any) -> None:
    codec = FastavroCodec(codec_schema(to_avro_schema(schema)))
    [encoded] = codec.encode([to_avro_value(schema, value)], b"")
    [datum] = codec.decode([encoded], 0)
    assert from_avro_value(to_connect_schema(to_avro_schema(schema)), datum) == value


def test_struct_values_and_defaults() -> None:
    schema = (
        SchemaBuilder.struct().field("a", INT32).field("b", SchemaBuilder.int32().default_value(7).build())
    )
    built = schema.build()
    datum = to_avro_value(built, Struct(built, {"a": 1}))
    assert datum == {"a": 1, "b": 7}


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        (INT32, None, "required"),
        (SchemaBuilder.int8().build(), 200, "out of range"),
        (INT32, "1", "INT32"),
        (STRING, 1, "STRING"),
        (logical.decimal_schema(2), decimal.Decimal("1.5"), "scale"),
        (logical.DATE_SCHEMA, dt.datetime(2020, 1, 1), "Date"),
        (SchemaBuilder.array(INT32).build(), {"not": "a list"}, "ARRAY"),
    ],
)
def test_bad_values(schema: Schema, value: Any, reason: str) -> None:
    with pytest.raises(DataError, match=reason):
        to_avro_value(schema, value)


def test_unsupported_unions_are_named() -> None:
    with pytest.raises(DataError, match="unions"):
        to_connect_schema(["int", "string"])


@pytest.mark.parametrize(("schema", "value"), VALUES, ids=lambda v: repr(v)[:30])
def test_compiled_converters_match_the_reference(schema: Schema, value: Any) -> None:
    datum = to_avro_value(schema, value)
    assert writer_for(schema)(value) == datum
    back = to_connect_schema(to_avro_schema(schema))
    reader = reader_for(back)
    assert (datum if reader is None else reader(datum)) == from_avro_value(back, datum) == value


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        (INT32, None, "required"),
        (SchemaBuilder.int16().build(), 1 << 15, "out of range"),
        (SchemaBuilder.int64().build(), True, "INT64"),
        (STRING, b"x", "STRING"),
        (SchemaBuilder.bool().build(), 1, "BOOLEAN"),
        (SchemaBuilder.map(STRING, INT32).build(), [], "MAP"),
        (SchemaBuilder.struct().field("a", INT32).build(), {"a": 1}, "Struct schemas do not match"),
    ],
)
def test_compiled_writer_rejects_bad_values(schema: Schema, value: Any, reason: str) -> None:
    with pytest.raises(DataError, match=reason):
        writer_for(schema)(value)
