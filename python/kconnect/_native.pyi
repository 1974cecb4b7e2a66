"""Type stubs for the Rust extension ``kconnect._native`` (see ``rust/src/py/``)."""

from collections.abc import Iterable, Sequence
from typing import Any, Self, final

from kconnect.data.schema import Schema, SchemaAndValue

__all__ = ["VERSION", "ByteArrayCodec", "HeaderCodec", "JsonCodec", "StringCodec"]

VERSION: str

@final
class JsonCodec:
    """Native JsonConverter: encode/decode batches; schemas compiled once and cached."""

    def __new__(
        cls,
        schemas_enable: bool = True,
        decimal_format: str = "BASE64",
        replace_null_with_default: bool = True,
        schemas_cache_size: int = 1000,
    ) -> Self: ...
    def encode_batch(self, items: Iterable[tuple[Schema | None, Any]]) -> list[bytes | None]: ...
    def decode_batch(self, data: Iterable[bytes | None]) -> list[SchemaAndValue]: ...
    def encode(self, schema: Schema | None, value: Any) -> bytes | None: ...
    def decode(self, data: bytes | None) -> SchemaAndValue: ...
    def schema_json(self, schema: Schema) -> bytes: ...

@final
class StringCodec:
    """Native StringConverter (UTF-8)."""

    def __init__(self) -> None: ...
    def encode_batch(self, items: Iterable[tuple[Schema | None, Any]]) -> list[bytes | None]: ...
    def decode_batch(self, data: Iterable[bytes | None]) -> list[SchemaAndValue]: ...

@final
class ByteArrayCodec:
    """Native ByteArrayConverter."""

    def __init__(self) -> None: ...
    def encode_batch(self, items: Iterable[tuple[Schema | None, Any]]) -> list[bytes | None]: ...
    def decode_batch(self, data: Sequence[bytes | None]) -> list[SchemaAndValue]: ...

@final
class HeaderCodec:
    """Native SimpleHeaderConverter (``Values.convertToString`` / ``parseString`` subset)."""

    def __init__(self) -> None: ...
    def encode_batch(self, items: Iterable[tuple[Schema | None, Any]]) -> list[bytes | None]: ...
    def decode_batch(self, data: Iterable[bytes | None]) -> list[SchemaAndValue]: ...
