"""Connect schemas: immutable, hashable descriptions of record keys and values.

Mirrors ``org.apache.kafka.connect.data.Schema``/``ConnectSchema``/``SchemaBuilder``.
A :class:`Schema` is frozen once built, compares and hashes by structure, and is
therefore safe to cache (the Rust converters cache their compiled form per schema).

Python value types per schema type:

=========  ===========================================
INT8..64   ``int``
FLOAT32/64 ``float``
BOOLEAN    ``bool``
STRING     ``str``
BYTES      ``bytes`` (``bytearray``/``memoryview`` accepted on input)
ARRAY      ``list``
MAP        ``dict``
STRUCT     :class:`kconnect.data.Struct`
=========  ===========================================

Logical types (see :mod:`kconnect.data.logical`) use ``decimal.Decimal``,
``datetime.date``, ``datetime.time`` and ``datetime.datetime`` (UTC).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kconnect.errors import SchemaBuilderError


class Type(enum.Enum):
    """The schema types of the Connect data model (Java: ``Schema.Type``)."""

    INT8 = "int8"
    INT16 = "int16"
    INT32 = "int32"
    INT64 = "int64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    BOOLEAN = "boolean"
    STRING = "string"
    BYTES = "bytes"
    ARRAY = "array"
    MAP = "map"
    STRUCT = "struct"

    @property
    def is_primitive(self) -> bool:
        """True for every type but ARRAY, MAP and STRUCT."""
        return self not in (Type.ARRAY, Type.MAP, Type.STRUCT)


@dataclass(frozen=True, slots=True)
class Field:
    """A named, positioned field of a STRUCT schema."""

    name: str
    index: int
    schema: Schema


class Schema:
    """An immutable Connect schema.  Build one with :class:`SchemaBuilder`."""

    __slots__ = (
        "_field_by_name",
        "_hash",
        "default",
        "doc",
        "fields",
        "key_schema",
        "name",
        "optional",
        "parameters",
        "type",
        "value_schema",
        "version",
    )

    _hash: int | None
    _field_by_name: dict[str, Field]
    type: Type
    optional: bool
    default: Any
    name: str | None
    version: int | None
    doc: str | None
    parameters: Mapping[str, str] | None
    key_schema: Schema | None
    value_schema: Schema | None
    fields: tuple[Field, ...]

    def __init__(
        self,
        type: Type,
        *,
        optional: bool = False,
        default: Any = None,
        name: str | None = None,
        version: int | None = None,
        doc: str | None = None,
        parameters: Mapping[str, str] | None = None,
        fields: Iterable[tuple[str, Schema]] = (),
        key_schema: Schema | None = None,
        value_schema: Schema | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "type", type)
        set_(self, "optional", optional)
        set_(self, "name", name)
        set_(self, "version", version)
        set_(self, "doc", doc)
        set_(self, "parameters", dict(parameters) if parameters is not None else None)
        set_(self, "key_schema", key_schema)
        set_(self, "value_schema", value_schema)
        built = tuple(Field(n, i, s) for i, (n, s) in enumerate(fields))
        if built and type is not Type.STRUCT:
            raise SchemaBuilderError(f"only STRUCT schemas have fields, not {type.name}")
        if type is Type.MAP and (key_schema is None or value_schema is None):
            raise SchemaBuilderError("a MAP schema needs a key schema and a value schema")
        if type is Type.ARRAY and value_schema is None:
            raise SchemaBuilderError("an ARRAY schema needs a value schema")
        set_(self, "fields", built)
        set_(self, "_field_by_name", {f.name: f for f in built})
        if len(self._field_by_name) != len(built):
            raise SchemaBuilderError("duplicate field name in STRUCT schema")
        if default is not None:
            from kconnect.data.values import validate_value

            validate_value(self, default, "default value")
        set_(self, "default", default)
        set_(self, "_hash", None)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("Schema is immutable")

    # -- struct helpers ----------------------------------------------------------------------
    def field(self, name: str) -> Field | None:
        """The field called ``name``, or None (STRUCT schemas only)."""
        if self.type is not Type.STRUCT:
            raise SchemaBuilderError(f"cannot look up fields on a {self.type.name} schema")
        return self._field_by_name.get(name)

    # -- identity ----------------------------------------------------------------------------
    def _key(self) -> tuple[Any, ...]:
        params = tuple(sorted(self.parameters.items())) if self.parameters else None
        return (
            self.type,
            self.optional,
            _hashable(self.default),
            self.name,
            self.version,
            self.doc,
            params,
            self.key_schema,
            self.value_schema,
            tuple((f.name, f.schema) for f in self.fields),
        )

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Schema):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        cached: int | None = self._hash
        if cached is None:
            cached = hash(self._key())
            object.__setattr__(self, "_hash", cached)
        return cached

    def __repr__(self) -> str:
        parts = [self.type.name]
        if self.name:
            parts.append(f"name={self.name!r}")
        if self.optional:
            parts.append("optional")
        if self.fields:
            parts.append("fields=[" + ", ".join(f"{f.name}:{f.schema!r}" for f in self.fields) + "]")
        return f"Schema({', '.join(parts)})"


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((repr(k), _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return value


class SchemaBuilder:
    """Fluent builder for :class:`Schema` (Java: ``SchemaBuilder``)."""

    def __init__(self, type: Type) -> None:
        self._type = type
        self._optional = False
        self._default: Any = None
        self._name: str | None = None
        self._version: int | None = None
        self._doc: str | None = None
        self._parameters: dict[str, str] | None = None
        self._fields: dict[str, Schema] = {}
        self._key: Schema | None = None
        self._value: Schema | None = None

    # factories
    @classmethod
    def int8(cls) -> SchemaBuilder:
        return cls(Type.INT8)

    @classmethod
    def int16(cls) -> SchemaBuilder:
        return cls(Type.INT16)

    @classmethod
    def int32(cls) -> SchemaBuilder:
        return cls(Type.INT32)

    @classmethod
    def int64(cls) -> SchemaBuilder:
        return cls(Type.INT64)

    @classmethod
    def float32(cls) -> SchemaBuilder:
        return cls(Type.FLOAT32)

    @classmethod
    def float64(cls) -> SchemaBuilder:
        return cls(Type.FLOAT64)

    @classmethod
    def bool(cls) -> SchemaBuilder:
        return cls(Type.BOOLEAN)

    @classmethod
    def string(cls) -> SchemaBuilder:
        return cls(Type.STRING)

    @classmethod
    def bytes(cls) -> SchemaBuilder:
        return cls(Type.BYTES)

    @classmethod
    def struct(cls) -> SchemaBuilder:
        return cls(Type.STRUCT)

    @classmethod
    def array(cls, value_schema: Schema) -> SchemaBuilder:
        b = cls(Type.ARRAY)
        b._value = value_schema
        return b

    @classmethod
    def map(cls, key_schema: Schema, value_schema: Schema) -> SchemaBuilder:
        b = cls(Type.MAP)
        b._key = key_schema
        b._value = value_schema
        return b

    # modifiers
    def optional(self) -> SchemaBuilder:
        self._optional = True
        return self

    def required(self) -> SchemaBuilder:
        self._optional = False
        return self

    def default_value(self, value: Any) -> SchemaBuilder:
        self._default = value
        return self

    def name(self, name: str) -> SchemaBuilder:
        self._name = name
        return self

    def version(self, version: int) -> SchemaBuilder:
        self._version = version
        return self

    def doc(self, doc: str) -> SchemaBuilder:
        self._doc = doc
        return self

    def parameter(self, key: str, value: str) -> SchemaBuilder:
        if self._parameters is None:
            self._parameters = {}
        self._parameters[key] = value
        return self

    def parameters(self, params: Mapping[str, str]) -> SchemaBuilder:
        for k, v in params.items():
            self.parameter(k, v)
        return self

    def field(self, name: str, schema: Schema) -> SchemaBuilder:
        if self._type is not Type.STRUCT:
            raise SchemaBuilderError(f"cannot add field {name!r} to a {self._type.name} schema")
        if not name:
            raise SchemaBuilderError("field names cannot be empty")
        if name in self._fields:
            raise SchemaBuilderError(f"cannot create field because of field name duplication {name}")
        self._fields[name] = schema
        return self

    def build(self) -> Schema:
        return Schema(
            self._type,
            optional=self._optional,
            default=self._default,
            name=self._name,
            version=self._version,
            doc=self._doc,
            parameters=self._parameters,
            fields=self._fields.items(),
            key_schema=self._key,
            value_schema=self._value,
        )


def _primitive(t: Type, optional: bool) -> Schema:
    return Schema(t, optional=optional)


INT8_SCHEMA = _primitive(Type.INT8, False)
INT16_SCHEMA = _primitive(Type.INT16, False)
INT32_SCHEMA = _primitive(Type.INT32, False)
INT64_SCHEMA = _primitive(Type.INT64, False)
FLOAT32_SCHEMA = _primitive(Type.FLOAT32, False)
FLOAT64_SCHEMA = _primitive(Type.FLOAT64, False)
BOOLEAN_SCHEMA = _primitive(Type.BOOLEAN, False)
STRING_SCHEMA = _primitive(Type.STRING, False)
BYTES_SCHEMA = _primitive(Type.BYTES, False)
OPTIONAL_INT8_SCHEMA = _primitive(Type.INT8, True)
OPTIONAL_INT16_SCHEMA = _primitive(Type.INT16, True)
OPTIONAL_INT32_SCHEMA = _primitive(Type.INT32, True)
OPTIONAL_INT64_SCHEMA = _primitive(Type.INT64, True)
OPTIONAL_FLOAT32_SCHEMA = _primitive(Type.FLOAT32, True)
OPTIONAL_FLOAT64_SCHEMA = _primitive(Type.FLOAT64, True)
OPTIONAL_BOOLEAN_SCHEMA = _primitive(Type.BOOLEAN, True)
OPTIONAL_STRING_SCHEMA = _primitive(Type.STRING, True)
OPTIONAL_BYTES_SCHEMA = _primitive(Type.BYTES, True)


@dataclass(frozen=True, slots=True)
class SchemaAndValue:
    """A value with its (optional) schema, as converters return them."""

    schema: Schema | None
    value: Any


NULL_SCHEMA_AND_VALUE = SchemaAndValue(None, None)
