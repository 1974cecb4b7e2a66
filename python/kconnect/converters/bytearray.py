"""ByteArrayConverter (Java: ``org.apache.kafka.connect.converters.ByteArrayConverter``).

Passes bytes through unchanged: writing accepts ``bytes``/``bytearray``/``memoryview``
with a BYTES schema (or none); reading returns ``OPTIONAL_BYTES_SCHEMA``.
"""

from __future__ import annotations

from kconnect._native import ByteArrayCodec
from kconnect.converters._codec import CodecConverter

__all__ = ["ByteArrayConverter"]


class ByteArrayConverter(CodecConverter):
    """Raw bytes in, raw bytes out."""

    def __init__(self) -> None:
        self._codec = ByteArrayCodec()
