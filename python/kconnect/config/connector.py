"""Connector configuration keys (Java ``ConnectorConfig``, ``SinkConnectorConfig``,
``SourceConnectorConfig``) and their cross-key checks.

``CONNECTOR_CONFIG`` holds the keys of every connector; ``SINK_CONNECTOR_CONFIG`` and
``SOURCE_CONNECTOR_CONFIG`` extend it.  :func:`enrich` adds ``transforms.<alias>.*`` and
``predicates.<alias>.*`` keys; :func:`validate_sink_topics` performs the ``topics`` /
``topics.regex`` / dead-letter-queue checks; :func:`parse_connector_config` runs all of it and
raises one ``ConfigError``.

Decisions:

* ``topics.regex`` is checked with Python's ``re`` (close to, not identical with, Java regex).
* ``topic.creation.<group>.*`` keys are only defined by :func:`enrich` when topic creation is in
  use; the ``default`` group's ``replication.factor``/``partitions`` are then required, as in Java.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from kconnect.config.definition import ConfigDef, ConfigValidationError, ConfigValue
from kconnect.config.types import JAVA_TRIM_CHARS, Importance, Type, Width, invalid_value, parse_type
from kconnect.config.validators import (
    CaseInsensitiveValidString,
    CompositeValidator,
    LambdaValidator,
    NonEmptyString,
    NonEmptyStringWithoutControlChars,
    NonNullValidator,
    Range,
    RegexValidator,
    ValidString,
)
from kconnect.errors import ConfigError

__all__ = [
    "CONNECTOR_CONFIG",
    "SINK_CONNECTOR_CONFIG",
    "SOURCE_CONNECTOR_CONFIG",
    "PluginConfigLookup",
    "PluginVersionRecommender",
    "connector_config_def",
    "enrich",
    "parse_connector_config",
    "sink_topics",
    "validate_framework_config",
    "validate_sink_topics",
]

COMMON_GROUP = "Common"
TRANSFORMS_GROUP = "Transforms"
PREDICATES_GROUP = "Predicates"
ERROR_GROUP = "Error Handling"
TOPIC_CREATION_GROUP = "Topic Creation"
EXACTLY_ONCE_SUPPORT_GROUP = "Exactly Once Support"
OFFSETS_TOPIC_GROUP = "offsets.topic"

PluginConfigLookup = Callable[[str, str], ConfigDef | None]
"""``(kind, class name) -> the plugin's ConfigDef`` (``kind`` is ``transformation`` or ``predicate``)."""


class PluginVersionRecommender:
    """Recommender of a ``*.plugin.version`` key: visible once its plugin class key is set.

    ``versions(class_name)`` lists installed versions of a plugin; without it nothing is recommended.
    """

    def __init__(self, class_key: str, versions: Callable[[str], list[str]] | None = None) -> None:
        self.class_key = class_key
        self.versions = versions

    def valid_values(self, name: str, parsed: Mapping[str, Any]) -> list[Any]:
        class_name = parsed.get(self.class_key)
        if self.versions is None or class_name is None:
            return []
        return list(self.versions(str(class_name)))

    def visible(self, name: str, parsed: Mapping[str, Any]) -> bool:
        return parsed.get(self.class_key) is not None


def _unique_aliases(kind: str) -> CompositeValidator:
    def check(name: str, value: Any) -> None:
        if len(value) > len(set(value)):
            raise invalid_value(name, value, "Duplicate alias provided.")

    return CompositeValidator.of(NonNullValidator(), LambdaValidator(check, f"unique {kind} aliases"))


