"""Sink connector API (Java: ``org.apache.kafka.connect.sink``)."""

from __future__ import annotations

import abc
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from kconnect.api.connector import Connector, ConnectorContext, Task
from kconnect.api.records import SinkRecord


@dataclass(frozen=True, slots=True, order=True)
class TopicPartition:
    """A Kafka topic and partition."""

    topic: str
    partition: int


@dataclass(frozen=True, slots=True)
class OffsetAndMetadata:
    """A consumer offset to commit: the offset of the *next* record to read."""

    offset: int
    metadata: str = ""


class SinkTaskContext(abc.ABC):
    """What the runtime offers a sink task (Java: ``SinkTaskContext``)."""

    @property
    @abc.abstractmethod
    def configs(self) -> Mapping[str, str]: ...

    @abc.abstractmethod
    def offset(self, offsets: Mapping[TopicPartition, int]) -> None:
        """Rewind/skip: consume these partitions from the given offsets next."""

    @abc.abstractmethod
    def timeout(self, timeout_ms: int) -> None:
        """After a RetriableError from ``put``, redeliver the batch after this many ms."""

    @abc.abstractmethod
    def assignment(self) -> set[TopicPartition]:
        """Partitions currently assigned to this task."""

    @abc.abstractmethod
    def pause(self, *partitions: TopicPartition) -> None: ...

    @abc.abstractmethod
    def resume(self, *partitions: TopicPartition) -> None: ...

    @abc.abstractmethod
    def request_commit(self) -> None:
        """Ask for an offset commit as soon as possible."""


class SinkConnectorContext(ConnectorContext):
    """Connector context of a sink connector."""


class SinkConnector(Connector):
    """A connector that delivers data from Kafka to another system."""

    context: SinkConnectorContext

    def alter_offsets(
        self, connector_config: Mapping[str, str], offsets: Mapping[TopicPartition, int | None]
    ) -> bool:
        """Called before offsets are altered or reset over REST (None = reset that partition).

        Raise to reject; return True if the consumer group offsets are all there is to change.
        """
        return False


class SinkTask(Task):
    """Receives batches of :class:`SinkRecord` and writes them out."""

    context: SinkTaskContext

    def initialize(self, context: SinkTaskContext) -> None:
        self.context = context

    @abc.abstractmethod
    def put(self, records: list[SinkRecord]) -> None:
        """Write (or buffer) a batch; raise RetriableError to have it redelivered."""

    def flush(self, current_offsets: Mapping[TopicPartition, OffsetAndMetadata]) -> None:
        """Make everything ``put`` so far durable."""

    def pre_commit(
        self, current_offsets: Mapping[TopicPartition, OffsetAndMetadata]
    ) -> Mapping[TopicPartition, OffsetAndMetadata]:
        """The offsets safe to commit; the default flushes and returns ``current_offsets``."""
        self.flush(current_offsets)
        return current_offsets

    def open(self, partitions: Collection[TopicPartition]) -> None:
        """Partitions were assigned to this task."""

    def close(self, partitions: Collection[TopicPartition]) -> None:
        """Partitions are being taken away; write out what is buffered for them."""
