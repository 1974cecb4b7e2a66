"""JsonConverter behaviour beyond the Java vectors: configuration, errors, batches,
threads, and hypothesis round trips per schema type."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import math
import threading
from typing import Any

import pytest
from converter_vectors import f32, norm
from hypothesis import given, settings
from hypothesis import strategies as st

from kconnect.converters import JsonConverter
from kconnect.data import (
    BOOLEAN_SCHEMA,
    BYTES_SCHEMA,
    FLOAT32_SCHEMA,
    FLOAT64_SCHEMA,
    INT8_SCHEMA,
    INT16_SCHEMA,
    INT32_SCHEMA,
    INT64_SCHEMA,
    OPTIONAL_INT32_SCHEMA,
    OPTIONAL_STRING_SCHEMA,
    STRING_SCHEMA,
    Schema,
    SchemaBuilder,
    Struct,
    logical,
)
from kconnect.errors import ConfigError, DataError

ENVELOPE_ERROR = (
    'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain '
    "additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false "
    "in your converter configuration."
)


def conv(**config: Any) -> JsonConverter:
    c = JsonConverter()
    c.configure({k.replace("_", "."): v for k, v in config.items()}, False)
    return c


# -- configuration ------------------------------------------------------------------------------


def test_defaults_match_java() -> None:
    c = conv()
    assert c.settings["schemas.enable"] is True
    assert c.settings["schemas.cache.size"] == 1000
    assert c.settings["decimal.format"] == "BASE64"
    assert c.settings["replace.null.with.default"] is True
    assert c.settings["converter.type"] == "value"
    assert [k for k in c.config().names()] == [
        "converter.type",
        "schemas.enable",
        "schemas.cache.size",
        "decimal.format",
        "replace.null.with.default",
    ]


def test_string_configs_are_parsed_like_java() -> None:
    c = JsonConverter()
    c.configure({"schemas.enable": "FALSE", "decimal.format": "numeric", "schemas.cache.size": "5"}, True)
    assert c.settings["schemas.enable"] is False
    assert c.settings["converter.type"] == "key"
    assert c.from_connect_data("t", logical.decimal_schema(1), decimal.Decimal("2.5")) == b"2.5"


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"decimal.format": "HEX"}, "decimal.format"),
        ({"schemas.enable": "maybe"}, "schemas.enable"),
        ({"schemas.cache.size": "lots"}, "schemas.cache.size"),
        ({"converter.type": "body"}, "converter.type"),
    ],
)
def test_bad_configs_are_config_errors(config: dict[str, str], key: str) -> None:
    c = JsonConverter()
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        c.configure(config)


def test_header_converter_form() -> None:
    c = JsonConverter()
    c.configure({"schemas.enable": False})
    assert c.settings["converter.type"] == "header"
    assert c.from_connect_header("t", "h", INT32_SCHEMA, 5) == b"5"
    assert c.to_connect_header("t", "h", b"5").value == 5
    assert c.from_connect_headers("t", [("a", None, "x"), ("b", None, None)]) == [b'"x"', None]
    assert [sv.value for sv in c.to_connect_headers("t", [("a", b"[1]"), ("b", None)])] == [[1], None]


def test_usable_before_configure_with_defaults() -> None:
    assert (
        JsonConverter().from_connect_data("t", INT8_SCHEMA, 1)
        == b'{"schema":{"type":"int8","optional":false},"payload":1}'
    )


def test_as_json_schema() -> None:
    s = SchemaBuilder.struct().name("n").field("a", OPTIONAL_INT32_SCHEMA).build()
    assert conv().as_json_schema(s) == (
        b'{"type":"struct","fields":[{"type":"int32","optional":true,"field":"a"}],"optional":false,"name":"n"}'
    )


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value", "message"),
    [
        (INT32_SCHEMA, "x", "Invalid type for INT32: str"),
        (INT32_SCHEMA, True, "Invalid type for INT32: bool"),
        (INT8_SCHEMA, 300, "Value 300 out of range for INT8"),
        (INT16_SCHEMA, -40000, "Value -40000 out of range for INT16"),
        (INT64_SCHEMA, 2**63, "out of range for INT64"),
        (BOOLEAN_SCHEMA, 1, "Invalid type for BOOLEAN: int"),
        (STRING_SCHEMA, b"x", "Invalid type for STRING: bytes"),
        (BYTES_SCHEMA, "x", "Invalid type for BYTES: str"),
        (FLOAT64_SCHEMA, "1.0", "Invalid type for FLOAT64: str"),
        (SchemaBuilder.array(INT32_SCHEMA).build(), {"a": 1}, "Invalid type for ARRAY: dict"),
        (SchemaBuilder.array(INT32_SCHEMA).build(), [1, "2"], "Invalid type for INT32: str"),
        (SchemaBuilder.map(STRING_SCHEMA, INT32_SCHEMA).build(), [1], "Invalid type for MAP: list"),
        (logical.decimal_schema(2), 1.5, "Invalid type for Decimal, expected decimal.Decimal but was float"),
        (logical.decimal_schema(2), decimal.Decimal("NaN"), "is not finite"),
        (logical.DATE_SCHEMA, dt.datetime(2020, 1, 1), "expected datetime.date but was datetime"),
        (logical.TIME_SCHEMA, 5, "expected datetime.time but was int"),
        (logical.TIMESTAMP_SCHEMA, dt.date(2020, 1, 1), "expected datetime.datetime but was date"),
        (
            STRING_SCHEMA,
            None,
            "Conversion error: null value for field that is required and has no default value",
        ),
        (None, decimal.Decimal(1), "Python type Decimal does not have corresponding schema type."),
        (None, object(), "Python type object does not have corresponding schema type."),
        (None, 2**64, "out of range for INT64"),
    ],
)
def test_encode_errors_name_the_reason(schema: Schema | None, value: Any, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        conv().from_connect_data("t", schema, value)


def test_struct_with_another_schema_is_rejected() -> None:
    a = SchemaBuilder.struct().name("a").field("x", INT32_SCHEMA).build()
    b = SchemaBuilder.struct().name("b").field("x", INT32_SCHEMA).build()
    with pytest.raises(DataError, match=r"^Mismatching schema\.$"):
        conv().from_connect_data("t", a, Struct(b, {"x": 1}))
    with pytest.raises(DataError, match=r"^Mismatching schema\.$"):
        conv().from_connect_data("t", None, Struct(b, {"x": 1}))
    # An equal (not identical) schema is fine.
    a2 = SchemaBuilder.struct().name("a").field("x", INT32_SCHEMA).build()
    assert conv(schemas_enable=False).from_connect_data("t", a, Struct(a2, {"x": 1})) == b'{"x":1}'


@pytest.mark.parametrize(
    "raw",
    [b"1", b"{}", b'{"schema":null}', b'{"schema":null,"payload":1,"x":2}', b"[]", b""],
)
def test_bad_envelope(raw: bytes) -> None:
    with pytest.raises(DataError) as err:
        conv().to_connect_data("t", raw)
    assert str(err.value) == ENVELOPE_ERROR


@pytest.mark.parametrize("raw", [b"{", b'{"a":1,}', b"tru", b"\xff", b'"\x01"', b"01", b"[1 2]"])
def test_invalid_json_is_a_data_error(raw: bytes) -> None:
    with pytest.raises(DataError, match="Converting byte\\[\\] to Kafka Connect data failed"):
        conv(schemas_enable=False).to_connect_data("t", raw)


def test_wrong_json_for_schema_is_a_data_error() -> None:
    c = conv()
    with pytest.raises(DataError, match="INT32"):
        c.to_connect_data("t", b'{"schema":{"type":"int32"},"payload":"x"}')
    with pytest.raises(DataError, match="BOOLEAN"):
        c.to_connect_data("t", b'{"schema":{"type":"boolean"},"payload":1}')


def test_a_bad_record_fails_the_batch() -> None:
    with pytest.raises(DataError, match="out of range for INT8"):
        conv().from_connect_batch("t", [(INT8_SCHEMA, 1), (INT8_SCHEMA, 1000)])
    with pytest.raises(DataError):
        conv().to_connect_batch("t", [b'{"schema":null,"payload":1}', b"nope"])


# -- behaviour ----------------------------------------------------------------------------------


def test_tombstones_both_ways() -> None:
    for c in (conv(), conv(schemas_enable=False)):
        assert c.from_connect_batch("t", [(None, None)]) == [None]
        out = c.to_connect_batch("t", [None])
        assert out[0].schema is None and out[0].value is None


def test_schemaless_read_gives_python_values() -> None:
    got = conv(schemas_enable=False).to_connect_data(
        "t", b'{"i":1,"f":1.5,"s":"x","b":true,"n":null,"l":[1,{}]}'
    )
    assert got.schema is None
    assert got.value == {"i": 1, "f": 1.5, "s": "x", "b": True, "n": None, "l": [1, {}]}
    assert type(got.value["i"]) is int and type(got.value["f"]) is float


def test_non_string_map_keys_become_pairs() -> None:
    s = SchemaBuilder.map(INT32_SCHEMA, STRING_SCHEMA).build()
    c = conv(schemas_enable=False)
    assert c.from_connect_data("t", s, {1: "a", 2: "b"}) == b'[[1,"a"],[2,"b"]]'
    assert c.from_connect_data("t", None, {1: "a", "k": "b"}) == b'[[1,"a"],["k","b"]]'
    assert c.from_connect_data("t", None, {"k": "b"}) == b'{"k":"b"}'


def test_replace_null_with_default() -> None:
    s = SchemaBuilder.struct().field("a", SchemaBuilder.int32().optional().default_value(3).build()).build()
    value = Struct(s)
    assert conv(schemas_enable=False).from_connect_data("t", s, value) == b'{"a":3}'
    assert (
        conv(schemas_enable=False, replace_null_with_default=False).from_connect_data("t", s, value)
        == b'{"a":null}'
    )
    raw = b'{"schema":{"type":"int32","optional":true,"default":3},"payload":null}'
    assert conv().to_connect_data("t", raw).value == 3
    assert conv(replace_null_with_default=False).to_connect_data("t", raw).value is None


def test_decoded_schemas_are_cached_and_shared() -> None:
    c = conv()
    raw = (
        b'{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],'
        b'"optional":false},"payload":{"a":1}}'
    )
    out = c.to_connect_batch("t", [raw, raw])
    assert out[0].schema is out[1].schema
    assert c.to_connect_data("t", raw).schema is out[0].schema
    assert out[0].schema is not None
    assert out[0].value == Struct(out[0].schema, {"a": 1})


def test_tiny_schema_cache_still_works() -> None:
    c = conv(schemas_cache_size=1)
    schemas = [SchemaBuilder.int32().name(f"n{i}").build() for i in range(5)]
    encoded = c.from_connect_batch("t", [(s, i) for i, s in enumerate(schemas)] * 2)
    decoded = c.to_connect_batch("t", encoded)
    assert [d.schema for d in decoded] == schemas * 2


def test_bytes_like_inputs() -> None:
    c = conv(schemas_enable=False)
    assert c.from_connect_batch(
        "t",
        [(BYTES_SCHEMA, b"\x00"), (BYTES_SCHEMA, bytearray(b"\x01")), (BYTES_SCHEMA, memoryview(b"\x02"))],
    ) == [
        b'"AA=="',
        b'"AQ=="',
        b'"Ag=="',
    ]


def test_threads_share_one_converter() -> None:
    c = conv()
    s = SchemaBuilder.struct().field("id", INT64_SCHEMA).field("name", STRING_SCHEMA).build()
    batch = [(s, Struct(s, {"id": i, "name": f"n{i}"})) for i in range(500)]
    expected = c.from_connect_batch("t", batch)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                encoded = c.from_connect_batch("t", batch)
                assert encoded == expected
                assert [sv.value for sv in c.to_connect_batch("t", encoded)] == [v for _, v in batch]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


# -- hypothesis round trips ---------------------------------------------------------------------

INT_RANGES = {
    "int8": (INT8_SCHEMA, -(2**7), 2**7 - 1),
    "int16": (INT16_SCHEMA, -(2**15), 2**15 - 1),
    "int32": (INT32_SCHEMA, -(2**31), 2**31 - 1),
    "int64": (INT64_SCHEMA, -(2**63), 2**63 - 1),
}


def round_trip(schema: Schema | None, value: Any, **config: Any) -> Any:
    c = conv(**config)
    out = c.to_connect_data("t", c.from_connect_data("t", schema, value))
    assert out.schema == schema
    return out.value


@pytest.mark.parametrize("name", list(INT_RANGES))
@given(data=st.data())
def test_round_trip_ints(name: str, data: st.DataObject) -> None:
    schema, lo, hi = INT_RANGES[name]
    v = data.draw(st.integers(lo, hi))
    assert round_trip(schema, v) == v


@given(st.floats(allow_nan=False))
def test_round_trip_float64(v: float) -> None:
    got = round_trip(FLOAT64_SCHEMA, v)
    assert got == v and (v != 0 or math.copysign(1, got) == 1)


@given(st.floats(width=32, allow_nan=False))
def test_round_trip_float32(v: float) -> None:
    assert round_trip(FLOAT32_SCHEMA, v) == f32(v)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_round_trip_non_finite_float64(v: float) -> None:
    got = round_trip(FLOAT64_SCHEMA, v)
    assert (math.isnan(got) and math.isnan(v)) or got == v


@given(st.text())
def test_round_trip_strings(v: str) -> None:
    assert round_trip(STRING_SCHEMA, v) == v


@given(st.binary())
def test_round_trip_bytes(v: bytes) -> None:
    assert round_trip(BYTES_SCHEMA, v) == v


@given(st.booleans())
def test_round_trip_booleans(v: bool) -> None:
    assert round_trip(BOOLEAN_SCHEMA, v) is v


@pytest.mark.parametrize("fmt", ["BASE64", "NUMERIC"])
@given(scale=st.integers(-5, 12), data=st.data())
def test_round_trip_decimals(fmt: str, scale: int, data: st.DataObject) -> None:
    unscaled = data.draw(st.integers(-(10**30), 10**30))
    v = decimal.Decimal(f"{unscaled}E{-scale}")
    got = round_trip(logical.decimal_schema(scale), v, decimal_format=fmt)
    assert got == v
    if fmt == "BASE64":
        assert got.as_tuple().exponent == -scale


@given(st.dates())
def test_round_trip_dates(v: dt.date) -> None:
    assert round_trip(logical.DATE_SCHEMA, v) == v


@given(st.times().map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000)))
def test_round_trip_times(v: dt.time) -> None:
    assert round_trip(logical.TIME_SCHEMA, v) == v


@given(
    st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.just(dt.UTC),
    ).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
)
def test_round_trip_timestamps(v: dt.datetime) -> None:
    got = round_trip(logical.TIMESTAMP_SCHEMA, v)
    assert got == v and got.tzinfo == dt.UTC


NESTED = (
    SchemaBuilder.struct()
    .name("nested")
    .field("ints", SchemaBuilder.array(OPTIONAL_INT32_SCHEMA).build())
    .field("by_id", SchemaBuilder.map(INT64_SCHEMA, OPTIONAL_STRING_SCHEMA).build())
    .field("by_name", SchemaBuilder.map(STRING_SCHEMA, FLOAT64_SCHEMA).build())
    .field("label", OPTIONAL_STRING_SCHEMA)
    .build()
)


@given(
    ints=st.lists(st.none() | st.integers(-(2**31), 2**31 - 1)),
    by_id=st.dictionaries(st.integers(-(2**63), 2**63 - 1), st.none() | st.text()),
    # -0.0 reads back as 0.0, as in Java (BigDecimal has no negative zero): use abs().
    by_name=st.dictionaries(st.text(), st.floats(allow_nan=False, allow_infinity=False).map(abs)),
    label=st.none() | st.text(),
)
@settings(max_examples=50)
def test_round_trip_nested(
    ints: list[int | None], by_id: dict[int, str | None], by_name: dict[str, float], label: str | None
) -> None:
    v = Struct(NESTED, {"ints": ints, "by_id": by_id, "by_name": by_name, "label": label})
    for enabled in (True, False):
        c = conv(schemas_enable=enabled)
        raw = c.from_connect_data("t", NESTED, v)
        if enabled:
            got = c.to_connect_data("t", raw)
            assert got.schema == NESTED
            assert norm(got.value) == norm(v)


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(JSONISH)
def test_round_trip_schemaless(v: Any) -> None:
    c = conv(schemas_enable=False)
    for enabled in (False, True):
        c = conv(schemas_enable=enabled)
        raw = c.from_connect_data("t", None, v)
        if v is None:
            assert raw is None
            continue
        got = c.to_connect_data("t", raw)
        assert got.schema is None
        assert got.value == v


OFFSETS: st.SearchStrategy[Any] = st.none() | st.builds(
    lambda m: dt.timezone(dt.timedelta(minutes=m)), st.integers(-1439, 1439)
)


@given(st.datetimes(min_value=dt.datetime(1, 1, 3), max_value=dt.datetime(9999, 12, 29), timezones=OFFSETS))
def test_timestamp_millis_match_the_data_model(v: dt.datetime) -> None:
    """Any offset (or naive = UTC) gives the data model's epoch milliseconds (floor)."""
    raw = conv(schemas_enable=False).from_connect_data("t", logical.TIMESTAMP_SCHEMA, v)
    assert raw == str(logical.timestamp_to_millis(v)).encode()


