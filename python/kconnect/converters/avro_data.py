"""Connect schemas and values <-> Avro schemas and datums (Java: ``io.confluent.connect.avro.AvroData``).

Connect -> Avro (:func:`to_avro_schema`), as the Confluent AvroConverter writes with
``connect.meta.data=true``:

* INT8/INT16 -> ``{"type":"int","connect.type":"int8"|"int16"}``; INT32 int; INT64 long; FLOAT32
  float; FLOAT64 double; BOOLEAN boolean; STRING string; BYTES bytes.
* Decimal -> bytes with ``scale``, ``precision`` (``connect.decimal.precision`` or 64) and
  ``logicalType: decimal``; Date -> int ``date``; Time -> int ``time-millis``; Timestamp -> long
  ``timestamp-millis``.
* STRUCT -> record named by the schema name (namespace = the part before the last dot) or
  ``io.confluent.connect.avro.ConnectDefault`` (then ``ConnectDefault2``, ...); ARRAY -> array;
  MAP with non-optional STRING keys -> map; other MAPs -> array of ``MapEntry`` records
  (``key``, ``value``).
* ``connect.doc``, ``connect.version``, ``connect.parameters``, ``connect.default`` and
  ``connect.name`` carry the Connect metadata on every non-union type.
* Optional -> union ``["null", T]`` (``[T, "null"]`` when the schema has a default); an
  optional field defaults to null, a field with a Connect default gets it as Avro default.
* A named type seen a second time is written as a reference to its name.

Avro -> Connect (:func:`to_connect_schema`) inverts that, and maps Avro-only types of other
producers: enum -> STRING, fixed -> BYTES, ``["null", T]``/``[T, "null"]`` -> optional T;
other unions are not supported (a :class:`~kconnect.errors.DataError` says so).

Values: logical types are converted here (exact, with kconnect's Java-compatible helpers), so the
binary codec sees only plain ints, bytes and containers; the Avro schema given to the codec has
its ``logicalType`` attributes removed for the same reason (:func:`codec_schema`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable, Sequence
from typing import Any

from kconnect.data import logical
from kconnect.data.schema import Schema, Type
from kconnect.data.struct import Struct
from kconnect.errors import DataError

__all__ = [
    "codec_schema",
    "from_avro_value",
    "schema_text",
    "to_avro_schema",
    "to_avro_value",
    "to_connect_schema",
]

NAMESPACE = "io.confluent.connect.avro"
DEFAULT_NAME = "ConnectDefault"
MAP_ENTRY = "MapEntry"
DECIMAL_PRECISION_PARAM = "connect.decimal.precision"

_PRIMITIVE_AVRO = {
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
_AVRO_PRIMITIVE = {
    "int": Type.INT32,
    "long": Type.INT64,
    "float": Type.FLOAT32,
    "double": Type.FLOAT64,
    "boolean": Type.BOOLEAN,
    "string": Type.STRING,
    "bytes": Type.BYTES,
}
_LOGICAL_AVRO = {
    logical.DATE_NAME: "date",
    logical.TIME_NAME: "time-millis",
    logical.TIMESTAMP_NAME: "timestamp-millis",
    logical.DECIMAL_NAME: "decimal",
}


# -- Connect -> Avro schema ------------------------------------------------------------------
class _ToAvro:
    def __init__(self) -> None:
        self.defined: set[str] = set()
        self.unnamed: dict[tuple[Any, ...], str] = {}
        self.default_index = 0

    def schema(self, schema: Schema, ignore_optional: bool = False) -> Any:
        base = self._base(schema)
        if not ignore_optional and schema.optional:
            return [base, "null"] if schema.default is not None else ["null", base]
        return base

    def _names(self, name: str | None) -> tuple[str | None, str]:
        if name is None:
            self.default_index += 1
            suffix = str(self.default_index) if self.default_index > 1 else ""
            return NAMESPACE, DEFAULT_NAME + suffix
        if "." in name:
            ns, short = name.rsplit(".", 1)
            return ns, short
        return None, name

    def _base(self, schema: Schema) -> Any:
        t = schema.type
        out: dict[str, Any]
        if t is Type.STRUCT:
            shape = (
                schema.fields,
                schema.version,
                schema.doc,
                tuple(sorted((schema.parameters or {}).items())),
            )
            if schema.name is None and shape in self.unnamed:
                return self.unnamed[shape]  # the same unnamed struct again: a reference, as AvroData's cache
            ns, short = self._names(schema.name)
            full = f"{ns}.{short}" if ns else short
            if full in self.defined:
                return full
            self.defined.add(full)
            if schema.name is None:
                self.unnamed[shape] = full
            out = {"type": "record", "name": short}
            if ns:
                out["namespace"] = ns
            out["fields"] = [self._field(f.name, f.schema) for f in schema.fields]
        elif t is Type.ARRAY:
            assert schema.value_schema is not None
            out = {"type": "array", "items": self.schema(schema.value_schema)}
        elif t is Type.MAP:
            assert schema.key_schema is not None and schema.value_schema is not None
            if schema.key_schema.type is Type.STRING and not schema.key_schema.optional:
                out = {"type": "map", "values": self.schema(schema.value_schema)}
            else:
                out = {"type": "array", "items": self._map_entry(schema)}
        else:
            out = {"type": _PRIMITIVE_AVRO[t]}
            if schema.name == logical.DECIMAL_NAME:
                params = schema.parameters or {}
                out["scale"] = int(params.get(logical.SCALE_FIELD, "0"))
                out["precision"] = int(params.get(DECIMAL_PRECISION_PARAM, "64"))
        self._metadata(schema, out)
        if t is Type.INT8 or t is Type.INT16:
            out["connect.type"] = t.value
        if schema.name in _LOGICAL_AVRO and t is not Type.STRUCT:
            out["logicalType"] = _LOGICAL_AVRO[schema.name]
        if len(out) == 1:
            return out["type"]
        return out

    def _map_entry(self, schema: Schema) -> Any:
        assert schema.key_schema is not None and schema.value_schema is not None
        if schema.name is None:
            full = f"{NAMESPACE}.{MAP_ENTRY}"
            if full in self.defined:
                return full
            self.defined.add(full)
            entry: dict[str, Any] = {"type": "record", "name": MAP_ENTRY, "namespace": NAMESPACE}
        else:
            ns, short = self._names(schema.name)
            entry = {"type": "record", "name": short, **({"namespace": ns} if ns else {})}
        entry["fields"] = [self._field("key", schema.key_schema), self._field("value", schema.value_schema)]
        return entry

    def _field(self, name: str, schema: Schema) -> dict[str, Any]:
        field: dict[str, Any] = {"name": name, "type": self.schema(schema)}
        if schema.default is not None:
            field["default"] = _json_default(schema, schema.default)
        elif schema.optional:
            field["default"] = None
        return field

    @staticmethod
    def _metadata(schema: Schema, out: dict[str, Any]) -> None:
        if schema.doc is not None:
            out["connect.doc"] = schema.doc
        if schema.version is not None:
            out["connect.version"] = schema.version
        if schema.parameters:
            out["connect.parameters"] = dict(schema.parameters)
        if schema.default is not None:
            out["connect.default"] = _json_default(schema, schema.default)
        if schema.name is not None:
            out["connect.name"] = schema.name


def schema_text(avro: Any) -> str:
    """The compact JSON text registered for an Avro schema (the registry's canonical form)."""
    return json.dumps(avro, separators=(",", ":"), ensure_ascii=False)


def to_avro_schema(schema: Schema) -> Any:
    """The Avro schema (JSON value) the Confluent AvroConverter writes for ``schema``."""
    return _ToAvro().schema(schema)


def _json_default(schema: Schema, value: Any) -> Any:
    """A Connect default as an Avro JSON default (bytes as ISO-8859-1 strings, as Avro does)."""
    datum = to_avro_value(schema, value)
    return _jsonable(datum)


def _jsonable(datum: Any) -> Any:
    if isinstance(datum, bytes):
        return datum.decode("latin-1")
    if isinstance(datum, list):
        return [_jsonable(v) for v in datum]
    if isinstance(datum, dict):
        return {k: _jsonable(v) for k, v in datum.items()}
    return datum


def codec_schema(avro: Any) -> Any:
    """``avro`` without ``logicalType`` attributes: the form given to the binary codec."""
    if isinstance(avro, list):
        return [codec_schema(b) for b in avro]
    if isinstance(avro, dict):
        return {
            k: codec_schema(v) if k in ("type", "items", "values", "fields") else v
            for k, v in avro.items()
            if k != "logicalType"
        }
    return avro


# -- Connect value -> Avro datum -------------------------------------------------------------
def to_avro_value(schema: Schema, value: Any) -> Any:
    """The Avro datum of ``value`` (validated against ``schema``; DataError names the problem)."""
    if value is None:
        if schema.default is not None:
            value = schema.default
        elif schema.optional:
            return None
        else:
            raise DataError(
                f"Conversion error: null value for field that is required and has no default value "
                f"(schema {schema.type.name}{' ' + schema.name if schema.name else ''})"
            )
    name = schema.name
    if name is not None and name in _TO_LOGICAL:
        return _TO_LOGICAL[name](schema, value)
    t = schema.type
    if t is Type.STRUCT:
        if not isinstance(value, Struct) or value.schema != schema:
            raise DataError(
                f"Struct schemas do not match: expected a Struct of {schema.name or 'the schema'}, "
                f"got {type(value).__name__}"
            )
        values = value.values_list()
        return {f.name: to_avro_value(f.schema, values[f.index]) for f in schema.fields}
    if t is Type.ARRAY:
        assert schema.value_schema is not None
        return [to_avro_value(schema.value_schema, v) for v in _expect(value, list, t)]
    if t is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        items = _expect(value, dict, t).items()
        if schema.key_schema.type is Type.STRING and not schema.key_schema.optional:
            return {
                to_avro_value(schema.key_schema, k): to_avro_value(schema.value_schema, v) for k, v in items
            }
        return [
            {"key": to_avro_value(schema.key_schema, k), "value": to_avro_value(schema.value_schema, v)}
            for k, v in items
        ]
    return _primitive(t, value)


def _expect(value: Any, kind: type, t: Type) -> Any:
    if not isinstance(value, kind):
        raise DataError(f"Invalid Java object for schema type {t.name}: {type(value).__name__}")
    return value


def _primitive(t: Type, value: Any) -> Any:
    if t is Type.BYTES:
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
    elif t is Type.STRING:
        if isinstance(value, str):
            return value
    elif t is Type.BOOLEAN:
        if isinstance(value, bool):
            return value
    elif t in (Type.FLOAT32, Type.FLOAT64):
        if isinstance(value, float | int) and not isinstance(value, bool):
            return float(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        bits = {Type.INT8: 8, Type.INT16: 16, Type.INT32: 32, Type.INT64: 64}[t]
        if -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
            return value
        raise DataError(f"Value {value} out of range for schema type {t.name}")
    raise DataError(f"Invalid Java object for schema type {t.name}: {type(value).__name__}")


def _decimal_to_avro(schema: Schema, value: Any) -> bytes:
    if not isinstance(value, decimal.Decimal):
        raise DataError(f"Invalid type for Decimal: {type(value).__name__}")
    return logical.decimal_to_bytes(value, logical.decimal_scale(schema))


def _date_to_avro(schema: Schema, value: Any) -> int:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DataError(f"Invalid type for Date: {type(value).__name__}")
    return logical.date_to_days(value)


def _time_to_avro(schema: Schema, value: Any) -> int:
    if not isinstance(value, dt.time):
        raise DataError(f"Invalid type for Time: {type(value).__name__}")
    return logical.time_to_millis(value)


def _timestamp_to_avro(schema: Schema, value: Any) -> int:
    if not isinstance(value, dt.datetime):
        raise DataError(f"Invalid type for Timestamp: {type(value).__name__}")
    return logical.timestamp_to_millis(value)


_TO_LOGICAL: dict[str, Callable[[Schema, Any], Any]] = {
    logical.DECIMAL_NAME: _decimal_to_avro,
    logical.DATE_NAME: _date_to_avro,
    logical.TIME_NAME: _time_to_avro,
    logical.TIMESTAMP_NAME: _timestamp_to_avro,
}


# -- Avro datum -> Connect value -------------------------------------------------------------
def from_avro_value(schema: Schema, datum: Any) -> Any:
    """The Connect value of a decoded Avro datum (as the codec returns it)."""
    if datum is None:
        return None
    name = schema.name
    if name == logical.DECIMAL_NAME:
        return logical.bytes_to_decimal(datum, logical.decimal_scale(schema))
    if name == logical.DATE_NAME:
        return logical.days_to_date(datum)
    if name == logical.TIME_NAME:
        return logical.millis_to_time(datum)
    if name == logical.TIMESTAMP_NAME:
        return logical.millis_to_timestamp(datum)
    t = schema.type
    if t is Type.STRUCT:
        return Struct._from_converter(
            schema, [from_avro_value(f.schema, datum.get(f.name)) for f in schema.fields]
        )
    if t is Type.ARRAY:
        assert schema.value_schema is not None
        return [from_avro_value(schema.value_schema, v) for v in datum]
    if t is Type.MAP:
        assert schema.key_schema is not None and schema.value_schema is not None
        if isinstance(datum, dict):
            return {k: from_avro_value(schema.value_schema, v) for k, v in datum.items()}
        return {
            from_avro_value(schema.key_schema, e["key"]): from_avro_value(schema.value_schema, e["value"])
            for e in datum
        }
    return datum


# -- Avro schema -> Connect ------------------------------------------------------------------
class _ToConnect:
    def __init__(self) -> None:
        self.named: dict[str, Any] = {}

    def schema(self, avro: Any, namespace: str | None, optional: bool = False, default: Any = None) -> Schema:
        if isinstance(avro, list):
            return self._union(avro, namespace, default)
        if isinstance(avro, str):
            if avro in _AVRO_PRIMITIVE:
                return Schema(_AVRO_PRIMITIVE[avro], optional=optional, default=default)
            full = avro if "." in avro or not namespace else f"{namespace}.{avro}"
            found = self.named.get(full) or self.named.get(avro)
            if found is None:
                raise DataError(f"Unknown Avro type name {avro!r}")
            return self.schema(found, namespace, optional, default)
        if not isinstance(avro, dict):
            raise DataError(f"Invalid Avro schema: {avro!r}")
        kind = avro.get("type")
        if isinstance(kind, list | dict):
            return self.schema(kind, namespace, optional, default)
        if kind in ("record", "enum", "fixed"):
            ns = avro.get("namespace", namespace)
            name = avro["name"]
            full = name if "." in name or not ns else f"{ns}.{name}"
            self.named.setdefault(full, avro)
        if kind == "record":
            return self._record(avro, full, optional, default)
        if kind == "array":
            return self._array(avro, namespace, optional, default)
        if kind == "map":
            values = self.schema(avro["values"], namespace)
            return self._finish(
                avro, Type.MAP, optional, default, key_schema=Schema(Type.STRING), value_schema=values
            )
        if kind == "enum":
            return self._finish(avro, Type.STRING, optional, default)
        if kind == "fixed":
            return self._finish(avro, Type.BYTES, optional, default)
        if kind in _AVRO_PRIMITIVE:
            return self._primitive(avro, kind, optional, default)
        raise DataError(f"Unsupported Avro type {kind!r}")

    def _primitive(self, avro: dict[str, Any], kind: str, optional: bool, default: Any) -> Schema:
        t = _AVRO_PRIMITIVE[kind]
        connect_type = avro.get("connect.type")
        if kind == "int" and connect_type in ("int8", "int16"):
            t = Type.INT8 if connect_type == "int8" else Type.INT16
        logical_type = avro.get("logicalType")
        name, params = None, None
        if logical_type == "decimal" and kind == "bytes":
            name, params = logical.DECIMAL_NAME, {logical.SCALE_FIELD: str(avro.get("scale", 0))}
            precision = avro.get("precision")
            if precision is not None and precision != 64:
                params[DECIMAL_PRECISION_PARAM] = str(precision)
        elif logical_type == "date" and kind == "int":
            name = logical.DATE_NAME
        elif logical_type == "time-millis" and kind == "int":
            name = logical.TIME_NAME
        elif logical_type == "timestamp-millis" and kind == "long":
            name = logical.TIMESTAMP_NAME
        if name is not None:
            merged = {**(avro.get("connect.parameters") or {}), **(params or {})}
            return Schema(
                t,
                optional=optional,
                name=name,
                version=1,
                parameters=merged or None,
                doc=avro.get("connect.doc"),
                default=default,
            )
        return self._finish(avro, t, optional, default)

    def _finish(self, avro: dict[str, Any], t: Type, optional: bool, default: Any, **kw: Any) -> Schema:
        params = avro.get("connect.parameters")
        return Schema(
            t,
            optional=optional,
            default=default,
            name=avro.get("connect.name"),
            version=avro.get("connect.version"),
            doc=avro.get("connect.doc"),
            parameters={str(k): str(v) for k, v in params.items()}
            if isinstance(params, dict) and params
            else None,
            **kw,
        )

    def _record(self, avro: dict[str, Any], full: str, optional: bool, default: Any) -> Schema:
        ns = full.rsplit(".", 1)[0] if "." in full else None
        fields = []
        for f in avro.get("fields", []):
            field_schema = self.schema(f["type"], ns)
            if "default" in f and f["default"] is not None:
                field_schema = _with_default(field_schema, f["default"])
            fields.append((f["name"], field_schema))
        name = avro.get("connect.name") or (None if full.startswith(f"{NAMESPACE}.{DEFAULT_NAME}") else full)
        params = avro.get("connect.parameters")
        return Schema(
            Type.STRUCT,
            optional=optional,
            default=default,
            name=name,
            fields=fields,
            version=avro.get("connect.version"),
            doc=avro.get("connect.doc"),
            parameters=dict(params) if isinstance(params, dict) and params else None,
        )

    def _array(self, avro: dict[str, Any], namespace: str | None, optional: bool, default: Any) -> Schema:
        items = avro["items"]
        if isinstance(items, dict) and items.get("type") == "record" and _is_map_entry(items):
            entry = self.schema(items, namespace)
            key, value = entry.fields[0].schema, entry.fields[1].schema
            return self._finish(avro, Type.MAP, optional, default, key_schema=key, value_schema=value)
        return self._finish(avro, Type.ARRAY, optional, default, value_schema=self.schema(items, namespace))

    def _union(self, branches: list[Any], namespace: str | None, default: Any) -> Schema:
        others = [b for b in branches if b != "null"]
        if len(branches) == 2 and len(others) == 1:
            return self.schema(others[0], namespace, optional=True, default=default)
        raise DataError(f"Avro unions other than [null, T] are not supported yet: {branches!r}")


def _is_map_entry(record: dict[str, Any]) -> bool:
    names = [f.get("name") for f in record.get("fields", [])]
    return names == ["key", "value"] and (
        record.get("name") == MAP_ENTRY or record.get("connect.internal.type") == MAP_ENTRY
    )


def _with_default(schema: Schema, avro_default: Any) -> Schema:
    """``schema`` with the Connect value of an Avro field default (ignored when it cannot be mapped)."""
    try:
        datum = (
            avro_default.encode("latin-1")
            if schema.type is Type.BYTES and isinstance(avro_default, str)
            else (avro_default)
        )
        value = from_avro_value(schema, datum)
        return Schema(
            schema.type,
            optional=schema.optional,
            default=value,
            name=schema.name,
            version=schema.version,
            doc=schema.doc,
            parameters=schema.parameters,
            fields=[(f.name, f.schema) for f in schema.fields],
            key_schema=schema.key_schema,
            value_schema=schema.value_schema,
        )
    except (DataError, TypeError, ValueError, AttributeError, KeyError):
        return schema


def to_connect_schema(avro: Any, references: Sequence[Any] = ()) -> Schema:
    """The Connect schema of an Avro schema (JSON value), as AvroData's ``toConnectSchema``.

    ``references``: the schemas (JSON values) of registry references, whose named types
    ``avro`` may use by name.
    """
    converter = _ToConnect()
    for ref in references:
        converter.schema(ref, None)
    return converter.schema(avro, None)
