"""The Avro binary codec behind the AvroConverter: one compiled schema, batches of datums.

:class:`AvroCodec` is the small interface the converter needs; :class:`FastavroCodec` implements
it with fastavro (schemaless binary, no container file).  The schema it receives has no
``logicalType`` attributes (see :func:`kconnect.converters.avro_data.codec_schema`), so datums
are plain ints, floats, strings, bytes, dicts and lists.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Protocol

import fastavro

from kconnect.errors import DataError

__all__ = ["AvroCodec", "FastavroCodec"]


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
