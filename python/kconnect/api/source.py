"""Source connector API (Java: ``org.apache.kafka.connect.source``)."""

from __future__ import annotations

import abc
from collections.abc import Collection, Mapping
from typing import Any

from kconnect.api.connector import Connector, ConnectorContext, Task
from kconnect.api.records import SourceRecord


class OffsetStorageReader(abc.ABC):
    """Reads the committed source offsets of the task's connector."""

    @abc.abstractmethod
    def offset(self, partition: Mapping[str, Any]) -> dict[str, Any] | None:
        """The last committed offset for ``partition``, or None."""

    def offsets(self, partitions: Collection[Mapping[str, Any]]) -> dict[Any, dict[str, Any] | None]:
        """Committed offsets keyed by the partition (as a frozenset of its items)."""
        return {_freeze(p): self.offset(p) for p in partitions}


def _freeze(partition: Mapping[str, Any]) -> frozenset[tuple[str, Any]]:
    return frozenset(partition.items())


class SourceConnectorContext(ConnectorContext):
    """Connector context of a source connector."""

    @property
    @abc.abstractmethod
    def offset_storage_reader(self) -> OffsetStorageReader: ...


class SourceTaskContext(abc.ABC):
    """What the runtime offers a source task."""

    @property
    @abc.abstractmethod
    def configs(self) -> Mapping[str, str]: ...

    @property
    @abc.abstractmethod
    def offset_storage_reader(self) -> OffsetStorageReader: ...


class SourceConnector(Connector):
    """A connector that brings data into Kafka."""

    context: SourceConnectorContext

    def alter_offsets(
        self,
        connector_config: Mapping[str, str],
        offsets: list[tuple[dict[str, Any], dict[str, Any] | None]],
    ) -> bool:
        """Called before offsets are altered or reset over REST.

        ``offsets`` lists (source partition, new offset or None for a reset).  Raise to reject
        the change; return True if nothing outside Kafka needs changing (the framework's
        offsets are then all there is), False if the user must also alter the external system.
        """
        return False


class SourceTask(Task):
    """Reads from a system and returns :class:`SourceRecord` batches from :meth:`poll`."""

    context: SourceTaskContext

    def initialize(self, context: SourceTaskContext) -> None:
        self.context = context

    @abc.abstractmethod
    def poll(self) -> list[SourceRecord] | None:
        """A batch of records, or None/[] when nothing is available right now.

        Called in a loop on the task's own thread; may block briefly.
        """

    def commit(self) -> None:
        """Called after offsets were flushed to the offset store."""

    def commit_record(self, record: SourceRecord, metadata: Any) -> None:
        """Called once Kafka acknowledged ``record`` (``metadata`` has topic/partition/offset)."""
