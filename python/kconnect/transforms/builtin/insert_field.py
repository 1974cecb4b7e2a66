"""``InsertField$Key`` / ``InsertField$Value``: add record metadata or a static value as fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.data import logical
from kconnect.data.schema import (
    INT32_SCHEMA,
    INT64_SCHEMA,
    OPTIONAL_INT32_SCHEMA,
    OPTIONAL_INT64_SCHEMA,
    OPTIONAL_STRING_SCHEMA,
    STRING_SCHEMA,
    Schema,
    SchemaBuilder,
)
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    copy_schema_basics,
    field_value,
    parse_config,
    replace_null_with_default,
    require_map,
    require_sink_record,
    require_struct,
)

PURPOSE = "field insertion"
_OPTIONALITY = "Suffix with ! to make this a required field, or ? to keep it optional (the default)."


def _config_def() -> ConfigDef:
    d = ConfigDef()
    for key, doc in (
        ("topic.field", "Field name for Kafka topic. "),
        ("partition.field", "Field name for Kafka partition. "),
        ("offset.field", "Field name for Kafka offset - only applicable to sink connectors. "),
        ("timestamp.field", "Field name for record timestamp. "),
        ("static.field", "Field name for static data field. "),
    ):
        d.define(key, ConfigType.STRING, None, documentation=doc + _OPTIONALITY)
    d.define(
        "static.value", ConfigType.STRING, None, documentation="Static field value, if field name configured."
    )
    return replace_null_with_default(d)


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    optional: bool

    @staticmethod
    def parse(spec: str | None) -> _Spec | None:
        if spec is None:
            return None
        if spec.endswith("?"):
            return _Spec(spec[:-1], True)
        if spec.endswith("!"):
            return _Spec(spec[:-1], False)
        return _Spec(spec, True)


class InsertField(KeyOrValue):
    """Insert topic, partition, offset, timestamp and/or a static value as fields."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.topic = _Spec.parse(c["topic.field"])
        self.partition = _Spec.parse(c["partition.field"])
        self.offset = _Spec.parse(c["offset.field"])
        self.timestamp = _Spec.parse(c["timestamp.field"])
        self.static = _Spec.parse(c["static.field"])
        self.static_value: str | None = c["static.value"]
        self.with_default: bool = c["replace.null.with.default"]
        if not any((self.topic, self.partition, self.offset, self.timestamp, self.static)):
            raise ConfigError("No field insertion configured")
        if self.static is not None and self.static_value is None:
            raise ConfigError(
                "Invalid value null for configuration static.value: "
                f"No value specified for static field: {self.static.name}"
            )
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if value is None:
            return record
        if self.operating_schema(record) is None:
            updated = dict(require_map(value, PURPOSE))
            updated.update(self._inserted(record, schemaless=True))
            return self.new_record(record, None, updated)
        struct = require_struct(value, PURPOSE)
        schema = self._schemas.get(struct.schema, self._updated_schema)
        values = {f.name: field_value(struct, f.name, self.with_default) for f in struct.schema.fields}
        values.update(self._inserted(record, schemaless=False))
        return self.new_record(record, schema, Struct(schema, values))

    def _inserted(self, record: ConnectRecord, *, schemaless: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.topic is not None:
            out[self.topic.name] = record.topic
        if self.partition is not None and record.kafka_partition is not None:
            out[self.partition.name] = record.kafka_partition
        if self.offset is not None:
            out[self.offset.name] = require_sink_record(record, PURPOSE).kafka_offset
        if self.timestamp is not None and record.timestamp is not None:
            ts = record.timestamp
            out[self.timestamp.name] = ts if schemaless else logical.millis_to_timestamp(ts)
        if self.static is not None and self.static_value is not None:
            out[self.static.name] = self.static_value
        return out

    def _updated_schema(self, schema: Schema) -> Schema:
        builder = copy_schema_basics(schema, SchemaBuilder.struct())
        for f in schema.fields:
            builder.field(f.name, f.schema)
        for spec, optional, required in (
            (self.topic, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA),
            (self.partition, OPTIONAL_INT32_SCHEMA, INT32_SCHEMA),
            (self.offset, OPTIONAL_INT64_SCHEMA, INT64_SCHEMA),
            (self.timestamp, logical.OPTIONAL_TIMESTAMP_SCHEMA, logical.TIMESTAMP_SCHEMA),
            (self.static, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA),
        ):
            if spec is not None:
                builder.field(spec.name, optional if spec.optional else required)
        return builder.build()


class InsertFieldKey(InsertField):
    JAVA_NAME = f"{PACKAGE}.InsertField$Key"
    IS_KEY = True


class InsertFieldValue(InsertField):
    JAVA_NAME = f"{PACKAGE}.InsertField$Value"
    IS_KEY = False