def connector_config_def() -> ConfigDef:
    """A fresh definition of the keys every connector has."""
    d = ConfigDef()
    order = iter(range(1, 100))
    d.define(
        "name",
        Type.STRING,
        validator=NonEmptyStringWithoutControlChars(),
        importance=Importance.HIGH,
        documentation="Unique name of the connector; may not be empty or contain control characters.",
        group=COMMON_GROUP,
        order_in_group=next(order),
        width=Width.MEDIUM,
        display_name="Connector name",
    )
    d.define(
        "connector.class",
        Type.STRING,
        importance=Importance.HIGH,
        documentation="Connector class: fully qualified name, simple name, or simple name without the "
        "'Connector' suffix.",
        group=COMMON_GROUP,
        order_in_group=next(order),
        width=Width.LONG,
        display_name="Connector class",
    )
    d.define(
        "connector.plugin.version",
        Type.STRING,
        None,
        None,
        Importance.MEDIUM,
        "Version of the connector plugin to use (null = the latest installed).",
        COMMON_GROUP,
        next(order),
        Width.MEDIUM,
        "Connector version",
        recommender=PluginVersionRecommender("connector.class"),
    )
    d.define(
        "tasks.max",
        Type.INT,
        1,
        Range.at_least(1),
        Importance.HIGH,
        "Maximum number of tasks the connector may run.",
        COMMON_GROUP,
        next(order),
        Width.SHORT,
        "Tasks max",
    )
    d.define(
        "tasks.max.enforce",
        Type.BOOLEAN,
        True,
        None,
        Importance.LOW,
        "(Deprecated) Fail the connector when it generates more task configs than tasks.max.",
        COMMON_GROUP,
        next(order),
        Width.SHORT,
        "Enforce tasks max",
    )
    for prefix, label in (("key", "Key"), ("value", "Value"), ("header", "Header")):
        d.define(
            f"{prefix}.converter",
            Type.CLASS,
            None,
            None,
            Importance.LOW,
            f"Converter for record {prefix}s of this connector; overrides the worker's {prefix}.converter.",
            COMMON_GROUP,
            next(order),
            Width.SHORT,
            f"{label} converter class",
        )
        d.define(
            f"{prefix}.converter.plugin.version",
            Type.STRING,
            None,
            None,
            Importance.LOW,
            f"Version of the {prefix} converter plugin to use (null = the latest installed).",
            COMMON_GROUP,
            next(order),
            Width.SHORT,
            f"{label} converter version",
            recommender=PluginVersionRecommender(f"{prefix}.converter"),
        )
    d.define(
        "transforms",
        Type.LIST,
        "",
        _unique_aliases("transformation"),
        Importance.LOW,
        "Aliases of the transformations applied to records, in order.",
        TRANSFORMS_GROUP,
        next(order),
        Width.LONG,
        "Transforms",
    )
    d.define(
        "predicates",
        Type.LIST,
        "",
        _unique_aliases("predicate"),
        Importance.LOW,
        "Aliases of the predicates used by transformations.",
        PREDICATES_GROUP,
        next(order),
        Width.LONG,
        "Predicates",
    )
    d.define(
        "config.action.reload",
        Type.STRING,
        "restart",
        ValidString.in_("none", "restart"),
        Importance.LOW,
        "What to do when a config provider reports a changed value: 'restart' the connector or 'none'.",
        COMMON_GROUP,
        next(order),
        Width.MEDIUM,
        "Reload Action",
    )
    errors = iter(range(1, 100))
    d.define(
        "errors.retry.timeout",
        Type.LONG,
        0,
        None,
        Importance.MEDIUM,
        "Maximum time in ms to retry a failed operation; 0 = no retries, -1 = retry forever.",
        ERROR_GROUP,
        next(errors),
        Width.MEDIUM,
        "Retry Timeout for Errors",
    )
    d.define(
        "errors.retry.delay.max.ms",
        Type.LONG,
        60000,
        None,
        Importance.MEDIUM,
        "Maximum delay in ms between consecutive retries.",
        ERROR_GROUP,
        next(errors),
        Width.MEDIUM,
        "Maximum Delay Between Retries for Errors",
    )
    d.define(
        "errors.tolerance",
        Type.STRING,
        "none",
        ValidString.in_("none", "all"),
        Importance.MEDIUM,
        "'none' fails the task on the first error; 'all' skips problematic records.",
        ERROR_GROUP,
        next(errors),
        Width.SHORT,
        "Error Tolerance",
    )
    d.define(
        "errors.log.enable",
        Type.BOOLEAN,
        False,
        None,
        Importance.MEDIUM,
        "Log each error and the failed operation.",
        ERROR_GROUP,
        next(errors),
        Width.SHORT,
        "Log Errors",
    )
    d.define(
        "errors.log.include.messages",
        Type.BOOLEAN,
        False,
        None,
        Importance.MEDIUM,
        "Include the failed record (not its key/value data) in error logs.",
        ERROR_GROUP,
        next(errors),
        Width.SHORT,
        "Log Error Details",
    )
    return d


