"""``Flatten$Key`` / ``Flatten$Value``: nested structs/maps become top-level ``a.b`` fields."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.data.schema import Schema, SchemaBuilder, Type
from kconnect.data.struct import Struct
from kconnect.errors import DataError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    copy_schema_basics,
    parse_config,
    require_map,
    require_struct_or_none,
)

PURPOSE = "flattening"
_LEAF_VALUES = (bool, int, float, str, bytes, bytearray, list)


def _config_def() -> ConfigDef:
    return ConfigDef().define(
        "delimiter",
        ConfigType.STRING,
        ".",
        documentation="Delimiter to insert between field names from the input record when generating field "
        "names for the output record",
    )


class Flatten(KeyOrValue):
    """Flatten nested structs (with schema) or maps (without); arrays are kept as they are."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.delimiter: str = parse_config(self.CONFIG_DEF, configs)["delimiter"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def _name(self, prefix: str, name: str) -> str:
        return name if not prefix else prefix + self.delimiter + name

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if value is None:
            return record
        schema = self.operating_schema(record)
        if schema is None:
            flat: dict[str, Any] = {}
            self._flatten_map(require_map(value, PURPOSE), "", flat)
            return self.new_record(record, None, flat)
        struct = require_struct_or_none(value, PURPOSE)
        updated = self._schemas.get(schema, self._updated_schema)
        if struct is None:
            return self.new_record(record, updated, None)
        values: dict[str, Any] = {}
        self._flatten_struct(struct, "", values)
        return self.new_record(record, updated, Struct(updated, values))

    def _flatten_map(self, original: Mapping[str, Any], prefix: str, out: dict[str, Any]) -> None:
        for key, value in original.items():
            name = self._name(prefix, key)
            if value is None or isinstance(value, _LEAF_VALUES):
                out[name] = value
            elif isinstance(value, dict):
                self._flatten_map(value, name, out)
            elif isinstance(value, Struct | decimal.Decimal):
                raise DataError(
                    f"Flatten transformation does not support {type(value).__name__} for record "
                    "without schemas (for field {name})."
                )
            else:
                raise DataError(
                    f"Flatten transformation was passed a value of type {type(value).__name__} which is not "
                    "supported by Connect's data API"
                )

    def _updated_schema(self, schema: Schema) -> Schema:
        builder = copy_schema_basics(schema, SchemaBuilder.struct())
        self._build_schema(schema, "", builder, schema.optional, schema.default)
        return builder.build()

    def _build_schema(
        self, schema: Schema, prefix: str, builder: SchemaBuilder, optional: bool, parent_default: Any
    ) -> None:
        for f in schema.fields:
            name = self._name(prefix, f.name)
            field_optional = optional or f.schema.optional
            default = f.schema.default
            if default is None and parent_default is not None:
                default = parent_default.get(f.name)
            if f.schema.type is Type.STRUCT:
                self._build_schema(f.schema, name, builder, field_optional, default)
            elif f.schema.type is Type.MAP:
                raise DataError(
                    f"Flatten transformation does not support {f.schema.type.name} for record with schemas "
                    f"(for field {name})."
                )
            else:
                field_builder = copy_schema_basics(f.schema)
                if field_optional:
                    field_builder.optional()
                if default is not None:
                    field_builder.default_value(default)
                builder.field(name, field_builder.build())

    def _flatten_struct(self, struct: Struct | None, prefix: str, out: dict[str, Any]) -> None:
        if struct is None:
            return
        for f in struct.schema.fields:
            name = self._name(prefix, f.name)
            if f.schema.type is Type.STRUCT:
                self._flatten_struct(struct.get(f.name), name, out)
            else:
                out[name] = struct.get(f.name)


class FlattenKey(Flatten):
    JAVA_NAME = f"{PACKAGE}.Flatten$Key"
    IS_KEY = True


class FlattenValue(Flatten):
    JAVA_NAME = f"{PACKAGE}.Flatten$Value"
    IS_KEY = False
