"""Compiled per-schema value converters for the AvroConverter's hot path.

:func:`writer_for` and :func:`reader_for` turn a Connect schema into one closure each (cached per
schema), so converting a record does no per-field dispatch on schema type or name; they produce
exactly what :func:`kconnect.converters.avro_data.to_avro_value` / ``from_avro_value`` produce
(those stay the readable reference, and the tests compare both).  Primitive values whose Python
type the Avro codec checks itself (strings, booleans, 64-bit ints, doubles) pass through;
narrower ints are range-checked here, as Connect requires.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from kconnect.converters.avro_data import _TO_LOGICAL, from_avro_value
from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.data.struct import Struct
from kconnect.errors import DataError

__all__ = ["reader_for", "writer_for"]

Convert = Callable[[Any], Any]

_BITS = {Type.INT8: 8, Type.INT16: 16, Type.INT32: 32, Type.INT64: 64}


@functools.lru_cache(maxsize=4096)
def writer_for(schema: Schema) -> Convert:
    """``value -> Avro datum`` for ``schema`` (nulls, defaults and validation included)."""
    base = _base_writer(schema)
    default = None if schema.default is None else base(schema.default)
    if schema.optional or default is not None:

        def nullable(value: Any) -> Any:
            return default if value is None else base(value)

        return nullable
    what = f"{schema.type.name}{' ' + schema.name if schema.name else ''}"

    def required(value: Any) -> Any:
        if value is None:
            raise DataError(
                f"Conversion error: null value for field that is required and has no default value ({what})"
            )
        return base(value)

    return required


def _base_writer(schema: Schema) -> Convert:
    if schema.name is not None and schema.name in _TO_LOGICAL:
        convert = _TO_LOGICAL[schema.name]
        return functools.partial(convert, schema)
    t = schema.type
    if t is Type.STRUCT:
        return _struct_writer(schema)
    if t is Type.ARRAY:
        assert schema.value_schema is not None
        item = writer_for(schema.value_schema)

        def array(value: Any) -> Any:
            if not isinstance(value, list):
                raise DataError(f"Invalid Java object for schema type ARRAY: {type(value).__name__}")
            return [item(v) for v in value]

        return array
    if t is Type.MAP:
        return _map_writer(schema)
    return _primitive_writer(t)


def _struct_writer(schema: Schema) -> Convert:
    fields = [(f.name, writer_for(f.schema)) for f in schema.fields]
    label = schema.name or "the schema"

    def struct(value: Any) -> Any:
        if not isinstance(value, Struct) or (value.schema is not schema and value.schema != schema):
            raise DataError(
                f"Struct schemas do not match: expected a Struct of {label}, got {type(value).__name__}"
            )
        values = value._values
        return {name: convert(values[i]) for i, (name, convert) in enumerate(fields)}

    return struct


def _map_writer(schema: Schema) -> Convert:
    assert schema.key_schema is not None and schema.value_schema is not None
    key, val = writer_for(schema.key_schema), writer_for(schema.value_schema)
    string_keys = schema.key_schema.type is Type.STRING and not schema.key_schema.optional

    def mapping(value: Any) -> Any:
        if not isinstance(value, dict):
            raise DataError(f"Invalid Java object for schema type MAP: {type(value).__name__}")
        if string_keys:
            return {key(k): val(v) for k, v in value.items()}
        return [{"key": key(k), "value": val(v)} for k, v in value.items()]

    return mapping


def _primitive_writer(t: Type) -> Convert:
    def invalid(value: Any) -> DataError:
        return DataError(f"Invalid Java object for schema type {t.name}: {type(value).__name__}")

    if t is Type.STRING:

        def string(value: Any) -> Any:
            if value.__class__ is str or isinstance(value, str):
                return value
            raise invalid(value)

        return string
    if t is Type.BOOLEAN:

        def boolean(value: Any) -> Any:
            if value is True or value is False:
                return value
            raise invalid(value)

        return boolean
    if t is Type.BYTES:

        def raw(value: Any) -> Any:
            if isinstance(value, bytes | bytearray | memoryview):
                return bytes(value)
            raise invalid(value)

        return raw
    if t in (Type.FLOAT32, Type.FLOAT64):

        def number(value: Any) -> Any:
            if value.__class__ is float:
                return value
            if isinstance(value, float | int) and not isinstance(value, bool):
                return float(value)
            raise invalid(value)

        return number
    low, high = -(1 << (_BITS[t] - 1)), 1 << (_BITS[t] - 1)

    def integer(value: Any) -> Any:
        if value.__class__ is not int and (not isinstance(value, int) or isinstance(value, bool)):
            raise invalid(value)
        if low <= value < high:
            return value
        raise DataError(f"Value {value} out of range for schema type {t.name}")

    return integer


@functools.lru_cache(maxsize=4096)
def reader_for(schema: Schema) -> Convert | None:
    """``datum -> Connect value`` for ``schema``; None when the datum is already the value."""
    name = schema.name
    if name in (logical.DECIMAL_NAME, logical.DATE_NAME, logical.TIME_NAME, logical.TIMESTAMP_NAME):
        return functools.partial(from_avro_value, schema)
    t = schema.type
    if t is Type.STRUCT:
        fields = [(f.name, reader_for(f.schema)) for f in schema.fields]
        make = Struct._from_converter

        def struct(datum: Any) -> Any:
            if datum is None:
                return None
            get = datum.get
            return make(schema, [get(n) if c is None else c(get(n)) for n, c in fields])

        return struct
    if t is Type.ARRAY:
        assert schema.value_schema is not None
        item = reader_for(schema.value_schema)
        if item is None:
            return None
        return lambda datum: None if datum is None else [item(v) for v in datum]
    if t is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        key, val = reader_for(schema.key_schema), reader_for(schema.value_schema)
        if schema.key_schema.type is Type.STRING and not schema.key_schema.optional:
            if val is None:
                return None
            return lambda datum: None if datum is None else {k: val(v) for k, v in datum.items()}
        k_, v_ = key or _same, val or _same
        return lambda datum: None if datum is None else {k_(e["key"]): v_(e["value"]) for e in datum}
    return None


def _same(value: Any) -> Any:
    return value
