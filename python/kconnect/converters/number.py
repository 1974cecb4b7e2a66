"""The fixed-width converters (Java: ``org.apache.kafka.connect.converters``).

``ShortConverter``, ``IntegerConverter``, ``LongConverter``, ``FloatConverter`` and
``DoubleConverter`` use Kafka's big-endian serializers (2, 4, 8, 4, 8 bytes) and read
back the optional INT16/INT32/INT64/FLOAT32/FLOAT64 schema; ``BooleanConverter``
writes one byte (0 or 1) and reads ``OPTIONAL_BOOLEAN_SCHEMA``.  ``None`` is ``None``
both ways.  Python ints are range-checked for the type; the float converters also
take ints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from kconnect._native import NumberCodec
from kconnect.api.converter import Converter, HeaderConverter
from kconnect.config.definition import ConfigDef
from kconnect.converters._config import converter_config_def, with_type
from kconnect.data.schema import Schema, SchemaAndValue

__all__ = [
    "BooleanConverter",
    "DoubleConverter",
    "FloatConverter",
    "IntegerConverter",
    "LongConverter",
    "ShortConverter",
]


class _NumberConverter(Converter, HeaderConverter):
    """Shared implementation; subclasses name their ``KIND``."""

    KIND: ClassVar[str]

    def __init__(self) -> None:
        self._codec = NumberCodec(self.KIND)

    def configure(self, configs: Mapping[str, Any], is_key: bool | None = None) -> None:
        converter_config_def().parse(with_type(dict(configs), is_key))

    def config(self) -> ConfigDef:
        return converter_config_def()

    def from_connect_data(self, topic: str, schema: Schema | None, value: Any) -> bytes | None:
        return self._codec.encode_batch([(schema, value)])[0]

    def to_connect_data(self, topic: str, data: bytes | None) -> SchemaAndValue:
        return self._codec.decode_batch([data])[0]

    def from_connect_batch(
        self, topic: str, items: Sequence[tuple[Schema | None, Any]]
    ) -> list[bytes | None]:
        return self._codec.encode_batch(items)

    def to_connect_batch(self, topic: str, data: Sequence[bytes | None]) -> list[SchemaAndValue]:
        return self._codec.decode_batch(data)

    def from_connect_header(
        self, topic: str, header_key: str, schema: Schema | None, value: Any
    ) -> bytes | None:
        return self.from_connect_data(topic, schema, value)

    def to_connect_header(self, topic: str, header_key: str, data: bytes | None) -> SchemaAndValue:
        return self.to_connect_data(topic, data)

    def close(self) -> None:
        """Nothing to release."""


class ShortConverter(_NumberConverter):
    """INT16 as 2 big-endian bytes (Java: ``ShortConverter``)."""

    KIND = "short"


class IntegerConverter(_NumberConverter):
    """INT32 as 4 big-endian bytes (Java: ``IntegerConverter``)."""

    KIND = "integer"


class LongConverter(_NumberConverter):
    """INT64 as 8 big-endian bytes (Java: ``LongConverter``)."""

    KIND = "long"


class FloatConverter(_NumberConverter):
    """FLOAT32 as 4 big-endian IEEE-754 bytes (Java: ``FloatConverter``)."""

    KIND = "float"


class DoubleConverter(_NumberConverter):
    """FLOAT64 as 8 big-endian IEEE-754 bytes (Java: ``DoubleConverter``)."""

    KIND = "double"


class BooleanConverter(_NumberConverter):
    """BOOLEAN as one byte, 1 or 0 (Java: ``BooleanConverter``); rejects non-BOOLEAN schemas."""

    KIND = "boolean"
