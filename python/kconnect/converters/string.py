"""StringConverter (Java: ``org.apache.kafka.connect.storage.StringConverter``).

Writes ``value.toString()`` (Java's text of numbers and booleans: ``1.0``,
``true``) in ``converter.encoding`` (default UTF-8); reads any bytes as an
optional string.  UTF-8 runs natively; other encodings go through Python's codecs.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from typing import Any

from kconnect._native import StringCodec
from kconnect.api.converter import Converter, HeaderConverter
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Importance, Type, Width
from kconnect.converters._config import converter_config_def, with_type
from kconnect.data.schema import OPTIONAL_STRING_SCHEMA, Schema, SchemaAndValue
from kconnect.errors import ConfigError, DataError

__all__ = ["ENCODING_CONFIG", "StringConverter"]

ENCODING_CONFIG = "converter.encoding"


def string_converter_config_def() -> ConfigDef:
    """The keys of :class:`StringConverter` (Java: ``StringConverterConfig``)."""
    return converter_config_def().define(
        ENCODING_CONFIG,
        Type.STRING,
        "UTF-8",
        importance=Importance.HIGH,
        documentation="The character set strings are encoded with.",
        group="Converter",
        order_in_group=0,
        width=Width.MEDIUM,
        display_name="Encoding",
    )


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError as exc:
        raise ConfigError(
            f"Invalid value {encoding} for configuration {ENCODING_CONFIG}: unknown character set"
        ) from exc


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        # Java's UTF-16: a big-endian byte order mark, then big-endian units.
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "utf-16" and not data.startswith((b"\xfe\xff", b"\xff\xfe")):
        # Java reads UTF-16 without a byte order mark as big-endian.
        return data.decode("utf-16-be", "replace")
    return data.decode(encoding, "replace")


class StringConverter(Converter, HeaderConverter):
    """Connect values <-> text in ``converter.encoding``."""

    def __init__(self) -> None:
        self._codec = StringCodec()
        self._encoding = "utf-8"

    def configure(self, configs: Mapping[str, Any], is_key: bool | None = None) -> None:
        parsed = string_converter_config_def().parse(with_type(dict(configs), is_key))
        self._encoding = _codec_name(str(parsed[ENCODING_CONFIG]))

    def config(self) -> ConfigDef:
        return string_converter_config_def()

    @property
    def encoding(self) -> str:
        """Python's name of the configured encoding (``utf-8`` by default)."""
        return self._encoding

    def from_connect_data(self, topic: str, schema: Schema | None, value: Any) -> bytes | None:
        return self.from_connect_batch(topic, [(schema, value)])[0]

    def to_connect_data(self, topic: str, data: bytes | None) -> SchemaAndValue:
        return self.to_connect_batch(topic, [data])[0]

    def from_connect_batch(
        self, topic: str, items: Sequence[tuple[Schema | None, Any]]
    ) -> list[bytes | None]:
        utf8 = self._codec.encode_batch(items)
        if self._encoding == "utf-8":
            return utf8
        try:
            return [None if b is None else _encode(b.decode("utf-8"), self._encoding) for b in utf8]
        except UnicodeEncodeError as exc:
            raise DataError(f"Failed to serialize to a string: {exc}") from exc

    def to_connect_batch(self, topic: str, data: Sequence[bytes | None]) -> list[SchemaAndValue]:
        if self._encoding == "utf-8":
            return self._codec.decode_batch(data)
        return [
            SchemaAndValue(OPTIONAL_STRING_SCHEMA, None if b is None else _decode(bytes(b), self._encoding))
            for b in data
        ]

    def from_connect_header(
        self, topic: str, header_key: str, schema: Schema | None, value: Any
    ) -> bytes | None:
        return self.from_connect_data(topic, schema, value)

    def to_connect_header(self, topic: str, header_key: str, data: bytes | None) -> SchemaAndValue:
        return self.to_connect_data(topic, data)

    def close(self) -> None:
        """Nothing to release."""
