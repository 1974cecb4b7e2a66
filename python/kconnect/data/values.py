"""Value validation against a schema (Java: ``ConnectSchema.validateValue``)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError

_INT_RANGES = {
    Type.INT8: (-(2**7), 2**7 - 1),
    Type.INT16: (-(2**15), 2**15 - 1),
    Type.INT32: (-(2**31), 2**31 - 1),
    Type.INT64: (-(2**63), 2**63 - 1),
}

_LOGICAL_CLASSES: dict[str, type | tuple[type, ...]] = {
    logical.DECIMAL_NAME: decimal.Decimal,
    logical.DATE_NAME: dt.date,
    logical.TIME_NAME: dt.time,
    logical.TIMESTAMP_NAME: dt.datetime,
}


def validate_value(schema: Schema, value: Any, where: str = "value") -> None:
    """Raise :class:`DataError` naming ``where`` if ``value`` does not fit ``schema``."""
    if value is None:
        if not schema.optional and schema.default is None:
            raise DataError(f"Invalid value: null used for required {where}, schema type: {schema.type.name}")
        return
    logical_class = _LOGICAL_CLASSES.get(schema.name or "")
    if logical_class is not None:
        if not isinstance(value, logical_class) or (
            logical_class is dt.date and isinstance(value, dt.datetime)
        ):
            raise DataError(
                f"Invalid Java object for logical type {schema.name}: {type(value).__name__} ({where})"
            )
        return
    t = schema.type
    if t in _INT_RANGES:
        if not isinstance(value, int) or isinstance(value, bool):
            raise DataError(
                f"Invalid Java object for schema with type {t.name}: {type(value).__name__} for {where}"
            )
        lo, hi = _INT_RANGES[t]
        if not lo <= value <= hi:
            raise DataError(f"Value {value} out of range for {t.name} ({where})")
    elif t in (Type.FLOAT32, Type.FLOAT64):
        if not isinstance(value, (float, int)) or isinstance(value, bool):
            raise DataError(
                f"Invalid Java object for schema with type {t.name}: {type(value).__name__} for {where}"
            )
    elif t is Type.BOOLEAN:
        if not isinstance(value, bool):
            raise DataError(
                f"Invalid Java object for schema with type BOOLEAN: {type(value).__name__} for {where}"
            )
    elif t is Type.STRING:
        if not isinstance(value, str):
            raise DataError(
                f"Invalid Java object for schema with type STRING: {type(value).__name__} for {where}"
            )
    elif t is Type.BYTES:
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise DataError(
                f"Invalid Java object for schema with type BYTES: {type(value).__name__} for {where}"
            )
    elif t is Type.ARRAY:
        if not isinstance(value, (list, tuple)):
            raise DataError(
                f"Invalid Java object for schema with type ARRAY: {type(value).__name__} for {where}"
            )
        assert schema.value_schema is not None
        for i, item in enumerate(value):
            validate_value(schema.value_schema, item, f"element {i} of {where}")
    elif t is Type.MAP:
        if not isinstance(value, dict):
            raise DataError(
                f"Invalid Java object for schema with type MAP: {type(value).__name__} for {where}"
            )
        assert schema.key_schema is not None and schema.value_schema is not None
        for k, v in value.items():
            validate_value(schema.key_schema, k, f"key of {where}")
            validate_value(schema.value_schema, v, f"value of {where}")
    elif t is Type.STRUCT:
        from kconnect.data.struct import Struct

        if not isinstance(value, Struct):
            raise DataError(
                f"Invalid Java object for schema with type STRUCT: {type(value).__name__} for {where}"
            )
        if value.schema != schema:
            raise DataError(f"Struct schemas do not match ({where})")
        value.validate()


def infer_schema(value: Any) -> Schema | None:
    """Schema of a schemaless value, as Connect's ``Values.inferSchema`` (primitives only)."""
    from kconnect.data import schema as s

    if isinstance(value, bool):
        return s.BOOLEAN_SCHEMA
    if isinstance(value, int):
        return s.INT64_SCHEMA
    if isinstance(value, float):
        return s.FLOAT64_SCHEMA
    if isinstance(value, str):
        return s.STRING_SCHEMA
    if isinstance(value, (bytes, bytearray)):
        return s.BYTES_SCHEMA
    return None