@given(st.dates())
def test_date_days_match_the_data_model(v: dt.date) -> None:
    raw = conv(schemas_enable=False).from_connect_data("t", logical.DATE_SCHEMA, v)
    assert raw == str(logical.date_to_days(v)).encode()


JSON_TEXT = st.recursive(
    st.sampled_from(
        ["null", "true", "1", "-0", "1.5e3", '"s"', '"\\u00e9"', "1e99999", "123456789012345678901234"]
    ),
    lambda c: (
        st.lists(c, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]")
        | st.lists(st.tuples(st.sampled_from(['"schema"', '"payload"', '"a"']), c), max_size=3).map(
            lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"
        )
    ),
    max_leaves=8,
)


@given(st.binary() | JSON_TEXT.map(str.encode) | JSON_TEXT.map(lambda t: t[: len(t) // 2].encode()))
@settings(max_examples=300)
def test_decoders_only_raise_data_errors(raw: bytes) -> None:
    """Arbitrary bytes: a value or a DataError, never another exception (or a Rust panic)."""
    from kconnect.converters import SimpleHeaderConverter, StringConverter

    for c in (conv(), conv(schemas_enable=False)):
        with contextlib.suppress(DataError):
            c.to_connect_batch("t", [raw])
    SimpleHeaderConverter().to_connect_header("t", "h", raw)
    StringConverter().to_connect_data("t", raw)


@given(st.text(alphabet='0123456789+-.eE[]{},:"tfnul ', max_size=30))
@settings(max_examples=300)
def test_header_parser_never_fails(text: str) -> None:
    from kconnect.converters import SimpleHeaderConverter

    got = SimpleHeaderConverter().to_connect_header("t", "h", text.encode())
    assert got.value is not None or got.schema is None


# -- any schema, any valid value ----------------------------------------------------------------

PRIMITIVES: dict[str, tuple[Schema, st.SearchStrategy[Any]]] = {
    "int8": (INT8_SCHEMA, st.integers(-(2**7), 2**7 - 1)),
    "int16": (INT16_SCHEMA, st.integers(-(2**15), 2**15 - 1)),
    "int32": (INT32_SCHEMA, st.integers(-(2**31), 2**31 - 1)),
    "int64": (INT64_SCHEMA, st.integers(-(2**63), 2**63 - 1)),
    "float32": (FLOAT32_SCHEMA, st.floats(width=32, allow_nan=False)),
    "float64": (FLOAT64_SCHEMA, st.floats(allow_nan=False)),
    "boolean": (BOOLEAN_SCHEMA, st.booleans()),
    "string": (STRING_SCHEMA, st.text(max_size=10)),
    "bytes": (BYTES_SCHEMA, st.binary(max_size=10)),
    "decimal": (
        logical.decimal_schema(3),
        st.integers(-(10**20), 10**20).map(lambda u: decimal.Decimal(f"{u}E-3")),
    ),
    "date": (logical.DATE_SCHEMA, st.dates()),
    "time": (
        logical.TIME_SCHEMA,
        st.times().map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000)),
    ),
    "timestamp": (
        logical.TIMESTAMP_SCHEMA,
        st.datetimes(
            min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
        ).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)),
    ),
}
KEY_TYPES = ["int8", "int32", "int64", "string", "boolean", "date"]


