"""The Connect worker's configuration keys (Java ``WorkerConfig``, ``RestServerConfig``,
``StandaloneConfig`` and ``DistributedConfig``).

``WORKER_CONFIG`` holds the keys common to both modes; ``STANDALONE_CONFIG`` and
``DISTRIBUTED_CONFIG`` extend it.  Unknown keys (client settings, ``config.providers.*``,
``key.converter.*`` ...) are not errors: they stay in :meth:`ParsedConfig.originals`.

Decisions:

* ``client.id`` and ``security.protocol``/SASL keys are defined only for distributed mode, as in
  Java; in standalone mode they are accepted as pass-through originals.
* ``connector.client.config.override.policy`` defaults to ``All`` (Kafka 3.0+).  Besides the
  aliases ``All``/``None``/``Principal`` Java accepts a policy class name; kconnect accepts the
  aliases and the three built-in class names (see :mod:`kconnect.config.clients`).
* ``inter.worker.*`` algorithm names are checked against the HMAC algorithms Python supports.
"""

from __future__ import annotations

import re
from typing import Any

from kconnect.config.definition import ConfigDef
from kconnect.config.types import JAVA_TRIM_CHARS, Importance, Type, invalid_value
from kconnect.config.validators import (
    CaseInsensitiveValidString,
    LambdaValidator,
    Range,
    ValidString,
)
from kconnect.errors import ConfigError

__all__ = [
    "DISTRIBUTED_CONFIG",
    "OFFSET_STORAGE_FILE_FILENAME_CONFIG",
    "STANDALONE_CONFIG",
    "WORKER_CONFIG",
    "worker_config_def",
]

OFFSET_STORAGE_FILE_FILENAME_CONFIG = "offset.storage.file.filename"
_HIGH, _MEDIUM, _LOW = Importance.HIGH, Importance.MEDIUM, Importance.LOW
_HEADER_ACTIONS = ("set", "add", "setDate", "addDate")
_MAC_ALGORITHMS = ("HmacSHA1", "HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512", "HmacMD5")


def _check_listeners(name: str, value: Any) -> None:
    if not isinstance(value, list):
        raise ConfigError(
            f"Invalid value type for {name} (expected list of URLs, ex: http://localhost:8080)."
        )
    if not value and name == "listeners":
        raise ConfigError(
            "Invalid value for listeners, at least one URL is expected, "
            "ex: http://localhost:8080,https://localhost:8443."
        )
    if any(not str(item).strip(JAVA_TRIM_CHARS) for item in value):
        raise ConfigError(f"Empty URL found when parsing {name} list.")


def _check_admin_listeners(name: str, value: Any) -> None:
    if value is not None:
        _check_listeners(name, value)


def _split_header_rules(text: str) -> list[str]:
    """Split on commas outside double quotes, removing the quotes (Jetty ``StringUtil.csvSplit``)."""
    rules = [
        m.group(1) if m.group(1) is not None else m.group(2)
        for m in re.finditer(r'\s*(?:"([^"]*)"|([^,]*))\s*(?:,|$)', text)
    ]
    return [r.strip(JAVA_TRIM_CHARS) for r in rules if r and r.strip(JAVA_TRIM_CHARS)]


def _check_header_rule(name: str, rule: str) -> None:
    parts = rule.strip(JAVA_TRIM_CHARS).split(None, 1)
    if len(parts) != 2:
        raise ConfigError(
            f"Invalid format of header config '{rule}'. Expected: '[action] [header name]:[header value]'"
        )
    action, header = parts
    if not any(action.lower() == a.lower() for a in _HEADER_ACTIONS):
        raise ConfigError(
            f"Invalid header config action: '{action}'. Expected one of [{', '.join(_HEADER_ACTIONS)}]"
        )
    tokens = header.strip(JAVA_TRIM_CHARS).split(":")
    if len(tokens) != 2:
        raise ConfigError(
            f"Invalid format of header name and header value pair '{header}'. "
            "Expected: '[header name]:[header value]'"
        )
    header_name = tokens[0].strip(JAVA_TRIM_CHARS)
    if not header_name or re.search(r"\s", header_name):
        raise ConfigError(
            f"Invalid header name '{header_name}'. The '[header name]' cannot contain whitespace"
        )


