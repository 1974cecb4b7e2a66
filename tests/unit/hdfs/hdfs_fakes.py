"""A recording SinkTaskContext for HDFS sink unit tests (no runtime)."""

from __future__ import annotations

from collections.abc import Mapping

from kconnect.api.sink import SinkTaskContext, TopicPartition


class RecordingContext(SinkTaskContext):
    """Remembers seeks and timeouts; the assignment is whatever the test sets."""

    def __init__(self, assigned: set[TopicPartition] | None = None) -> None:
        self.assigned = set(assigned or ())
        self.seeks: dict[TopicPartition, int] = {}
        self.timeouts: list[int] = []
        self.commit_requests = 0

    @property
    def configs(self) -> Mapping[str, str]:
        return {}

    def offset(self, offsets: Mapping[TopicPartition, int]) -> None:
        self.seeks.update(offsets)

    def timeout(self, timeout_ms: int) -> None:
        self.timeouts.append(timeout_ms)

    def assignment(self) -> set[TopicPartition]:
        return set(self.assigned)

    def pause(self, *partitions: TopicPartition) -> None:
        pass

    def resume(self, *partitions: TopicPartition) -> None:
        pass

    def request_commit(self) -> None:
        self.commit_requests += 1
