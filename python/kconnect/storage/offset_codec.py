"""Encoding of source offsets as Connect stores them (offsets topic and offsets file).

Key: JSON array ``["<connector>", {<source partition>}]``; value: JSON object of
the source offset, or null (deleted).  Both are compact JSON written the way
Jackson writes them (no spaces, non-ASCII kept as UTF-8, doubles in Java's
``Double.toString`` form) so the bytes equal Java Connect's and lookups by
exact key bytes work across both runtimes.
"""

from __future__ import annotations

import decimal
import json
import math
from collections.abc import Mapping
from typing import Any

from kconnect.errors import DataError

PartitionMap = Mapping[str, Any]
OffsetMap = Mapping[str, Any]


def java_double(value: float) -> str:
    """Java's ``Double.toString``: ``1.0``, ``1.0E10``, ``1.0E-5``, ``NaN``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(value)
        return text if "." in text else text + ".0"
    # Scientific form from the shortest round-trip digits, as Java prints them.
    digits_tuple = decimal.Decimal(repr(magnitude)).as_tuple()
    digits = "".join(map(str, digits_tuple.digits)).rstrip("0") or "0"
    assert isinstance(digits_tuple.exponent, int)
    exponent = digits_tuple.exponent + len(digits_tuple.digits) - 1
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


def _check_primitive(value: Any, where: str) -> None:
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    raise DataError(
        f"{where} values must be primitives (string, number, boolean, null), got {type(value).__name__}"
    )


def dumps_json(value: Any) -> str:
    """Compact JSON as Jackson writes it (Java double formatting)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, Mapping):
        return (
            "{"
            + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{dumps_json(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps_json(v) for v in value) + "]"
    raise DataError(f"cannot serialise {type(value).__name__} as JSON")


def encode_key(connector: str, partition: PartitionMap) -> bytes:
    """Offsets-topic key bytes for ``partition`` of ``connector``."""
    for k, v in partition.items():
        _check_primitive(v, f"Source partition key {k!r}:")
    return dumps_json([connector, dict(partition)]).encode("utf-8")


def encode_value(offset: OffsetMap | None) -> bytes | None:
    """Offsets-topic value bytes (None for a deleted offset)."""
    if offset is None:
        return None
    for k, v in offset.items():
        _check_primitive(v, f"Source offset key {k!r}:")
    return dumps_json(dict(offset)).encode("utf-8")


def decode_key(raw: bytes) -> tuple[str, dict[str, Any]]:
    """(connector, partition) from key bytes; DataError if it is not Connect's shape."""
    try:
        parsed = json.loads(raw)
    except ValueError as e:
        raise DataError(f"offset key is not JSON: {raw[:80]!r}: {e}") from e
    if not (
        isinstance(parsed, list)
        and len(parsed) == 2
        and isinstance(parsed[0], str)
        and isinstance(parsed[1], dict)
    ):
        raise DataError(f'offset key must be ["<connector>", {{partition}}], got {raw[:80]!r}')
    return parsed[0], parsed[1]


def decode_value(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError as e:
        raise DataError(f"offset value is not JSON: {raw[:80]!r}: {e}") from e
    if parsed is None:
        return None
    if not isinstance(parsed, dict):
        raise DataError(f"offset value must be a JSON object, got {raw[:80]!r}")
    return parsed


def partition_identity(partition: PartitionMap) -> str:
    """A canonical string for matching partitions by parsed value (key order independent)."""
    return json.dumps(dict(partition), sort_keys=True, separators=(",", ":"))