def _check_response_headers(name: str, value: Any) -> None:
    if value is None or not str(value).strip(JAVA_TRIM_CHARS):
        return
    for rule in _split_header_rules(str(value)):
        _check_header_rule(name, rule)


def _check_mac(name: str, value: Any) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if item not in _MAC_ALGORITHMS:
            raise invalid_value(name, item, "Not a MAC algorithm supported by this worker")


def worker_config_def() -> ConfigDef:
    """A fresh definition of the keys common to standalone and distributed workers."""
    d = ConfigDef()
    d.define(
        "bootstrap.servers",
        Type.LIST,
        "localhost:9092",
        importance=_HIGH,
        documentation="host:port pairs used to make the first connection to the Kafka cluster; "
        "the full cluster membership is discovered from them.",
    )
    d.define(
        "client.dns.lookup",
        Type.STRING,
        "use_all_dns_ips",
        ValidString.in_("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"),
        _MEDIUM,
        "How clients resolve broker host names.",
    )
    d.define(
        "key.converter",
        Type.CLASS,
        importance=_HIGH,
        documentation="Converter class between Connect data and the serialized form of record keys.",
    )
    d.define(
        "key.converter.plugin.version",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="Version of the key converter plugin to use (null = the latest installed).",
    )
    d.define(
        "value.converter",
        Type.CLASS,
        importance=_HIGH,
        documentation="Converter class between Connect data and the serialized form of record values.",
    )
    d.define(
        "value.converter.plugin.version",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="Version of the value converter plugin to use (null = the latest installed).",
    )
    d.define(
        "task.shutdown.graceful.timeout.ms",
        Type.LONG,
        5000,
        importance=_LOW,
        documentation="Total time to wait for tasks to stop gracefully on shutdown (not per task).",
    )
    d.define(
        "offset.flush.interval.ms",
        Type.LONG,
        60000,
        importance=_LOW,
        documentation="How often tasks' offsets are committed.",
    )
    d.define(
        "offset.flush.timeout.ms",
        Type.LONG,
        5000,
        importance=_LOW,
        documentation="How long to wait for records to flush and offsets to be written before "
        "cancelling an offset commit.",
    )
    d.define(
        "plugin.path",
        Type.LIST,
        None,
        importance=_LOW,
        documentation="Comma-separated directories holding plugins.",
    )
    d.define(
        "plugin.discovery",
        Type.STRING,
        "hybrid_warn",
        CaseInsensitiveValidString.in_("only_scan", "hybrid_warn", "hybrid_fail", "service_load"),
        _LOW,
        "How plugins are discovered.",
    )
    d.define(
        "metrics.sample.window.ms",
        Type.LONG,
        30000,
        Range.at_least(0),
        _LOW,
        "Window over which metric samples are computed.",
    )
    d.define(
        "metrics.num.samples",
        Type.INT,
        2,
        Range.at_least(1),
        _LOW,
        "Number of samples kept to compute metrics.",
    )
    d.define(
        "metrics.recording.level",
        Type.STRING,
        "INFO",
        ValidString.in_("INFO", "DEBUG"),
        _LOW,
        "Highest recording level for metrics.",
    )
    d.define(
        "metric.reporters",
        Type.LIST,
        "org.apache.kafka.common.metrics.JmxReporter",
        importance=_LOW,
        documentation="Classes notified of metric creation.",
    )
    d.define(
        "header.converter",
        Type.CLASS,
        "org.apache.kafka.connect.storage.SimpleHeaderConverter",
        importance=_LOW,
        documentation="Converter class between Connect headers and their serialized form.",
    )
    d.define(
        "header.converter.plugin.version",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="Version of the header converter plugin to use (null = the latest installed).",
    )
    d.define(
        "config.providers",
        Type.LIST,
        "",
        importance=_LOW,
        documentation="Aliases of ConfigProvider classes used to resolve ${alias:path:key} variables.",
    )
    d.define(
        "connector.client.config.override.policy",
        Type.STRING,
        "All",
        importance=_MEDIUM,
        documentation="Which client settings connectors may override: All, None or Principal.",
    )
    d.define(
        "topic.creation.enable",
        Type.BOOLEAN,
        True,
        importance=_LOW,
        documentation="Whether source connectors may create topics using topic.creation.* settings.",
    )
    _define_ssl(d)
    d.define(
        "topic.tracking.enable",
        Type.BOOLEAN,
        True,
        importance=_LOW,
        documentation="Track the topics each connector uses.",
    )
    d.define(
        "topic.tracking.allow.reset",
        Type.BOOLEAN,
        True,
        importance=_LOW,
        documentation="Allow resetting a connector's tracked topics through the REST API.",
    )
    _define_rest(d)
    return d


