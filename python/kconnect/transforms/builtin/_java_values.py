"""Java's text forms and numeric conversions that the built-in transforms must reproduce."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
import struct
from typing import Any

from kconnect.data import logical

_FLOAT32_MAX = 3.4028234663852886e38


def to_float32(value: float) -> float:
    """``value`` rounded to the nearest float32 (overflow gives infinity, as Java's cast)."""
    if math.isnan(value) or math.isinf(value):
        return value
    if abs(value) > _FLOAT32_MAX:
        # values that round down to FLT_MAX stay finite; farther ones overflow
        try:
            return float(struct.unpack("<f", struct.pack("<f", value))[0])
        except OverflowError:
            return math.copysign(math.inf, value)
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def _shortest_float32_digits(value: float) -> str:
    for precision in range(1, 10):
        text = f"{value:.{precision}g}"
        if to_float32(float(text)) == value:
            return text
    return repr(value)


def double_to_string(value: float, *, float32: bool = False) -> str:
    """Java's ``Double.toString`` (or ``Float.toString`` with ``float32``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    text = _shortest_float32_digits(value) if float32 else repr(value)
    negative, digit_tuple, exponent = decimal.Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    sign = "-" if negative else ""
    lead = len(digit_tuple) - 1 + exponent  # decimal exponent of the first significant digit
    all_digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    if 1e-3 <= abs(value) < 1e7:
        point = lead + 1
        if point <= 0:
            text = "0." + "0" * (-point) + all_digits
        elif point >= len(all_digits):
            text = all_digits + "0" * (point - len(all_digits)) + ".0"
        else:
            text = all_digits[:point] + "." + all_digits[point:]
        return sign + text
    frac = all_digits[1:] or "0"
    return f"{sign}{all_digits[0]}.{frac}E{lead}"


def wrap_int(value: int, bits: int) -> int:
    """Two's-complement narrowing (Java's ``(byte)``, ``(short)``, ``(int)`` on integers)."""
    mask = (1 << bits) - 1
    value &= mask
    return value - (1 << bits) if value >> (bits - 1) else value


def float_to_int(value: float, bits: int) -> int:
    """Java's ``(int)``/``(long)`` of a double (saturating, NaN -> 0), then narrowing for 8/16 bits."""
    if math.isnan(value):
        return 0
    target = 64 if bits == 64 else 32
    low, high = -(2 ** (target - 1)), 2 ** (target - 1) - 1
    truncated = low if value <= low else high if value >= high else int(value)
    return wrap_int(truncated, bits) if bits < 32 else truncated


def logical_millis(value: Any) -> int:
    """Milliseconds of a Date/Time/Timestamp value as ``java.util.Date.getTime()``."""
    if isinstance(value, dt.datetime):
        return logical.timestamp_to_millis(value)
    if isinstance(value, dt.date):
        return logical.date_to_days(value) * logical.MS_PER_DAY
    if isinstance(value, dt.time):
        return logical.time_to_millis(value)
    raise TypeError(f"not a temporal value: {value!r}")


def date_to_string(millis: int) -> str:
    """Java's ``Values.dateFormatFor(d).format(d)`` (UTC)."""
    when = logical.EPOCH + dt.timedelta(milliseconds=millis)
    if millis < logical.MS_PER_DAY:
        return when.strftime("%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
    if millis % logical.MS_PER_DAY == 0:
        return when.strftime("%Y-%m-%d")
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def to_java_string(value: Any) -> str:
    """``String.valueOf`` of a Connect value, with Java's forms for booleans, floats, bytes, dates."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return double_to_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.date | dt.time):
        return date_to_string(logical_millis(value))
    return str(value)
