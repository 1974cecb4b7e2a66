"""Worker and connector definitions, sink topic rules, enrichment, clients and override policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from kconnect.config import ConfigDef, ConfigValidationError, ParsedConfig, Type, load_properties
from kconnect.config.clients import (
    OverridePolicy,
    apply_client_overrides,
    client_configs,
    validate_client_overrides,
)
from kconnect.config.connector import (
    CONNECTOR_CONFIG,
    SINK_CONNECTOR_CONFIG,
    SOURCE_CONNECTOR_CONFIG,
    enrich,
    parse_connector_config,
    validate_framework_config,
    validate_sink_topics,
)
from kconnect.config.files import load_connector_file
from kconnect.config.worker import DISTRIBUTED_CONFIG, STANDALONE_CONFIG, WORKER_CONFIG
from kconnect.errors import ConfigError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "kafka-config"
BASE = {"key.converter": "K", "value.converter": "V"}


# --- worker ----------------------------------------------------------------------------------


def test_kafka_sample_standalone_file_parses() -> None:
    cfg = ParsedConfig(STANDALONE_CONFIG, load_properties(FIXTURES / "connect-standalone.properties"))
    assert cfg.get_list("bootstrap.servers") == ["localhost:9092"]
    assert cfg.get_class("key.converter") == "org.apache.kafka.connect.json.JsonConverter"
    assert cfg.get_int("offset.flush.interval.ms") == 10000
    assert cfg.get_string("offset.storage.file.filename") == "/tmp/connect.offsets"
    assert cfg.originals_with_prefix("value.converter.") == {"schemas.enable": "true"}


def test_worker_defaults() -> None:
    values = ParsedConfig(WORKER_CONFIG, BASE).values()
    assert values["bootstrap.servers"] == ["localhost:9092"]
    assert values["header.converter"] == "org.apache.kafka.connect.storage.SimpleHeaderConverter"
    assert values["task.shutdown.graceful.timeout.ms"] == 5000
    assert values["offset.flush.interval.ms"] == 60000
    assert values["offset.flush.timeout.ms"] == 5000
    assert values["listeners"] == ["http://:8083"]
    assert values["rest.advertised.host.name"] is None
    assert values["rest.advertised.port"] is None
    assert values["plugin.path"] is None
    assert values["plugin.discovery"] == "hybrid_warn"
    assert values["connector.client.config.override.policy"] == "All"
    assert values["config.providers"] == []
    assert values["topic.creation.enable"] is True
    assert values["topic.tracking.enable"] is True
    assert values["client.dns.lookup"] == "use_all_dns_ips"
    assert values["metrics.num.samples"] == 2
    assert values["access.control.allow.origin"] == ""
    assert values["response.http.headers.config"] == ""
    assert values["rest.extension.classes"] == []
    assert values["admin.listeners"] is None


def test_worker_required_converters_named() -> None:
    with pytest.raises(ConfigValidationError) as info:
        ParsedConfig(WORKER_CONFIG, {})
    assert set(info.value.errors) == {"key.converter", "value.converter"}
    assert 'Missing required configuration "value.converter" which has no default value.' in str(info.value)


def test_standalone_requires_offset_file() -> None:
    with pytest.raises(ConfigError) as info:
        ParsedConfig(STANDALONE_CONFIG, BASE)
    assert str(info.value) == (
        'Missing required configuration "offset.storage.file.filename" which has no default value.'
    )


def test_worker_bad_int_named_with_reason() -> None:
    with pytest.raises(ConfigError) as info:
        ParsedConfig(WORKER_CONFIG, {**BASE, "offset.flush.interval.ms": "soon"})
    assert str(info.value) == (
        "Invalid value soon for configuration offset.flush.interval.ms: Not a number of type LONG"
    )


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("listeners", "", "at least one URL is expected"),
        ("listeners", "http://:8083,,", "Empty URL found"),
        ("plugin.discovery", "sometimes", "String must be one of (case insensitive)"),
        ("response.http.headers.config", "shout X-A:1", "Invalid header config action: 'shout'"),
        ("response.http.headers.config", "set X-A", "Invalid format of header name and header value pair"),
        ("metrics.num.samples", "0", "Value must be at least 1"),
        ("rest.advertised.port", "http", "Not a number of type INT"),
    ],
)
def test_worker_validators(key: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        ParsedConfig(WORKER_CONFIG, {**BASE, key: value})
    assert fragment in str(info.value)


def test_worker_accepts_valid_extras() -> None:
    props = {
        **BASE,
        "plugin.discovery": "ONLY_SCAN",
        "response.http.headers.config": 'set X-Frame-Options:DENY,"add Cache-Control: no-cache, no-store"',
        "config.providers": "file",
        "config.providers.file.class": "org.apache.kafka.common.config.provider.FileConfigProvider",
        "metrics.sample.window.ms": "1000",
        "producer.acks": "all",
        "ssl.keystore.password": "pw",
    }
    cfg = ParsedConfig(WORKER_CONFIG, props)
    assert cfg.get_list("config.providers") == ["file"]
    assert str(cfg.get_password("ssl.keystore.password")) == "[hidden]"
    assert cfg.originals()["config.providers.file.class"].endswith("FileConfigProvider")


def test_distributed_required_and_defaults() -> None:
    with pytest.raises(ConfigValidationError) as info:
        ParsedConfig(DISTRIBUTED_CONFIG, BASE)
    assert set(info.value.errors) == {
        "group.id",
        "config.storage.topic",
        "offset.storage.topic",
        "status.storage.topic",
    }
    props = {
        **BASE,
        "group.id": "g",
        "config.storage.topic": "c",
        "offset.storage.topic": "o",
        "status.storage.topic": "s",
    }
    values = ParsedConfig(DISTRIBUTED_CONFIG, props).values()
    assert values["offset.storage.partitions"] == 25
    assert values["status.storage.partitions"] == 5
    assert values["config.storage.replication.factor"] == 3
    assert values["connect.protocol"] == "sessioned"
    assert values["exactly.once.source.support"] == "disabled"
    assert values["scheduled.rebalance.max.delay.ms"] == 300000
    assert values["session.timeout.ms"] == 10000
    assert (
        ParsedConfig(DISTRIBUTED_CONFIG, {**props, "exactly.once.source.support": "ENABLED"}).get_string(
            "exactly.once.source.support"
        )
        == "ENABLED"
    )
    with pytest.raises(ConfigError, match=r"-1 \(broker default\) or at least 1"):
        ParsedConfig(DISTRIBUTED_CONFIG, {**props, "offset.storage.partitions": "0"})
    assert (
        ParsedConfig(DISTRIBUTED_CONFIG, {**props, "offset.storage.replication.factor": "-1"}).get_int(
            "offset.storage.replication.factor"
        )
        == -1
    )


# --- connector -------------------------------------------------------------------------------

SINK = {"name": "s", "connector.class": "FileStreamSink", "topics": "t"}


def test_connector_defaults_and_key_info() -> None:
    values = parse_connector_config(CONNECTOR_CONFIG, {"name": "c", "connector.class": "X"})
    assert values["tasks.max"] == 1
    assert values["tasks.max.enforce"] is True
    assert values["errors.tolerance"] == "none"
    assert values["errors.retry.timeout"] == 0
    assert values["errors.retry.delay.max.ms"] == 60000
    assert values["config.action.reload"] == "restart"
    assert values["transforms"] == []
    assert values["key.converter"] is None
    assert CONNECTOR_CONFIG.groups() == ["Common", "Transforms", "Predicates", "Error Handling"]
    info = CONNECTOR_CONFIG.to_key_info("tasks.max")
    assert (info["group"], info["order"], info["width"], info["display_name"]) == (
        "Common",
        4,
        "SHORT",
        "Tasks max",
    )
    assert CONNECTOR_CONFIG.names()[:6] == [
        "name",
        "connector.class",
        "connector.plugin.version",
        "tasks.max",
        "tasks.max.enforce",
        "key.converter",
    ]
    assert CONNECTOR_CONFIG.to_key_info("key.converter.plugin.version")["order"] == 7
    assert CONNECTOR_CONFIG.to_key_info("config.action.reload")["order"] == 14
    assert CONNECTOR_CONFIG.to_key_info("name")["required"] is True


def test_connector_missing_and_bad_values_all_reported() -> None:
    with pytest.raises(ConfigValidationError) as info:
        parse_connector_config(CONNECTOR_CONFIG, {"tasks.max": "0", "errors.tolerance": "some"})
    assert set(info.value.errors) == {"name", "connector.class", "tasks.max", "errors.tolerance"}
    assert "Invalid value 0 for configuration tasks.max: Value must be at least 1" in str(info.value)


def test_connector_name_control_chars() -> None:
    # Values are trimmed like Java's String.trim (only chars <= U+0020), so a trailing NEL stays.
    with pytest.raises(ConfigError) as info:
        parse_connector_config(CONNECTOR_CONFIG, {"name": " a\tb\x85 ", "connector.class": "X"})
    assert str(info.value) == (
        "Invalid value a\tb\x85 for configuration name: "
        "String may not contain control sequences but had the following ASCII chars: 9, 133"
    )


def test_duplicate_transform_alias() -> None:
    with pytest.raises(ConfigError, match=r"Duplicate alias provided\."):
        parse_connector_config(CONNECTOR_CONFIG, {"name": "c", "connector.class": "X", "transforms": "a,a"})


def test_kafka_sample_connector_files_validate() -> None:
    sink = load_connector_file(FIXTURES / "connect-file-sink.properties")
    assert parse_connector_config(SINK_CONNECTOR_CONFIG, sink)["topics"] == ["connect-test"]
    source = load_connector_file(FIXTURES / "connect-file-source.properties")
    assert parse_connector_config(SOURCE_CONNECTOR_CONFIG, source)["tasks.max"] == 1


def test_sink_topics_and_regex_both_set() -> None:
    props = {**SINK, "topics.regex": "t.*"}
    with pytest.raises(ConfigValidationError) as info:
        parse_connector_config(SINK_CONNECTOR_CONFIG, props)
    assert set(info.value.errors) == {"topics", "topics.regex"}
    assert str(info.value) == "topics and topics.regex are mutually exclusive options, but both are set."


def test_sink_neither_topics_nor_regex() -> None:
    results = validate_sink_topics({"topics": " ", "topics.regex": ""})
    assert results["topics"].errors == ["Must configure one of topics or topics.regex"]
    assert results["topics.regex"].errors == ["Must configure one of topics or topics.regex"]


def test_sink_dlq_in_topics() -> None:
    results = validate_sink_topics({"topics": "a, dlq,a", "errors.deadletterqueue.topic.name": " dlq "})
    assert results["topics"].errors == [
        "The DLQ topic 'dlq' may not be included in the list of topics ('topics=[a, dlq]') "
        "consumed by the connector"
    ]


def test_sink_dlq_matched_by_regex() -> None:
    results = validate_sink_topics({"topics.regex": "d.*", "errors.deadletterqueue.topic.name": "dlq"})
    assert (
        "may not be matched by the regex for the topics ('topics.regex=d.*')"
        in results["topics.regex"].errors[0]
    )
    assert validate_sink_topics({"topics.regex": "x.*", "errors.deadletterqueue.topic.name": "dlq"}) == {}


def test_sink_bad_regex() -> None:
    with pytest.raises(ConfigError, match=r"topics\.regex"):
        parse_connector_config(
            SINK_CONNECTOR_CONFIG, {"name": "s", "connector.class": "X", "topics.regex": "("}
        )


def test_source_keys() -> None:
    values = parse_connector_config(
        SOURCE_CONNECTOR_CONFIG,
        {
            "name": "s",
            "connector.class": "X",
            "exactly.once.support": "REQUIRED",
            "transaction.boundary": "Poll",
        },
    )
    assert values["exactly.once.support"] == "REQUIRED"
    assert values["transaction.boundary.interval.ms"] is None
    assert values["offsets.storage.topic"] is None
    assert values["topic.creation.groups"] == []
    with pytest.raises(ConfigError, match="String must be non-empty"):
        parse_connector_config(
            SOURCE_CONNECTOR_CONFIG, {"name": "s", "connector.class": "X", "offsets.storage.topic": ""}
        )


def test_source_topic_creation_enrichment() -> None:
    props = {
        "name": "s",
        "connector.class": "X",
        "topic.creation.groups": "big",
        "topic.creation.big.include": "b.*",
    }
    with pytest.raises(ConfigValidationError) as info:
        parse_connector_config(SOURCE_CONNECTOR_CONFIG, props)
    assert set(info.value.errors) == {
        "topic.creation.default.replication.factor",
        "topic.creation.default.partitions",
    }
    props |= {"topic.creation.default.replication.factor": "-1", "topic.creation.default.partitions": "3"}
    values = parse_connector_config(SOURCE_CONNECTOR_CONFIG, props)
    assert values["topic.creation.default.include"] == [".*"]
    assert values["topic.creation.big.include"] == ["b.*"]
    assert values["topic.creation.big.partitions"] is None


def test_transform_enrichment_with_plugin_lookup() -> None:
    plugin = ConfigDef().define("field", Type.STRING, documentation="Field to use.")

    def lookup(kind: str, class_name: str) -> ConfigDef | None:
        return plugin if (kind, class_name) == ("transformation", "InsertField") else None

    props = {
        "name": "c",
        "connector.class": "X",
        "transforms": "ins",
        "transforms.ins.type": "InsertField",
        "transforms.ins.negate": "true",
    }
    with pytest.raises(ConfigValidationError) as info:
        parse_connector_config(CONNECTOR_CONFIG, props, lookup)
    assert set(info.value.errors) == {"transforms.ins.field", "transforms.ins.negate"}
    assert (
        "Config 'transforms.ins.negate' was provided but there is no config 'transforms.ins.predicate'"
        in str(info.value)
    )
    enriched = enrich(CONNECTOR_CONFIG, props, lookup)
    assert "Transforms: ins" in enriched.groups()
    assert enriched.to_key_info("transforms.ins.type")["type"] == "CLASS"
    assert enriched.to_key_info("transforms.ins.type")["required"] is True
    props |= {"transforms.ins.predicate": "p", "transforms.ins.field": "f"}
    values = parse_connector_config(CONNECTOR_CONFIG, props, lookup)
    assert values["transforms.ins.negate"] is True
    assert values["transforms.ins.field"] == "f"


def test_transform_type_required() -> None:
    with pytest.raises(ConfigError, match=r'"transforms\.a\.type"'):
        parse_connector_config(CONNECTOR_CONFIG, {"name": "c", "connector.class": "X", "transforms": "a"})


# --- clients and override policy ---------------------------------------------------------


def test_client_configs_prefix_and_inheritance() -> None:
    worker = {
        "bootstrap.servers": "b:9092",
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "PLAIN",
        "ssl.truststore.location": "/t",
        "key.converter": "K",
        "producer.acks": "all",
        "producer.security.protocol": "SSL",
        "consumer.max.poll.records": "10",
        "admin.request.timeout.ms": "1000",
    }
    assert client_configs(worker, "producer.") == {
        "bootstrap.servers": "b:9092",
        "security.protocol": "SSL",
        "sasl.mechanism": "PLAIN",
        "ssl.truststore.location": "/t",
        "acks": "all",
    }
    assert client_configs(worker, "consumer.")["max.poll.records"] == "10"
    assert "acks" not in client_configs(worker, "consumer.")
    assert client_configs(worker, "admin.")["request.timeout.ms"] == "1000"
    assert client_configs({}, "admin.") == {"bootstrap.servers": "localhost:9092"}
    with pytest.raises(ValueError, match="client prefix"):
        client_configs(worker, "streams.")


CONNECTOR = {
    "name": "c",
    "producer.override.acks": "1",
    "producer.override.sasl.jaas.config": "jaas",
    "consumer.override.max.poll.records": "5",
}


def test_policy_all() -> None:
    assert apply_client_overrides("All", CONNECTOR, "producer.override.") == {
        "acks": "1",
        "sasl.jaas.config": "jaas",
    }


def test_policy_none_rejects_naming_key() -> None:
    with pytest.raises(ConfigError) as info:
        apply_client_overrides("None", CONNECTOR, "consumer.override.")
    assert str(info.value) == (
        "The 'None' policy does not allow 'max.poll.records' to be overridden in the connector configuration."
    )
    assert apply_client_overrides("None", {"name": "c"}, "producer.override.") == {}


def test_policy_principal() -> None:
    allowed = {"producer.override.sasl.jaas.config": "j", "producer.override.security.protocol": "SSL"}
    assert apply_client_overrides("Principal", allowed, "producer.override.") == {
        "sasl.jaas.config": "j",
        "security.protocol": "SSL",
    }
    with pytest.raises(ConfigError, match="'Principal' policy does not allow 'acks'"):
        apply_client_overrides("Principal", CONNECTOR, "producer.override.")


def test_policy_validation_values_use_prefixed_names() -> None:
    values = validate_client_overrides("Principal", CONNECTOR, "producer.override.")
    by_name = {v.name: v for v in values}
    assert set(by_name) == {"producer.override.acks", "producer.override.sasl.jaas.config"}
    assert by_name["producer.override.acks"].errors
    assert by_name["producer.override.sasl.jaas.config"].errors == []


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("All", OverridePolicy.ALL),
        ("none", OverridePolicy.NONE),
        (" Principal ", OverridePolicy.PRINCIPAL),
        (
            "org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy",
            OverridePolicy.NONE,
        ),
    ],
)
def test_policy_names(text: str, policy: OverridePolicy) -> None:
    assert OverridePolicy.from_config(text) is policy


def test_unknown_policy() -> None:
    with pytest.raises(ConfigError, match=r"connector\.client\.config\.override\.policy"):
        OverridePolicy.from_config("com.example.Custom")


def test_validate_framework_config_never_raises() -> None:
    props = {"name": "s", "connector.class": "X", "topics": "a", "topics.regex": "b", "transforms": "t"}
    definition, results = validate_framework_config(SINK_CONNECTOR_CONFIG, props)
    assert "transforms.t.type" in definition
    assert "transforms.t.type" not in SINK_CONNECTOR_CONFIG
    assert results["topics"].errors == [
        "topics and topics.regex are mutually exclusive options, but both are set."
    ]
    assert results["transforms.t.type"].errors == [
        'Missing required configuration "transforms.t.type" which has no default value.'
    ]
    assert results["connector.plugin.version"].visible is True
    assert results["key.converter.plugin.version"].visible is False
