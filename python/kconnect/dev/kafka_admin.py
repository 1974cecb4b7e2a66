"""Admin operations against any Kafka broker (confluent-kafka): readiness and topic creation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic

from kconnect.dev.local import wait_for
from kconnect.errors import ServiceError

__all__ = ["admin_client", "answers_metadata", "create_topic"]


def admin_client(bootstrap_servers: str, **config: Any) -> AdminClient:
    """A confluent-kafka ``AdminClient`` for ``bootstrap_servers``."""
    return AdminClient({"bootstrap.servers": bootstrap_servers, **config})


def answers_metadata(admin: AdminClient, timeout: float) -> bool:
    """Whether the broker answers a metadata request within ``timeout`` seconds."""
    try:
        meta = admin.list_topics(timeout=timeout)
    except KafkaException:
        return False
    return bool(meta.brokers)


def create_topic(
    bootstrap_servers: str,
    name: str,
    partitions: int = 1,
    config: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> None:
    """Create topic ``name`` (replication factor 1) and wait until every partition has a leader."""
    admin = admin_client(bootstrap_servers)
    topic = NewTopic(name, num_partitions=partitions, replication_factor=1, config=dict(config or {}))
    future = admin.create_topics([topic], request_timeout=timeout)[name]
    try:
        future.result(timeout=timeout)
    except KafkaException as exc:
        raise ServiceError(f"creating topic {name!r} failed: {exc}") from exc
    wait_for(lambda: _topic_ready(admin, name, partitions), timeout, f"topic {name!r} to have leaders")


def _topic_ready(admin: AdminClient, name: str, partitions: int) -> bool:
    meta = admin.list_topics(topic=name, timeout=5).topics.get(name)
    if meta is None or meta.error is not None or len(meta.partitions) != partitions:
        return False
    return all(p.leader >= 0 and p.error is None for p in meta.partitions.values())
