"""Translate Java Kafka client settings to librdkafka's (confluent-kafka, rdkafka).

Users keep writing Java names (``producer.batch.size``, ``sasl.jaas.config`` ...).
Most names are the same in librdkafka; this module maps the ones that differ,
drops Java-only settings that have no effect here (serializers, buffer pools)
with a debug log line, and rejects settings that cannot be honoured with a
:class:`ConfigError` naming the key.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from kconnect.errors import ConfigError

log = logging.getLogger(__name__)

# Java name -> librdkafka name
RENAMED = {
    "max.request.size": "message.max.bytes",
    "buffer.memory": "queue.buffering.max.kbytes",  # converted below
    "max.poll.records": None,  # handled by the task loop (consume batch size)
    "ssl.truststore.location": "ssl.ca.location",
    "ssl.keystore.location": "ssl.keystore.location",
    "ssl.endpoint.identification.algorithm": "ssl.endpoint.identification.algorithm",
    "fetch.max.wait.ms": "fetch.wait.max.ms",
    "fetch.min.bytes": "fetch.min.bytes",
    "max.partition.fetch.bytes": "max.partition.fetch.bytes",
    "request.timeout.ms": "request.timeout.ms",
}

# Java settings without effect in librdkafka: accepted and ignored.
IGNORED = frozenset(
    {
        "key.serializer",
        "value.serializer",
        "key.deserializer",
        "value.deserializer",
        "max.block.ms",
        "interceptor.classes",
        "metric.reporters",
        "metrics.num.samples",
        "metrics.recording.level",
        "metrics.sample.window.ms",
        "auto.include.jmx.reporter",
        "partitioner.class",
        "partitioner.ignore.keys",
        "partitioner.adaptive.partitioning.enable",
        "partitioner.availability.timeout.ms",
        "send.buffer.bytes",
        "receive.buffer.bytes",
        "reconnect.backoff.max.ms",
        "retry.backoff.max.ms",
        "default.api.timeout.ms",
        "exclude.internal.topics",
        "ssl.truststore.type",
        "ssl.truststore.password",
        "ssl.keystore.type",
        "ssl.protocol",
        "ssl.enabled.protocols",
        "ssl.trustmanager.algorithm",
        "ssl.keymanager.algorithm",
        "ssl.secure.random.implementation",
        "sasl.login.class",
        "sasl.login.callback.handler.class",
        "sasl.client.callback.handler.class",
        "sasl.kerberos.min.time.before.relogin",
        "security.providers",
        "client.dns.lookup",
        "metadata.max.idle.ms",
        "internal.leave.group.on.close",
        "allow.auto.create.topics",
        "check.crcs",
        "connections.max.idle.ms",
    }
)

_JAAS = re.compile(r"""(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))""")


def _jaas_credentials(jaas: str) -> dict[str, str]:
    """username/password from a PlainLoginModule or ScramLoginModule JAAS line."""
    if "PlainLoginModule" not in jaas and "ScramLoginModule" not in jaas:
        raise ConfigError(
            "Invalid value for configuration sasl.jaas.config: only PlainLoginModule and "
            "ScramLoginModule are supported (give sasl.username/sasl.password otherwise)"
        )
    options = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _JAAS.finditer(jaas)}
    out = {}
    if "username" in options:
        out["sasl.username"] = options["username"]
    if "password" in options:
        out["sasl.password"] = options["password"]
    return out


def to_librdkafka(java: Mapping[str, str], *, client: str) -> dict[str, str]:
    """librdkafka settings for ``java`` settings of a ``producer``/``consumer``/``admin`` client."""
    out: dict[str, str] = {}
    for key, raw in java.items():
        value = str(raw)
        if key in IGNORED:
            log.debug("Ignoring %s client setting %s: no effect with librdkafka", client, key)
            continue
        if key == "sasl.jaas.config":
            out.update(_jaas_credentials(value))
            continue
        if key == "sasl.mechanism":
            out["sasl.mechanisms"] = value
            continue
        if key == "buffer.memory":
            out["queue.buffering.max.kbytes"] = str(max(1, int(value) // 1024))
            continue
        if key == "ssl.truststore.location" and value.endswith((".jks", ".p12", ".pfx")):
            raise ConfigError(
                f"Invalid value {value} for configuration ssl.truststore.location: librdkafka needs "
                "a PEM CA file; give it as ssl.ca.location"
            )
        if key == "max.poll.records":
            continue
        if key == "compression.type" and value == "none":
            out[key] = "none"
            continue
        out[RENAMED.get(key) or key] = value
    return out
