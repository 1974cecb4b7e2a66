"""A sink connector for the native consumer tests (loaded by dotted path by a worker process)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from kconnect.api.connector import Task
from kconnect.api.records import SinkRecord
from kconnect.api.sink import SinkConnector, SinkTask, TopicPartition
from kconnect.config import ConfigDef
from kconnect.errors import RetriableError


class RewindingRetrySinkConnector(SinkConnector):
    """``file``: where values go; ``start.offset``: where each partition starts; first put retries."""

    def start(self, props: Mapping[str, str]) -> None:
        self._props = dict(props)

    def task_class(self) -> type[Task]:
        return RewindingRetrySinkTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [dict(self._props)]

    def stop(self) -> None:
        pass

    def config(self) -> ConfigDef:
        return ConfigDef()


class RewindingRetrySinkTask(SinkTask):
    def start(self, props: Mapping[str, str]) -> None:
        self._file = props["file"]
        self._start = int(props["start.offset"])
        self._retried = False

    def open(self, partitions: Collection[TopicPartition]) -> None:
        self.context.offset({tp: self._start for tp in partitions})

    def put(self, records: list[SinkRecord]) -> None:
        if records and not self._retried:
            self._retried = True
            self.context.timeout(200)
            raise RetriableError("not yet")
        with open(self._file, "a", encoding="utf-8") as out:
            out.write("".join(f"{r.kafka_offset} {r.value}\n" for r in records))

    def stop(self) -> None:
        pass
