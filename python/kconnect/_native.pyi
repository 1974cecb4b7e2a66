"""Type stubs for the Rust extension ``kconnect._native`` (see ``rust/src/py/``)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Self, final

from kconnect.data.schema import Schema, SchemaAndValue

__all__ = [
    "VERSION",
    "AvroCodec",
    "ByteArrayCodec",
    "HeaderCodec",
    "JsonCodec",
    "NativeConsumer",
    "NativeProducer",
    "NumberCodec",
    "StringCodec",
]

VERSION: str

@final
class AvroCodec:
    """Native AvroConverter codec: Connect values <-> Avro binary of the schema's Avro form."""

    def __new__(cls, schemas_cache_size: int = 1000) -> Self: ...
    def encode_batch(self, schema: Schema, values: Iterable[Any], prefix: bytes) -> list[bytes]: ...
    def decode_batch(self, schema: Schema, data: Iterable[bytes], offset: int) -> list[Any]: ...

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

@final
class NumberCodec:
    """Native Short/Integer/Long/Float/Double/Boolean converters."""

    def __new__(cls, kind: str) -> Self: ...
    def encode_batch(self, items: Iterable[tuple[Schema | None, Any]]) -> list[bytes | None]: ...
    def decode_batch(self, data: Iterable[bytes | None]) -> list[SchemaAndValue]: ...

@final
class NativeProducer:
    """librdkafka producer taking a batch per call; delivery tracked in Rust per chunk."""

    def __new__(cls, config: dict[str, str]) -> Self: ...
    def send(
        self,
        topics: Sequence[str],
        keys: Sequence[bytes | None],
        values: Sequence[bytes | None],
        partitions: Sequence[int | None] | None = None,
        timestamps: Sequence[int | None] | None = None,
        headers: Sequence[list[tuple[str, bytes | None]] | None] | None = None,
        start: int = 0,
        block_ms: int = 1000,
    ) -> tuple[int, int]: ...
    def acked_through(self) -> int: ...
    def in_flight(self) -> int: ...
    def flush(self, timeout_s: float) -> int: ...

@final
class NativeConsumer:
    """librdkafka group consumer fetching a batch per call as columns."""

    def __new__(
        cls,
        config: dict[str, str],
        on_assign: Callable[[list[tuple[str, int]]], object],
        on_revoke: Callable[[list[tuple[str, int]]], object],
    ) -> Self: ...
    def subscribe(self, topics: list[str]) -> None: ...
    def fetch(
        self, max_records: int, timeout_s: float
    ) -> tuple[
        list[str],
        list[int],
        list[int],
        list[int],
        list[int],
        list[bytes | None],
        list[bytes | None],
        list[list[tuple[str, bytes | None]] | None],
    ]: ...
    def commit(self, offsets: list[tuple[str, int, int]], asynchronous: bool = True) -> None: ...
    def pause(self, partitions: list[tuple[str, int]]) -> None: ...
    def resume(self, partitions: list[tuple[str, int]]) -> None: ...
    def seek(self, topic: str, partition: int, offset: int) -> None: ...
    def close(self) -> None: ...
