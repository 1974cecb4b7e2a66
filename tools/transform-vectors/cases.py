"""Writes the transform test cases (JSON) that TransformVectors.java runs through Apache Kafka.

Each case: ``name``, ``class`` (Java class), ``config``, ``record`` (topic, partition, offset,
timestamp, kind sink|source, key/value/headers as JsonConverter envelopes).  Run via generate.sh.
"""

from __future__ import annotations

import json
import sys
from typing import Any

T = "org.apache.kafka.connect.transforms."
P = "org.apache.kafka.connect.transforms.predicates."


def field(name: str, type_: str, optional: bool = False, **extra: Any) -> dict[str, Any]:
    return {"field": name, "type": type_, "optional": optional, **extra}


def struct(*fields: dict[str, Any], name: str | None = None, optional: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "struct", "fields": list(fields), "optional": optional}
    if name:
        schema["name"] = name
    return schema


def env(schema: Any, payload: Any) -> dict[str, Any]:
    return {"schema": schema, "payload": payload}


TS = {"type": "int64", "optional": False, "name": "org.apache.kafka.connect.data.Timestamp", "version": 1}
DATE = {"type": "int32", "optional": False, "name": "org.apache.kafka.connect.data.Date", "version": 1}
TIME = {"type": "int32", "optional": False, "name": "org.apache.kafka.connect.data.Time", "version": 1}
DEC = {
    "type": "bytes",
    "optional": False,
    "name": "org.apache.kafka.connect.data.Decimal",
    "version": 1,
    "parameters": {"scale": "2"},
}
USER = struct(
    field("id", "int32"),
    field("name", "string"),
    field("email", "string", True),
    field("score", "double", True),
    field("active", "boolean", True),
    name="user",
)
USER_V = env(USER, {"id": 7, "name": "ann", "email": "a@x.io", "score": 12.5, "active": True})
NESTED = struct(
    field("id", "int64"),
    {**struct(field("city", "string"), field("zip", "int32", True)), "field": "addr"},
    field("tags", "array", False, items={"type": "string", "optional": False}),
)
NESTED_V = env(NESTED, {"id": 1, "addr": {"city": "Oslo", "zip": 150}, "tags": ["a", "b"]})
MAP_V = env(None, {"id": 7, "name": "ann", "email": "a@x.io", "score": 12.5, "active": True})
NESTED_MAP_V = env(None, {"id": 1, "addr": {"city": "Oslo", "zip": 150}, "tags": ["a", "b"]})


def record(value: Any = None, key: Any = None, **extra: Any) -> dict[str, Any]:
    base = {"topic": "orders", "partition": 2, "offset": 42, "timestamp": 1_700_000_000_123, "kind": "sink"}
    return {**base, "key": key, "value": value, **extra}


CASES: list[tuple[str, str, dict[str, str], dict[str, Any]]] = []


def case(name: str, cls: str, config: dict[str, str], rec: dict[str, Any]) -> None:
    CASES.append((name, cls, config, rec))


