"""Configuration keys of the JDBC source connector (same names, defaults and meaning as the reference).

Parsed once into :class:`SourceSettings`, which the connector, tasks and
validation share.  Cross-key rules (legacy vs new table lists, columns a mode
needs, query vs table filters) live in :func:`check_settings` so that
``/config/validate`` and connector start report the same key and reason.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kconnect.config import ConfigDef, Importance, Password, Range, Type, ValidString
from kconnect.errors import ConfigError

CONNECTION_URL = "connection.url"
CONNECTION_USER = "connection.user"
CONNECTION_PASSWORD = "connection.password"
CONNECTION_ATTEMPTS = "connection.attempts"
CONNECTION_BACKOFF = "connection.backoff.ms"
DIALECT_NAME = "dialect.name"
TABLE_WHITELIST = "table.whitelist"
TABLE_BLACKLIST = "table.blacklist"
TABLE_INCLUDE = "table.include.list"
TABLE_EXCLUDE = "table.exclude.list"
TABLE_TYPES = "table.types"
SCHEMA_PATTERN = "schema.pattern"
CATALOG_PATTERN = "catalog.pattern"
NUMERIC_MAPPING = "numeric.mapping"
MODE = "mode"
INCREMENTING_COLUMN = "incrementing.column.name"
TIMESTAMP_COLUMN = "timestamp.column.name"
TIMESTAMP_INITIAL = "timestamp.initial"
TIMESTAMP_DELAY = "timestamp.delay.interval.ms"
VALIDATE_NON_NULL = "validate.non.null"
QUERY = "query"
QUERY_SUFFIX = "query.suffix"
QUOTE_IDENTIFIERS = "quote.sql.identifiers"
TOPIC_PREFIX = "topic.prefix"
POLL_INTERVAL = "poll.interval.ms"
BATCH_MAX_ROWS = "batch.max.rows"
TABLE_POLL_INTERVAL = "table.poll.interval.ms"
DB_TIMEZONE = "db.timezone"
TABLES = "tables"
"""Task-only key: a JSON list of the fully qualified tables a task polls."""

MODE_BULK = "bulk"
MODE_INCREMENTING = "incrementing"
MODE_TIMESTAMP = "timestamp"
MODE_TIMESTAMP_INCREMENTING = "timestamp+incrementing"
MODES = (MODE_BULK, MODE_INCREMENTING, MODE_TIMESTAMP, MODE_TIMESTAMP_INCREMENTING)
NUMERIC_MAPPINGS = ("none", "precision_only", "best_fit", "best_fit_eager_double")
TIMESTAMP_INITIAL_CURRENT = -1
TOPIC_CHARS = re.compile(r"[a-zA-Z0-9._-]*")

DATABASE = "Database"
MODE_GROUP = "Mode"
CONNECTOR = "Connector"


def _topic_prefix(name: str, value: Any) -> None:
    if value is None:
        return
    if len(value) > 249 or not TOPIC_CHARS.fullmatch(value):
        raise ConfigError(
            f"Invalid value {value} for configuration {name}: a topic prefix has at most 249 "
            "characters from [a-zA-Z0-9._-]"
        )


def _timezone(name: str, value: Any) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as e:
        raise ConfigError(f"Invalid value {value} for configuration {name}: unknown time zone") from e


def _regex_list(name: str, value: Any) -> None:
    for pattern in value or []:
        try:
            re.compile(pattern)
        except re.error as e:
            raise ConfigError(f"Invalid value {pattern} for configuration {name}: bad regex: {e}") from e


CONFIG_DEF = (
    ConfigDef()
    .define(CONNECTION_URL, Type.STRING, None, None, Importance.HIGH,
            "JDBC connection URL: jdbc:postgresql://host:port/db, jdbc:sqlite:path, or a native "
            "postgresql:// URL.", DATABASE, 1)
    .define(CONNECTION_USER, Type.STRING, None, None, Importance.HIGH, "JDBC connection user.", DATABASE, 2)
    .define(CONNECTION_PASSWORD, Type.PASSWORD, None, None, Importance.HIGH,
            "JDBC connection password.", DATABASE, 3)
    .define(CONNECTION_ATTEMPTS, Type.INT, 3, Range.at_least(1), Importance.LOW,
            "Maximum number of attempts to retrieve a valid JDBC connection.", DATABASE, 4)
    .define(CONNECTION_BACKOFF, Type.LONG, 10000, Range.at_least(0), Importance.LOW,
            "Backoff time in milliseconds between connection attempts.", DATABASE, 5)
    .define(CATALOG_PATTERN, Type.STRING, None, None, Importance.MEDIUM,
            "Catalog pattern to fetch table metadata from the database.", DATABASE, 6)
    .define(TABLE_WHITELIST, Type.LIST, "", None, Importance.MEDIUM,
            "List of tables to include in copying (legacy; exact names).", DATABASE, 7)
    .define(TABLE_BLACKLIST, Type.LIST, "", None, Importance.MEDIUM,
            "List of tables to exclude from copying (legacy; exact names).", DATABASE, 8)
    .define(TABLE_INCLUDE, Type.LIST, "", _regex_list, Importance.MEDIUM,
            "Regular expressions matching the fully qualified names of tables to copy.", DATABASE, 9)
    .define(TABLE_EXCLUDE, Type.LIST, "", _regex_list, Importance.MEDIUM,
            "Regular expressions matching the fully qualified names of tables not to copy.", DATABASE, 10)
    .define(SCHEMA_PATTERN, Type.STRING, None, None, Importance.MEDIUM,
            "Schema pattern (SQL LIKE) to fetch table metadata from the database.", DATABASE, 11)
    .define(NUMERIC_MAPPING, Type.STRING, "none", ValidString.in_(*NUMERIC_MAPPINGS), Importance.LOW,
            "Map NUMERIC values by precision and optionally scale to integral or decimal types.",
            DATABASE, 12)
    .define(DIALECT_NAME, Type.STRING, "", ValidString.in_("", "PostgreSqlDatabaseDialect",
                                                         "SqliteDatabaseDialect"), Importance.LOW,
            "The dialect to use; empty picks it from the connection URL.", DATABASE, 13)
    .define(MODE, Type.STRING, "", ValidString.in_("", *MODES), Importance.HIGH,
            "How the table is polled: bulk, incrementing, timestamp or timestamp+incrementing.",
            MODE_GROUP, 1)
    .define(INCREMENTING_COLUMN, Type.STRING, "", None, Importance.MEDIUM,
            "The strictly incrementing column used to detect new rows; empty = auto-increment column.",
            MODE_GROUP, 2)
    .define(TIMESTAMP_COLUMN, Type.LIST, "", None, Importance.MEDIUM,
            "Timestamp column(s) used to detect new or modified rows; several are COALESCEd.",
            MODE_GROUP, 3)
    .define(TIMESTAMP_INITIAL, Type.LONG, None, None, Importance.LOW,
            "Epoch milliseconds to start timestamp polling from; -1 = the database's current time.",
            MODE_GROUP, 4)
    .define(VALIDATE_NON_NULL, Type.BOOLEAN, True, None, Importance.LOW,
            "Check that the incrementing and timestamp columns are NOT NULL.", MODE_GROUP, 5)
    .define(QUERY, Type.STRING, "", None, Importance.MEDIUM,
            "A custom query instead of copying whole tables.", MODE_GROUP, 6)
    .define(QUOTE_IDENTIFIERS, Type.STRING, "always", ValidString.in_("always", "never"), Importance.MEDIUM,
            "When to quote table and column names in generated SQL.", MODE_GROUP, 7)
    .define(QUERY_SUFFIX, Type.STRING, "", None, Importance.LOW,
            "Suffix appended to the generated query (e.g. LIMIT 1000).", MODE_GROUP, 8)
    .define(TABLE_TYPES, Type.LIST, "TABLE", None, Importance.LOW,
            "Table types to copy: TABLE, VIEW, MATERIALIZED VIEW, PARTITIONED TABLE, FOREIGN TABLE.",
            CONNECTOR, 1)
    .define(POLL_INTERVAL, Type.INT, 5000, Range.at_least(0), Importance.HIGH,
            "Milliseconds between polls of one table.", CONNECTOR, 2)
    .define(BATCH_MAX_ROWS, Type.INT, 1000, Range.at_least(1), Importance.LOW,
            "Maximum rows per poll batch (also the fetch size).", CONNECTOR, 3)
    .define(TABLE_POLL_INTERVAL, Type.LONG, 60000, Range.at_least(0), Importance.LOW,
            "Milliseconds between checks for new or dropped tables.", CONNECTOR, 4)
    .define(TOPIC_PREFIX, Type.STRING, None, _topic_prefix, Importance.HIGH,
            "Prefix of the topic names (table name appended); the whole topic in query mode.", CONNECTOR, 5)
    .define(TIMESTAMP_DELAY, Type.LONG, 0, Range.at_least(0), Importance.HIGH,
            "Rows newer than database-now minus this delay are left for a later poll.", CONNECTOR, 6)
    .define(DB_TIMEZONE, Type.STRING, "UTC", _timezone, Importance.MEDIUM,
            "Time zone of timestamps without a zone in the database.", CONNECTOR, 7)
)  # fmt: skip


@dataclass(frozen=True)
class SourceSettings:
    """The parsed connector (or task) configuration."""

    url: str
    user: str | None
    password: str | None
    attempts: int
    backoff_ms: int
    dialect_name: str
    whitelist: tuple[str, ...]
    blacklist: tuple[str, ...]
    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    table_types: tuple[str, ...]
    schema_pattern: str | None
    catalog_pattern: str | None
    numeric_mapping: str
    mode: str
    incrementing_column: str
    timestamp_columns: tuple[str, ...]
    timestamp_initial: int | None
    delay_ms: int
    validate_non_null: bool
    query: str
    query_suffix: str
    quote: bool
    topic_prefix: str
    poll_interval_ms: int
    batch_max_rows: int
    table_poll_interval_ms: int
    timezone: zoneinfo.ZoneInfo

    @property
    def uses_incrementing(self) -> bool:
        return self.mode in (MODE_INCREMENTING, MODE_TIMESTAMP_INCREMENTING)

    @property
    def uses_timestamp(self) -> bool:
        return self.mode in (MODE_TIMESTAMP, MODE_TIMESTAMP_INCREMENTING)


def parse_settings(props: Mapping[str, str]) -> SourceSettings:
    """Parse and check ``props``; :class:`ConfigError` naming the key on the first problem."""
    errors = settings_errors(props)
    for key, messages in errors.items():
        raise ConfigError(f"Invalid configuration {key}: {messages[0]}")
    return _settings(CONFIG_DEF.parse(props))


def _settings(v: Mapping[str, Any]) -> SourceSettings:
    password = v[CONNECTION_PASSWORD]
    return SourceSettings(
        url=v[CONNECTION_URL],
        user=v[CONNECTION_USER] or None,
        password=password.value() if isinstance(password, Password) else password,
        attempts=v[CONNECTION_ATTEMPTS],
        backoff_ms=v[CONNECTION_BACKOFF],
        dialect_name=v[DIALECT_NAME],
        whitelist=tuple(v[TABLE_WHITELIST]),
        blacklist=tuple(v[TABLE_BLACKLIST]),
        include=tuple(re.compile(p) for p in v[TABLE_INCLUDE]),
        exclude=tuple(re.compile(p) for p in v[TABLE_EXCLUDE]),
        table_types=tuple(t.strip().upper() for t in v[TABLE_TYPES]),
        schema_pattern=v[SCHEMA_PATTERN],
        catalog_pattern=v[CATALOG_PATTERN],
        numeric_mapping=v[NUMERIC_MAPPING],
        mode=v[MODE],
        incrementing_column=v[INCREMENTING_COLUMN] or "",
        timestamp_columns=tuple(c for c in v[TIMESTAMP_COLUMN] if c),
        timestamp_initial=v[TIMESTAMP_INITIAL],
        delay_ms=v[TIMESTAMP_DELAY],
        validate_non_null=v[VALIDATE_NON_NULL],
        query=(v[QUERY] or "").strip(),
        query_suffix=v[QUERY_SUFFIX] or "",
        quote=v[QUOTE_IDENTIFIERS] == "always",
        topic_prefix=v[TOPIC_PREFIX] or "",
        poll_interval_ms=v[POLL_INTERVAL],
        batch_max_rows=v[BATCH_MAX_ROWS],
        table_poll_interval_ms=v[TABLE_POLL_INTERVAL],
        timezone=zoneinfo.ZoneInfo(v[DB_TIMEZONE]),
    )


def settings_errors(props: Mapping[str, str]) -> dict[str, list[str]]:
    """Per-key problems: single-key validation first, then the cross-key rules."""
    errors: dict[str, list[str]] = {}
    for result in CONFIG_DEF.validate(props):
        if result.errors:
            errors[result.name] = list(result.errors)
    if errors:
        return errors
    s = _settings(CONFIG_DEF.parse(props))
    if not s.url:
        errors.setdefault(CONNECTION_URL, []).append("Missing required configuration: connection.url")
    if not s.mode:
        errors.setdefault(MODE, []).append(
            f"Missing required configuration: mode must be one of {', '.join(MODES)}"
        )
    if s.topic_prefix == "" and TOPIC_PREFIX not in props:
        errors.setdefault(TOPIC_PREFIX, []).append(
            'Missing required configuration "topic.prefix" which has no default value.'
        )
    if (s.whitelist or s.blacklist) and (s.include or s.exclude):
        key = TABLE_WHITELIST if s.whitelist else TABLE_BLACKLIST
        errors.setdefault(key, []).append(
            f"{TABLE_WHITELIST}/{TABLE_BLACKLIST} cannot be used with {TABLE_INCLUDE}/{TABLE_EXCLUDE}"
        )
    if s.whitelist and s.blacklist:
        errors.setdefault(TABLE_WHITELIST, []).append(
            f"{TABLE_WHITELIST} and {TABLE_BLACKLIST} cannot both be set"
        )
    if s.query:
        for key, value in (
            (TABLE_WHITELIST, s.whitelist),
            (TABLE_BLACKLIST, s.blacklist),
            (TABLE_INCLUDE, s.include),
            (TABLE_EXCLUDE, s.exclude),
        ):
            if value:
                errors.setdefault(key, []).append(
                    f"{key} cannot be used with {QUERY}: a query reads no tables"
                )
    if s.uses_timestamp and not s.timestamp_columns:
        errors.setdefault(TIMESTAMP_COLUMN, []).append(f"{TIMESTAMP_COLUMN} is required in mode {s.mode}")
    if s.query and s.mode == MODE_INCREMENTING and not s.incrementing_column:
        errors.setdefault(INCREMENTING_COLUMN, []).append(
            f"{INCREMENTING_COLUMN} is required with {QUERY} (there is no table to auto-detect it from)"
        )
    if s.query and s.mode == MODE_TIMESTAMP_INCREMENTING and not s.incrementing_column:
        errors.setdefault(INCREMENTING_COLUMN, []).append(f"{INCREMENTING_COLUMN} is required with {QUERY}")
    return errors
