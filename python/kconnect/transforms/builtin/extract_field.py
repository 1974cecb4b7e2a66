"""``ExtractField$Key`` / ``ExtractField$Value``: replace the key or value with one of its fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.errors import DataError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    parse_config,
    replace_null_with_default,
    require_map_or_none,
    require_struct_or_none,
)
from kconnect.transforms.builtin.field_path import SYNTAX_KEY, SingleFieldPath, append_syntax_config

PURPOSE = "field extraction"


def _config_def() -> ConfigDef:
    d = ConfigDef().define("field", ConfigType.STRING, documentation="Field name to extract.")
    return append_syntax_config(replace_null_with_default(d))


class ExtractField(KeyOrValue):
    """Replace the key or value with the value of one (nested, with syntax V2) field."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.path = SingleFieldPath(c["field"], c[SYNTAX_KEY])
        self.with_default: bool = c["replace.null.with.default"]

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        schema = self.operating_schema(record)
        if schema is None:
            value = require_map_or_none(self.operating_value(record), PURPOSE)
            return self.new_record(record, None, None if value is None else self.path.value_from_map(value))
        struct = require_struct_or_none(self.operating_value(record), PURPOSE)
        field = self.path.field_from(schema)
        if field is None:
            # Java raises IllegalArgumentException here; a DataError follows errors.tolerance the same way
            raise DataError(f"Unknown field: {self.path.text}")
        extracted = None if struct is None else self.path.value_from_struct(struct, self.with_default)
        return self.new_record(record, field.schema, extracted)


class ExtractFieldKey(ExtractField):
    JAVA_NAME = f"{PACKAGE}.ExtractField$Key"
    IS_KEY = True


class ExtractFieldValue(ExtractField):
    JAVA_NAME = f"{PACKAGE}.ExtractField$Value"
    IS_KEY = False