def _sink() -> ConfigDef:
    d = connector_config_def()
    d.define(
        "topics",
        Type.LIST,
        "",
        None,
        Importance.HIGH,
        "Topics to consume (set this or topics.regex).",
        COMMON_GROUP,
        4,
        Width.LONG,
        "Topics",
    )
    d.define(
        "topics.regex",
        Type.STRING,
        "",
        RegexValidator(),
        Importance.HIGH,
        "Regular expression selecting the topics to consume (set this or topics).",
        COMMON_GROUP,
        4,
        Width.LONG,
        "Topics regex",
    )
    d.define(
        "errors.deadletterqueue.topic.name",
        Type.STRING,
        "",
        None,
        Importance.MEDIUM,
        "Topic receiving records that failed processing; empty disables the dead letter queue.",
        ERROR_GROUP,
        6,
        Width.MEDIUM,
        "Dead Letter Queue Topic Name",
    )
    d.define(
        "errors.deadletterqueue.topic.replication.factor",
        Type.SHORT,
        3,
        None,
        Importance.MEDIUM,
        "Replication factor used when creating the dead letter queue topic.",
        ERROR_GROUP,
        7,
        Width.MEDIUM,
        "Dead Letter Queue Topic Replication Factor",
    )
    d.define(
        "errors.deadletterqueue.context.headers.enable",
        Type.BOOLEAN,
        False,
        None,
        Importance.MEDIUM,
        "Add headers describing the error context to dead letter queue records.",
        ERROR_GROUP,
        8,
        Width.MEDIUM,
        "Enable Error Context Headers",
    )
    return d


def _transaction_interval(name: str, value: Any) -> None:
    if value is not None:
        Range.at_least(0).ensure_valid(name, value)


def _source() -> ConfigDef:
    d = connector_config_def()
    d.define(
        "topic.creation.groups",
        Type.LIST,
        "",
        _unique_aliases("topic creation group"),
        Importance.LOW,
        "Topic creation groups besides the implicit 'default' group.",
        TOPIC_CREATION_GROUP,
        1,
        Width.LONG,
        "Topic Creation Groups",
    )
    d.define(
        "exactly.once.support",
        Type.STRING,
        "requested",
        CaseInsensitiveValidString.in_("requested", "required"),
        Importance.MEDIUM,
        "'required' makes the connector fail validation unless it supports exactly-once delivery.",
        EXACTLY_ONCE_SUPPORT_GROUP,
        2,
        Width.SHORT,
        "Exactly once support",
    )
    d.define(
        "transaction.boundary",
        Type.STRING,
        "poll",
        CaseInsensitiveValidString.in_("poll", "interval", "connector"),
        Importance.MEDIUM,
        "Where transactions begin and end under exactly-once: each 'poll', an 'interval', or "
        "defined by the 'connector'.",
        EXACTLY_ONCE_SUPPORT_GROUP,
        3,
        Width.SHORT,
        "Transaction Boundary",
    )
    d.define(
        "transaction.boundary.interval.ms",
        Type.LONG,
        None,
        LambdaValidator(_transaction_interval, "[0,...]"),
        Importance.LOW,
        "Transaction length for the 'interval' boundary (default: the worker's offset.flush.interval.ms).",
        EXACTLY_ONCE_SUPPORT_GROUP,
        4,
        Width.SHORT,
        "Transaction boundary interval",
    )
    d.define(
        "offsets.storage.topic",
        Type.STRING,
        None,
        NonEmptyString(),
        Importance.LOW,
        "Connector-specific topic for source offsets (default: the worker's offsets topic).",
        OFFSETS_TOPIC_GROUP,
        1,
        Width.LONG,
        "Offsets topic",
    )
    return d


CONNECTOR_CONFIG: ConfigDef = connector_config_def()
SINK_CONNECTOR_CONFIG: ConfigDef = _sink()
SOURCE_CONNECTOR_CONFIG: ConfigDef = _source()


def _aliases(props: Mapping[str, str], key: str) -> list[str]:
    try:
        value = parse_type(key, props.get(key), Type.LIST)
    except ConfigError:
        return []
    return list(dict.fromkeys(value or []))


