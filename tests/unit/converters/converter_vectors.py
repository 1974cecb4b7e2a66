"""Rebuild the schemas and values described in ``tests/vectors/jsonconverter.json``.

The vectors are written by ``tools/jsonconverter-vectors`` from Apache Kafka's real
JsonConverter; this module turns their neutral descriptions back into kconnect
objects and normalises values for comparison (NaN-safe, type-strict).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import struct
from pathlib import Path
from typing import Any

from kconnect.data import Schema, Struct, Type, logical

VECTORS_PATH = Path(__file__).resolve().parents[2] / "vectors" / "jsonconverter.json"


def load_vectors() -> dict[str, Any]:
    with VECTORS_PATH.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def schema_from_desc(d: dict[str, Any] | None) -> Schema | None:
    if d is None:
        return None
    t = Type(d["type"])
    kwargs: dict[str, Any] = {
        "optional": d["optional"],
        "name": d.get("name"),
        "version": d.get("version"),
        "doc": d.get("doc"),
        "parameters": d.get("parameters"),
    }
    if t is Type.ARRAY:
        kwargs["value_schema"] = schema_from_desc(d["items"])
    elif t is Type.MAP:
        kwargs["key_schema"] = schema_from_desc(d["keys"])
        kwargs["value_schema"] = schema_from_desc(d["values"])
    elif t is Type.STRUCT:
        kwargs["fields"] = [(f["name"], schema_from_desc(f["schema"])) for f in d["fields"]]
    if "default" in d:
        partial = Schema(t, **kwargs)
        kwargs["default"] = value_from_desc(partial, d["default"])
    return Schema(t, **kwargs)


def f32(x: float) -> float:
    """The float32 nearest ``x``, as a Python float."""
    result: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return result


def value_from_desc(schema: Schema | None, d: dict[str, Any] | None) -> Any:
    if d is None:
        return None
    ((tag, x),) = d.items()
    if tag == "int":
        return int(x)
    if tag == "float":
        return float(x)
    if tag == "float32":
        return f32(float(x))
    if tag in ("bool", "string"):
        return x
    if tag == "bytes":
        return base64.b64decode(x)
    if tag == "decimal":
        return decimal.Decimal(x)
    if tag == "date":
        return logical.days_to_date(x)
    if tag == "time":
        return logical.millis_to_time(x)
    if tag == "timestamp":
        return logical.millis_to_timestamp(x)
    if tag == "array":
        elem = schema.value_schema if schema is not None else None
        return [value_from_desc(elem, i) for i in x]
    if tag == "map":
        ks = schema.key_schema if schema is not None else None
        vs = schema.value_schema if schema is not None else None
        return {value_from_desc(ks, k): value_from_desc(vs, v) for k, v in x}
    if tag == "struct":
        assert schema is not None
        s = Struct(schema)
        for name, val in x.items():
            field = schema.field(name)
            assert field is not None
            if val is not None:
                s.put(name, value_from_desc(field.schema, val))
        return s
    raise AssertionError(f"unknown value tag {tag}")


def norm(v: Any) -> Any:
    """A comparable form of a value: exact types, NaN equal to NaN, structs by schema and fields."""
    if isinstance(v, float):
        return ("float", "nan" if math.isnan(v) else v.hex())
    if isinstance(v, bool | int | str | bytes | decimal.Decimal | dt.date | dt.time) or v is None:
        if isinstance(v, decimal.Decimal):
            return ("decimal", str(v))
        if isinstance(v, dt.datetime):
            return ("datetime", v.isoformat())
        return (type(v).__name__, v)
    if isinstance(v, list):
        return ("list", [norm(i) for i in v])
    if isinstance(v, dict):
        return ("dict", sorted((repr(norm(k)), norm(val)) for k, val in v.items()))
    if isinstance(v, Struct):
        return ("struct", v.schema, [norm(i) for i in v.values_list()])
    raise AssertionError(f"cannot normalise {type(v)}")