# InsertField
ins = {
    "topic.field": "t",
    "partition.field": "p!",
    "offset.field": "o",
    "timestamp.field": "ts?",
    "static.field": "s",
    "static.value": "v",
}
case("insert_value_schema", T + "InsertField$Value", ins, record(USER_V))
case("insert_value_schemaless", T + "InsertField$Value", ins, record(MAP_V))
case("insert_value_tombstone", T + "InsertField$Value", ins, record(None))
case("insert_key_schema", T + "InsertField$Key", {"topic.field": "t"}, record(USER_V, key=USER_V))
case("insert_source_offset", T + "InsertField$Value", {"offset.field": "o"}, record(MAP_V, kind="source"))
case("insert_not_a_map", T + "InsertField$Value", {"topic.field": "t"}, record(env(None, "text")))
case("insert_no_fields", T + "InsertField$Value", {}, record(MAP_V))
# ReplaceField
case(
    "replace_exclude_rename",
    T + "ReplaceField$Value",
    {"exclude": "email", "renames": "name:full_name,id:uid"},
    record(USER_V),
)
case("replace_include", T + "ReplaceField$Value", {"include": "id,score"}, record(USER_V))
case("replace_schemaless", T + "ReplaceField$Value", {"exclude": "email", "renames": "name:n"}, record(MAP_V))
case("replace_key", T + "ReplaceField$Key", {"include": "id"}, record(USER_V, key=USER_V))
case("replace_bad_rename", T + "ReplaceField$Value", {"renames": "a:b:c"}, record(USER_V))
# MaskField
case("mask_schema", T + "MaskField$Value", {"fields": "name,score,active,id"}, record(USER_V))
case("mask_schemaless", T + "MaskField$Value", {"fields": "name,score,active,id"}, record(MAP_V))
case(
    "mask_replacement_string", T + "MaskField$Value", {"fields": "name", "replacement": "***"}, record(USER_V)
)
case("mask_replacement_number", T + "MaskField$Value", {"fields": "id", "replacement": "99"}, record(USER_V))
case("mask_replacement_bool", T + "MaskField$Value", {"fields": "active", "replacement": "x"}, record(USER_V))
case("mask_missing_fields", T + "MaskField$Value", {}, record(USER_V))
# ValueToKey
case("value_to_key_schema", T + "ValueToKey", {"fields": "id,name"}, record(USER_V))
case("value_to_key_schemaless", T + "ValueToKey", {"fields": "id,missing"}, record(MAP_V))
case("value_to_key_unknown_field", T + "ValueToKey", {"fields": "nope"}, record(USER_V))
# HoistField
case(
    "hoist_value_schema",
    T + "HoistField$Value",
    {"field": "wrapped"},
    record(env({"type": "string", "optional": False}, "hello")),
)
case("hoist_value_schemaless", T + "HoistField$Value", {"field": "wrapped"}, record(env(None, 42)))
case("hoist_key_struct", T + "HoistField$Key", {"field": "k"}, record(USER_V, key=USER_V))
# ExtractField
case("extract_value_schema", T + "ExtractField$Value", {"field": "name"}, record(USER_V))
case("extract_value_schemaless", T + "ExtractField$Value", {"field": "name"}, record(MAP_V))
case("extract_key_schema", T + "ExtractField$Key", {"field": "id"}, record(USER_V, key=USER_V))
case(
    "extract_nested_v2",
    T + "ExtractField$Value",
    {"field": "addr.city", "field.syntax.version": "V2"},
    record(NESTED_V),
)
case(
    "extract_nested_v2_schemaless",
    T + "ExtractField$Value",
    {"field": "addr.zip", "field.syntax.version": "V2"},
    record(NESTED_MAP_V),
)
case("extract_unknown_field", T + "ExtractField$Value", {"field": "nope"}, record(USER_V))
case("extract_missing_schemaless", T + "ExtractField$Value", {"field": "nope"}, record(MAP_V))
# SetSchemaMetadata
case(
    "set_schema_metadata",
    T + "SetSchemaMetadata$Value",
    {"schema.name": "com.x.User", "schema.version": "3"},
    record(USER_V),
)
case("set_schema_metadata_key", T + "SetSchemaMetadata$Key", {"schema.name": "K"}, record(USER_V, key=USER_V))
case("set_schema_metadata_schemaless", T + "SetSchemaMetadata$Value", {"schema.name": "x"}, record(MAP_V))
# Routers
case("regex_router_match", T + "RegexRouter", {"regex": "(ord)ers", "replacement": "$1-x"}, record(USER_V))
case("regex_router_no_match", T + "RegexRouter", {"regex": "ord", "replacement": "x"}, record(USER_V))
case("timestamp_router", T + "TimestampRouter", {}, record(USER_V))
case(
    "timestamp_router_format",
    T + "TimestampRouter",
    {"topic.format": "${timestamp}_${topic}", "timestamp.format": "yyyy-MM-dd'T'HH"},
    record(USER_V),
)
case("timestamp_router_no_timestamp", T + "TimestampRouter", {}, record(USER_V, timestamp=None))
# Flatten
case("flatten_schema", T + "Flatten$Value", {}, record(NESTED_V))
case("flatten_schemaless", T + "Flatten$Value", {"delimiter": "_"}, record(NESTED_MAP_V))
case("flatten_key", T + "Flatten$Key", {}, record(USER_V, key=NESTED_V))
# Cast
case(
    "cast_fields", T + "Cast$Value", {"spec": "id:string,score:int32,active:int8,name:string"}, record(USER_V)
)
case("cast_schemaless", T + "Cast$Value", {"spec": "id:float64,score:string,active:string"}, record(MAP_V))
case(
    "cast_whole",
    T + "Cast$Value",
    {"spec": "string"},
    record(env({"type": "int64", "optional": False}, 1234)),
)
case(
    "cast_float_to_string",
    T + "Cast$Value",
    {"spec": "float64:string,float32:string,big:float32"},
    record(
        env(
            struct(field("float64", "double"), field("float32", "float"), field("big", "double")),
            {"float64": 1e10, "float32": 0.1, "big": 123456.789},
        )
    ),
)
case(
    "cast_narrowing",
    T + "Cast$Value",
    {"spec": "a:int8,b:int16,c:int32,d:boolean"},
    record(
        env(
            struct(field("a", "int64"), field("b", "double"), field("c", "double"), field("d", "int32")),
            {"a": 300, "b": -40000.7, "c": 1e20, "d": 0},
        )
    ),
)
case(
    "cast_string_parse",
    T + "Cast$Value",
    {"spec": "a:int32,b:float64,c:boolean"},
    record(env(None, {"a": "123", "b": "1.5", "c": "TRUE"})),
)
case("cast_string_bad_int", T + "Cast$Value", {"spec": "a:int32"}, record(env(None, {"a": "12x"})))
case(
    "cast_bytes_to_string",
    T + "Cast$Value",
    {"spec": "b:string"},
    record(env(struct(field("b", "bytes")), {"b": "aGVsbG8="})),
)
case(
    "cast_timestamp_to_int64",
    T + "Cast$Value",
    {"spec": "ts:int64,d:int32,ts2:string"},
    record(
        env(
            struct({**TS, "field": "ts"}, {**DATE, "field": "d"}, {**TS, "field": "ts2"}),
            {"ts": 1_700_000_000_123, "d": 19000, "ts2": 1_700_000_000_123},
        )
    ),
)
case("cast_bad_type", T + "Cast$Value", {"spec": "a:struct"}, record(MAP_V))
case("cast_whole_and_field", T + "Cast$Value", {"spec": "int8,a:int16"}, record(MAP_V))
case("cast_struct_input", T + "Cast$Value", {"spec": "addr:string"}, record(NESTED_V))
# TimestampConverter
case(
    "ts_unix_to_string",
    T + "TimestampConverter$Value",
    {"target.type": "string", "format": "yyyy-MM-dd HH:mm:ss.SSS"},
    record(env({"type": "int64", "optional": False}, 1_700_000_000_123)),
)
case(
    "ts_field_to_timestamp",
    T + "TimestampConverter$Value",
    {"field": "when", "target.type": "Timestamp", "format": "yyyy-MM-dd"},
    record(env(struct(field("when", "string"), field("x", "int32")), {"when": "2024-02-29", "x": 1})),
)
case(
    "ts_field_to_unix_seconds",
    T + "TimestampConverter$Value",
    {"field": "ts", "target.type": "unix", "unix.precision": "seconds"},
    record(env(struct({**TS, "field": "ts"}), {"ts": 1_700_000_000_999})),
)
case(
    "ts_to_date", T + "TimestampConverter$Value", {"target.type": "Date"}, record(env(TS, 1_700_000_000_123))
)
case(
    "ts_to_time", T + "TimestampConverter$Value", {"target.type": "Time"}, record(env(TS, 1_700_000_000_123))
)
case(
    "ts_schemaless_unix_micro",
    T + "TimestampConverter$Value",
    {"field": "ts", "target.type": "string", "format": "yyyyMMdd'T'HHmmss", "unix.precision": "microseconds"},
    record(env(None, {"ts": 1_700_000_000_123_456})),
)
case("ts_string_without_format", T + "TimestampConverter$Value", {"target.type": "string"}, record(MAP_V))
case(
    "ts_unparseable",
    T + "TimestampConverter$Value",
    {"field": "a", "target.type": "unix", "format": "yyyy"},
    record(env(None, {"a": "soon"})),
)
# $Key variants not covered above
case(
    "cast_key",
    T + "Cast$Key",
    {"spec": "int32"},
    record(USER_V, key=env({"type": "string", "optional": False}, "17")),
)
case("mask_key", T + "MaskField$Key", {"fields": "name"}, record(USER_V, key=USER_V))
case(
    "timestamp_converter_key",
    T + "TimestampConverter$Key",
    {"target.type": "unix"},
    record(USER_V, key=env(TS, 1_700_000_000_123)),
)
# Headers
hdrs = [
    {"key": "h1", "value": env({"type": "string", "optional": False}, "one")},
    {"key": "drop", "value": env({"type": "int32", "optional": False}, 5)},
]
case(
    "header_from_move",
    T + "HeaderFrom$Value",
    {"fields": "id,name", "headers": "hid,hname", "operation": "move"},
    record(USER_V),
)
case(
    "header_from_copy_schemaless",
    T + "HeaderFrom$Value",
    {"fields": "id", "headers": "hid", "operation": "copy"},
    record(MAP_V),
)
case(
    "header_from_mismatch",
    T + "HeaderFrom$Value",
    {"fields": "id,name", "headers": "h", "operation": "copy"},
    record(USER_V),
)
case(
    "header_from_key",
    T + "HeaderFrom$Key",
    {"fields": "id", "headers": "kid", "operation": "copy"},
    record(USER_V, key=USER_V),
)
case(
    "insert_header_int",
    T + "InsertHeader",
    {"header": "n", "value.literal": "42"},
    record(USER_V, headers=hdrs),
)
case(
    "insert_header_string",
    T + "InsertHeader",
    {"header": "s", "value.literal": "hello world"},
    record(USER_V),
)
case("insert_header_bool", T + "InsertHeader", {"header": "b", "value.literal": "true"}, record(USER_V))
case("drop_headers", T + "DropHeaders", {"headers": "drop,absent"}, record(USER_V, headers=hdrs))
case("filter", T + "Filter", {}, record(USER_V))
# Predicates
case("topic_name_matches", P + "TopicNameMatches", {"pattern": "ord.*"}, record(USER_V))
case("topic_name_partial", P + "TopicNameMatches", {"pattern": "ord"}, record(USER_V))
case("has_header_key", P + "HasHeaderKey", {"name": "h1"}, record(USER_V, headers=hdrs))
case("has_header_key_absent", P + "HasHeaderKey", {"name": "zz"}, record(USER_V, headers=hdrs))
case("record_is_tombstone", P + "RecordIsTombstone", {}, record(None))
case("record_is_not_tombstone", P + "RecordIsTombstone", {}, record(USER_V))


