"""AvroConverter <-> confluent-kafka's AvroSerializer/AvroDeserializer through a real topic."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import fastavro
import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from tests.integration.schema_registry.registry_harness import RunningRegistry

from kconnect.converters.avro import AvroConverter
from kconnect.data import SchemaBuilder, Struct, logical
from kconnect.data.schema import Schema
from kconnect.errors import DataError

UTC = dt.UTC


@pytest.fixture
def sr_client(schema_registry: RunningRegistry) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": schema_registry.url}) as client:
        yield client


def _converter(url: str, is_key: bool = False, **extra: Any) -> AvroConverter:
    converter = AvroConverter()
    converter.configure({"schema.registry.url": url, **extra}, is_key)
    return converter


def _roundtrip_topic(bootstrap: str, topic: str, values: list[bytes | None]) -> list[bytes | None]:
    """Produce ``values`` to ``topic`` and consume them back as raw bytes."""
    producer = Producer({"bootstrap.servers": bootstrap})
    for value in values:
        producer.produce(topic, value=value)
    assert producer.flush(30) == 0
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"g-{uuid.uuid4().hex}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": "false",
        }
    )
    consumer.subscribe([topic])
    out: list[bytes | None] = []
    try:
        while len(out) < len(values):
            msg = consumer.poll(1.0)
            if msg is not None and msg.error() is None:
                out.append(msg.value())
    finally:
        consumer.close()
    return out


# -- AvroSerializer -> AvroConverter ---------------------------------------------------------
THIRD_PARTY = {
    "type": "record",
    "name": "Everything",
    "namespace": "com.example",
    "fields": [
        {"name": "i", "type": "int"},
        {"name": "l", "type": "long"},
        {"name": "f", "type": "float"},
        {"name": "d", "type": "double"},
        {"name": "b", "type": "boolean"},
        {"name": "s", "type": "string"},
        {"name": "raw", "type": "bytes"},
        {"name": "opt", "type": ["null", "string"], "default": None},
        {"name": "arr", "type": {"type": "array", "items": "long"}},
        {"name": "m", "type": {"type": "map", "values": "double"}},
        {
            "name": "nested",
            "type": {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}]},
        },
        {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
        {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
        {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "tod", "type": {"type": "int", "logicalType": "time-millis"}},
        {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    ],
}
RECORDS = [
    {
        "i": -5,
        "l": 2**40,
        "f": 1.5,
        "d": -2.25,
        "b": True,
        "s": "héllo",
        "raw": b"\x00\xff",
        "opt": None,
        "arr": [1, -2, 3],
        "m": {"a": 1.0, "b": -0.5},
        "nested": {"x": 7},
        "color": "GREEN",
        "fx": b"abcd",
        "dec": decimal.Decimal("-123.45"),
        "day": dt.date(2024, 2, 29),
        "tod": dt.time(13, 14, 15, 678000),
        "ts": dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=UTC),
    },
    {
        "i": 2**31 - 1,
        "l": -(2**63),
        "f": 0.0,
        "d": 1e300,
        "b": False,
        "s": "",
        "raw": b"",
        "opt": "set",
        "arr": [],
        "m": {},
        "nested": {"x": -1},
        "color": "RED",
        "fx": b"\x00\x00\x00\x00",
        "dec": decimal.Decimal("0.01"),
        "day": dt.date(1969, 12, 31),
        "tod": dt.time(0, 0),
        "ts": dt.datetime(1970, 1, 1, tzinfo=UTC),
    },
]


def test_avro_serializer_messages_are_read_by_the_converter(
    schema_registry: RunningRegistry, sr_client: SchemaRegistryClient, bootstrap_servers: str, topic: str
) -> None:
    serializer = AvroSerializer(sr_client, json.dumps(THIRD_PARTY))
    ctx = SerializationContext(topic, MessageField.VALUE)
    raw = _roundtrip_topic(bootstrap_servers, topic, [serializer(r, ctx) for r in RECORDS] + [None])
    decoded = _converter(schema_registry.url).to_connect_batch(topic, raw)
    assert decoded[-1].schema is None and decoded[-1].value is None  # tombstone stays a tombstone
    schema = decoded[0].schema
    assert schema is not None and schema.name == "com.example.Everything"
    assert schema.version == 1  # the registry version, as Confluent's AvroConverter reads
    assert schema.field("opt").schema.optional  # type: ignore[union-attr]
    assert schema.field("dec").schema.name == logical.DECIMAL_NAME  # type: ignore[union-attr]
    for record, got in zip(RECORDS, decoded, strict=False):
        value = got.value
        assert isinstance(value, Struct)
        for name, expected in record.items():
            actual = value.get(name)
            if name == "nested":
                assert actual.get("x") == expected["x"]
            else:
                assert actual == expected, name


# -- AvroConverter -> AvroDeserializer -------------------------------------------------------
def _connect_schema() -> Schema:
    inner = SchemaBuilder.struct().name("com.example.Inner").field("x", SchemaBuilder.int32().build()).build()
    b = SchemaBuilder.struct().name("com.example.Row").version(2).doc("a row")
    fields: list[tuple[str, Schema]] = [
        ("i8", SchemaBuilder.int8().build()),
        ("i16", SchemaBuilder.int16().build()),
        ("i32", SchemaBuilder.int32().build()),
        ("i64", SchemaBuilder.int64().build()),
        ("f32", SchemaBuilder.float32().build()),
        ("f64", SchemaBuilder.float64().build()),
        ("flag", SchemaBuilder.bool().build()),
        ("text", SchemaBuilder.string().build()),
        ("blob", SchemaBuilder.bytes().build()),
        ("maybe", SchemaBuilder.string().optional().build()),
        ("with_default", SchemaBuilder.int32().default_value(42).build()),
        ("list", SchemaBuilder.array(SchemaBuilder.int32().build()).build()),
        ("dict", SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.int64().build()).build()),
        ("intmap", SchemaBuilder.map(SchemaBuilder.int32().build(), SchemaBuilder.string().build()).build()),
        ("inner", inner),
        ("amount", logical.decimal_schema(3)),
        ("day", logical.DATE_SCHEMA),
        ("tod", logical.TIME_SCHEMA),
        ("at", logical.TIMESTAMP_SCHEMA),
        ("opt_at", logical.OPTIONAL_TIMESTAMP_SCHEMA),
    ]
    for name, schema in fields:
        b = b.field(name, schema)
    return b.build()


def _rows(schema: Schema) -> list[Struct]:
    inner = schema.field("inner").schema  # type: ignore[union-attr]
    first = Struct(
        schema,
        {
            "i8": -128,
            "i16": 32767,
            "i32": -(2**31),
            "i64": 2**63 - 1,
            "f32": 0.5,
            "f64": 3.25,
            "flag": True,
            "text": "ünïcode",
            "blob": b"\x01\x02",
            "maybe": "here",
            "with_default": 1,
            "list": [1, 2],
            "dict": {"k": -1},
            "intmap": {1: "one", -2: "minus two"},
            "inner": Struct(inner, {"x": 9}),
            "amount": decimal.Decimal("12.345"),
            "day": dt.date(2000, 1, 1),
            "tod": dt.time(23, 59, 59, 999000),
            "at": dt.datetime(2021, 3, 4, 5, 6, 7, 8000, tzinfo=UTC),
            "opt_at": None,
        },
    )
    second = Struct(
        schema,
        {
            "i8": 0,
            "i16": 0,
            "i32": 0,
            "i64": 0,
            "f32": 0.0,
            "f64": 0.0,
            "flag": False,
            "text": "",
            "blob": b"",
            "maybe": None,
            "list": [],
            "dict": {},
            "intmap": {},
            "inner": Struct(inner, {"x": 0}),
            "amount": decimal.Decimal("-0.001"),
            "day": dt.date(1900, 1, 1),
            "tod": dt.time(0, 0),
            "at": dt.datetime(1960, 1, 1, tzinfo=UTC),
            "opt_at": dt.datetime(2030, 1, 1, tzinfo=UTC),
        },
    )
    return [first, second]


def test_converter_messages_are_read_by_avro_deserializer(
    schema_registry: RunningRegistry, sr_client: SchemaRegistryClient, bootstrap_servers: str, topic: str
) -> None:
    schema = _connect_schema()
    rows = _rows(schema)
    converter = _converter(schema_registry.url)
    raw = _roundtrip_topic(
        bootstrap_servers, topic, converter.from_connect_batch(topic, [(schema, r) for r in rows])
    )
    deserializer = AvroDeserializer(sr_client)
    ctx = SerializationContext(topic, MessageField.VALUE)
    decoded = [deserializer(r, ctx) for r in raw]
    registered = json.loads(sr_client.get_latest_version(f"{topic}-value").schema.schema_str)
    assert registered["name"] == "Row" and registered["namespace"] == "com.example"
    assert registered["connect.version"] == 2 and registered["connect.doc"] == "a row"
    fields = {f["name"]: f for f in registered["fields"]}
    assert fields["i8"]["type"] == {"type": "int", "connect.type": "int8"}
    assert fields["maybe"]["type"] == ["null", "string"] and fields["maybe"]["default"] is None
    assert fields["with_default"]["default"] == 42
    assert fields["amount"]["type"]["logicalType"] == "decimal" and fields["amount"]["type"]["scale"] == 3
    for row, got in zip(rows, decoded, strict=True):
        assert got is not None
        for field in schema.fields:
            expected = row.get(field.name)
            actual = got[field.name]
            if field.name == "inner":
                assert actual == {"x": expected.get("x")}
            elif field.name == "intmap":
                assert {e["key"]: e["value"] for e in actual} == expected
            else:
                assert actual == expected, field.name


def test_converter_round_trip_and_schema_survives(schema_registry: RunningRegistry, topic: str) -> None:
    schema = _connect_schema()
    rows = _rows(schema)
    optional = SchemaBuilder.struct().name("com.example.Maybe").optional().build()
    writer = _converter(schema_registry.url)
    encoded = writer.from_connect_batch(topic, [(schema, r) for r in rows] + [(optional, None), (None, None)])
    assert encoded[-2:] == [None, None]  # null values are tombstones
    assert all(e is not None and e[0] == 0 for e in encoded[:-2])
    reader = _converter(schema_registry.url)  # a fresh converter: nothing shared but the registry
    decoded = reader.to_connect_batch(topic, encoded)
    assert decoded[0].schema == schema  # the Connect schema survives: names, version, doc, logical types
    for row, got in zip(rows, decoded, strict=False):
        for field in schema.fields:
            assert got.value.get(field.name) == row.get(field.name), field.name


def test_subject_name_strategies(schema_registry: RunningRegistry, sr_client: SchemaRegistryClient) -> None:
    topic = f"orders-{uuid.uuid4().hex[:6]}"
    schema = (
        SchemaBuilder.struct()
        .name(f"com.shop.Order{uuid.uuid4().hex[:6]}")
        .field("id", SchemaBuilder.int64().build())
        .build()
    )
    row = Struct(schema, {"id": 1})
    for strategy, subject in [
        ("TopicNameStrategy", f"{topic}-key"),
        ("io.confluent.kafka.serializers.subject.RecordNameStrategy", schema.name),
        ("TopicRecordNameStrategy", f"{topic}-{schema.name}"),
    ]:
        converter = _converter(schema_registry.url, is_key=True, **{"key.subject.name.strategy": strategy})
        converter.from_connect_batch(topic, [(schema, row)])
        assert sr_client.get_latest_version(str(subject)).version == 1, strategy


def test_bad_messages_are_clear_data_errors(schema_registry: RunningRegistry, topic: str) -> None:
    schema = (
        SchemaBuilder.struct().name("com.example.Small").field("n", SchemaBuilder.int32().build()).build()
    )
    converter = _converter(schema_registry.url)
    [good] = converter.from_connect_batch(topic, [(schema, Struct(schema, {"n": 1}))])
    assert good is not None
    cases = {
        b"\x01" + good[1:]: "Unknown magic byte 1",
        good[:3]: "too short",
        b"\x00\x00\x01\x86\x9f" + good[5:]: "40403",  # schema id 99999 is not registered
        good[:5] + b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff": "Avro decoding failed",
        good + b"\x00": "left over",
    }
    for payload, reason in cases.items():
        with pytest.raises(DataError) as info:
            converter.to_connect_batch(topic, [good, payload])
        assert reason in str(info.value) and topic in str(info.value), (payload, str(info.value))
    assert converter.to_connect_batch(topic, [good])[0].value.get("n") == 1  # nothing is poisoned


def test_bad_values_are_clear_data_errors(schema_registry: RunningRegistry, topic: str) -> None:
    schema = SchemaBuilder.struct().name("com.example.Req").field("n", SchemaBuilder.int8().build()).build()
    converter = _converter(schema_registry.url)
    with pytest.raises(DataError, match="required"):
        converter.from_connect_batch(topic, [(schema, None)])
    with pytest.raises(DataError, match="schemaless"):
        converter.from_connect_batch(topic, [(None, {"n": 1})])
    other = SchemaBuilder.struct().name("com.example.Other").field("n", SchemaBuilder.int8().build()).build()
    with pytest.raises(DataError, match=r"Struct schemas do not match|Mismatching schema"):
        converter.from_connect_batch(topic, [(schema, Struct(other, {"n": 1}))])


def test_use_latest_version_and_lookup_only(
    schema_registry: RunningRegistry, sr_client: SchemaRegistryClient, topic: str
) -> None:
    from confluent_kafka.schema_registry import Schema as SrSchema

    fields = [{"name": "id", "type": "long"}, {"name": "note", "type": ["null", "string"], "default": None}]
    latest = {"type": "record", "name": "Evt", "namespace": "com.example", "fields": fields}
    latest_id = sr_client.register_schema(f"{topic}-value", SrSchema(json.dumps(latest), "AVRO"))
    schema = SchemaBuilder.struct().name("com.example.Evt").field("id", SchemaBuilder.int64().build()).build()
    row = Struct(schema, {"id": 5})
    lookup_only = _converter(schema_registry.url, **{"auto.register.schemas": "false"})
    with pytest.raises(DataError, match="40403"):  # not registered under the subject, and may not register
        lookup_only.from_connect_batch(topic, [(schema, row)])
    pinned = _converter(
        schema_registry.url, **{"auto.register.schemas": "false", "use.latest.version": "true"}
    )
    [encoded] = pinned.from_connect_batch(topic, [(schema, row)])
    assert encoded is not None and int.from_bytes(encoded[1:5], "big") == latest_id
    decoded = AvroDeserializer(sr_client)(encoded, SerializationContext(topic, MessageField.VALUE))
    assert decoded == {"id": 5, "note": None}


def test_reads_schemas_with_references(
    schema_registry: RunningRegistry, sr_client: SchemaRegistryClient, topic: str
) -> None:
    from confluent_kafka.schema_registry import Schema as SrSchema
    from confluent_kafka.schema_registry import SchemaReference

    address = {
        "type": "record",
        "name": "Address",
        "namespace": "com.ref",
        "fields": [{"name": "street", "type": "string"}],
    }
    person = {
        "type": "record",
        "name": "Person",
        "namespace": "com.ref",
        "fields": [{"name": "home", "type": "com.ref.Address"}, {"name": "age", "type": "int"}],
    }
    sr_client.register_schema(f"{topic}-address", SrSchema(json.dumps(address), "AVRO"))
    ref = SchemaReference("com.ref.Address", f"{topic}-address", 1)
    schema_id = sr_client.register_schema(f"{topic}-value", SrSchema(json.dumps(person), "AVRO", [ref]))
    resolved = {**person, "fields": [{"name": "home", "type": address}, {"name": "age", "type": "int"}]}
    buf = io.BytesIO()
    buf.write(b"\x00" + schema_id.to_bytes(4, "big"))
    fastavro.schemaless_writer(buf, fastavro.parse_schema(resolved), {"home": {"street": "Main"}, "age": 40})
    [got] = _converter(schema_registry.url).to_connect_batch(topic, [buf.getvalue()])
    assert got.schema is not None and got.schema.name == "com.ref.Person"
    assert got.value.get("home").get("street") == "Main" and got.value.get("age") == 40
