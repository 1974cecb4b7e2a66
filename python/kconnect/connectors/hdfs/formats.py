"""File formats of the HDFS sink: Parquet (pyarrow), Avro object container (fastavro), JSON lines, String.

Each format makes :class:`FileWriter` objects: one per open output file, fed
lists of record values (row path) and finished into a local spool file that
the topic-partition writer uploads at commit.  A later columnar path can
implement the same :class:`FileWriter` taking Arrow batches directly.

Decision: a file is built locally (memory up to 32 MB, then a temp file) and
uploaded whole when it is committed, instead of appending to an HDFS temp file
record by record as the reference does.  Nothing is lost by this: temp files are
never recovered after a crash (the reference deletes them too), Parquet needs
the whole file before its footer anyway, and one upload per file replaces a
stream of appends and the HDFS leases they hold (a source of "lease" errors
after crashes in the reference).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import tempfile
from collections.abc import Callable
from typing import IO, Any, Protocol

from kconnect.data import logical
from kconnect.data.schema import Schema
from kconnect.data.struct import Struct

__all__ = ["FORMATS", "FileFormat", "FileWriter", "make_format", "spool", "to_plain"]

SPOOL_BYTES = 32 << 20


class FileWriter(Protocol):
    """One output file being written."""

    def write(self, values: list[Any]) -> None:
        """Append record values (all of this file's schema)."""

    def finish(self) -> IO[bytes]:
        """Close the file; its complete bytes, readable from the start."""

    def discard(self) -> None:
        """Drop the file (partition closed, crash-free rewind)."""


class FileFormat(Protocol):
    """A ``format.class``."""

    extension: str
    needs_schema: bool

    def new_writer(self, schema: Schema | None) -> FileWriter: ...


def spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, prefix="kconnect-hdfs-")


# ------------------------------------------------------------------- plain values


def to_plain(value: Any) -> Any:
    """A Connect value as plain Python (Structs become dicts), logical values kept."""
    if isinstance(value, Struct):
        return {name: to_plain(v) for name, v in value.items()}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return logical.timestamp_to_millis(value)
    if isinstance(value, dt.date):
        return logical.date_to_days(value)
    if isinstance(value, dt.time):
        return logical.time_to_millis(value)
    if isinstance(value, Struct):
        return to_plain(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class _LineWriter:
    def __init__(self, render: Callable[[Any], str]) -> None:
        self._render = render
        self._out = spool()

    def write(self, values: list[Any]) -> None:
        self._out.write("".join(self._render(v) + "\n" for v in values).encode())

    def finish(self) -> IO[bytes]:
        self._out.seek(0)
        return self._out

    def discard(self) -> None:
        self._out.close()


def _json_line(value: Any) -> str:
    return json.dumps(to_plain(value), default=_json_default, separators=(",", ":"), ensure_ascii=False)


def _string_line(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


class JsonFormat:
    """Newline-delimited JSON values (schemas not needed), extension ``.json``."""

    extension = ".json"
    needs_schema = False

    def new_writer(self, schema: Schema | None) -> FileWriter:
        return _LineWriter(_json_line)


class StringFormat:
    """One ``toString`` of the value per line, extension ``.txt``."""

    extension = ".txt"
    needs_schema = False

    def new_writer(self, schema: Schema | None) -> FileWriter:
        return _LineWriter(_string_line)


def make_format(name: str, avro_codec: str, parquet_codec: str) -> FileFormat:
    """The format ``format.class`` names (already normalised to avro/parquet/json/string)."""
    if name == "parquet":
        from kconnect.connectors.hdfs.parquet import ParquetFormat

        return ParquetFormat(parquet_codec)
    if name == "avro":
        from kconnect.connectors.hdfs.avro import AvroFormat

        return AvroFormat(avro_codec)
    if name == "json":
        return JsonFormat()
    return StringFormat()


FORMATS = ("avro", "parquet", "json", "string")