def _define_ssl(d: ConfigDef) -> None:
    d.define("ssl.protocol", Type.STRING, "TLSv1.3", importance=_MEDIUM, documentation="TLS protocol.")
    d.define("ssl.provider", Type.STRING, None, importance=_MEDIUM, documentation="Security provider.")
    d.define("ssl.cipher.suites", Type.LIST, None, importance=_LOW, documentation="Allowed cipher suites.")
    d.define(
        "ssl.enabled.protocols",
        Type.LIST,
        "TLSv1.2,TLSv1.3",
        importance=_MEDIUM,
        documentation="Protocols enabled for TLS connections.",
    )
    d.define("ssl.keystore.type", Type.STRING, "JKS", importance=_MEDIUM, documentation="Key store format.")
    d.define("ssl.keystore.location", Type.STRING, None, importance=_HIGH, documentation="Key store file.")
    d.define(
        "ssl.keystore.password", Type.PASSWORD, None, importance=_HIGH, documentation="Key store password."
    )
    d.define("ssl.key.password", Type.PASSWORD, None, importance=_HIGH, documentation="Private key password.")
    d.define("ssl.keystore.key", Type.PASSWORD, None, importance=_HIGH, documentation="PEM private key.")
    d.define(
        "ssl.keystore.certificate.chain",
        Type.PASSWORD,
        None,
        importance=_HIGH,
        documentation="PEM certificate chain.",
    )
    d.define(
        "ssl.truststore.certificates",
        Type.PASSWORD,
        None,
        importance=_HIGH,
        documentation="PEM trusted certificates.",
    )
    d.define(
        "ssl.truststore.type", Type.STRING, "JKS", importance=_MEDIUM, documentation="Trust store format."
    )
    d.define(
        "ssl.truststore.location", Type.STRING, None, importance=_HIGH, documentation="Trust store file."
    )
    d.define(
        "ssl.truststore.password",
        Type.PASSWORD,
        None,
        importance=_HIGH,
        documentation="Trust store password.",
    )
    d.define(
        "ssl.keymanager.algorithm",
        Type.STRING,
        "SunX509",
        importance=_LOW,
        documentation="Key manager algorithm.",
    )
    d.define(
        "ssl.trustmanager.algorithm",
        Type.STRING,
        "PKIX",
        importance=_LOW,
        documentation="Trust manager algorithm.",
    )
    d.define(
        "ssl.endpoint.identification.algorithm",
        Type.STRING,
        "https",
        importance=_LOW,
        documentation="Server host name verification algorithm (empty disables it).",
    )
    d.define(
        "ssl.secure.random.implementation",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="SecureRandom implementation.",
    )
    d.define(
        "ssl.engine.factory.class",
        Type.CLASS,
        None,
        importance=_LOW,
        documentation="Custom SSL engine factory class.",
    )


def _define_rest(d: ConfigDef) -> None:
    d.define(
        "listeners",
        Type.LIST,
        "http://:8083",
        LambdaValidator(_check_listeners, "List of comma-separated URLs, ex: http://localhost:8080"),
        _LOW,
        "URLs the REST API listens on (protocol http or https; empty host = all interfaces).",
    )
    d.define(
        "rest.advertised.host.name",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="Host name other workers use to reach this one.",
    )
    d.define(
        "rest.advertised.port",
        Type.INT,
        None,
        importance=_LOW,
        documentation="Port other workers use to reach this one.",
    )
    d.define(
        "rest.advertised.listener",
        Type.STRING,
        None,
        importance=_LOW,
        documentation="Listener protocol advertised to other workers (http or https).",
    )
    d.define(
        "access.control.allow.origin",
        Type.STRING,
        "",
        importance=_LOW,
        documentation="Value of Access-Control-Allow-Origin for REST responses (empty disables CORS).",
    )
    d.define(
        "access.control.allow.methods",
        Type.STRING,
        "",
        importance=_LOW,
        documentation="Methods allowed for cross-origin requests.",
    )
    d.define(
        "response.http.headers.config",
        Type.STRING,
        "",
        LambdaValidator(
            _check_response_headers, "Comma-separated rules '[action] [header name]:[header value]'"
        ),
        _LOW,
        "Rules adding or setting HTTP response headers.",
    )
    d.define(
        "ssl.client.auth",
        Type.STRING,
        "none",
        ValidString.in_("required", "requested", "none"),
        _LOW,
        "Whether the REST server requests client certificates.",
    )
    d.define(
        "rest.extension.classes",
        Type.LIST,
        "",
        importance=_LOW,
        documentation="ConnectRestExtension classes to load.",
    )
    d.define(
        "admin.listeners",
        Type.LIST,
        None,
        LambdaValidator(_check_admin_listeners, "List of comma-separated URLs"),
        _LOW,
        "Listeners for the admin endpoints (null = the regular listeners; empty = disabled).",
    )


