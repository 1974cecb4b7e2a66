"""Partitioners and the Joda path format: the reference's encodings."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kconnect.api.records import SinkRecord
from kconnect.connectors.hdfs.config import HdfsSinkSettings
from kconnect.connectors.hdfs.partitioner import format_joda, make_partitioner
from kconnect.data.schema import SchemaBuilder
from kconnect.data.struct import Struct
from kconnect.errors import ConfigError, DataError

SCHEMA = (
    SchemaBuilder.struct()
    .field("country", SchemaBuilder.string().build())
    .field("n", SchemaBuilder.int32().build())
    .field("f", SchemaBuilder.float64().build())
    .build()
)
TS = int(dt.datetime(2024, 3, 9, 23, 30, 5, tzinfo=dt.UTC).timestamp() * 1000)


def settings(**extra: str) -> HdfsSinkSettings:
    return HdfsSinkSettings.parse({"hdfs.url": "file:///tmp/x", "flush.size": "3", **extra})


def record(value: object = None, ts: int | None = TS, partition: int = 4, offset: int = 7) -> SinkRecord:
    schema = SCHEMA if isinstance(value, Struct) else None
    return SinkRecord("t", partition, None, None, schema, value, ts, kafka_offset=offset)


def test_default_partitioner() -> None:
    assert make_partitioner(settings()).encode(record()) == "partition=4"


def test_field_partitioner_struct_and_map() -> None:
    p = make_partitioner(
        settings(**{"partitioner.class": "FieldPartitioner", "partition.field.name": "country,n"})
    )
    assert p.encode(record(Struct(SCHEMA, {"country": "fr", "n": 3, "f": 1.0}))) == "country=fr/n=3"
    assert p.encode(record({"country": "de", "n": 1})) == "country=de/n=1"


def test_field_partitioner_rejects_floats_naming_the_record() -> None:
    p = make_partitioner(settings(**{"partitioner.class": "Field", "partition.field.name": "f"}))
    with pytest.raises(DataError, match=r"t-4@7: partition field 'f' is float"):
        p.encode(record(Struct(SCHEMA, {"country": "fr", "n": 3, "f": 1.5})))


def test_daily_and_hourly_use_record_time_in_the_timezone() -> None:
    daily = make_partitioner(
        settings(
            **{
                "partitioner.class": "io.confluent.connect.storage.partitioner.DailyPartitioner",
                "timezone": "Europe/Paris",
                "timestamp.extractor": "Record",
            }
        )
    )
    assert daily.encode(record()) == "year=2024/month=03/day=10"  # 00:30 in Paris
    hourly = make_partitioner(
        settings(**{"partitioner.class": "Hourly", "timezone": "UTC", "timestamp.extractor": "Record"})
    )
    assert hourly.encode(record()) == "year=2024/month=03/day=09/hour=23"


def test_time_based_buckets_and_record_field() -> None:
    p = make_partitioner(
        settings(
            **{
                "partitioner.class": "TimeBasedPartitioner",
                "partition.duration.ms": str(15 * 60_000),
                "path.format": "'dt'=YYYY-MM-dd/'min'=HHmm",
                "timezone": "UTC",
                "timestamp.extractor": "RecordField",
                "timestamp.field": "at",
            }
        )
    )
    assert p.encode(record({"at": TS})) == "dt=2024-03-09/min=2330"
    assert p.encode(record({"at": "2024-03-09T23:44:59+00:00"})) == "dt=2024-03-09/min=2330"
    with pytest.raises(DataError, match="timestamp field 'at'"):
        p.encode(record({"at": [1]}))


def test_record_extractor_needs_a_timestamp() -> None:
    p = make_partitioner(
        settings(**{"partitioner.class": "Hourly", "timezone": "UTC", "timestamp.extractor": "Record"})
    )
    with pytest.raises(DataError, match="has no timestamp"):
        p.encode(record(ts=None))


def test_joda_literals_and_fields() -> None:
    moment = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert format_joda(moment, "'year'=YYYY/'it''s'/MMM/dd HH:mm:ss") == "year=2024/it's/Jan/02 03:04:05"
    with pytest.raises(ConfigError, match="unsupported pattern letter"):
        format_joda(moment, "YYYY/q")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"partitioner.class": "Field"}, "partition.field.name is required"),
        (
            {"partitioner.class": "TimeBased", "timezone": "UTC", "path.format": "YYYY"},
            "partition.duration.ms",
        ),
        ({"partitioner.class": "Daily"}, "timezone is required"),
        ({"partitioner.class": "Weekly"}, "Invalid value Weekly for configuration partitioner.class"),
        ({"format.class": "io.confluent.connect.hdfs.orc.OrcFormat"}, "Invalid value .*OrcFormat"),
        ({"timezone": "Mars/Base"}, "unknown time zone"),
        ({"rotate.schedule.interval.ms": "1000"}, "timezone is required"),
        ({"hive.integration": "true"}, "Hive integration is not supported"),
    ],
)
def test_bad_settings_name_the_key(extra: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings(**extra)


def test_missing_url_and_flush_size() -> None:
    with pytest.raises(ConfigError, match=re.escape('"flush.size"')):
        HdfsSinkSettings.parse({"hdfs.url": "file:///x"})
    with pytest.raises(ConfigError, match=re.escape('"hdfs.url"')):
        HdfsSinkSettings.parse({"flush.size": "1"})
    assert HdfsSinkSettings.parse({"store.url": "file:///y/", "flush.size": "1"}).url == "file:///y"


def test_format_names() -> None:
    for value, expected in [
        ("io.confluent.connect.hdfs3.parquet.ParquetFormat", "parquet"),
        ("Avro", "avro"),
        ("io.confluent.connect.hdfs.json.JsonFormat", "json"),
        ("string", "string"),
    ]:
        assert settings(**{"format.class": value}).format == expected
