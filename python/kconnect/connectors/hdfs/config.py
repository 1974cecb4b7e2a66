"""Configuration keys of the HDFS sink (same names, defaults and meaning as the reference connector).

Parsed once into :class:`HdfsSinkSettings`, shared by the connector, the tasks
and validation.  Short names and the reference's class names are both accepted
for ``format.class``, ``partitioner.class`` and ``timestamp.extractor``.

kconnect-only key: ``hdfs.webhdfs.port`` (9870), the NameNode HTTP port used
when ``hdfs.url`` is an ``hdfs://`` RPC address and no native libhdfs is
available (kconnect talks WebHDFS; see :mod:`kconnect.connectors.hdfs.storage`).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kconnect.config import NO_DEFAULT, ConfigDef, Importance, Range, Type
from kconnect.errors import ConfigError

HDFS_URL = "hdfs.url"
STORE_URL = "store.url"
HADOOP_CONF_DIR = "hadoop.conf.dir"
HADOOP_HOME = "hadoop.home"
WEBHDFS_PORT = "hdfs.webhdfs.port"
TOPICS_DIR = "topics.dir"
LOGS_DIR = "logs.dir"
FORMAT_CLASS = "format.class"
FLUSH_SIZE = "flush.size"
ROTATE_INTERVAL = "rotate.interval.ms"
ROTATE_SCHEDULE = "rotate.schedule.interval.ms"
RETRY_BACKOFF = "retry.backoff.ms"
SHUTDOWN_TIMEOUT = "shutdown.timeout.ms"
ZERO_PAD = "filename.offset.zero.pad.width"
SCHEMA_COMPATIBILITY = "schema.compatibility"
AVRO_CODEC = "avro.codec"
PARQUET_CODEC = "parquet.codec"
PARTITIONER_CLASS = "partitioner.class"
PARTITION_FIELD = "partition.field.name"
PARTITION_DURATION = "partition.duration.ms"
PATH_FORMAT = "path.format"
LOCALE = "locale"
TIMEZONE = "timezone"
TIMESTAMP_EXTRACTOR = "timestamp.extractor"
TIMESTAMP_FIELD = "timestamp.field"
DIRECTORY_DELIM = "directory.delim"
HIVE_INTEGRATION = "hive.integration"
HIVE_METASTORE_URIS = "hive.metastore.uris"
HIVE_DATABASE = "hive.database"
KERBEROS = "hdfs.authentication.kerberos"
PRINCIPAL = "connect.hdfs.principal"
KEYTAB = "connect.hdfs.keytab"

FORMATS = {
    "avro": "avro",
    "parquet": "parquet",
    "json": "json",
    "string": "string",
}
"""Short name -> format id; class names map through their package (``...hdfs.avro.AvroFormat``)."""

PARTITIONERS = ("default", "field", "timebased", "daily", "hourly")
EXTRACTORS = ("wallclock", "record", "recordfield")
COMPATIBILITIES = ("NONE", "BACKWARD", "FORWARD", "FULL")
AVRO_CODECS = ("null", "deflate", "snappy", "bzip2", "xz", "zstandard")
PARQUET_CODECS = ("none", "uncompressed", "snappy", "gzip", "lz4", "zstd", "brotli")

HDFS = "HDFS"
CONNECTOR = "Connector"
STORAGE = "Storage"
PARTITIONER = "Partitioner"
HIVE = "Hive"


def _short(value: str, suffix: str) -> str:
    """``io.confluent.connect.hdfs.parquet.ParquetFormat``, ``ParquetFormat``, ``parquet``: ``parquet``."""
    simple = value.rsplit(".", 1)[-1].rsplit("$", 1)[-1]
    if simple.endswith(suffix) and len(simple) > len(suffix):
        simple = simple[: -len(suffix)]
    return simple.lower()


def format_id(value: str) -> str:
    """The format a ``format.class`` value names; :class:`ConfigError` for an unknown one."""
    short = _short(value, "Format")
    if short not in FORMATS:
        raise ConfigError(
            f"Invalid value {value} for configuration {FORMAT_CLASS}: "
            f"expected one of {', '.join(sorted(FORMATS))} (or the reference's format class names)"
        )
    return FORMATS[short]


def partitioner_id(value: str) -> str:
    """The partitioner a ``partitioner.class`` value names."""
    short = _short(value, "Partitioner")
    if short not in PARTITIONERS:
        raise ConfigError(
            f"Invalid value {value} for configuration {PARTITIONER_CLASS}: expected one of "
            "Default, Field, TimeBased, Daily, Hourly (or their class names)"
        )
    return short


def extractor_id(value: str) -> str:
    """The timestamp extractor a ``timestamp.extractor`` value names."""
    short = _short(value, "TimestampExtractor")
    if short not in EXTRACTORS:
        raise ConfigError(
            f"Invalid value {value} for configuration {TIMESTAMP_EXTRACTOR}: "
            "expected Wallclock, Record or RecordField"
        )
    return short


def _check(fn: Any) -> Any:
    def check(name: str, value: Any) -> None:
        if value is not None:
            fn(value)

    return check


def _timezone(value: str) -> None:
    if value:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as e:
            raise ConfigError(f"Invalid value {value} for configuration {TIMEZONE}: unknown time zone") from e


def _one_of(name: str, options: tuple[str, ...], *, upper: bool = False) -> Any:
    def check(key: str, value: Any) -> None:
        if value is not None and (value.upper() if upper else value.lower()) not in options:
            raise ConfigError(
                f"Invalid value {value} for configuration {name}: expected one of {', '.join(options)}"
            )

    return check


def _define_storage(d: ConfigDef) -> None:
    d.define(
        HDFS_URL,
        Type.STRING,
        None,
        None,
        Importance.HIGH,
        "The HDFS connection URL: hdfs://host:port, webhdfs://host:http-port, file:///path or any "
        "fsspec URL. Alias of store.url.",
        HDFS,
        1,
    )
    d.define(
        STORE_URL,
        Type.STRING,
        None,
        None,
        Importance.HIGH,
        "Store URL (same as hdfs.url, which wins when both are set).",
        HDFS,
        2,
    )
    d.define(
        HADOOP_CONF_DIR,
        Type.STRING,
        "",
        None,
        Importance.HIGH,
        "The Hadoop configuration directory (accepted for compatibility; WebHDFS needs none).",
        HDFS,
        3,
    )
    d.define(
        HADOOP_HOME,
        Type.STRING,
        "",
        None,
        Importance.HIGH,
        "The Hadoop home directory (accepted for compatibility).",
        HDFS,
        4,
    )
    d.define(
        WEBHDFS_PORT,
        Type.INT,
        9870,
        Range.between(1, 65535),
        Importance.MEDIUM,
        "NameNode HTTP (WebHDFS) port used for hdfs:// URLs.",
        HDFS,
        5,
    )
    d.define(
        KERBEROS,
        Type.BOOLEAN,
        False,
        None,
        Importance.HIGH,
        "Whether HDFS uses Kerberos (not supported by kconnect yet).",
        HDFS,
        6,
    )
    d.define(PRINCIPAL, Type.STRING, "", None, Importance.HIGH, "Kerberos principal.", HDFS, 7)
    d.define(KEYTAB, Type.STRING, "", None, Importance.HIGH, "Kerberos keytab.", HDFS, 8)
    d.define(
        TOPICS_DIR,
        Type.STRING,
        "topics",
        None,
        Importance.HIGH,
        "Top level directory to store the data ingested from Kafka.",
        STORAGE,
        1,
    )
    d.define(
        LOGS_DIR,
        Type.STRING,
        "logs",
        None,
        Importance.HIGH,
        "Top level directory to store the write ahead logs.",
        STORAGE,
        2,
    )
    d.define(DIRECTORY_DELIM, Type.STRING, "/", None, Importance.MEDIUM, "Directory delimiter.", STORAGE, 3)
    d.define(
        FORMAT_CLASS,
        Type.STRING,
        "io.confluent.connect.hdfs.avro.AvroFormat",
        _check(format_id),
        Importance.HIGH,
        "The format of the files: Avro, Parquet, JSON or String "
        "(short names or the reference's class names).",
        CONNECTOR,
        1,
    )


def _define_connector(d: ConfigDef) -> None:
    d.define(
        FLUSH_SIZE,
        Type.INT,
        NO_DEFAULT,
        Range.at_least(1),
        Importance.HIGH,
        "Number of records written to store before invoking file commits.",
        CONNECTOR,
        2,
    )
    d.define(
        ROTATE_INTERVAL,
        Type.LONG,
        -1,
        None,
        Importance.HIGH,
        "The time interval in milliseconds to invoke file commits (-1 disables).",
        CONNECTOR,
        3,
    )
    d.define(
        ROTATE_SCHEDULE,
        Type.LONG,
        -1,
        None,
        Importance.MEDIUM,
        "The time interval in milliseconds to periodically invoke file commits, aligned to the "
        "wall clock in 'timezone' (-1 disables).",
        CONNECTOR,
        4,
    )
    d.define(
        RETRY_BACKOFF,
        Type.LONG,
        5000,
        Range.at_least(0),
        Importance.LOW,
        "The retry backoff in milliseconds after a storage failure.",
        CONNECTOR,
        5,
    )
    d.define(
        SHUTDOWN_TIMEOUT,
        Type.LONG,
        3000,
        Range.at_least(0),
        Importance.MEDIUM,
        "Clean shutdown timeout.",
        CONNECTOR,
        6,
    )
    d.define(
        ZERO_PAD,
        Type.INT,
        10,
        Range.at_least(0),
        Importance.LOW,
        "Width to zero-pad offsets in file names to.",
        CONNECTOR,
        7,
    )
    d.define(
        SCHEMA_COMPATIBILITY,
        Type.STRING,
        "NONE",
        _one_of(SCHEMA_COMPATIBILITY, COMPATIBILITIES, upper=True),
        Importance.HIGH,
        "The schema compatibility rule: NONE, BACKWARD, FORWARD or FULL.",
        CONNECTOR,
        8,
    )
    d.define(
        AVRO_CODEC,
        Type.STRING,
        "null",
        _one_of(AVRO_CODEC, AVRO_CODECS),
        Importance.LOW,
        "The Avro compression codec.",
        CONNECTOR,
        9,
    )
    d.define(
        PARQUET_CODEC,
        Type.STRING,
        "snappy",
        _one_of(PARQUET_CODEC, PARQUET_CODECS),
        Importance.LOW,
        "The Parquet compression codec.",
        CONNECTOR,
        10,
    )


def _define_partitioner(d: ConfigDef) -> None:
    d.define(
        PARTITIONER_CLASS,
        Type.STRING,
        "io.confluent.connect.storage.partitioner.DefaultPartitioner",
        _check(partitioner_id),
        Importance.HIGH,
        "The partitioner.",
        PARTITIONER,
        1,
    )
    d.define(
        PARTITION_FIELD,
        Type.LIST,
        "",
        None,
        Importance.MEDIUM,
        "The record fields used for partitioning by the Field partitioner.",
        PARTITIONER,
        2,
    )
    d.define(
        PARTITION_DURATION,
        Type.LONG,
        -1,
        None,
        Importance.MEDIUM,
        "The duration of a partition in milliseconds (TimeBased).",
        PARTITIONER,
        3,
    )
    d.define(
        PATH_FORMAT,
        Type.STRING,
        "",
        None,
        Importance.MEDIUM,
        "Joda-style directory format of TimeBased partitions, e.g. "
        "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH.",
        PARTITIONER,
        4,
    )
    d.define(
        LOCALE, Type.STRING, "", None, Importance.MEDIUM, "The locale of the path format.", PARTITIONER, 5
    )
    d.define(
        TIMEZONE,
        Type.STRING,
        "",
        _check(_timezone),
        Importance.MEDIUM,
        "The timezone of TimeBased partitions and scheduled rotation.",
        PARTITIONER,
        6,
    )
    d.define(
        TIMESTAMP_EXTRACTOR,
        Type.STRING,
        "Wallclock",
        _check(extractor_id),
        Importance.MEDIUM,
        "Where record time comes from: Wallclock, Record or RecordField.",
        PARTITIONER,
        7,
    )
    d.define(
        TIMESTAMP_FIELD,
        Type.STRING,
        "timestamp",
        None,
        Importance.MEDIUM,
        "The record field holding the timestamp (RecordField).",
        PARTITIONER,
        8,
    )
    d.define(
        HIVE_INTEGRATION,
        Type.BOOLEAN,
        False,
        None,
        Importance.HIGH,
        "Create and evolve Hive tables (not supported by kconnect yet).",
        HIVE,
        1,
    )
    d.define(HIVE_METASTORE_URIS, Type.STRING, "", None, Importance.HIGH, "The Hive metastore URIs.", HIVE, 2)
    d.define(HIVE_DATABASE, Type.STRING, "default", None, Importance.HIGH, "The Hive database.", HIVE, 3)


def config_def() -> ConfigDef:
    """The HDFS sink's configuration definition."""
    d = ConfigDef()
    _define_storage(d)
    _define_connector(d)
    _define_partitioner(d)
    return d