_SaslKey = tuple[str, Type, Any, Importance, Any]
_OAUTH = "org.apache.kafka.common.security.oauthbearer."
# (name, type, default, importance, validator) of the SASL client keys, in Kafka's order;
# ``sasl.mechanism`` and ``sasl.jaas.config`` come between the two tables.
_SASL_BEFORE: tuple[_SaslKey, ...] = (
    ("sasl.kerberos.service.name", Type.STRING, None, _MEDIUM, None),
    ("sasl.kerberos.kinit.cmd", Type.STRING, "/usr/bin/kinit", _LOW, None),
    ("sasl.kerberos.ticket.renew.window.factor", Type.DOUBLE, 0.8, _LOW, None),
    ("sasl.kerberos.ticket.renew.jitter", Type.DOUBLE, 0.05, _LOW, None),
    ("sasl.kerberos.min.time.before.relogin", Type.LONG, 60000, _LOW, None),
    ("sasl.login.refresh.window.factor", Type.DOUBLE, 0.8, _LOW, Range.between(0.5, 1.0)),
    ("sasl.login.refresh.window.jitter", Type.DOUBLE, 0.05, _LOW, Range.between(0.0, 0.25)),
    ("sasl.login.refresh.min.period.seconds", Type.SHORT, 60, _LOW, Range.between(0, 900)),
    ("sasl.login.refresh.buffer.seconds", Type.SHORT, 300, _LOW, Range.between(0, 3600)),
)
_SASL_AFTER: tuple[_SaslKey, ...] = (
    ("sasl.client.callback.handler.class", Type.CLASS, None, _MEDIUM, None),
    ("sasl.login.callback.handler.class", Type.CLASS, None, _MEDIUM, None),
    ("sasl.login.class", Type.CLASS, None, _MEDIUM, None),
    ("sasl.login.connect.timeout.ms", Type.INT, None, _LOW, None),
    ("sasl.login.read.timeout.ms", Type.INT, None, _LOW, None),
    ("sasl.login.retry.backoff.max.ms", Type.LONG, 10000, _LOW, None),
    ("sasl.login.retry.backoff.ms", Type.LONG, 100, _LOW, None),
    ("sasl.oauthbearer.jwt.retriever.class", Type.CLASS, _OAUTH + "DefaultJwtRetriever", _MEDIUM, None),
    ("sasl.oauthbearer.jwt.validator.class", Type.CLASS, _OAUTH + "DefaultJwtValidator", _MEDIUM, None),
    ("sasl.oauthbearer.scope", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.client.credentials.client.id", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.client.credentials.client.secret", Type.PASSWORD, None, _MEDIUM, None),
    (
        "sasl.oauthbearer.assertion.algorithm",
        Type.STRING,
        "RS256",
        _MEDIUM,
        CaseInsensitiveValidString.in_("ES256", "RS256"),
    ),
    ("sasl.oauthbearer.assertion.claim.aud", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.claim.exp.seconds", Type.INT, 300, _LOW, Range.between(0, 86400)),
    ("sasl.oauthbearer.assertion.claim.iss", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.claim.jti.include", Type.BOOLEAN, False, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.claim.nbf.seconds", Type.INT, 60, _LOW, Range.between(0, 3600)),
    ("sasl.oauthbearer.assertion.claim.sub", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.file", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.private.key.file", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.private.key.passphrase", Type.PASSWORD, None, _MEDIUM, None),
    ("sasl.oauthbearer.assertion.template.file", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.scope.claim.name", Type.STRING, "scope", _LOW, None),
    ("sasl.oauthbearer.sub.claim.name", Type.STRING, "sub", _LOW, None),
    ("sasl.oauthbearer.token.endpoint.url", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.jwks.endpoint.url", Type.STRING, None, _MEDIUM, None),
    ("sasl.oauthbearer.jwks.endpoint.refresh.ms", Type.LONG, 3600000, _LOW, None),
    ("sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", Type.LONG, 10000, _LOW, None),
    ("sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", Type.LONG, 100, _LOW, None),
    ("sasl.oauthbearer.clock.skew.seconds", Type.INT, 30, _LOW, None),
    ("sasl.oauthbearer.expected.audience", Type.LIST, None, _LOW, None),
    ("sasl.oauthbearer.expected.issuer", Type.STRING, None, _LOW, None),
    ("sasl.oauthbearer.header.urlencode", Type.BOOLEAN, False, _LOW, None),
)
_SASL_DOC = "SASL client setting of the worker's Kafka clients (see the Kafka client documentation)."


def _define_sasl(d: ConfigDef) -> None:
    for name, type_, default, importance, validator in _SASL_BEFORE:
        d.define(name, type_, default, validator, importance, _SASL_DOC)
    d.define("sasl.mechanism", Type.STRING, "GSSAPI", importance=_MEDIUM, documentation="SASL mechanism.")
    d.define("sasl.jaas.config", Type.PASSWORD, None, importance=_MEDIUM, documentation="JAAS login context.")
    for name, type_, default, importance, validator in _SASL_AFTER:
        d.define(name, type_, default, validator, importance, _SASL_DOC)


def _standalone() -> ConfigDef:
    return worker_config_def().define(
        OFFSET_STORAGE_FILE_FILENAME_CONFIG,
        Type.STRING,
        importance=_HIGH,
        documentation="File where source connector offsets are stored.",
    )


def _partitions() -> LambdaValidator:
    def check(name: str, value: Any) -> None:
        if value is not None and value != -1 and value < 1:
            raise invalid_value(name, value, "Value must be -1 (broker default) or at least 1")

    return LambdaValidator(check, "Positive number, or -1 to use the broker's default")


def _distributed() -> ConfigDef:
    d = worker_config_def()
    d.define(
        "group.id", Type.STRING, importance=_HIGH, documentation="The Connect cluster this worker belongs to."
    )
    d.define(
        "session.timeout.ms",
        Type.INT,
        10000,
        importance=_HIGH,
        documentation="Time without heartbeats after which a worker is considered failed.",
    )
    d.define(
        "rebalance.timeout.ms",
        Type.INT,
        60000,
        importance=_HIGH,
        documentation="Time each worker has to rejoin a rebalance.",
    )
    d.define(
        "heartbeat.interval.ms",
        Type.INT,
        3000,
        importance=_HIGH,
        documentation="Interval between heartbeats to the group coordinator.",
    )
    d.define(
        "exactly.once.source.support",
        Type.STRING,
        "disabled",
        CaseInsensitiveValidString.in_("disabled", "preparing", "enabled"),
        _HIGH,
        "Exactly-once support for source connectors.",
    )
    d.define(
        "metadata.max.age.ms", Type.LONG, 300000, Range.at_least(0), _LOW, "Forced metadata refresh period."
    )
    d.define("client.id", Type.STRING, "", importance=_LOW, documentation="Client id sent to the brokers.")
    d.define("send.buffer.bytes", Type.INT, 131072, Range.at_least(-1), _MEDIUM, "TCP send buffer size.")
    d.define("receive.buffer.bytes", Type.INT, 32768, Range.at_least(-1), _MEDIUM, "TCP receive buffer size.")
    d.define("reconnect.backoff.ms", Type.LONG, 50, Range.at_least(0), _LOW, "Reconnect back-off.")
    d.define(
        "reconnect.backoff.max.ms", Type.LONG, 1000, Range.at_least(0), _LOW, "Maximum reconnect back-off."
    )
    d.define(
        "socket.connection.setup.timeout.ms",
        Type.LONG,
        10000,
        Range.at_least(0),
        _LOW,
        "Socket connection set-up timeout.",
    )
    d.define(
        "socket.connection.setup.timeout.max.ms",
        Type.LONG,
        30000,
        Range.at_least(0),
        _LOW,
        "Maximum socket connection set-up timeout.",
    )
    d.define(
        "retry.backoff.ms", Type.LONG, 100, Range.at_least(0), _LOW, "Back-off before retrying a request."
    )
    d.define("retry.backoff.max.ms", Type.LONG, 1000, Range.at_least(0), _LOW, "Maximum retry back-off.")
    d.define("request.timeout.ms", Type.INT, 40000, Range.at_least(0), _MEDIUM, "Request timeout.")
    d.define(
        "connections.max.idle.ms",
        Type.LONG,
        540000,
        importance=_MEDIUM,
        documentation="Idle connections are closed after this long.",
    )
    d.define(
        "security.protocol",
        Type.STRING,
        "PLAINTEXT",
        CaseInsensitiveValidString.in_("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
        _MEDIUM,
        "Protocol used to talk to brokers.",
    )
    _define_sasl(d)
    d.define(
        "worker.sync.timeout.ms",
        Type.INT,
        3000,
        importance=_MEDIUM,
        documentation="How long to wait to catch up with the config topic before giving up leadership work.",
    )
    d.define(
        "worker.unsync.backoff.ms",
        Type.INT,
        300000,
        importance=_MEDIUM,
        documentation="Back-off before rejoining after failing to catch up.",
    )
    for prefix, partitions in (("offset", 25), ("config", None), ("status", 5)):
        d.define(
            f"{prefix}.storage.topic",
            Type.STRING,
            importance=_HIGH,
            documentation=f"Kafka topic storing connector {prefix}s.",
        )
        if partitions is not None:
            d.define(
                f"{prefix}.storage.partitions",
                Type.INT,
                partitions,
                _partitions(),
                _LOW,
                f"Partitions of the {prefix} storage topic when created.",
            )
        d.define(
            f"{prefix}.storage.replication.factor",
            Type.SHORT,
            3,
            _partitions(),
            _LOW,
            f"Replication factor of the {prefix} storage topic when created.",
        )
    d.define(
        "connect.protocol",
        Type.STRING,
        "sessioned",
        CaseInsensitiveValidString.in_("eager", "compatible", "sessioned"),
        _LOW,
        "Protocol used by workers to coordinate.",
    )
    d.define(
        "scheduled.rebalance.max.delay.ms",
        Type.INT,
        300000,
        Range.between(0, 2**31 - 1),
        _LOW,
        "Maximum delay before reassigning the work of departed workers.",
    )
    d.define(
        "inter.worker.key.ttl.ms",
        Type.INT,
        3600000,
        Range.between(0, 2**31 - 1),
        _LOW,
        "Lifetime of the key signing internal requests.",
    )
    d.define(
        "inter.worker.key.generation.algorithm",
        Type.STRING,
        "HmacSHA256",
        LambdaValidator(_check_mac, "A supported HMAC algorithm"),
        _LOW,
        "Algorithm generating the internal request signing key.",
    )
    d.define(
        "inter.worker.key.size",
        Type.INT,
        None,
        importance=_LOW,
        documentation="Size in bits of the signing key (null = algorithm default).",
    )
    d.define(
        "inter.worker.signature.algorithm",
        Type.STRING,
        "HmacSHA256",
        LambdaValidator(_check_mac, "A supported HMAC algorithm"),
        _LOW,
        "Algorithm signing internal requests.",
    )
    d.define(
        "inter.worker.verification.algorithms",
        Type.LIST,
        "HmacSHA256",
        LambdaValidator(_check_mac, "HMAC algorithms"),
        _LOW,
        "Algorithms accepted when verifying internal requests.",
    )
    d.define(
        "metadata.recovery.strategy",
        Type.STRING,
        "rebootstrap",
        CaseInsensitiveValidString.in_("none", "rebootstrap"),
        _LOW,
        "What clients do when all known brokers are unavailable.",
    )
    d.define(
        "metadata.recovery.rebootstrap.trigger.ms",
        Type.LONG,
        300000,
        Range.at_least(0),
        _LOW,
        "How long a client may go without usable metadata before it rebootstraps.",
    )
    return d


WORKER_CONFIG: ConfigDef = worker_config_def()
STANDALONE_CONFIG: ConfigDef = _standalone()
DISTRIBUTED_CONFIG: ConfigDef = _distributed()
