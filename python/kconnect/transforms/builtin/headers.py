"""``HeaderFrom$Key`` / ``$Value``, ``InsertHeader``, ``DropHeaders`` and ``Filter``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect._native import HeaderCodec
from kconnect.api.records import ConnectRecord, Headers
from kconnect.api.transforms import Transformation
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.validators import NonNullValidator, ValidString
from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError
from kconnect.transforms.builtin._util import (
    PACKAGE,
    KeyOrValue,
    SchemaCache,
    changed,
    copy_schema_basics,
    field_value,
    non_empty_list,
    parse_config,
    replace_null_with_default,
    require_map,
    require_struct,
)


def _header_from_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "fields",
        ConfigType.LIST,
        validator=non_empty_list(),
        documentation="Field names in the record whose values are to be copied or moved to headers.",
    )
    d.define(
        "headers",
        ConfigType.LIST,
        validator=non_empty_list(),
        documentation="Header names, in the same "
        "order as the field names listed in the fields configuration property.",
    )
    d.define(
        "operation",
        ConfigType.STRING,
        validator=ValidString.in_("move", "copy"),
        documentation="Either move if the fields are to be moved to the headers (removed from the "
        "key/value), or copy if the fields are to be copied to the headers (retained in the key/value).",
    )
    return replace_null_with_default(d)


class HeaderFrom(KeyOrValue):
    """Copy or move fields of the key/value into headers."""

    CONFIG_DEF: ClassVar[ConfigDef] = _header_from_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.fields: list[str] = c["fields"]
        self.headers: list[str] = c["headers"]
        if len(self.fields) != len(self.headers):
            raise ConfigError("'fields' config must have the same number of elements as 'headers' config.")
        self.move = c["operation"] == "move"
        self.with_default: bool = c["replace.null.with.default"]
        self._schemas: SchemaCache[Schema, Schema] = SchemaCache()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        value = self.operating_value(record)
        if value is None:
            return record
        headers = record.headers.copy()
        if self.operating_schema(record) is None:
            original = require_map(value, "header " + ("move" if self.move else "copy"))
            updated = dict(original)
            for name, header in zip(self.fields, self.headers, strict=True):
                if self.move:
                    updated.pop(name, None)
                headers.add(header, original.get(name), None)
            return self.new_record(record, None, updated, headers=headers)
        struct = require_struct(value, "header " + ("move" if self.move else "copy"))
        schema = struct.schema
        new_value = struct
        if self.move:
            moved = self._schemas.get(schema, self._moved_schema)
            new_value = Struct(
                moved, {f.name: field_value(struct, f.name, self.with_default) for f in moved.fields}
            )
        for name, header in zip(self.fields, self.headers, strict=True):
            found = schema.field(name)
            field_v = field_value(struct, name, self.with_default) if found is not None else None
            headers.add(header, field_v, found.schema if found is not None else None)
        return self.new_record(record, new_value.schema, new_value, headers=headers)

    def _moved_schema(self, schema: Schema) -> Schema:
        builder = copy_schema_basics(schema, SchemaBuilder.struct())
        for f in schema.fields:
            if f.name not in self.fields:
                builder.field(f.name, f.schema)
        return builder.build()


class HeaderFromKey(HeaderFrom):
    JAVA_NAME = f"{PACKAGE}.HeaderFrom$Key"
    IS_KEY = True


class HeaderFromValue(HeaderFrom):
    JAVA_NAME = f"{PACKAGE}.HeaderFrom$Value"
    IS_KEY = False


def _insert_header_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "header", ConfigType.STRING, validator=NonNullValidator(), documentation="The name of the header."
    )
    d.define(
        "value.literal",
        ConfigType.STRING,
        validator=NonNullValidator(),
        documentation="The literal value that is to be set as the header value on all records.",
    )
    return d


class InsertHeader(Transformation[ConnectRecord]):
    """Add a header whose value is a literal parsed like ``Values.parseString`` (``42`` is INT8)."""

    JAVA_NAME = f"{PACKAGE}.InsertHeader"
    CONFIG_DEF: ClassVar[ConfigDef] = _insert_header_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.header: str = c["header"]
        parsed = HeaderCodec().decode_batch([c["value.literal"].encode("utf-8")])[0]
        self.schema: Schema | None = parsed.schema
        self.value: Any = parsed.value

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        return changed(record, headers=record.headers.copy().add(self.header, self.value, self.schema))


class DropHeaders(Transformation[ConnectRecord]):
    """Remove every header whose key is listed in ``headers``."""

    JAVA_NAME = f"{PACKAGE}.DropHeaders"
    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef().define(
        "headers",
        ConfigType.LIST,
        validator=non_empty_list(),
        documentation="The name of the headers to be removed.",
    )

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.headers = set(parse_config(self.CONFIG_DEF, configs)["headers"])

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        kept = Headers(h for h in record.headers if h.key not in self.headers)
        return changed(record, headers=kept)


class Filter(Transformation[ConnectRecord]):
    """Drop every record (use it with a predicate)."""

    JAVA_NAME = f"{PACKAGE}.Filter"
    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef()

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        return None
