"""``MaskField$Key`` / ``MaskField$Value``: replace field values with a zero value or a replacement.

Deviation: Java masks a Decimal with ``BigDecimal.ZERO`` (scale 0), which fails conversion for any
Decimal schema with another scale; kconnect masks it with zero at the schema's scale.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.validators import NonEmptyString
from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.data.struct import Struct
from kconnect.errors import DataError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    field_value,
    non_empty_list,
    parse_config,
    replace_null_with_default,
    require_map,
    require_struct,
)

PURPOSE = "mask fields"

_INT_TYPES = (Type.INT8, Type.INT16, Type.INT32, Type.INT64)


def _config_def() -> ConfigDef:
    d = ConfigDef()
    d.define("fields", ConfigType.LIST, validator=non_empty_list(), documentation="Names of fields to mask.")
    d.define(
        "replacement",
        ConfigType.STRING,
        None,
        NonEmptyString(),
        documentation="Custom value replacement, that will be applied to all 'fields' values (numeric or "
        "non-empty string values only).",
    )
    return replace_null_with_default(d)


def _zero(value: Any, schema: Schema | None) -> Any:
    """The type's empty value (Java's ``PRIMITIVE_VALUE_MAPPING``)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        return 0.0
    if isinstance(value, decimal.Decimal):
        scale = logical.decimal_scale(schema) if schema is not None else 0
        return decimal.Decimal(0).scaleb(-scale) if scale else decimal.Decimal(0)
    if isinstance(value, dt.datetime):
        return logical.EPOCH
    if isinstance(value, dt.date):
        return logical.EPOCH_DATE
    if isinstance(value, dt.time):
        return dt.time(0)
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    raise DataError(f"Cannot mask value of type: {type(value).__name__}")


def _to_number(parse: Callable[[str], Any], replacement: str) -> Any:
    try:
        return parse(replacement)
    except (ValueError, decimal.InvalidOperation) as e:
        raise DataError(f"Unable to convert {replacement} (class java.lang.String) to a number") from e


def _int(text: str) -> int:
    # Java's Values.convertToLong accepts integral text and also decimals it can narrow
    try:
        return int(text.strip())
    except ValueError:
        return int(decimal.Decimal(text.strip()))


def _replacement(value: Any, schema: Schema | None, replacement: str) -> Any:
    if isinstance(value, bool):
        raise DataError(f"Cannot mask value of type {type(value).__name__} with custom replacement.")
    if isinstance(value, int):
        return _to_number(_int, replacement)
    if isinstance(value, float):
        return _to_number(float, replacement)
    if isinstance(value, decimal.Decimal):
        return _to_number(decimal.Decimal, replacement)
    if isinstance(value, str):
        return replacement
    raise DataError(f"Cannot mask value of type {type(value).__name__} with custom replacement.")


class MaskField(KeyOrValue):
    """Mask listed fields with their type's empty value, or with ``replacement``."""

    CONFIG_DEF: ClassVar[ConfigDef] = _config_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.fields: list[str] = list(dict.fromkeys(c["fields"]))
        self.replacement: str | None = c["replacement"]
        self.with_default: bool = c["replace.null.with.default"]

    def _masked(self, value: Any, schema: Schema | None) -> Any:
        if value is None:
            return None
        if self.replacement is None:
            return _zero(value, schema)
        return _replacement(value, schema, self.replacement)

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if self.operating_schema(record) is None:
            original = require_map(value, PURPOSE)
            updated = dict(original)
            for name in self.fields:
                updated[name] = self._masked(original.get(name), None)
            return self.new_record(record, None, updated)
        struct = require_struct(value, PURPOSE)
        masked = set(self.fields)
        values = {}
        for f in struct.schema.fields:
            v = field_value(struct, f.name, self.with_default)
            values[f.name] = self._masked(v, f.schema) if f.name in masked else v
        return self.new_record(record, struct.schema, Struct(struct.schema, values))


class MaskFieldKey(MaskField):
    JAVA_NAME = f"{PACKAGE}.MaskField$Key"
    IS_KEY = True


class MaskFieldValue(MaskField):
    JAVA_NAME = f"{PACKAGE}.MaskField$Value"
    IS_KEY = False