# -- edge cases: defaults and replace.null.with.default, logical types, nested paths --------
DEFAULTS = struct(
    field("id", "int32"),
    field("name", "string", True, default="anon"),
    field("score", "double", True, default=1.5),
    name="with_defaults",
)
DEFAULTS_V = env(DEFAULTS, {"id": 1, "name": None, "score": None})
for cls, config in [
    ("InsertField$Value", {"topic.field": "t"}),
    ("ReplaceField$Value", {"exclude": "id"}),
    ("MaskField$Value", {"fields": "id"}),
    ("ExtractField$Value", {"field": "name"}),
    ("Cast$Value", {"spec": "score:string"}),
    ("SetSchemaMetadata$Value", {"schema.name": "renamed"}),
    ("HeaderFrom$Value", {"fields": "name", "headers": "h", "operation": "move"}),
]:
    short = cls.split("$")[0].lower()
    case(f"{short}_null_with_default", T + cls, config, record(DEFAULTS_V))
    case(
        f"{short}_null_without_default",
        T + cls,
        {**config, "replace.null.with.default": "false"},
        record(DEFAULTS_V),
    )
case(
    "value_to_key_null_without_default",
    T + "ValueToKey",
    {"fields": "name", "replace.null.with.default": "false"},
    record(DEFAULTS_V),
)
case("value_to_key_null_with_default", T + "ValueToKey", {"fields": "name,score"}, record(DEFAULTS_V))
LOGICAL = struct(
    {**DEC, "field": "price"},
    {**DATE, "field": "day"},
    {**TIME, "field": "at"},
    {**TS, "field": "ts"},
)
LOGICAL_V = env(LOGICAL, {"price": "AN4=", "day": 19000, "at": 3_600_000, "ts": 1_700_000_000_123})
case("mask_logical", T + "MaskField$Value", {"fields": "price,day,at,ts"}, record(LOGICAL_V))
case(
    "mask_decimal_replacement",
    T + "MaskField$Value",
    {"fields": "price", "replacement": "12.34"},
    record(LOGICAL_V),
)
case(
    "cast_decimal",
    T + "Cast$Value",
    {"spec": "price:float64,day:string,at:string,ts:int32"},
    record(LOGICAL_V),
)
case(
    "flatten_logical",
    T + "Flatten$Value",
    {},
    record(
        env(
            struct({**LOGICAL, "field": "inner"}),
            {"inner": {"price": "AN4=", "day": 19000, "at": 3_600_000, "ts": 1_700_000_000_123}},
        )
    ),
)
case(
    "timestamp_date_to_string",
    T + "TimestampConverter$Value",
    {"field": "day", "target.type": "string", "format": "dd/MM/yyyy"},
    record(LOGICAL_V),
)
case(
    "timestamp_time_to_unix",
    T + "TimestampConverter$Value",
    {"field": "at", "target.type": "unix", "unix.precision": "seconds"},
    record(LOGICAL_V),
)
case(
    "timestamp_ts_to_time",
    T + "TimestampConverter$Value",
    {"field": "ts", "target.type": "Time"},
    record(LOGICAL_V),
)
case(
    "timestamp_ts_to_micros",
    T + "TimestampConverter$Value",
    {"field": "ts", "target.type": "unix", "unix.precision": "microseconds"},
    record(LOGICAL_V),
)
case(
    "timestamp_ts_to_nanos_whole",
    T + "TimestampConverter$Value",
    {"target.type": "unix", "unix.precision": "nanoseconds"},
    record(env(TS, 1_700_000_000_123)),
)
case(
    "timestamp_string_to_date_whole",
    T + "TimestampConverter$Value",
    {"target.type": "Date", "format": "yyyy-MM-dd HH:mm"},
    record(env({"type": "string", "optional": False}, "2024-02-29 13:45")),
)
case(
    "timestamp_optional_field_null",
    T + "TimestampConverter$Value",
    {"field": "ts", "target.type": "string", "format": "yyyy"},
    record(env(struct({**TS, "field": "ts", "optional": True}), {"ts": None})),
)
case(
    "timestamp_schemaless_string_to_timestamp",
    T + "TimestampConverter$Value",
    {"field": "when", "target.type": "Timestamp", "format": "yyyy-MM-dd'T'HH:mm:ss.SSS"},
    record(env(None, {"when": "2024-01-02T03:04:05.678"})),
)
OPT_NESTED = struct(
    field("id", "int64"),
    {**struct(field("city", "string"), field("zip", "int32", True), optional=True), "field": "addr"},
)
case(
    "flatten_optional_nested_null", T + "Flatten$Value", {}, record(env(OPT_NESTED, {"id": 5, "addr": None}))
)
case(
    "flatten_schemaless_null_and_list",
    T + "Flatten$Value",
    {},
    record(env(None, {"a": None, "b": [1, {"x": 1}], "c": {"d": {"e": True}}})),
)
case(
    "extract_v2_backticks",
    T + "ExtractField$Value",
    {"field": "`a.b`.c", "field.syntax.version": "V2"},
    record(env(None, {"a.b": {"c": 42}, "a": {"b": {"c": 0}}})),
)
case(
    "extract_v2_missing_parent",
    T + "ExtractField$Value",
    {"field": "x.y", "field.syntax.version": "V2"},
    record(env(None, {"a": 1})),
)
case("hoist_schemaless_null", T + "HoistField$Value", {"field": "f"}, record(None))
case(
    "hoist_optional_schema_null",
    T + "HoistField$Value",
    {"field": "f"},
    record(env({"type": "string", "optional": True}, None)),
)
case(
    "regex_router_named_group",
    T + "RegexRouter",
    {"regex": "(?<base>ord)(ers)", "replacement": "${base}-$2"},
    record(USER_V),
)
case(
    "regex_router_escaped_dollar",
    T + "RegexRouter",
    {"regex": "orders", "replacement": "cost\\$"},
    record(USER_V),
)
case(
    "timestamp_router_names",
    T + "TimestampRouter",
    {"timestamp.format": "EEE-MMM-yy-HH:mm:ss.SSS a"},
    record(USER_V),
)
for literal in ["1.5", "-7", "3000000000", "[1,2,3]", '{"a":1}', "false", "2024-01-02", "x y", ""]:
    case(
        f"insert_header_literal_{literal or 'empty'}",
        T + "InsertHeader",
        {"header": "h", "value.literal": literal},
        record(USER_V),
    )
