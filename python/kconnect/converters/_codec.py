"""The shared shape of converters that are a thin shell over one native batch codec."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kconnect.api.converter import Converter, HeaderConverter
from kconnect.config.definition import ConfigDef
from kconnect.converters._config import converter_config_def, with_type
from kconnect.data.schema import Schema, SchemaAndValue


class BatchCodec(Protocol):
    """What the native codecs offer: one call per batch each way."""

    def encode_batch(self, items: Sequence[tuple[Schema | None, Any]]) -> list[bytes | None]: ...

    def decode_batch(self, data: Sequence[bytes | None]) -> list[SchemaAndValue]: ...


class CodecConverter(Converter, HeaderConverter):
    """A key/value/header converter with only the common keys, delegating to ``_codec``."""

    _codec: BatchCodec

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
