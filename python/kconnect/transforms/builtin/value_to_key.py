"""``ValueToKey`` and ``HoistField$Key`` / ``HoistField$Value``: build a new struct or map around values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.api.transforms import Transformation
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.data.struct import Struct
from kconnect.errors import DataError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    changed,
    field_value,
    non_empty_list,
    parse_config,
    replace_null_with_default,
    require_map,
    require_struct,
)

PURPOSE = "copying fields from value to key"


def _value_to_key_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "fields",
        ConfigType.LIST,
        validator=non_empty_list(),
        documentation="Field names on the record value to extract as the record key.",
    )
    return replace_null_with_default(d)


class ValueToKey(Transformation[ConnectRecord]):
    """Replace the key with a struct (or map) of some value fields."""

    JAVA_NAME = f"{PACKAGE}.ValueToKey"
    CONFIG_DEF: ClassVar[ConfigDef] = _value_to_key_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.fields: list[str] = c["fields"]
        self.with_default: bool = c["replace.null.with.default"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        if record.value_schema is None:
            value = require_map(record.value, PURPOSE)
            return changed(record, key_schema=None, key={f: value.get(f) for f in self.fields})
        struct = require_struct(record.value, PURPOSE)
        key_schema = self._schemas.get(struct.schema, self._key_schema)
        key = Struct(key_schema, {f: field_value(struct, f, self.with_default) for f in self.fields})
        return changed(record, key_schema=key_schema, key=key)

    def _key_schema(self, value_schema: Schema) -> Schema:
        builder = SchemaBuilder.struct()
        for name in self.fields:
            found = value_schema.field(name)
            if found is None:
                raise DataError(f"Field does not exist: {name}")
            builder.field(name, found.schema)
        return builder.build()


def _hoist_def() -> ConfigDef:
    return ConfigDef().define(
        "field",
        ConfigType.STRING,
        documentation="Field name for the single field that will be created in the resulting Struct or Map.",
    )


class HoistField(KeyOrValue):
    """Wrap the key or value in a struct (with a schema) or a map (without) of one field."""

    CONFIG_DEF: ClassVar[ConfigDef] = _hoist_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.field: str = parse_config(self.CONFIG_DEF, configs)["field"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        schema = self.operating_schema(record)
        value = self.operating_value(record)
        if schema is None:
            return self.new_record(record, None, {self.field: value})
        updated = self._schemas.get(schema, lambda s: SchemaBuilder.struct().field(self.field, s).build())
        return self.new_record(record, updated, Struct(updated, {self.field: value}))


class HoistFieldKey(HoistField):
    JAVA_NAME = f"{PACKAGE}.HoistField$Key"
    IS_KEY = True


class HoistFieldValue(HoistField):
    JAVA_NAME = f"{PACKAGE}.HoistField$Value"
    IS_KEY = False
