"""Parquet files (pyarrow) from Connect schemas and values: the row path.

Values are buffered as Python rows and written as one row group per 65,536
rows with ``pyarrow``; the Connect schema maps to Arrow types (Decimal ->
decimal128, Date -> date32, Time -> time32[ms], Timestamp -> timestamp[ms, UTC];
a non-struct value becomes a one-column table ``value``).
"""

from __future__ import annotations

from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from kconnect.connectors.hdfs.formats import FileWriter, spool
from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError

__all__ = ["ParquetFormat", "connect_to_arrow"]

ROW_GROUP_ROWS = 65_536


_ARROW_PRIMITIVES: dict[Type, pa.DataType] = {
    Type.INT8: pa.int8(),
    Type.INT16: pa.int16(),
    Type.INT32: pa.int32(),
    Type.INT64: pa.int64(),
    Type.FLOAT32: pa.float32(),
    Type.FLOAT64: pa.float64(),
    Type.BOOLEAN: pa.bool_(),
    Type.STRING: pa.string(),
    Type.BYTES: pa.binary(),
}


def connect_to_arrow(schema: Schema) -> pa.DataType:
    """The Arrow type of a Connect schema (logical types included)."""
    if schema.name == logical.DECIMAL_NAME:
        params = schema.parameters or {}
        precision = int(params.get("connect.decimal.precision", "38"))
        return pa.decimal128(precision, logical.decimal_scale(schema))
    if schema.name == logical.DATE_NAME:
        return pa.date32()
    if schema.name == logical.TIME_NAME:
        return pa.time32("ms")
    if schema.name == logical.TIMESTAMP_NAME:
        return pa.timestamp("ms", tz="UTC")
    if schema.type in _ARROW_PRIMITIVES:
        return _ARROW_PRIMITIVES[schema.type]
    if schema.type is Type.ARRAY:
        assert schema.value_schema is not None
        return pa.list_(_arrow_field("element", schema.value_schema))
    if schema.type is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        return pa.map_(connect_to_arrow(schema.key_schema), _arrow_field("value", schema.value_schema))
    return pa.struct([_arrow_field(f.name, f.schema) for f in schema.fields])


def _arrow_field(name: str, schema: Schema) -> pa.Field:
    return pa.field(name, connect_to_arrow(schema), nullable=schema.optional)


def _arrow_value(value: Any, schema: Schema) -> Any:
    if value is None:
        return None
    if schema.type is Type.STRUCT:
        return {f.name: _arrow_value(value.get(f.name), f.schema) for f in schema.fields}
    if schema.type is Type.ARRAY:
        assert schema.value_schema is not None
        return [_arrow_value(v, schema.value_schema) for v in value]
    if schema.type is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        return [(k, _arrow_value(v, schema.value_schema)) for k, v in value.items()]
    return value


def _column_converter(schema: Schema) -> Any:
    """None if values of ``schema`` go to Arrow as they are, else the function that reshapes them."""
    if schema.type in (Type.STRUCT, Type.ARRAY, Type.MAP):
        return lambda v: _arrow_value(v, schema)
    return None


class _ParquetWriter:
    """Buffers values column by column (one list per top-level field) and writes row groups."""

    def __init__(self, schema: Schema, codec: str) -> None:
        self._schema = schema
        self._is_struct = schema.type is Type.STRUCT
        schemas = [f.schema for f in schema.fields] if self._is_struct else [schema]
        names = [f.name for f in schema.fields] if self._is_struct else ["value"]
        self._arrow = pa.schema([_arrow_field(n, s) for n, s in zip(names, schemas, strict=True)])
        self._converters = [_column_converter(s) for s in schemas]
        self._out = spool()
        self._writer = pq.ParquetWriter(self._out, self._arrow, compression=codec)
        self._columns: list[list[Any]] = [[] for _ in schemas]
        self._rows = 0

    def write(self, values: list[Any]) -> None:
        if self._is_struct:
            rows = [v.values_list() for v in values]
            for i, conv in enumerate(self._converters):
                column = [row[i] for row in rows]
                self._columns[i] += column if conv is None else [conv(x) for x in column]
        else:
            conv = self._converters[0]
            self._columns[0] += values if conv is None else [conv(x) for x in values]
        self._rows += len(values)
        if self._rows >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        try:
            arrays = [pa.array(col, type=f.type) for col, f in zip(self._columns, self._arrow, strict=True)]
            table = pa.Table.from_arrays(arrays, schema=self._arrow)
        except (pa.ArrowException, TypeError, ValueError) as e:
            raise DataError(f"value does not fit the Parquet schema {self._arrow}: {e}") from e
        self._writer.write_table(table)
        self._columns = [[] for _ in self._columns]
        self._rows = 0

    def finish(self) -> IO[bytes]:
        self._flush()
        self._writer.close()
        self._out.seek(0)
        return self._out

    def discard(self) -> None:
        self._columns = [[] for _ in self._columns]
        self._rows = 0
        self._out.close()


class ParquetFormat:
    """Parquet files with the record schema, extension ``.parquet``."""

    extension = ".parquet"
    needs_schema = True

    def __init__(self, codec: str = "snappy") -> None:
        self.codec = "none" if codec == "uncompressed" else codec

    def new_writer(self, schema: Schema | None) -> FileWriter:
        assert schema is not None
        return _ParquetWriter(schema, self.codec)
