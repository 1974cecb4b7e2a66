"""Partitioners: which directory under ``<topics.dir>/<topic>/`` a record's file goes to.

Same encodings as the reference: Default ``partition=<kafkaPartition>``; Field
``f1=v1/f2=v2`` from the record value; TimeBased the bucket
``floor(local time / partition.duration.ms)`` formatted with the Joda-style
``path.format`` in ``timezone`` (Daily and Hourly are presets).  Record time
comes from the wall clock, the record timestamp or a value field.

Also accepted (the reference rejects them): schemaless map values for Field and
RecordField, and ISO-8601 strings in a RecordField.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zoneinfo
from collections.abc import Callable
from typing import Any

from kconnect.api.records import SinkRecord
from kconnect.connectors.hdfs.config import HdfsSinkSettings
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError, DataError

__all__ = ["DAILY_FORMAT", "HOURLY_FORMAT", "Partitioner", "format_joda", "make_partitioner"]

DAILY_FORMAT = "'year'=YYYY/'month'=MM/'day'=dd"
HOURLY_FORMAT = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH"
_DAY_MS = 86_400_000
_HOUR_MS = 3_600_000

TimeOf = Callable[[SinkRecord], int]


class Partitioner:
    """Maps a record to its encoded partition (a relative directory path)."""

    def __init__(self, encode: Callable[[SinkRecord], str], time_of: TimeOf | None = None) -> None:
        self._encode = encode
        self.time_of = time_of
        """Record time in ms for time-based rotation (None: wall clock)."""

    def encode(self, record: SinkRecord) -> str:
        """The encoded partition of ``record``."""
        return self._encode(record)


def make_partitioner(s: HdfsSinkSettings) -> Partitioner:
    """The partitioner ``s`` configures."""
    if s.partitioner == "default":
        return Partitioner(lambda r: f"partition={r.kafka_partition}")
    if s.partitioner == "field":
        fields = s.partition_fields
        return Partitioner(lambda r: s.delim.join(f"{f}={_field_text(r, f)}" for f in fields))
    if s.partitioner == "daily":
        duration, fmt = _DAY_MS, DAILY_FORMAT
    elif s.partitioner == "hourly":
        duration, fmt = _HOUR_MS, HOURLY_FORMAT
    else:
        duration, fmt = s.partition_duration_ms, s.path_format
    tz = zoneinfo.ZoneInfo(s.timezone)
    time_of = make_extractor(s)
    compiled = compile_joda(fmt)

    def encode(record: SinkRecord) -> str:
        return format_bucket(time_of(record), duration, tz, compiled)

    return Partitioner(encode, None if s.extractor == "wallclock" else time_of)


def make_extractor(s: HdfsSinkSettings) -> TimeOf:
    """The ``timestamp.extractor``: record -> epoch milliseconds."""
    if s.extractor == "wallclock":
        return lambda r: int(time.time() * 1000)
    if s.extractor == "record":
        return _record_time
    field = s.timestamp_field
    return lambda r: _field_time(r, field)


def _record_time(record: SinkRecord) -> int:
    if record.timestamp is None or record.timestamp < 0:
        raise DataError(
            f"record {record.topic}-{record.kafka_partition}@{record.kafka_offset} has no timestamp "
            "for timestamp.extractor=Record"
        )
    return record.timestamp


def _lookup(record: SinkRecord, path: str) -> Any:
    value: Any = record.value
    for part in path.split("."):
        if isinstance(value, (Struct, dict)):
            value = value.get(part)
        else:
            raise DataError(
                f"record {record.topic}-{record.kafka_partition}@{record.kafka_offset}: field {path!r} "
                f"not found (the value is {type(record.value).__name__}, not a struct or map)"
            )
    return value


def _field_text(record: SinkRecord, name: str) -> str:
    value = _lookup(record, name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    raise DataError(
        f"record {record.topic}-{record.kafka_partition}@{record.kafka_offset}: partition field {name!r} "
        f"is {type(value).__name__}; the Field partitioner needs an integer, string or boolean"
    )


def _field_time(record: SinkRecord, name: str) -> int:
    value = _lookup(record, name)
    if isinstance(value, dt.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.UTC)
            return int(parsed.timestamp() * 1000)
    raise DataError(
        f"record {record.topic}-{record.kafka_partition}@{record.kafka_offset}: timestamp field {name!r} "
        f"is {value!r}; expected epoch milliseconds, a Timestamp or an ISO-8601 string"
    )


def format_bucket(ts_ms: int, duration_ms: int, tz: dt.tzinfo, compiled: list[tuple[str, str]]) -> str:
    """The start of ``ts_ms``'s bucket, aligned in local time of ``tz``, formatted by ``compiled``."""
    utc = dt.datetime.fromtimestamp(ts_ms / 1000, dt.UTC)
    offset_ms = int(utc.astimezone(tz).utcoffset().total_seconds() * 1000)  # type: ignore[union-attr]
    local = ts_ms + offset_ms
    start = local // duration_ms * duration_ms - offset_ms
    moment = dt.datetime.fromtimestamp(start / 1000, dt.UTC).astimezone(tz)
    return _render(moment, compiled)


_TOKEN = re.compile(r"'((?:[^']|'')*)'|([A-Za-z])\2*|[^A-Za-z']+")


def compile_joda(pattern: str) -> list[tuple[str, str]]:
    """Split a Joda-Time pattern into ("lit", text) and ("field", letters) tokens."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        if m.start() != pos:
            break
        pos = m.end()
        if m.group(1) is not None:
            out.append(("lit", m.group(1).replace("''", "'") or "'"))
        elif m.group(2) is not None:
            if m.group(2) not in _FIELDS:
                raise ConfigError(f"path.format {pattern!r}: unsupported pattern letter {m.group(2)!r}")
            out.append(("field", m.group(0)))
        else:
            out.append(("lit", m.group(0)))
    if pos != len(pattern):
        raise ConfigError(f"path.format {pattern!r}: unterminated quote at position {pos}")
    return out


def format_joda(moment: dt.datetime, pattern: str) -> str:
    """``moment`` formatted with a Joda-Time ``pattern`` (the subset path formats use)."""
    return _render(moment, compile_joda(pattern))


def _num(value: int, width: int) -> str:
    return str(value).zfill(width)


def _year(m: dt.datetime, n: int) -> str:
    return _num(m.year % 100, 2) if n == 2 else _num(m.year, n)


_FIELDS: dict[str, Callable[[dt.datetime, int], str]] = {
    "y": _year,
    "Y": _year,
    "M": lambda m, n: m.strftime("%B") if n >= 4 else m.strftime("%b") if n == 3 else _num(m.month, n),
    "d": lambda m, n: _num(m.day, n),
    "D": lambda m, n: _num(m.timetuple().tm_yday, n),
    "H": lambda m, n: _num(m.hour, n),
    "h": lambda m, n: _num((m.hour - 1) % 12 + 1, n),
    "m": lambda m, n: _num(m.minute, n),
    "s": lambda m, n: _num(m.second, n),
    "S": lambda m, n: _num(m.microsecond // 1000, 3)[:n],
    "a": lambda m, n: "AM" if m.hour < 12 else "PM",
    "E": lambda m, n: m.strftime("%A") if n >= 4 else m.strftime("%a"),
    "w": lambda m, n: _num(m.isocalendar()[1], n),
    "x": lambda m, n: _num(m.isocalendar()[0], n),
}


def _render(moment: dt.datetime, compiled: list[tuple[str, str]]) -> str:
    return "".join(text if kind == "lit" else _FIELDS[text[0]](moment, len(text)) for kind, text in compiled)
