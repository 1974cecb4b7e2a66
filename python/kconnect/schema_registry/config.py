"""``schema-registry.properties``: the Confluent registry's keys that apply to kconnect.

============================================  ===========================  ==========================
key                                           default                      meaning
============================================  ===========================  ==========================
``listeners``                                 ``http://0.0.0.0:8081``      comma-separated listeners
``kafkastore.bootstrap.servers``              (required)                   ``host:port`` or
                                                                           ``PLAINTEXT://host:port``
``kafkastore.topic``                          ``_schemas``                 the compacted store topic
``kafkastore.topic.replication.factor``       3 (capped at live brokers)   when creating the topic
``kafkastore.timeout.ms``                     500                          store write/read-back wait
                                                                           (kconnect waits at least 30 s)
``kafkastore.init.timeout.ms``                60000                        reaching Kafka at start-up
``schema.compatibility.level``                ``backward``                 global default level (also
                                                                           ``avro.compatibility.level``)
``schema.registry.group.id``                  ``schema-registry``          the leader-election group
``leader.eligibility``                        true                         may lead (also
                                                                           ``master.eligibility``)
``host.name``                                 listener host, else this     the host other instances
                                              machine's address            forward writes to
``mode.mutability``                           true                         accepted, not enforced
``kafkastore.security.protocol``,             -                            passed to the Kafka clients
``kafkastore.sasl.mechanism``,
``kafkastore.ssl.*``
============================================  ===========================  ==========================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kconnect.errors import ConfigError
from kconnect.schema_registry.compatibility import LEVELS

__all__ = ["RegistryConfig", "parse_registry_config"]

_CLIENT_PASSTHROUGH = (
    "security.protocol",
    "sasl.mechanism",
    "ssl.ca.location",
    "ssl.certificate.location",
    "ssl.key.location",
    "ssl.key.password",
)


@dataclass(frozen=True)
class RegistryConfig:
    """Parsed registry settings."""

    bootstrap_servers: str
    listeners: tuple[str, ...] = ("http://0.0.0.0:8081",)
    topic: str = "_schemas"
    replication_factor: int = 3
    timeout_ms: int = 500
    init_timeout_ms: int = 60000
    compatibility: str = "BACKWARD"
    client: Mapping[str, str] = field(default_factory=dict)
    group_id: str = "schema-registry"
    leader_eligible: bool = True
    host_name: str | None = None


def parse_registry_config(props: Mapping[str, str]) -> RegistryConfig:
    """Validate ``props``; raise :class:`ConfigError` naming the key at fault."""
    bootstrap = props.get("kafkastore.bootstrap.servers", "").strip()
    if not bootstrap:
        raise ConfigError(
            'Missing required configuration "kafkastore.bootstrap.servers" which has no default value.'
        )
    servers = ",".join(s.strip().split("://", 1)[-1] for s in bootstrap.split(",") if s.strip())
    listeners = tuple(
        s.strip() for s in props.get("listeners", "http://0.0.0.0:8081").split(",") if s.strip()
    )
    level = props.get("schema.compatibility.level", props.get("avro.compatibility.level", "backward")).upper()
    if level not in LEVELS:
        raise ConfigError(
            f"Invalid value {level} for configuration schema.compatibility.level: "
            f"must be one of {', '.join(LEVELS)}"
        )
    client = {k: props[f"kafkastore.{k}"] for k in _CLIENT_PASSTHROUGH if f"kafkastore.{k}" in props}
    return RegistryConfig(
        bootstrap_servers=servers,
        listeners=listeners or ("http://0.0.0.0:8081",),
        topic=props.get("kafkastore.topic", "_schemas"),
        replication_factor=_int(props, "kafkastore.topic.replication.factor", 3),
        timeout_ms=_int(props, "kafkastore.timeout.ms", 500),
        init_timeout_ms=_int(props, "kafkastore.init.timeout.ms", 60000),
        compatibility=level,
        client={"bootstrap.servers": servers, **client},
        group_id=props.get("schema.registry.group.id", "schema-registry"),
        leader_eligible=props.get("leader.eligibility", props.get("master.eligibility", "true"))
        .strip()
        .lower()
        == "true",
        host_name=props.get("host.name") or None,
    )


def _int(props: Mapping[str, str], key: str, default: int) -> int:
    raw = props.get(key)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"Invalid value {raw} for configuration {key}: Not a number of type INT") from None
