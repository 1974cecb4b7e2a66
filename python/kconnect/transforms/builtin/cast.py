"""``Cast$Key`` / ``Cast$Value``: cast fields or the whole key/value to another primitive type.

Java's numeric rules are kept: integer narrowing wraps (two's complement), floating-point to
integer truncates and saturates (NaN -> 0), strings parse strictly (``Integer.parseInt``), and
anything cast to string uses Java's text forms (``1.0E10``, ``true``, base64 for bytes).
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.types import invalid_value
from kconnect.config.validators import LambdaValidator
from kconnect.data import logical
from kconnect.data.schema import Schema, SchemaBuilder, Type
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError, DataError
from kconnect.transforms.builtin._java_values import (
    double_to_string,
    float_to_int,
    logical_millis,
    to_float32,
    to_java_string,
    wrap_int,
)
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    copy_schema_basics,
    field_value,
    parse_config,
    replace_null_with_default,
    require_map,
    require_struct,
)

PURPOSE = "cast types"
WHOLE_VALUE = ""
INPUT_TYPES = (
    Type.INT8,
    Type.INT16,
    Type.INT32,
    Type.INT64,
    Type.FLOAT32,
    Type.FLOAT64,
    Type.BOOLEAN,
    Type.STRING,
    Type.BYTES,
)
OUTPUT_TYPES = INPUT_TYPES[:-1]
_INT_BITS = {Type.INT8: 8, Type.INT16: 16, Type.INT32: 32, Type.INT64: 64}
_JAVA_INT = re.compile(r"[+-]?\d+")
_TEMPORAL = {logical.DATE_NAME, logical.TIME_NAME, logical.TIMESTAMP_NAME}


def _type_list(types: tuple[Type, ...]) -> str:
    return "[" + ", ".join(t.name for t in types) + "]"


def _output_type(text: str) -> Type:
    try:
        target = Type[text.strip().upper()]
    except KeyError:
        raise ConfigError(f"Invalid type found in casting spec: {text.strip()}") from None
    if target not in OUTPUT_TYPES:
        raise ConfigError(
            f"Cast transformation does not support casting to {target.name}; supported types are "
            f"{_type_list(OUTPUT_TYPES)}"
        )
    return target


def parse_spec(mappings: list[str]) -> dict[str, Type]:
    """``field:type`` pairs, or a single ``type`` for the whole value (key ``""``)."""
    casts: dict[str, Type] = {}
    whole = False
    for mapping in mappings:
        parts = mapping.split(":")
        if len(parts) > 2:
            raise invalid_value("renames", mappings, f"Invalid rename mapping: {mapping}")
        if len(parts) == 1:
            casts[WHOLE_VALUE] = _output_type(parts[0])
            whole = True
        else:
            casts[parts[0].strip()] = _output_type(parts[1])
    if whole and len(mappings) > 1:
        raise ConfigError(
            "Cast transformations that specify a type to cast the entire value to may only specify a single "
            "cast in their spec"
        )
    return casts


def _check_spec(name: str, value: Any) -> None:
    if not value:
        raise ConfigError("Must specify at least one field to cast.")
    try:
        parse_spec(value)
    except ConfigError as e:
        raise invalid_value(name, ",".join(value), str(e)) from None


def _config_def() -> ConfigDef:
    d = ConfigDef().define(
        "spec",
        ConfigType.LIST,
        validator=LambdaValidator(_check_spec, "list of colon-delimited pairs, e.g. foo:bar,abc:xyz"),
        documentation="List of fields and the type to cast them to of the form field1:type,field2:type to "
        "cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, "
        "int16, "
        "int32, int64, float32, float64, boolean, and string. Binary fields can only be cast to string.",
    )
    return replace_null_with_default(d)


def _inferred_type(value: Any) -> Type | None:
    if isinstance(value, bool):
        return Type.BOOLEAN
    if isinstance(value, int):
        return Type.INT64 if not -(2**31) <= value < 2**31 else Type.INT32
    if isinstance(value, float):
        return Type.FLOAT64
    if isinstance(value, str):
        return Type.STRING
    if isinstance(value, bytes | bytearray | memoryview):
        return Type.BYTES
    if isinstance(value, list):
        return Type.ARRAY
    if isinstance(value, dict):
        return Type.MAP
    if isinstance(value, Struct):
        return Type.STRUCT
    return None


def _parse_int(text: str, bits: int) -> int:
    if not _JAVA_INT.fullmatch(text):
        raise ValueError(text)
    number = int(text)
    if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
        raise ValueError(text)
    return number


def _parse_float(text: str) -> float:
    stripped = text.strip()
    lowered = stripped.lower().lstrip("+-")
    if lowered in ("inf", "infinity", "nan") and stripped.lstrip("+-") not in ("Infinity", "NaN"):
        raise ValueError(text)
    if stripped and stripped[-1] in "fFdD":
        stripped = stripped[:-1]
    return float(stripped)


def _to_int(value: Any, bits: int) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return wrap_int(value, bits)
    if isinstance(value, float):
        return float_to_int(value, bits)
    if isinstance(value, decimal.Decimal):
        return wrap_int(int(value), bits)
    if isinstance(value, str):
        return _parse_int(value, bits)
    raise DataError(f"Unexpected type in Cast transformation: {type(value).__name__}")


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float | decimal.Decimal):
        return float(value)
    if isinstance(value, str):
        return _parse_float(value)
    raise DataError(f"Unexpected type in Cast transformation: {type(value).__name__}")


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | decimal.Decimal):
        return _to_int(value, 64) != 0
    if isinstance(value, str):
        return value.lower() == "true"
    raise DataError(f"Unexpected type in Cast transformation: {type(value).__name__}")


def cast_value(schema: Schema | None, value: Any, target: Type) -> Any:
    """``value`` (of ``schema``, or inferred) cast to ``target`` as Java's ``castValueToType``."""
    if value is None:
        return None
    source = schema.type if schema is not None else _inferred_type(value)
    if source is None:
        raise DataError(
            f"Cast transformation was passed a value of type {type(value).__name__} which is not supported "
            "by "
            "Connect's data API"
        )
    if source not in INPUT_TYPES:
        raise DataError(
            f"Cast transformation does not support casting from {source.name}; supported types are "
            f"{_type_list(INPUT_TYPES)}"
        )
    if schema is not None and schema.name in _TEMPORAL and target is not Type.STRING:
        millis = logical_millis(value)
        value = millis // logical.MS_PER_DAY if schema.name == logical.DATE_NAME else millis
    try:
        if target in _INT_BITS:
            return _to_int(value, _INT_BITS[target])
        if target is Type.FLOAT32:
            return to_float32(_to_float(value))
        if target is Type.FLOAT64:
            return _to_float(value)
        if target is Type.BOOLEAN:
            return _to_bool(value)
        if source is Type.FLOAT32 and isinstance(value, float):
            return double_to_string(value, float32=True)
        return to_java_string(value)
    except ValueError as e:
        raise DataError(f"Value ({value}) was out of range for requested data type") from e