CONFIG_DEF = config_def()


@dataclass(frozen=True)
class HdfsSinkSettings:
    """Parsed and cross-checked HDFS sink settings."""

    url: str
    webhdfs_port: int
    topics_dir: str
    logs_dir: str
    format: str
    flush_size: int
    rotate_interval_ms: int
    rotate_schedule_ms: int
    retry_backoff_ms: int
    zero_pad: int
    compatibility: str
    avro_codec: str
    parquet_codec: str
    partitioner: str
    partition_fields: tuple[str, ...]
    partition_duration_ms: int
    path_format: str
    locale: str
    timezone: str
    extractor: str
    timestamp_field: str
    delim: str

    @classmethod
    def parse(cls, props: Mapping[str, str]) -> HdfsSinkSettings:
        """Parse ``props``; :class:`ConfigError` naming the key for anything invalid."""
        p = CONFIG_DEF.parse(props)
        url = p[HDFS_URL] or p[STORE_URL]
        if not url:
            raise ConfigError(
                f'Missing required configuration "{HDFS_URL}" (or "{STORE_URL}") which has no default value.'
            )
        if p[KERBEROS]:
            raise ConfigError(f"{KERBEROS}=true: Kerberos authentication is not supported by kconnect yet")
        if p[HIVE_INTEGRATION]:
            raise ConfigError(f"{HIVE_INTEGRATION}=true: Hive integration is not supported by kconnect yet")
        s = cls(
            url=url.rstrip("/"),
            webhdfs_port=p[WEBHDFS_PORT],
            topics_dir=p[TOPICS_DIR].strip("/"),
            logs_dir=p[LOGS_DIR].strip("/"),
            format=format_id(p[FORMAT_CLASS]),
            flush_size=p[FLUSH_SIZE],
            rotate_interval_ms=p[ROTATE_INTERVAL],
            rotate_schedule_ms=p[ROTATE_SCHEDULE],
            retry_backoff_ms=p[RETRY_BACKOFF],
            zero_pad=p[ZERO_PAD],
            compatibility=p[SCHEMA_COMPATIBILITY].upper(),
            avro_codec=p[AVRO_CODEC].lower(),
            parquet_codec=p[PARQUET_CODEC].lower(),
            partitioner=partitioner_id(p[PARTITIONER_CLASS]),
            partition_fields=tuple(p[PARTITION_FIELD] or ()),
            partition_duration_ms=p[PARTITION_DURATION],
            path_format=p[PATH_FORMAT],
            locale=p[LOCALE],
            timezone=p[TIMEZONE],
            extractor=extractor_id(p[TIMESTAMP_EXTRACTOR]),
            timestamp_field=p[TIMESTAMP_FIELD],
            delim=p[DIRECTORY_DELIM],
        )
        s._check()
        return s

    def _check(self) -> None:
        if self.partitioner == "field" and not self.partition_fields:
            raise ConfigError(f"{PARTITION_FIELD} is required by the Field partitioner")
        if self.partitioner == "timebased":
            if self.partition_duration_ms <= 0:
                raise ConfigError(f"{PARTITION_DURATION} must be positive for the TimeBased partitioner")
            if not self.path_format:
                raise ConfigError(f"{PATH_FORMAT} is required by the TimeBased partitioner")
        if self.partitioner in ("timebased", "daily", "hourly") and not self.timezone:
            raise ConfigError(f"{TIMEZONE} is required by the {self.partitioner} partitioner")
        if self.rotate_schedule_ms > 0 and not self.timezone:
            raise ConfigError(f"{TIMEZONE} is required when {ROTATE_SCHEDULE} is set")
