"""Column -> Connect schema and value conversion: numeric.mapping, time zones, unknown types."""

from __future__ import annotations

import datetime as dt
import decimal
import zoneinfo

import pytest

from kconnect.connectors.jdbc.dialect import Column, Kind
from kconnect.connectors.jdbc.types import RowMapper
from kconnect.data import Type
from kconnect.errors import DataError

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _schema_and_value(
    column: Column, value: object, mapping: str = "none", zone: dt.tzinfo = dt.UTC
) -> tuple:
    mapper = RowMapper("t", [column], mapping, zone)
    return mapper.schema.fields[0].schema, mapper.values([value])[0]


@pytest.mark.parametrize(
    ("precision", "scale", "mapping", "expected_type", "value", "expected"),
    [
        (10, 2, "none", Type.BYTES, decimal.Decimal("1.5"), decimal.Decimal("1.50")),
        (5, 0, "precision_only", Type.INT32, decimal.Decimal("12345"), 12345),
        (18, 0, "precision_only", Type.INT64, decimal.Decimal("1"), 1),
        (2, 0, "precision_only", Type.INT8, decimal.Decimal("12"), 12),
        (4, 0, "precision_only", Type.INT16, decimal.Decimal("1234"), 1234),
        (19, 0, "precision_only", Type.BYTES, decimal.Decimal("1"), decimal.Decimal("1")),
        (10, 2, "precision_only", Type.BYTES, decimal.Decimal("1.25"), decimal.Decimal("1.25")),
        (10, 2, "best_fit", Type.FLOAT64, decimal.Decimal("1.25"), 1.25),
        (9, 0, "best_fit", Type.INT32, decimal.Decimal("7"), 7),
        (30, 2, "best_fit", Type.BYTES, decimal.Decimal("1.25"), decimal.Decimal("1.25")),
        (30, 2, "best_fit_eager_double", Type.FLOAT64, decimal.Decimal("1.25"), 1.25),
    ],
)
def test_numeric_mapping(
    precision: int, scale: int, mapping: str, expected_type: Type, value: object, expected: object
) -> None:
    column = Column("n", Kind.DECIMAL, "numeric", True, precision, scale)
    schema, converted = _schema_and_value(column, value, mapping)
    assert schema.type is expected_type and schema.optional
    assert converted == expected and type(converted) is type(expected)
    if expected_type is Type.BYTES:
        assert schema.parameters == {"scale": str(scale), "connect.decimal.precision": str(precision)}
        assert converted.as_tuple().exponent == -scale


def test_unconstrained_numeric_is_exact_text_or_a_double() -> None:
    column = Column("n", Kind.NUMBER, "numeric")
    assert _schema_and_value(column, decimal.Decimal("3.14159265358979323846"))[1] == "3.14159265358979323846"
    schema, value = _schema_and_value(column, decimal.Decimal("2.5"), "best_fit")
    assert schema.type is Type.FLOAT64 and value == 2.5


def test_zone_less_timestamps_are_read_in_db_timezone_and_aware_ones_kept() -> None:
    column = Column("ts", Kind.TIMESTAMP, "timestamp")
    naive = dt.datetime(2024, 7, 1, 12, 0)
    assert _schema_and_value(column, naive, zone=BERLIN)[1] == dt.datetime(2024, 7, 1, 10, 0, tzinfo=dt.UTC)
    aware = dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert _schema_and_value(column, aware, zone=BERLIN)[1] == dt.datetime(2024, 7, 1, 7, 0, tzinfo=dt.UTC)
    assert _schema_and_value(column, "2024-07-01 12:00:00.5")[1] == dt.datetime(
        2024, 7, 1, 12, 0, 0, 500000, tzinfo=dt.UTC
    )


def test_dates_times_and_text_forms() -> None:
    assert _schema_and_value(Column("d", Kind.DATE, "date"), "2024-02-29")[1] == dt.date(2024, 2, 29)
    assert _schema_and_value(Column("t", Kind.TIME, "time"), "10:11:12.5")[1] == dt.time(10, 11, 12, 500000)
    tz_time = dt.time(10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert _schema_and_value(Column("t", Kind.TIME, "timetz"), tz_time)[1] == dt.time(8, 0)


def test_unknown_types_become_their_text_form() -> None:
    schema, value = _schema_and_value(Column("p", Kind.UNKNOWN, "point"), (1, 2))
    assert schema.type is Type.STRING and value == "(1, 2)"


def test_not_null_columns_are_required_fields_and_the_struct_carries_the_table_name() -> None:
    mapper = RowMapper("users", [Column("id", Kind.INT64, "int8", nullable=False)], "none", dt.UTC)
    assert mapper.schema.name == "users" and not mapper.schema.fields[0].schema.optional
    assert mapper.struct(mapper.values([7]))["id"] == 7


def test_a_bad_value_names_the_column() -> None:
    mapper = RowMapper("t", [Column("born", Kind.DATE, "date")], "none", dt.UTC)
    with pytest.raises(DataError, match="column born: cannot convert 'not a date'"):
        mapper.values(["not a date"])
