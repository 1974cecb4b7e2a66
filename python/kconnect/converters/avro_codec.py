"""The Avro binary codecs behind the AvroConverter: one schema, batches of values.

:class:`ValueCodec` is the interface the converter uses (Connect values <-> bytes);
:func:`value_codec` picks :class:`NativeValueCodec` (Rust, ``kconnect._native.AvroCodec``) or
:class:`PythonValueCodec` (compiled Python converters over :class:`FastavroCodec`, fastavro's
schemaless binary, no container file).  The schema it receives has no
``logicalType`` attributes (see :func:`kconnect.converters.avro_data.codec_schema`), so datums
are plain ints, floats, strings, bytes, dicts and lists.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Protocol

import fastavro

from kconnect import _native
from kconnect.converters.avro_data import codec_schema, to_avro_schema
from kconnect.converters.avro_values import reader_for, writer_for
from kconnect.data.schema import Schema
from kconnect.errors import DataError

__all__ = [
    "NATIVE_AVRO",
    "AvroCodec",
    "FastavroCodec",
    "NativeValueCodec",
    "PythonValueCodec",
    "ValueCodec",
    "value_codec",
]


class AvroCodec(Protocol):
    """Encodes and decodes Avro binary for one writer schema."""

    def encode(self, datums: Sequence[Any], prefix: bytes) -> list[bytes]:
        """``prefix`` + the Avro binary of each datum."""
        ...

    def decode(self, payloads: Sequence[bytes], offset: int) -> list[Any]:
        """The datum encoded in each payload from byte ``offset`` on."""
        ...


class FastavroCodec:
    """:class:`AvroCodec` on fastavro's schemaless reader and writer."""

    def __init__(self, schema: Any, references: Sequence[Any] = ()) -> None:
        named: dict[str, Any] = {}
        try:
            for ref in references:  # referenced schemas define named types the schema uses
                fastavro.parse_schema(ref, named_schemas=named)
            self._schema = fastavro.parse_schema(schema, named_schemas=named)
        except Exception as exc:  # fastavro raises several unrelated types for bad schemas
            raise DataError(f"Invalid Avro schema: {exc}") from exc

    def encode(self, datums: Sequence[Any], prefix: bytes) -> list[bytes]:
        out = []
        for datum in datums:
            buf = io.BytesIO()
            buf.write(prefix)
            try:
                fastavro.schemaless_writer(buf, self._schema, datum)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                raise DataError(f"Avro encoding failed: {exc}") from exc
            out.append(buf.getvalue())
        return out

    def decode(self, payloads: Sequence[bytes], offset: int) -> list[Any]:
        out = []
        for payload in payloads:
            buf = io.BytesIO(payload)
            buf.seek(offset)
            try:
                datum = fastavro.schemaless_reader(buf, self._schema, None)
            except (
                EOFError,
                ValueError,
                TypeError,
                IndexError,
                UnicodeDecodeError,
                OverflowError,
                MemoryError,
            ) as exc:
                raise DataError(f"Avro decoding failed: {exc!r}") from exc
            if buf.tell() != len(payload):
                raise DataError(f"Avro decoding failed: {len(payload) - buf.tell()} bytes left over")
            out.append(datum)
        return out


class ValueCodec(Protocol):
    """Connect values of one schema <-> Avro binary (the converter's interface)."""

    def encode(self, values: Sequence[Any], prefix: bytes) -> list[bytes]:
        """``prefix`` + the Avro binary of each Connect value."""
        ...

    def decode(self, payloads: Sequence[bytes], offset: int) -> list[Any]:
        """The Connect value encoded in each payload from byte ``offset`` on."""
        ...


class PythonValueCodec:
    """Any Avro writer schema: compiled Python value converters plus fastavro."""

    def __init__(self, schema: Schema, avro: Any, references: Sequence[Any] = ()) -> None:
        self._write = writer_for(schema)
        self._read = reader_for(schema)
        self._codec = FastavroCodec(codec_schema(avro), [codec_schema(r) for r in references])

    def encode(self, values: Sequence[Any], prefix: bytes) -> list[bytes]:
        write = self._write
        return self._codec.encode([write(v) for v in values], prefix)

    def decode(self, payloads: Sequence[bytes], offset: int) -> list[Any]:
        datums = self._codec.decode(payloads, offset)
        read = self._read
        return datums if read is None else [read(d) for d in datums]


class NativeValueCodec:
    """The Avro form of a Connect schema (``to_avro_schema``): one Rust call per batch."""

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        self._codec = _native.AvroCodec()  # type: ignore[attr-defined,unused-ignore]

    def encode(self, values: Sequence[Any], prefix: bytes) -> list[bytes]:
        out: list[bytes] = self._codec.encode_batch(self._schema, values, prefix)
        return out

    def decode(self, payloads: Sequence[bytes], offset: int) -> list[Any]:
        out: list[Any] = self._codec.decode_batch(self._schema, payloads, offset)
        return out


NATIVE_AVRO = hasattr(_native, "AvroCodec")
"""Whether the Rust Avro codec is built into ``kconnect._native``."""


def value_codec(
    schema: Schema, avro: Any, references: Sequence[Any] = (), layout: Schema | None = None
) -> ValueCodec:
    """The fastest codec for values of ``schema`` written with the Avro schema ``avro``.

    Rust when ``avro`` is exactly the Avro form of ``layout`` (default ``schema``; a schema
    differing only in metadata the binary form ignores, such as the version): what the
    converter registers, and what it reads back from any producer using that mapping.
    Python otherwise (enums, fixed, aliases, references, ``use.latest.version`` with a
    different schema).
    """
    if NATIVE_AVRO and not references and to_avro_schema(layout or schema) == avro:
        return NativeValueCodec(schema)
    return PythonValueCodec(schema, avro, references)