dup = [
    {"key": "d", "value": env({"type": "string", "optional": False}, "1")},
    {"key": "k", "value": env({"type": "string", "optional": False}, "2")},
    {"key": "d", "value": env({"type": "string", "optional": False}, "3")},
]
case("drop_headers_repeated", T + "DropHeaders", {"headers": "d"}, record(USER_V, headers=dup))
case(
    "header_from_move_schemaless",
    T + "HeaderFrom$Value",
    {"fields": "id,nope", "headers": "a,b", "operation": "move"},
    record(MAP_V),
)
case(
    "cast_bool_int8_to_string",
    T + "Cast$Value",
    {"spec": "a:string,b:int64,c:float32"},
    record(
        env(
            struct(field("a", "int8"), field("b", "boolean"), field("c", "string")),
            {"a": -5, "b": True, "c": "3.4028235E38"},
        )
    ),
)
case(
    "cast_optional_whole_with_default",
    T + "Cast$Value",
    {"spec": "int32"},
    record(env({"type": "string", "optional": True, "default": "7"}, None)),
)
case(
    "cast_optional_field_with_default",
    T + "Cast$Value",
    {"spec": "n:int64"},
    record(env(struct(field("n", "string", True, default="9")), {"n": None})),
)
case(
    "mask_schemaless_containers",
    T + "MaskField$Value",
    {"fields": "a,b,c,d"},
    record(env(None, {"a": [1, 2], "b": {"x": 1}, "c": 2.5, "d": False})),
)
case(
    "mask_float_replacement", T + "MaskField$Value", {"fields": "score", "replacement": "0.5"}, record(USER_V)
)
case(
    "mask_bad_number_replacement",
    T + "MaskField$Value",
    {"fields": "id", "replacement": "abc"},
    record(USER_V),
)
case(
    "insert_required_fields_schema",
    T + "InsertField$Value",
    {"topic.field": "t!", "timestamp.field": "ts!"},
    record(USER_V),
)
case(
    "replace_schemaless_include_rename",
    T + "ReplaceField$Value",
    {"include": "id,name", "renames": "id:key"},
    record(MAP_V),
)


def main() -> None:
    out = [{"name": n, "class": c, "config": cfg, "record": rec} for n, c, cfg, rec in CASES]
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