class Cast(KeyOrValue):
    """Cast listed fields (``field:type``) or the whole key/value (``type``)."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.casts = parse_spec(c["spec"])
        self.whole: Type | None = self.casts.get(WHOLE_VALUE)
        self.with_default: bool = c["replace.null.with.default"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if value is None:
            return record
        schema = self.operating_schema(record)
        if schema is None:
            if self.whole is not None:
                return self.new_record(record, None, cast_value(None, value, self.whole))
            original = require_map(value, PURPOSE)
            updated = dict(original)
            for name, target in self.casts.items():
                updated[name] = cast_value(None, original.get(name), target)
            return self.new_record(record, None, updated)
        updated_schema = self._schemas.get(schema, self._updated_schema)
        if self.whole is not None:
            return self.new_record(record, updated_schema, cast_value(schema, value, self.whole))
        struct = require_struct(value, PURPOSE)
        values = {}
        for f in struct.schema.fields:
            original_value = field_value(struct, f.name, self.with_default)
            field_target = self.casts.get(f.name)
            values[f.name] = (
                original_value if field_target is None else cast_value(f.schema, original_value, field_target)
            )
        return self.new_record(record, updated_schema, Struct(updated_schema, values))

    def _updated_schema(self, schema: Schema) -> Schema:
        if self.whole is not None:
            target = self.whole
            builder = copy_schema_basics(schema, SchemaBuilder(target))
        else:
            target = Type.STRUCT
            builder = copy_schema_basics(schema, SchemaBuilder.struct())
            for f in schema.fields:
                field_target = self.casts.get(f.name)
                if field_target is None:
                    builder.field(f.name, f.schema)
                    continue
                field_builder = SchemaBuilder(field_target)
                if f.schema.optional:
                    field_builder.optional()
                if f.schema.default is not None:
                    field_builder.default_value(cast_value(f.schema, f.schema.default, field_target))
                builder.field(f.name, field_builder.build())
        if schema.optional:
            builder.optional()
        if schema.default is not None:
            builder.default_value(cast_value(schema, schema.default, target))
        return builder.build()


class CastKey(Cast):
    JAVA_NAME = f"{PACKAGE}.Cast$Key"
    IS_KEY = True


class CastValue(Cast):
    JAVA_NAME = f"{PACKAGE}.Cast$Value"
    IS_KEY = False