def _alias_defs(
    d: ConfigDef,
    *,
    props: Mapping[str, str],
    list_key: str,
    kind: str,
    group_name: str,
    lookup: PluginConfigLookup | None,
) -> None:
    for alias in _aliases(props, list_key):
        prefix = f"{list_key}.{alias}."
        group = f"{group_name}: {alias}"
        d.define(
            f"{prefix}type",
            Type.CLASS,
            importance=Importance.HIGH,
            documentation=f"Class for the '{alias}' {kind}.",
            group=group,
            order_in_group=0,
            width=Width.LONG,
            display_name=f"{kind.capitalize()} type for {alias}",
        )
        child = ConfigDef()
        if kind == "transformation":
            child.define(
                "predicate",
                Type.STRING,
                None,
                importance=Importance.MEDIUM,
                documentation="The alias of a predicate used to determine whether to apply this "
                "transformation.",
            )
            child.define(
                "negate",
                Type.BOOLEAN,
                False,
                importance=Importance.MEDIUM,
                documentation="Whether the configured predicate should be negated.",
            )
        class_name = props.get(f"{prefix}type", "").strip(JAVA_TRIM_CHARS)
        plugin_def = lookup(kind, class_name) if lookup is not None and class_name else None
        if plugin_def is not None:
            for key in plugin_def.config_keys().values():
                if key.name not in child:
                    child.define_key(key)
        d.embed(prefix, group, 1, child)


def enrich(base: ConfigDef, props: Mapping[str, str], lookup: PluginConfigLookup | None = None) -> ConfigDef:
    """``base`` plus the transform, predicate and topic creation group keys named in ``props``.

    ``lookup`` supplies the ConfigDef of each transformation/predicate class so its own keys are
    defined (prefixed) as well.
    """
    d = ConfigDef(base)
    _alias_defs(
        d,
        props=props,
        list_key="transforms",
        kind="transformation",
        group_name=TRANSFORMS_GROUP,
        lookup=lookup,
    )
    _alias_defs(
        d, props=props, list_key="predicates", kind="predicate", group_name=PREDICATES_GROUP, lookup=lookup
    )
    if "topic.creation.groups" in base and _uses_topic_creation(props):
        for group in ["default", *[g for g in _aliases(props, "topic.creation.groups") if g != "default"]]:
            _topic_creation_group(d, group)
    return d


def _uses_topic_creation(props: Mapping[str, str]) -> bool:
    return any(k.startswith("topic.creation.") for k in props)


def _check_replication(name: str, value: Any) -> None:
    if value is not None and value != -1 and value < 1:
        raise invalid_value(name, value, "Value must be -1 (broker default) or at least 1")


def _topic_creation_group(d: ConfigDef, group: str) -> None:
    prefix = f"topic.creation.{group}."
    label = f"Topic Creation Group {group}"
    is_default = group == "default"
    d.define(
        f"{prefix}include",
        Type.LIST,
        ".*" if is_default else "",
        None,
        Importance.LOW,
        "Regexes of topics created with this group's settings.",
        label,
        1,
        Width.LONG,
        "Inclusion Topic Pattern",
    )
    d.define(
        f"{prefix}exclude",
        Type.LIST,
        "",
        None,
        Importance.LOW,
        "Regexes of topics excluded from this group.",
        label,
        2,
        Width.LONG,
        "Exclusion Topic Pattern",
    )
    # Non-default groups inherit the default group's values: None here means "inherit".
    kwargs: dict[str, Any] = {} if is_default else {"default": None}
    d.define(
        f"{prefix}replication.factor",
        Type.SHORT,
        validator=LambdaValidator(_check_replication, "-1 or >= 1"),
        importance=Importance.LOW,
        documentation="Replication factor of created topics (-1 = broker default).",
        group=label,
        order_in_group=3,
        width=Width.LONG,
        display_name="Replication Factor",
        **kwargs,
    )
    d.define(
        f"{prefix}partitions",
        Type.INT,
        validator=LambdaValidator(_check_replication, "-1 or >= 1"),
        importance=Importance.LOW,
        documentation="Partitions of created topics (-1 = broker default).",
        group=label,
        order_in_group=4,
        width=Width.LONG,
        display_name="Partition Count",
        **kwargs,
    )


