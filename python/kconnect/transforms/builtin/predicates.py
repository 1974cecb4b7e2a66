"""Predicates ``TopicNameMatches``, ``HasHeaderKey``, ``RecordIsTombstone``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kconnect.api.records import ConnectRecord
from kconnect.api.transforms import Predicate
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Type as ConfigType
from kconnect.config.validators import CompositeValidator, NonEmptyString
from kconnect.transforms.builtin._util import parse_config
from kconnect.transforms.builtin.routers import REGEX_VALIDATOR
from kconnect.transforms.java_regex import compile_java_regex

PACKAGE = "org.apache.kafka.connect.transforms.predicates"


class TopicNameMatches(Predicate[ConnectRecord]):
    """True when ``pattern`` matches the whole topic name."""

    JAVA_NAME = f"{PACKAGE}.TopicNameMatches"
    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef().define(
        "pattern",
        ConfigType.STRING,
        validator=CompositeValidator.of(NonEmptyString(), REGEX_VALIDATOR),
        documentation="A Java regular expression for matching against the name of a record's topic.",
    )

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.pattern = compile_java_regex(parse_config(self.CONFIG_DEF, configs)["pattern"])

    def test(self, record: ConnectRecord) -> bool:
        return self.pattern.fullmatch(record.topic) is not None

    def __repr__(self) -> str:
        return f"TopicNameMatches{{pattern={self.pattern.pattern}}}"


class HasHeaderKey(Predicate[ConnectRecord]):
    """True when the record has at least one header called ``name``."""

    JAVA_NAME = f"{PACKAGE}.HasHeaderKey"
    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef().define(
        "name", ConfigType.STRING, validator=NonEmptyString(), documentation="The header name."
    )

    def configure(self, configs: Mapping[str, Any]) -> None:
        self.name: str = parse_config(self.CONFIG_DEF, configs)["name"]

    def test(self, record: ConnectRecord) -> bool:
        return record.headers.last_with_name(self.name) is not None


class RecordIsTombstone(Predicate[ConnectRecord]):
    """True when the record's value is null."""

    JAVA_NAME = f"{PACKAGE}.RecordIsTombstone"
    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef()

    def test(self, record: ConnectRecord) -> bool:
        return record.value is None
