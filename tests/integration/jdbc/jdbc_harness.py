"""Helpers of the JDBC integration tests: connector configs, a JSON consumer, offsets (not a test module)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer, TopicPartition
from tests.integration.standalone_process import StandaloneProcess, wait_for

from kconnect.dev.postgres import PostgresServer

JSON = "org.apache.kafka.connect.json.JsonConverter"
JSON_WORKER = {"value.converter": JSON, "key.converter": JSON, "offset.flush.interval.ms": "500"}


def pg_config(server: PostgresServer, database: str, **extra: str) -> dict[str, str]:
    """A JDBC source config against ``database`` (JDBC URL, user and password keys)."""
    return {
        "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
        "connection.url": server.jdbc_url(database),
        "connection.user": server.user,
        "connection.password": server.password,
        "poll.interval.ms": "200",
        "table.poll.interval.ms": "1000",
        "connection.backoff.ms": "300",
        **extra,
    }


def write_connector(path: Path, name: str, config: Mapping[str, str]) -> Path:
    path.write_text(json.dumps({"name": name, "config": dict(config)}))
    return path


def worker(tmp_path: Path, bootstrap: str, connectors: list[Path] | None = None) -> StandaloneProcess:
    """A standalone worker with JSON converters whose offsets file survives restarts in ``tmp_path``."""
    return StandaloneProcess(tmp_path, bootstrap, connectors or [], overrides=JSON_WORKER)


class JsonTopic:
    """Reads a topic from the start, decoding JsonConverter envelopes (schema + payload)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.topic = topic
        self.consumer = Consumer(
            {"bootstrap.servers": bootstrap, "group.id": f"check-{topic}", "enable.auto.commit": False}
        )
        self.consumer.assign([TopicPartition(topic, 0, 0)])
        self.records: list[dict[str, Any]] = []

    def _drain(self) -> None:
        for msg in self.consumer.consume(10_000, 0.3):
            if msg.error() is not None:
                continue  # e.g. the topic does not exist yet
            self.records.append(json.loads(msg.value()))

    @property
    def payloads(self) -> list[Any]:
        return [r["payload"] for r in self.records]

    def wait(self, condition: Callable[[list[Any]], bool], what: str, timeout_s: float = 60) -> list[Any]:
        """Read until ``condition(payloads)`` holds; returns the payloads."""

        def done() -> bool:
            self._drain()
            return condition(self.payloads)

        wait_for(done, timeout_s, f"{what} on {self.topic} (have {len(self.records)})", interval_s=0)
        return self.payloads

    def wait_count(self, count: int, timeout_s: float = 60) -> list[Any]:
        return self.wait(lambda p: len(p) >= count, f"{count} records", timeout_s)

    def wait_for_id(self, ident: int, field: str = "id", timeout_s: float = 60) -> list[Any]:
        """Read until a record with ``field == ident`` arrives (a sentinel row)."""
        return self.wait(lambda p: any(r.get(field) == ident for r in p), f"{field}={ident}", timeout_s)

    def close(self) -> None:
        self.consumer.close()

    def __enter__(self) -> JsonTopic:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
