"""SimpleHeaderConverter (Java: ``org.apache.kafka.connect.storage.SimpleHeaderConverter``).

Connect's default ``header.converter``.  Writes values as text the way Java's
``Values.convertToString`` does and reads text back with (a faithful subset of)
``Values.parseString``, inferring the schema.  What the subset leaves out is listed
in ``rust/src/convert/header.rs``: arrays/maps without a common element schema come
back without a schema; text after a closing bracket, or a number followed by more
tokens, reads as a plain string; temporal values use UTC.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kconnect._native import HeaderCodec
from kconnect.api.converter import HeaderConverter
from kconnect.config.definition import ConfigDef
from kconnect.data.schema import Schema, SchemaAndValue

__all__ = ["SimpleHeaderConverter"]


class SimpleHeaderConverter(HeaderConverter):
    """Header values <-> UTF-8 text with schema inference."""

    def __init__(self) -> None:
        self._codec = HeaderCodec()

    def configure(self, configs: Mapping[str, Any]) -> None:
        """No settings (Java defines none either)."""

    def config(self) -> ConfigDef:
        return ConfigDef()

    def from_connect_header(
        self, topic: str, header_key: str, schema: Schema | None, value: Any
    ) -> bytes | None:
        return self._codec.encode_batch([(schema, value)])[0]

    def to_connect_header(self, topic: str, header_key: str, data: bytes | None) -> SchemaAndValue:
        return self._codec.decode_batch([data])[0]

    def from_connect_headers(
        self, topic: str, items: Sequence[tuple[str, Schema | None, Any]]
    ) -> list[bytes | None]:
        """Serialise many ``(header_key, schema, value)`` in one native call."""
        return self._codec.encode_batch([(schema, value) for _, schema, value in items])

    def to_connect_headers(
        self, topic: str, items: Sequence[tuple[str, bytes | None]]
    ) -> list[SchemaAndValue]:
        """Deserialise many ``(header_key, data)`` in one native call."""
        return self._codec.decode_batch([data for _, data in items])

    def close(self) -> None:
        """Nothing to release."""
