"""Fixtures: a kconnect schema registry on a fresh ``_schemas`` topic of the session broker."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tests.integration.schema_registry.registry_harness import RunningRegistry

from kconnect.dev.kafka import KafkaBroker


@pytest.fixture(scope="module")
def schema_registry(kafka_broker: KafkaBroker) -> Iterator[RunningRegistry]:
    """One registry per test module, with its own store topic."""
    registry = RunningRegistry(kafka_broker.bootstrap_servers)
    try:
        yield registry
    finally:
        registry.stop()


@pytest.fixture
def registry_factory(kafka_broker: KafkaBroker) -> Iterator[Callable[..., RunningRegistry]]:
    """Starts registries on demand (``registry_factory(topic=...)``); stops them after the test."""
    started: list[RunningRegistry] = []

    def make(topic: str | None = None, **extra: str) -> RunningRegistry:
        registry = RunningRegistry(kafka_broker.bootstrap_servers, topic, extra)
        started.append(registry)
        return registry

    yield make
    for registry in started:
        registry.stop()
