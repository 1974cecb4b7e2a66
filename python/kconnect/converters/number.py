"""The fixed-width converters (Java: ``org.apache.kafka.connect.converters``).

``ShortConverter``, ``IntegerConverter``, ``LongConverter``, ``FloatConverter`` and
``DoubleConverter`` use Kafka's big-endian serializers (2, 4, 8, 4, 8 bytes) and read
back the optional INT16/INT32/INT64/FLOAT32/FLOAT64 schema; ``BooleanConverter``
writes one byte (0 or 1) and reads ``OPTIONAL_BOOLEAN_SCHEMA``.  ``None`` is ``None``
both ways.  Python ints are range-checked for the type; the float converters also
take ints.
"""

from __future__ import annotations

from typing import ClassVar

from kconnect._native import NumberCodec
from kconnect.converters._codec import CodecConverter

__all__ = [
    "BooleanConverter",
    "DoubleConverter",
    "FloatConverter",
    "IntegerConverter",
    "LongConverter",
    "ShortConverter",
]


class _NumberConverter(CodecConverter):
    """Shared implementation; subclasses name their ``KIND``."""

    KIND: ClassVar[str]

    def __init__(self) -> None:
        self._codec = NumberCodec(self.KIND)


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
