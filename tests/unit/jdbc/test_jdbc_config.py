"""JDBC source configuration: defaults, required keys and cross-key rules, each naming the key."""

from __future__ import annotations

import pytest

from kconnect.connectors.jdbc.config import CONFIG_DEF, parse_settings, settings_errors
from kconnect.errors import ConfigError

BASE = {"connection.url": "jdbc:sqlite:x.db", "mode": "bulk", "topic.prefix": "p-"}


def test_defaults_match_the_reference() -> None:
    s = parse_settings(BASE)
    assert (s.attempts, s.backoff_ms, s.poll_interval_ms, s.batch_max_rows) == (3, 10000, 5000, 1000)
    assert (s.table_poll_interval_ms, s.delay_ms, s.validate_non_null, s.quote) == (60000, 0, True, True)
    assert s.table_types == ("TABLE",) and s.numeric_mapping == "none" and str(s.timezone) == "UTC"
    assert s.timestamp_initial is None and s.incrementing_column == "" and s.query == ""


def test_password_is_a_password_key_and_parsed_to_its_value() -> None:
    assert CONFIG_DEF.key("connection.password").type.name == "PASSWORD"
    assert parse_settings({**BASE, "connection.password": "s3cret"}).password == "s3cret"


def test_several_timestamp_columns_are_kept_in_order() -> None:
    s = parse_settings({**BASE, "mode": "timestamp", "timestamp.column.name": "updated, created"})
    assert s.timestamp_columns == ("updated", "created") and s.uses_timestamp and not s.uses_incrementing


@pytest.mark.parametrize(
    ("extra", "key", "reason"),
    [
        ({"mode": ""}, "mode", "Missing required configuration: mode"),
        ({"mode": "sometimes"}, "mode", "sometimes"),
        ({"connection.url": ""}, "connection.url", "Missing required configuration"),
        ({"mode": "timestamp"}, "timestamp.column.name", "required in mode timestamp"),
        ({"table.whitelist": "a", "table.include.list": "b"}, "table.whitelist", "cannot be used with"),
        ({"table.whitelist": "a", "table.blacklist": "b"}, "table.whitelist", "cannot both be set"),
        ({"query": "SELECT 1", "table.include.list": "a"}, "table.include.list", "cannot be used with query"),
        ({"query": "SELECT 1", "mode": "incrementing"}, "incrementing.column.name", "required with query"),
        ({"db.timezone": "Mars/Olympus"}, "db.timezone", "unknown time zone"),
        ({"topic.prefix": "bad prefix!"}, "topic.prefix", "[a-zA-Z0-9._-]"),
        ({"table.include.list": "a("}, "table.include.list", "bad regex"),
        ({"batch.max.rows": "0"}, "batch.max.rows", "at least 1"),
        ({"numeric.mapping": "exact"}, "numeric.mapping", "exact"),
    ],
)
def test_bad_values_name_the_key_and_the_reason(extra: dict[str, str], key: str, reason: str) -> None:
    errors = settings_errors({**BASE, **extra})
    assert key in errors, errors
    assert reason in errors[key][0]
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_settings({**BASE, **extra})


def test_missing_topic_prefix_is_an_error() -> None:
    props = {k: v for k, v in BASE.items() if k != "topic.prefix"}
    assert "topic.prefix" in settings_errors(props)
