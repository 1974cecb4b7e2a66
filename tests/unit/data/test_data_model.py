"""The Connect data model: schemas, structs, logical types."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kconnect.data import (
    INT8_SCHEMA,
    INT32_SCHEMA,
    OPTIONAL_STRING_SCHEMA,
    STRING_SCHEMA,
    SchemaBuilder,
    Struct,
    Type,
    logical,
    validate_value,
)
from kconnect.errors import DataError, SchemaBuilderError

PERSON = (
    SchemaBuilder.struct()
    .name("Person")
    .field("name", STRING_SCHEMA)
    .field("age", SchemaBuilder.int32().optional().default_value(18).build())
    .field("nick", OPTIONAL_STRING_SCHEMA)
    .build()
)


def test_schemas_compare_and_hash_by_structure() -> None:
    again = (
        SchemaBuilder.struct()
        .name("Person")
        .field("name", STRING_SCHEMA)
        .field("age", SchemaBuilder.int32().optional().default_value(18).build())
        .field("nick", OPTIONAL_STRING_SCHEMA)
        .build()
    )
    assert again == PERSON and hash(again) == hash(PERSON)
    assert SchemaBuilder.struct().name("Person").field("name", STRING_SCHEMA).build() != PERSON
    assert {PERSON: 1}[again] == 1


def test_schema_is_immutable() -> None:
    with pytest.raises(AttributeError):
        PERSON.name = "x"  # type: ignore[misc]


def test_builder_rejects_inconsistent_schemas() -> None:
    with pytest.raises(SchemaBuilderError, match="duplication"):
        SchemaBuilder.struct().field("a", INT32_SCHEMA).field("a", INT32_SCHEMA)
    with pytest.raises(SchemaBuilderError):
        SchemaBuilder.int32().field("a", INT32_SCHEMA)
    with pytest.raises(DataError):
        SchemaBuilder.int8().default_value(1000).build()


def test_struct_validation_and_defaults() -> None:
    person = Struct(PERSON).put("name", "Ann")
    person.validate()
    assert person.get("age") == 18 and person.get_without_default("age") is None
    with pytest.raises(DataError, match='field: "name"'):
        Struct(PERSON).validate()
    with pytest.raises(DataError, match="not a valid field"):
        person.put("missing", 1)
    with pytest.raises(DataError, match="INT32"):
        person.put("age", "old")


@pytest.mark.parametrize(
    ("value", "ok"), [(127, True), (-128, True), (128, False), (True, False), (1.0, False)]
)
def test_int8_range(value: object, ok: bool) -> None:
    if ok:
        validate_value(INT8_SCHEMA, value)
    else:
        with pytest.raises(DataError):
            validate_value(INT8_SCHEMA, value)


def test_array_and_map_elements_validated() -> None:
    arr = SchemaBuilder.array(INT32_SCHEMA).build()
    validate_value(arr, [1, 2])
    with pytest.raises(DataError, match="element 1"):
        validate_value(arr, [1, "x"])
    m = SchemaBuilder.map(STRING_SCHEMA, INT32_SCHEMA).build()
    with pytest.raises(DataError, match="value of"):
        validate_value(m, {"a": "b"})


def test_logical_types_validate_their_python_types() -> None:
    validate_value(logical.decimal_schema(2), decimal.Decimal("1.23"))
    validate_value(logical.DATE_SCHEMA, dt.date(2024, 1, 2))
    with pytest.raises(DataError):
        validate_value(logical.DATE_SCHEMA, dt.datetime(2024, 1, 2))
    validate_value(logical.TIMESTAMP_SCHEMA, dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    assert logical.TIMESTAMP_SCHEMA.type is Type.INT64


@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=0, max_value=10))
def test_decimal_bytes_round_trip(unscaled: int, scale: int) -> None:
    value = decimal.Decimal(unscaled).scaleb(-scale, decimal.Context(prec=100))
    raw = logical.decimal_to_bytes(value, scale)
    assert logical.bytes_to_decimal(raw, scale) == value


def test_decimal_bytes_match_java_biginteger() -> None:
    assert logical.decimal_to_bytes(decimal.Decimal("1.56"), 2) == bytes([0x00, 0x9C])
    assert logical.decimal_to_bytes(decimal.Decimal("-1.28"), 2) == bytes([0x80])
    assert logical.decimal_to_bytes(decimal.Decimal("0.00"), 2) == bytes([0x00])


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_date_round_trip(days: int) -> None:
    assert logical.date_to_days(logical.days_to_date(days)) == days


@given(st.integers(min_value=0, max_value=logical.MS_PER_DAY - 1))
def test_time_round_trip(ms: int) -> None:
    assert logical.time_to_millis(logical.millis_to_time(ms)) == ms


@given(st.integers(min_value=-(10**12), max_value=10**13))
def test_timestamp_round_trip(ms: int) -> None:
    assert logical.timestamp_to_millis(logical.millis_to_timestamp(ms)) == ms
