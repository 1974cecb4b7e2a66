"""``RegexRouter`` and ``TimestampRouter``: compute a new topic name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.api.transforms import Transformation
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.types import invalid_value
from kconnect.config.validators import LambdaValidator
from kconnect.data import logical
from kconnect.errors import DataError
from kconnect.transforms.builtin._util import PACKAGE, changed, parse_config
from kconnect.transforms.date_format import SimpleDateFormat
from kconnect.transforms.java_regex import compile_java_regex, java_replacement


def _check_regex(name: str, value: Any) -> None:
    if value is None:
        return
    try:
        compile_java_regex(value)
    except ValueError as e:
        raise invalid_value(name, value, f"Invalid regex: {e}") from None


REGEX_VALIDATOR = LambdaValidator(_check_regex, "valid regex")


def _regex_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "regex",
        ConfigType.STRING,
        validator=REGEX_VALIDATOR,
        documentation="Regular expression to use for matching.",
    )
    d.define("replacement", ConfigType.STRING, documentation="Replacement string.")
    return d


class RegexRouter(Transformation[ConnectRecord]):
    """If ``regex`` matches the whole topic, the topic becomes ``replaceFirst(replacement)``."""

    JAVA_NAME = f"{PACKAGE}.RegexRouter"
    CONFIG_DEF: ClassVar[ConfigDef] = _regex_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.regex = compile_java_regex(c["regex"])
        self.replacement = java_replacement(c["replacement"])

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        if self.regex.fullmatch(record.topic) is None:
            return record
        return changed(record, topic=self.regex.sub(self.replacement, record.topic, count=1))


def _timestamp_router_def() -> ConfigDef:
    d = ConfigDef()
    d.define(
        "topic.format",
        ConfigType.STRING,
        "${topic}-${timestamp}",
        documentation="Format string which can contain ${topic} and ${timestamp} as placeholders for the "
        "topic and timestamp, respectively.",
    )
    d.define(
        "timestamp.format",
        ConfigType.STRING,
        "yyyyMMdd",
        documentation="Format string for the timestamp that is compatible with java.text.SimpleDateFormat.",
    )
    return d


class TimestampRouter(Transformation[ConnectRecord]):
    """Topic := ``topic.format`` with ``${topic}`` and ``${timestamp}`` (UTC) substituted."""

    JAVA_NAME = f"{PACKAGE}.TimestampRouter"
    CONFIG_DEF: ClassVar[ConfigDef] = _timestamp_router_def()

    def configure(self, configs: Mapping[str, Any]) -> None:
        c = parse_config(self.CONFIG_DEF, configs)
        self.topic_format: str = c["topic.format"]
        self.timestamp_format = SimpleDateFormat(c["timestamp.format"])

    def apply(self, record: ConnectRecord) -> ConnectRecord | None:
        if record.timestamp is None:
            raise DataError(f"Timestamp missing on record: {record}")
        when: dt.datetime = logical.millis_to_timestamp(record.timestamp)
        formatted = self.timestamp_format.format(when)
        topic = self.topic_format.replace("${topic}", record.topic).replace("${timestamp}", formatted)
        return changed(record, topic=topic)
