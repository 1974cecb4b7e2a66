"""SQL result columns -> Connect schema, and driver values -> Connect values (the reference's rules).

BOOLEAN->boolean, small/int/bigint->int16/int32/int64, real->float32,
double->float64, text/char/json/uuid->string, bytea/blob->bytes, DATE->Date,
TIME->Time, TIMESTAMP->Timestamp (zone-less values read in ``db.timezone``),
NUMERIC(p,s)->Decimal(scale s, ``connect.decimal.precision`` p) or narrower per
``numeric.mapping``.  Nullable columns (and anything the catalog cannot vouch
for) are optional.

Decisions beyond the reference:

* NUMERIC without a declared scale cannot be a Connect Decimal (one fixed
  scale per schema) without rounding; it maps to a string holding the exact
  value with ``numeric.mapping`` none/precision_only, to float64 with the
  best_fit variants.  The reference rescales and may fail or truncate.
* Types with no Connect equivalent (arrays, ranges, geometry, intervals, ...)
  are delivered as their text form and logged once, instead of being dropped.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from collections.abc import Callable, Sequence
from typing import Any

from kconnect.connectors.jdbc.dialect import Column, Kind
from kconnect.data import Schema, SchemaBuilder, Struct
from kconnect.data import logical as lg
from kconnect.errors import DataError

log = logging.getLogger(__name__)

Converter = Callable[[Any], Any]
PRECISION_PARAM = "connect.decimal.precision"
_warned: set[tuple[str, str]] = set()


def _int(value: Any) -> Any:
    return value if value is None or type(value) is int else int(value)


def _float(value: Any) -> Any:
    return value if value is None or type(value) is float else float(value)


def _bool(value: Any) -> Any:
    return value if value is None or type(value) is bool else bool(value)


def _str(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)


def _bytes(value: Any) -> Any:
    if value is None or type(value) is bytes:
        return value
    return value.encode() if isinstance(value, str) else bytes(value)


def _decimal(scale: int) -> Converter:
    quantum = decimal.Decimal(1).scaleb(-scale)

    def convert(value: Any) -> Any:
        if value is None:
            return None
        number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
        if number.as_tuple().exponent != -scale:
            number = number.quantize(quantum, rounding=decimal.ROUND_HALF_UP)
        return number

    return convert


def _number_text(value: Any) -> Any:
    if value is None:
        return None
    return format(value, "f") if isinstance(value, decimal.Decimal) else str(value)


def _date(value: Any) -> Any:
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return lg.days_to_date(int(value))


def _time(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    if isinstance(value, dt.time) and value.tzinfo is not None:
        aware = dt.datetime.combine(dt.date(2000, 1, 1), value).astimezone(dt.UTC)
        return aware.time()
    return value


def _timestamp(zone: dt.tzinfo) -> Converter:
    def convert(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        elif isinstance(value, int | float):
            return lg.millis_to_timestamp(int(value))
        elif type(value) is dt.date:
            value = dt.datetime.combine(value, dt.time())
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
            return value if utc else value.astimezone(dt.UTC)
        return value.astimezone(dt.UTC)

    utc = zone is dt.UTC or str(zone) == "UTC"
    return convert


def _int_builder(precision: int) -> SchemaBuilder:
    if precision > 9:
        return SchemaBuilder.int64()
    if precision > 4:
        return SchemaBuilder.int32()
    if precision > 2:
        return SchemaBuilder.int16()
    return SchemaBuilder.int8()


def _numeric(column: Column, mapping: str) -> tuple[SchemaBuilder, Converter | None]:
    p, s = column.precision, column.scale
    if column.kind is Kind.NUMBER:
        if mapping.startswith("best_fit"):
            return SchemaBuilder.float64(), _float
        return SchemaBuilder.string(), _number_text
    if mapping == "precision_only" and s == 0 and 0 < p <= 18:
        return _int_builder(p), _int
    if mapping in ("best_fit", "best_fit_eager_double"):
        if 0 < p <= 18 and s <= 0:
            return _int_builder(p), _int
        if s > 0 and (mapping == "best_fit_eager_double" or 0 < p <= 18):
            return SchemaBuilder.float64(), _float
    builder = lg.decimal_builder(s).parameter(PRECISION_PARAM, str(p))
    return builder, _decimal(s)


def field_mapping(column: Column, mapping: str, zone: dt.tzinfo) -> tuple[SchemaBuilder, Converter | None]:
    """The field schema builder (not yet optional) and value converter of one column."""
    kind = column.kind
    if kind is Kind.BOOLEAN:
        return SchemaBuilder.bool(), _bool
    if kind is Kind.INT8:
        return SchemaBuilder.int8(), _int
    if kind is Kind.INT16:
        return SchemaBuilder.int16(), _int
    if kind is Kind.INT32:
        return SchemaBuilder.int32(), _int
    if kind is Kind.INT64:
        return SchemaBuilder.int64(), _int
    if kind is Kind.FLOAT32:
        return SchemaBuilder.float32(), _float
    if kind is Kind.FLOAT64:
        return SchemaBuilder.float64(), _float
    if kind in (Kind.DECIMAL, Kind.NUMBER):
        return _numeric(column, mapping)
    if kind is Kind.STRING:
        return SchemaBuilder.string(), _str
    if kind is Kind.BYTES:
        return SchemaBuilder.bytes(), _bytes
    if kind is Kind.DATE:
        return lg.date_builder(), _date
    if kind is Kind.TIME:
        return lg.time_builder(), _time
    if kind is Kind.TIMESTAMP:
        return lg.timestamp_builder(), _timestamp(zone)
    key = (column.name, column.type_name)
    if key not in _warned:
        _warned.add(key)
        log.warning(
            "Column %s has type %s with no Connect equivalent; delivering its text form",
            column.name,
            column.type_name,
        )
    return SchemaBuilder.string(), _str


class RowMapper:
    """Turns result rows into Structs of one value schema.

    ``exact`` lists the kinds whose driver values already are the Connect value
    (e.g. psycopg's int, str, bytes, date): those columns are not converted at all.
    """

    def __init__(
        self,
        name: str | None,
        columns: Sequence[Column],
        mapping: str,
        zone: dt.tzinfo,
        exact: frozenset[Kind] = frozenset(),
    ) -> None:
        builder = SchemaBuilder.struct()
        if name:
            builder = builder.name(name)
        converters: list[Converter | None] = []
        for column in columns:
            field, convert = field_mapping(column, mapping, zone)
            builder.field(column.name, (field.optional() if column.nullable else field).build())
            converters.append(None if column.kind in exact else convert)
        self.columns = list(columns)
        self.schema: Schema = builder.build()
        self._converters = converters
        self._active = [(i, c) for i, c in enumerate(converters) if c is not None]
        self._names = [c.name for c in columns]

    def index_of(self, name: str) -> int:
        """Position of a result column (exact name, then case-insensitive); DataError if absent."""
        if name in self._names:
            return self._names.index(name)
        lowered = [n.lower() for n in self._names]
        if name.lower() in lowered:
            return lowered.index(name.lower())
        raise DataError(f"column {name} not found in the result columns {', '.join(self._names)}")

    def values(self, row: Sequence[Any]) -> list[Any]:
        """The converted field values of ``row``; DataError naming the column on a bad value."""
        out = list(row)
        for i, convert in self._active:
            try:
                out[i] = convert(out[i])
            except (ValueError, TypeError, ArithmeticError, OverflowError) as e:
                name, target = self._names[i], self.schema.fields[i].schema
                raise DataError(f"column {name}: cannot convert {out[i]!r} to {target}: {e}") from e
        return out

    def struct(self, values: list[Any]) -> Struct:
        """A Struct of already converted values (checked by the converters, not again)."""
        return Struct._from_converter(self.schema, values)