@st.composite
def schema_and_value(draw: st.DrawFn, depth: int = 0) -> tuple[Schema, st.SearchStrategy[Any]]:
    kind = draw(st.sampled_from(["primitive"] * 3 + (["array", "map", "struct"] if depth < 3 else [])))
    optional = draw(st.booleans())
    if kind == "primitive":
        name = draw(st.sampled_from(list(PRIMITIVES)))
        base, values = PRIMITIVES[name]
        builder = SchemaBuilder(base.type)
        if base.name:
            builder.name(base.name)
            builder.version(1)
        if base.parameters:
            builder.parameters(base.parameters)
    elif kind == "array":
        elem, elem_values = draw(schema_and_value(depth + 1))
        builder = SchemaBuilder.array(elem)
        values = st.lists(elem_values, max_size=3)
    elif kind == "map":
        key_base, key_values = PRIMITIVES[draw(st.sampled_from(KEY_TYPES))]
        val, val_values = draw(schema_and_value(depth + 1))
        builder = SchemaBuilder.map(key_base, val)
        values = st.dictionaries(key_values, val_values, max_size=3)
    else:
        builder = SchemaBuilder.struct().name(f"s{depth}")
        fields: dict[str, st.SearchStrategy[Any]] = {}
        for i in range(draw(st.integers(0, 4))):
            fs, fv = draw(schema_and_value(depth + 1))
            builder.field(f"f{i}", fs)
            fields[f"f{i}"] = fv
        if optional:
            builder.optional()
        schema = builder.build()
        structs = st.fixed_dictionaries(fields).map(functools.partial(Struct, schema))
        return schema, (st.none() | structs) if optional else structs
    if optional:
        builder.optional()
        values = st.none() | values
    schema = builder.build()
    return schema, values


@given(data=st.data())
@settings(max_examples=200)
def test_any_schema_round_trips(data: st.DataObject) -> None:
    schema, values = data.draw(schema_and_value())
    value = data.draw(values)
    for fmt in ("BASE64", "NUMERIC"):
        c = conv(decimal_format=fmt)
        raw = c.from_connect_data("t", schema, value)
        got = c.to_connect_data("t", raw)
        assert got.schema == schema
        assert got.value == value
