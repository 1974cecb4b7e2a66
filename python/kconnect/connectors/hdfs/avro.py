"""Avro object container files (fastavro) from Connect schemas and values.

The Connect schema maps to Avro as the reference's AvroData does for the common
cases: optional types are ``["null", T]`` with default null, logical types use
Avro logical types, a top-level struct keeps its schema name (default
``io.confluent.connect.avro.ConnectDefault``), a non-struct value is wrapped in
a one-field record ``value``.
"""

from __future__ import annotations

from typing import IO, Any

import fastavro

from kconnect.connectors.hdfs.formats import FileWriter, spool, to_plain
from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.errors import DataError

__all__ = ["AvroFormat", "connect_to_avro"]


_AVRO_PRIMITIVES = {
    Type.INT8: "int",
    Type.INT16: "int",
    Type.INT32: "int",
    Type.INT64: "long",
    Type.FLOAT32: "float",
    Type.FLOAT64: "double",
    Type.BOOLEAN: "boolean",
    Type.STRING: "string",
    Type.BYTES: "bytes",
}


def connect_to_avro(schema: Schema, name: str = "ConnectDefault") -> Any:
    """The Avro schema (JSON form) of a Connect schema; optional types are ``["null", T]``."""
    avro = _avro_type(schema, name)
    return ["null", avro] if schema.optional else avro


def _avro_type(schema: Schema, path: str) -> Any:
    if schema.name == logical.DECIMAL_NAME:
        params = schema.parameters or {}
        precision = int(params.get("connect.decimal.precision", "38"))
        return {
            "type": "bytes",
            "logicalType": "decimal",
            "precision": precision,
            "scale": logical.decimal_scale(schema),
        }
    if schema.name == logical.DATE_NAME:
        return {"type": "int", "logicalType": "date"}
    if schema.name == logical.TIME_NAME:
        return {"type": "int", "logicalType": "time-millis"}
    if schema.name == logical.TIMESTAMP_NAME:
        return {"type": "long", "logicalType": "timestamp-millis"}
    if schema.type in _AVRO_PRIMITIVES:
        return _AVRO_PRIMITIVES[schema.type]
    if schema.type is Type.ARRAY:
        assert schema.value_schema is not None
        return {"type": "array", "items": connect_to_avro(schema.value_schema, f"{path}_item")}
    if schema.type is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        if schema.key_schema.type is not Type.STRING:
            raise DataError(f"Avro maps need STRING keys, not {schema.key_schema.type.name} (field {path})")
        return {"type": "map", "values": connect_to_avro(schema.value_schema, f"{path}_value")}
    fields = []
    for f in schema.fields:
        field: dict[str, Any] = {"name": f.name, "type": connect_to_avro(f.schema, f"{path}_{f.name}")}
        if f.schema.optional:
            field["default"] = None
        fields.append(field)
    return {"type": "record", "name": path, "fields": fields}


class _AvroWriter:
    def __init__(self, schema: Schema, codec: str) -> None:
        self._wrap = schema.type is not Type.STRUCT
        if self._wrap:
            value_type = connect_to_avro(schema, "value")
            top: dict[str, Any] = {
                "type": "record",
                "name": "ConnectDefault",
                "fields": [{"name": "value", "type": value_type}],
            }
        else:
            top = _avro_type(schema, "ConnectDefault")
            if schema.name:
                namespace, _, name = schema.name.rpartition(".")
                top["name"] = name
                if namespace:
                    top["namespace"] = namespace
        top.setdefault("namespace", "io.confluent.connect.avro")
        self._out = spool()
        self._writer = fastavro.write.Writer(self._out, fastavro.parse_schema(top), codec=codec)

    def write(self, values: list[Any]) -> None:
        try:
            for v in values:
                self._writer.write({"value": to_plain(v)} if self._wrap else to_plain(v))
        except (ValueError, TypeError) as e:
            raise DataError(f"value does not fit the Avro schema: {e}") from e

    def finish(self) -> IO[bytes]:
        self._writer.flush()
        self._out.seek(0)
        return self._out

    def discard(self) -> None:
        self._out.close()


class AvroFormat:
    """Avro object container files with the record schema, extension ``.avro``."""

    extension = ".avro"
    needs_schema = True

    def __init__(self, codec: str = "null") -> None:
        self.codec = codec

    def new_writer(self, schema: Schema | None) -> FileWriter:
        assert schema is not None
        return _AvroWriter(schema, self.codec)
