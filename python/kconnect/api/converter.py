"""Converter interfaces (Java: ``org.apache.kafka.connect.storage.Converter``/``HeaderConverter``).

kconnect's converters are batch-first: the runtime calls the ``*_batch``
methods once per polled/fetched batch so that built-in converters do the
per-record work in Rust.  The single-record methods exist for compatibility
and for simple third-party converters; the default batch methods loop over
them.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kconnect.data.schema import Schema, SchemaAndValue

if TYPE_CHECKING:
    from kconnect.config.definition import ConfigDef


class Converter(abc.ABC):
    """Turns Connect data into bytes for Kafka and back."""

    @abc.abstractmethod
    def configure(self, configs: Mapping[str, Any], is_key: bool) -> None:
        """Configure with the converter's own keys (prefix already stripped)."""

    @abc.abstractmethod
    def from_connect_data(self, topic: str, schema: Schema | None, value: Any) -> bytes | None:
        """Serialise one value."""

    @abc.abstractmethod
    def to_connect_data(self, topic: str, data: bytes | None) -> SchemaAndValue:
        """Deserialise one value."""

    def from_connect_batch(
        self, topic: str, items: Sequence[tuple[Schema | None, Any]]
    ) -> list[bytes | None]:
        """Serialise many values of one topic."""
        return [self.from_connect_data(topic, schema, value) for schema, value in items]

    def to_connect_batch(self, topic: str, data: Sequence[bytes | None]) -> list[SchemaAndValue]:
        """Deserialise many values of one topic."""
        return [self.to_connect_data(topic, raw) for raw in data]

    def config(self) -> ConfigDef | None:
        """The converter's configuration keys, if it declares them."""
        return None


class HeaderConverter(abc.ABC):
    """Turns header values into bytes and back."""

    @abc.abstractmethod
    def configure(self, configs: Mapping[str, Any]) -> None: ...

    @abc.abstractmethod
    def from_connect_header(
        self, topic: str, header_key: str, schema: Schema | None, value: Any
    ) -> bytes | None:
        """Serialise one header value."""

    @abc.abstractmethod
    def to_connect_header(self, topic: str, header_key: str, data: bytes | None) -> SchemaAndValue:
        """Deserialise one header value."""

    def config(self) -> ConfigDef | None:
        return None
