"""``TimestampConverter$Key`` / ``$Value``: convert between string, unix, Date, Time and Timestamp."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.validators import ValidString
from kconnect.data import logical
from kconnect.data.schema import (
    INT64_SCHEMA,
    OPTIONAL_INT64_SCHEMA,
    OPTIONAL_STRING_SCHEMA,
    STRING_SCHEMA,
    Schema,
    SchemaBuilder,
    Type,
)
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError, DataError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    copy_schema_basics,
    field_value,
    parse_config,
    replace_null_with_default,
    require_map_or_none,
    require_struct_or_none,
)
from kconnect.transforms.date_format import SimpleDateFormat

PURPOSE = "converting timestamp formats"
TYPES = ("string", "unix", "Date", "Time", "Timestamp")
_TO_MILLIS = {"seconds": 1000.0, "milliseconds": 1.0, "microseconds": 1 / 1000, "nanoseconds": 1 / 1_000_000}


def _config_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "field",
        ConfigType.STRING,
        "",
        documentation="The field containing the timestamp, or empty if the entire value is a timestamp",
    )
    d.define(
        "target.type",
        ConfigType.STRING,
        validator=ValidString.in_(*TYPES),
        documentation="The desired timestamp representation: string, unix, Date, Time, or Timestamp",
    )
    d.define(
        "format",
        ConfigType.STRING,
        "",
        documentation="A SimpleDateFormat-compatible format for the "
        "timestamp. Used to generate the output when type=string or used to parse the input if the input "
        "is a string.",
    )
    d.define(
        "unix.precision",
        ConfigType.STRING,
        "milliseconds",
        validator=ValidString.in_("nanoseconds", "microseconds", "milliseconds", "seconds"),
        documentation="The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, "
        "or nanoseconds. Used to generate the output when type=unix or used to parse the input if the "
        "input is a Long.",
    )
    return replace_null_with_default(d)


def _schema_for(target: str, optional: bool) -> Schema:
    if target == "string":
        return OPTIONAL_STRING_SCHEMA if optional else STRING_SCHEMA
    if target == "unix":
        return OPTIONAL_INT64_SCHEMA if optional else INT64_SCHEMA
    builder = {"Date": logical.date_builder, "Time": logical.time_builder}.get(
        target, logical.timestamp_builder
    )()
    return (builder.optional() if optional else builder).build()


def _type_of_schema(schema: Schema) -> str:
    by_name = {logical.TIMESTAMP_NAME: "Timestamp", logical.DATE_NAME: "Date", logical.TIME_NAME: "Time"}
    if schema.name in by_name:
        return by_name[schema.name]
    if schema.type is Type.STRING:
        return "string"
    if schema.type is Type.INT64:
        return "unix"
    raise ConnectSchemaError(f"Schema {schema} does not correspond to a known timestamp type format")


class ConnectSchemaError(DataError):
    """The schema is not one of the timestamp representations."""


def _type_of_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return "Timestamp"
    if isinstance(value, int) and not isinstance(value, bool):
        return "unix"
    if isinstance(value, str):
        return "string"
    raise DataError(f"TimestampConverter does not support {type(value).__name__} objects as timestamps")


class TimestampConverter(KeyOrValue):
    """Convert a timestamp field (``field``) or the whole key/value to ``target.type``."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.field: str = c["field"]
        self.target: str = c["target.type"]
        self.precision: str = c["unix.precision"]
        self.with_default: bool = c["replace.null.with.default"]
        pattern: str = c["format"]
        if self.target == "string" and not pattern.strip():
            raise ConfigError(
                "TimestampConverter requires format option to be specified when using string timestamps"
            )
        self.format: SimpleDateFormat | None = None
        if pattern.strip():
            try:
                self.format = SimpleDateFormat(pattern)
            except ValueError as e:
                raise ConfigError(
                    "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
                    "timestamps: "
                    f"{pattern} ({e})"
                ) from None
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    # -- conversion --------------------------------------------------------------------------
    def _to_millis(self, value: Any, kind: str) -> int:
        if kind == "Timestamp":
            return logical.timestamp_to_millis(value)
        if kind == "Date":
            return logical.date_to_days(value) * logical.MS_PER_DAY
        if kind == "Time":
            return logical.time_to_millis(value)
        if kind == "unix":
            return int(value * _TO_MILLIS[self.precision]) if self.precision != "milliseconds" else int(value)
        if self.format is None:
            raise DataError(
                "TimestampConverter requires format option to be specified when using string timestamps"
            )
        try:
            return logical.timestamp_to_millis(self.format.parse(value))
        except ValueError as e:
            raise DataError(
                f"Could not parse timestamp: value ({value}) does not match pattern ({self.format.pattern})"
            ) from e

    def _from_millis(self, millis: int) -> Any:
        if self.target == "Timestamp":
            return logical.millis_to_timestamp(millis)
        if self.target == "Date":
            return logical.days_to_date(millis // logical.MS_PER_DAY)
        if self.target == "Time":
            return logical.millis_to_time(millis % logical.MS_PER_DAY)
        if self.target == "unix":
            factor = {"seconds": 1000, "milliseconds": 1}.get(self.precision)
            if factor is not None:
                return millis // factor if millis >= 0 else -((-millis) // factor)
            return millis * (1000 if self.precision == "microseconds" else 1_000_000)
        assert self.format is not None
        return self.format.format(logical.millis_to_timestamp(millis))

    def convert(self, value: Any, kind: str | None) -> Any:
        if value is None:
            return None
        return self._from_millis(self._to_millis(value, kind or _type_of_value(value)))

    # -- records -----------------------------------------------------------------------------
    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        schema = self.operating_schema(record)
        value = self.operating_value(record)
        if schema is None:
            if not self.field:
                return self.new_record(record, None, self.convert(value, None))
            original = require_map_or_none(value, PURPOSE)
            if original is None:
                return self.new_record(record, None, None)
            updated = dict(original)
            updated[self.field] = self.convert(original.get(self.field), None)
            return self.new_record(record, None, updated)
        if not self.field:
            return self.new_record(
                record,
                _schema_for(self.target, schema.optional),
                self.convert(value, _type_of_schema(schema)),
            )
        struct = require_struct_or_none(value, PURPOSE)
        updated_schema = self._schemas.get(schema, self._updated_schema)
        if struct is None:
            return self.new_record(record, updated_schema, None)
        values = {}
        for f in schema.fields:
            v = field_value(struct, f.name, self.with_default)
            values[f.name] = self.convert(v, _type_of_schema(f.schema)) if f.name == self.field else v
        return self.new_record(record, updated_schema, Struct(updated_schema, values))

    def _updated_schema(self, schema: Schema) -> Schema:
        builder = copy_schema_basics(schema, SchemaBuilder.struct())
        for f in schema.fields:
            if f.name == self.field:
                builder.field(f.name, _schema_for(self.target, f.schema.optional))
            else:
                builder.field(f.name, f.schema)
        if schema.optional:
            builder.optional()
        return builder.build()


class TimestampConverterKey(TimestampConverter):
    JAVA_NAME = f"{PACKAGE}.TimestampConverter$Key"
    IS_KEY = True


class TimestampConverterValue(TimestampConverter):
    JAVA_NAME = f"{PACKAGE}.TimestampConverter$Value"
    IS_KEY = False