def _add_error(results: dict[str, ConfigValue], name: str, value: Any, message: str) -> None:
    results.setdefault(name, ConfigValue(name, value)).add_error_message(message)


def sink_topics(props: Mapping[str, str]) -> list[str]:
    """The ``topics`` list: parsed, empty entries dropped, duplicates removed."""
    topics = parse_type("topics", props.get("topics"), Type.LIST) or []
    return list(dict.fromkeys(t for t in topics if t))


def validate_sink_topics(
    props: Mapping[str, str], results: dict[str, ConfigValue] | None = None
) -> dict[str, ConfigValue]:
    """Sink cross-key checks (exactly one of ``topics``/``topics.regex``; DLQ topic not consumed).

    Errors are added to ``results`` (created entries for keys not present); returns ``results``.
    """
    results = {} if results is None else results
    topics_raw = props.get("topics")
    regex_raw = props.get("topics.regex")
    dlq = (props.get("errors.deadletterqueue.topic.name") or "").strip(JAVA_TRIM_CHARS)
    has_topics = bool(topics_raw and topics_raw.strip(JAVA_TRIM_CHARS))
    has_regex = bool(regex_raw and regex_raw.strip(JAVA_TRIM_CHARS))
    if has_topics and has_regex:
        message = "topics and topics.regex are mutually exclusive options, but both are set."
        _add_error(results, "topics", topics_raw, message)
        _add_error(results, "topics.regex", regex_raw, message)
    if not has_topics and not has_regex:
        message = "Must configure one of topics or topics.regex"
        _add_error(results, "topics", topics_raw, message)
        _add_error(results, "topics.regex", regex_raw, message)
    if dlq and has_topics:
        topics = sink_topics(props)
        if dlq in topics:
            _add_error(
                results,
                "topics",
                topics_raw,
                f"The DLQ topic '{dlq}' may not be included in the list of topics "
                f"('topics=[{', '.join(topics)}]') consumed by the connector",
            )
    if dlq and has_regex and regex_raw is not None:
        try:
            matched = re.fullmatch(regex_raw, dlq) is not None
        except re.error:
            matched = False
        if matched:
            _add_error(
                results,
                "topics.regex",
                regex_raw,
                f"The DLQ topic '{dlq}' may not be matched by the regex for the topics "
                f"('topics.regex={regex_raw}') consumed by the connector",
            )
    return results


def _validate_negate(props: Mapping[str, str], results: dict[str, ConfigValue]) -> None:
    for alias in _aliases(props, "transforms"):
        negate, predicate = f"transforms.{alias}.negate", f"transforms.{alias}.predicate"
        if negate in props and predicate not in props:
            _add_error(
                results,
                negate,
                props[negate],
                f"Config '{negate}' was provided but there is no config '{predicate}' "
                "defining a predicate to be negated.",
            )


def validate_framework_config(
    definition: ConfigDef, props: Mapping[str, str], lookup: PluginConfigLookup | None = None
) -> tuple[ConfigDef, dict[str, ConfigValue]]:
    """Validate ``props`` against ``definition`` enriched for them; never raises.

    Adds the sink topic checks (when ``definition`` has ``topics``) and the transform
    ``negate``-without-``predicate`` check.  Returns the enriched definition (for REST key
    infos) and one :class:`ConfigValue` per key, including keys that only carry an error.
    """
    full = enrich(definition, props, lookup)
    results = full.validate_all(props)
    if "topics" in definition:
        validate_sink_topics(props, results)
    _validate_negate(props, results)
    return full, results


def parse_connector_config(
    definition: ConfigDef, props: Mapping[str, str], lookup: PluginConfigLookup | None = None
) -> dict[str, Any]:
    """Parse a connector config with ``definition`` (sink/source/common), enriched for ``props``.

    Raises one :class:`ConfigValidationError` listing every problem (see
    :func:`validate_framework_config`).
    """
    _, results = validate_framework_config(definition, props, lookup)
    errors = {name: value.errors for name, value in results.items() if value.errors}
    if errors:
        raise ConfigValidationError(errors)
    return {name: value.value for name, value in results.items()}
