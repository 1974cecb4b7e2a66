"""Struct: a value of a STRUCT schema (Java: ``org.apache.kafka.connect.data.Struct``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kconnect.data.schema import Field, Schema, Type
from kconnect.data.values import validate_value
from kconnect.errors import DataError


class Struct:
    """Field values of a STRUCT schema, checked against it on ``put`` and ``validate``."""

    __slots__ = ("_values", "schema")

    def __init__(self, schema: Schema, values: dict[str, Any] | None = None) -> None:
        if schema.type is not Type.STRUCT:
            raise DataError(f"Not a struct schema: {schema!r}")
        self.schema = schema
        self._values: list[Any] = [None] * len(schema.fields)
        if values:
            for name, value in values.items():
                self.put(name, value)

    @classmethod
    def _from_converter(cls, schema: Schema, values: list[Any]) -> Struct:
        """A struct from field values (in schema order) already checked by a converter.

        Used by the native converters to build decoded structs without re-validating
        every field; not part of the public API.
        """
        struct = cls.__new__(cls)
        struct.schema = schema
        struct._values = values
        return struct

    def _field(self, name: str) -> Field:
        field = self.schema.field(name)
        if field is None:
            raise DataError(f"{name} is not a valid field name")
        return field

    def put(self, name: str, value: Any) -> Struct:
        """Set a field, validating the value against the field's schema; returns self."""
        field = self._field(name)
        validate_value(field.schema, value, f'field: "{name}"')
        self._values[field.index] = value
        return self

    def get(self, name: str) -> Any:
        """The field's value, or the field schema's default when unset."""
        field = self._field(name)
        value = self._values[field.index]
        return field.schema.default if value is None else value

    def get_without_default(self, name: str) -> Any:
        return self._values[self._field(name).index]

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.put(name, value)

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) per field in schema order; unset fields give their default."""
        for field in self.schema.fields:
            value = self._values[field.index]
            yield field.name, field.schema.default if value is None else value

    def values_list(self) -> list[Any]:
        """Raw field values in schema order (no defaults applied)."""
        return list(self._values)

    def validate(self) -> None:
        """Raise :class:`DataError` if a required field is missing or a value is invalid."""
        for field in self.schema.fields:
            validate_value(field.schema, self._values[field.index], f'field: "{field.name}"')

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Struct):
            return NotImplemented
        return self.schema == other.schema and self._values == other._values

    def __hash__(self) -> int:
        return hash((self.schema, tuple(repr(v) for v in self._values)))

    def __repr__(self) -> str:
        inner = ",".join(
            f"{n}={v!r}" for n, v in zip((f.name for f in self.schema.fields), self._values, strict=True)
        )
        return f"Struct{{{inner}}}"
