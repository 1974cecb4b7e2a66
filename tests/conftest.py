"""Session-wide fixtures: the real Kafka broker and fresh topics.

``kafka_broker`` starts one real broker (``kconnect.dev.kafka``) the first time
a test asks for it and stops it at the end of the session.  Set
``KCONNECT_BOOTSTRAP_SERVERS`` to use a broker you already run instead (e.g.
``kconnect dev kafka`` in another shell); tests that stop or restart the broker
then fail, they never skip.

Every test that uses ``kafka_broker`` (directly or through ``topic``) and every
test under ``tests/integration/`` is marked ``integration``, so
``pytest -m "not integration"`` is the quick loop.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pytest

from kconnect.dev.kafka import ExternalKafkaBroker, KafkaBroker

BOOTSTRAP_ENV = "KCONNECT_BOOTSTRAP_SERVERS"
_INTEGRATION_DIR = Path(__file__).parent / "integration"
_BROKER_FIXTURES = {"kafka_broker", "bootstrap_servers", "topic", "topic_factory"}


class TopicFactory(Protocol):
    """The ``topic_factory`` fixture."""

    def __call__(self, partitions: int = 1, config: Mapping[str, str] | None = None) -> str: ...


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "integration: needs the real Kafka broker started by the session fixture"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        uses_broker = bool(_BROKER_FIXTURES.intersection(getattr(item, "fixturenames", ())))
        if uses_broker or _INTEGRATION_DIR in item.path.parents:
            item.add_marker(pytest.mark.integration)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test that used the broker shows the end of the broker log."""
    report = yield
    broker = getattr(item, "funcargs", {}).get("kafka_broker")
    if report.failed and isinstance(broker, KafkaBroker) and (tail := broker.log_tail(30)):
        report.sections.append((f"kafka broker log ({broker.log_file})", tail))
    return report


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[KafkaBroker]:
    """A running broker for the whole session (real, unless ``KCONNECT_BOOTSTRAP_SERVERS`` is set)."""
    external = os.environ.get(BOOTSTRAP_ENV)
    broker = ExternalKafkaBroker(external) if external else KafkaBroker()
    with broker:
        yield broker


@pytest.fixture(autouse=True)
def _kafka_broker_running(request: pytest.FixtureRequest) -> None:
    """Before each broker test: start the session broker again if an earlier test left it stopped."""
    if "kafka_broker" not in request.fixturenames:
        return
    broker = request.getfixturevalue("kafka_broker")
    if not isinstance(broker, ExternalKafkaBroker) and not broker.is_running():
        broker.start()


@pytest.fixture
def bootstrap_servers(kafka_broker: KafkaBroker) -> str:
    """``host:port`` of the session broker."""
    return kafka_broker.bootstrap_servers


@pytest.fixture
def topic_factory(kafka_broker: KafkaBroker, request: pytest.FixtureRequest) -> TopicFactory:
    """Creates fresh, uniquely named topics: ``topic_factory(partitions=3, config={...})``."""

    def make(partitions: int = 1, config: Mapping[str, str] | None = None) -> str:
        name = unique_topic_name(request.node.name)
        kafka_broker.create_topic(name, partitions, config)
        return name

    return make


@pytest.fixture
def topic(topic_factory: TopicFactory) -> str:
    """The name of a fresh one-partition topic that exists and has a leader."""
    return topic_factory()


def unique_topic_name(test_name: str) -> str:
    """``t-<test name>-<random>``: legal Kafka topic characters, at most 249 of them."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", test_name).strip("-.")[:80]
    return f"t-{slug}-{uuid.uuid4().hex[:8]}"
