"""``SetSchemaMetadata$Key`` / ``$Value``: set the schema's name and/or version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.data.schema import Schema, Type
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    field_value,
    parse_config,
    replace_null_with_default,
    require_schema,
)


def _config_def() -> ConfigDef:
    d = ConfigDef()
    d.define("schema.name", ConfigType.STRING, None, documentation="Schema name to set.")
    d.define("schema.version", ConfigType.INT, None, documentation="Schema version to set.")
    return replace_null_with_default(d)


class SetSchemaMetadata(KeyOrValue):
    """Rename and/or re-version the key or value schema (a Struct is rebuilt on the new schema)."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.name: str | None = c["schema.name"]
        self.schema_version: int | None = c["schema.version"]
        self.with_default: bool = c["replace.null.with.default"]
        if self.name is None and self.schema_version is None:
            raise ConfigError("Neither schema name nor version configured")

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        schema = self.operating_schema(record)
        if value is None and schema is None:
            return record
        schema = require_schema(schema, "updating schema metadata")
        nested = schema.type in (Type.MAP, Type.ARRAY)
        updated = Schema(
            schema.type,
            optional=schema.optional,
            default=schema.default,
            name=self.name if self.name is not None else schema.name,
            version=self.schema_version if self.schema_version is not None else schema.version,
            doc=schema.doc,
            parameters=schema.parameters,
            fields=[(f.name, f.schema) for f in schema.fields],
            key_schema=schema.key_schema if schema.type is Type.MAP else None,
            value_schema=schema.value_schema if nested else None,
        )
        if isinstance(value, Struct):
            value = Struct(
                updated, {f.name: field_value(value, f.name, self.with_default) for f in updated.fields}
            )
        return self.new_record(record, updated, value)


class SetSchemaMetadataKey(SetSchemaMetadata):
    JAVA_NAME = f"{PACKAGE}.SetSchemaMetadata$Key"
    IS_KEY = True


class SetSchemaMetadataValue(SetSchemaMetadata):
    JAVA_NAME = f"{PACKAGE}.SetSchemaMetadata$Value"
    IS_KEY = False
