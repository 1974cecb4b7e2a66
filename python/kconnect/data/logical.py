"""Logical types: Decimal, Date, Time, Timestamp (Java: ``org.apache.kafka.connect.data``).

A logical type is a primitive schema with a well-known ``name``.  Their wire
representations (what converters write) are:

* Decimal   BYTES, parameter ``scale``; big-endian two's-complement unscaled value
* Date      INT32, days since the Unix epoch (time of day must be zero)
* Time      INT32, milliseconds since midnight
* Timestamp INT64, milliseconds since the Unix epoch, UTC
"""

from __future__ import annotations

import datetime as dt
import decimal

from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.errors import DataError

DECIMAL_NAME = "org.apache.kafka.connect.data.Decimal"
DATE_NAME = "org.apache.kafka.connect.data.Date"
TIME_NAME = "org.apache.kafka.connect.data.Time"
TIMESTAMP_NAME = "org.apache.kafka.connect.data.Timestamp"
SCALE_FIELD = "scale"

EPOCH_DATE = dt.date(1970, 1, 1)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MS_PER_DAY = 86_400_000


def decimal_builder(scale: int) -> SchemaBuilder:
    """A builder for a Decimal schema with ``scale`` digits after the point."""
    return SchemaBuilder.bytes().name(DECIMAL_NAME).parameter(SCALE_FIELD, str(scale)).version(1)


def decimal_schema(scale: int, optional: bool = False) -> Schema:
    b = decimal_builder(scale)
    return (b.optional() if optional else b).build()


def date_builder() -> SchemaBuilder:
    return SchemaBuilder.int32().name(DATE_NAME).version(1)


def time_builder() -> SchemaBuilder:
    return SchemaBuilder.int32().name(TIME_NAME).version(1)


def timestamp_builder() -> SchemaBuilder:
    return SchemaBuilder.int64().name(TIMESTAMP_NAME).version(1)


DATE_SCHEMA = date_builder().build()
TIME_SCHEMA = time_builder().build()
TIMESTAMP_SCHEMA = timestamp_builder().build()
OPTIONAL_DATE_SCHEMA = date_builder().optional().build()
OPTIONAL_TIME_SCHEMA = time_builder().optional().build()
OPTIONAL_TIMESTAMP_SCHEMA = timestamp_builder().optional().build()


def decimal_scale(schema: Schema) -> int:
    """The ``scale`` parameter of a Decimal schema."""
    raw = (schema.parameters or {}).get(SCALE_FIELD)
    if raw is None:
        raise DataError("Invalid Decimal schema: scale parameter not found.")
    return int(raw)


def decimal_to_bytes(value: decimal.Decimal, scale: int) -> bytes:
    """Unscaled big-endian two's complement, as Java's ``BigInteger.toByteArray``."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise DataError(f"Decimal value {value} is not finite")
    if -exponent != scale:
        raise DataError(f"Decimal value has mismatching scale: {-exponent} (expected {scale})")
    unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    length = max(1, (unscaled + (unscaled < 0)).bit_length() // 8 + 1)
    return unscaled.to_bytes(length, "big", signed=True)


def bytes_to_decimal(raw: bytes, scale: int) -> decimal.Decimal:
    unscaled = int.from_bytes(raw, "big", signed=True)
    digits = tuple(int(c) for c in str(abs(unscaled)))
    return decimal.Decimal((1 if unscaled < 0 else 0, digits, -scale))


def date_to_days(value: dt.date) -> int:
    if isinstance(value, dt.datetime):
        raise DataError("Date values must be datetime.date, not datetime.datetime")
    return (value - EPOCH_DATE).days


def days_to_date(days: int) -> dt.date:
    return EPOCH_DATE + dt.timedelta(days=days)


def time_to_millis(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.microsecond // 1000


def millis_to_time(ms: int) -> dt.time:
    if not 0 <= ms < MS_PER_DAY:
        raise DataError(f"Time values must be within one day, got {ms} ms")
    seconds, millis = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, millis * 1000)


def timestamp_to_millis(value: dt.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def millis_to_timestamp(ms: int) -> dt.datetime:
    return EPOCH + dt.timedelta(milliseconds=ms)
