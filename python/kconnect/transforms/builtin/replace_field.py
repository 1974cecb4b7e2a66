"""``ReplaceField$Key`` / ``ReplaceField$Value``: keep, drop and rename fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.types import invalid_value
from kconnect.config.validators import LambdaValidator
from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.data.struct import Struct
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

PURPOSE = "field replacement"


def _check_renames(name: str, value: Any) -> None:
    for pair in value or []:
        parts = pair.split(":")
        if len(parts) != 2:
            raise invalid_value(name, value, f"Invalid rename mapping: {pair}")


def _config_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "exclude",
        ConfigType.LIST,
        "",
        documentation="Fields to exclude. This takes precedence over the fields to include.",
    )
    d.define(
        "include",
        ConfigType.LIST,
        "",
        documentation="Fields to include. If specified, only these fields will be used.",
    )
    d.define(
        "renames",
        ConfigType.LIST,
        "",
        LambdaValidator(_check_renames, "list of colon-delimited pairs, e.g. foo:bar,abc:xyz"),
        documentation="Field rename mappings.",
    )
    return replace_null_with_default(d)


class ReplaceField(KeyOrValue):
    """Filter (``include``/``exclude``) and rename (``renames``) fields of a struct or map."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        # Java still accepts the deprecated names blacklist/whitelist
        aliased = dict(configs)
        for old, new in (("blacklist", "exclude"), ("whitelist", "include")):
            if old in aliased and new not in aliased:
                aliased[new] = aliased.pop(old)
        c = parse_config(self.CONFIG_DEF, aliased)
        self.exclude: set[str] = set(c["exclude"])
        self.include: set[str] = set(c["include"])
        self.renames = dict(p.split(":") for p in c["renames"])
        self.reverse = {v: k for k, v in self.renames.items()}
        self.with_default: bool = c["replace.null.with.default"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def _keep(self, name: str) -> bool:
        return name not in self.exclude and (not self.include or name in self.include)

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if value is None:
            return record
        if self.operating_schema(record) is None:
            updated = {
                self.renames.get(k, k): v for k, v in require_map(value, PURPOSE).items() if self._keep(k)
            }
            return self.new_record(record, None, updated)
        struct = require_struct(value, PURPOSE)
        schema = self._schemas.get(struct.schema, self._updated_schema)
        values = {
            f.name: field_value(struct, self.reverse.get(f.name, f.name), self.with_default)
            for f in schema.fields
        }
        return self.new_record(record, schema, Struct(schema, values))

    def _updated_schema(self, schema: Schema) -> Schema:
        builder = copy_schema_basics(schema, SchemaBuilder.struct())
        for f in schema.fields:
            if self._keep(f.name):
                builder.field(self.renames.get(f.name, f.name), f.schema)
        return builder.build()


class ReplaceFieldKey(ReplaceField):
    JAVA_NAME = f"{PACKAGE}.ReplaceField$Key"
    IS_KEY = True


class ReplaceFieldValue(ReplaceField):
    JAVA_NAME = f"{PACKAGE}.ReplaceField$Value"
    IS_KEY = False
