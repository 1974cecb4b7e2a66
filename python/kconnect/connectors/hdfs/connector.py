"""HdfsSinkConnector and its task (Java: ``io.confluent.connect.hdfs.HdfsSinkConnector``).

The task keeps one :class:`TopicPartitionWriter` per assigned partition.
Recovery runs on assignment (``open``) and, if the store was unreachable then,
before the partition's first write; it seeks the consumer to the first offset
not in a committed file.  ``pre_commit`` reports only those durable offsets, so
the consumer group's lag is what is not yet in committed files.

Time-based rotation without new records: Java's runtime calls ``put`` with an
empty batch on every poll, where the reference checks its timers; kconnect's
loop calls ``put`` only with records, so while open files wait for
``rotate.interval.ms`` or the schedule the task asks for a commit
(``context.request_commit()``), whose ``pre_commit`` checks the timers on the
next loop iteration.

Storage failures (store down, timeouts) raise :class:`RetriableError` from
``put`` after asking for a ``retry.backoff.ms`` pause: the runtime redelivers
the batch and the writers skip what they already hold.  Permission denied and
bad records fail the task with the path or record in the message.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping

from kconnect.api.connector import Task
from kconnect.api.records import SinkRecord
from kconnect.api.sink import OffsetAndMetadata, SinkConnector, SinkTask, TopicPartition
from kconnect.config import ConfigDef
from kconnect.config.definition import ConfigValue
from kconnect.connectors.hdfs.config import CONFIG_DEF, HDFS_URL, HdfsSinkSettings
from kconnect.connectors.hdfs.formats import FileFormat, make_format
from kconnect.connectors.hdfs.partitioner import Partitioner, make_partitioner
from kconnect.connectors.hdfs.storage import Storage, open_storage
from kconnect.connectors.hdfs.writer import TopicPartitionWriter, now_ms
from kconnect.errors import ConfigError, RetriableError

__all__ = ["Hdfs3SinkConnector", "HdfsSinkConnector", "HdfsSinkTask"]

log = logging.getLogger(__name__)

VERSION = "10.2.0"
"""The reference connector version whose behaviour this follows."""


class HdfsSinkConnector(SinkConnector):
    """Writes Kafka topics into HDFS (or any fsspec store) as Parquet, Avro, JSON or text files."""

    VERSION = VERSION

    def __init__(self) -> None:
        self._props: dict[str, str] = {}

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        HdfsSinkSettings.parse(props)
        self._props = dict(props)

    def task_class(self) -> type[Task]:
        return HdfsSinkTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [dict(self._props) for _ in range(max_tasks)]

    def stop(self) -> None:
        pass

    def config(self) -> ConfigDef:
        return CONFIG_DEF

    def validate(self, props: Mapping[str, str]) -> list[ConfigValue]:
        values = super().validate(props)
        if not any(v.errors for v in values):
            try:
                HdfsSinkSettings.parse(props)
            except ConfigError as e:
                named = [v for v in values if v.name in str(e)] or [v for v in values if v.name == HDFS_URL]
                named[0].add_error_message(str(e))
        return values


class Hdfs3SinkConnector(HdfsSinkConnector):
    """The same connector under the HDFS 3 connector's name (``io.confluent.connect.hdfs3``)."""


class HdfsSinkTask(SinkTask):
    """Routes records to per-partition writers; commits what is durable."""

    def __init__(self) -> None:
        self._settings: HdfsSinkSettings | None = None
        self._storage: Storage | None = None
        self._format: FileFormat | None = None
        self._partitioner: Partitioner | None = None
        self._writers: dict[TopicPartition, TopicPartitionWriter] = {}

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        s = self._settings = HdfsSinkSettings.parse(props)
        self._storage = open_storage(s.url, s.webhdfs_port)
        self._format = make_format(s.format, s.avro_codec, s.parquet_codec)
        self._partitioner = make_partitioner(s)
        log.info("HDFS sink writing %s files to %s", s.format, self._storage.display)
        self.open(self.context.assignment())

    def _writer(self, tp: TopicPartition) -> TopicPartitionWriter:
        w = self._writers.get(tp)
        if w is None:
            assert self._settings and self._storage and self._format and self._partitioner
            w = self._writers[tp] = TopicPartitionWriter(
                tp, self._settings, self._storage, self._format, self._partitioner
            )
        return w

    def _recover(self, w: TopicPartitionWriter) -> None:
        offset = w.recover()
        if offset is not None:
            self.context.offset({w.tp: offset})

    def open(self, partitions: Collection[TopicPartition]) -> None:
        for tp in partitions:
            w = self._writer(tp)
            if w.recovered:
                continue
            try:
                self._recover(w)
            except RetriableError as e:
                log.warning("recovery of %s-%d deferred to its first write: %s", tp.topic, tp.partition, e)

    def put(self, records: list[SinkRecord]) -> None:
        by_tp: dict[TopicPartition, list[SinkRecord]] = {}
        for r in records:
            by_tp.setdefault(TopicPartition(r.topic, r.kafka_partition or 0), []).append(r)
        now = now_ms()
        try:
            for tp, batch in by_tp.items():
                w = self._writer(tp)
                if not w.recovered:
                    self._recover(w)
                w.write(batch, now)
            for w in self._writers.values():
                if w.recovered:
                    w.tick(now)
            self._request_timer_check()
        except RetriableError:
            assert self._settings is not None
            self.context.timeout(self._settings.retry_backoff_ms)
            raise

    def pre_commit(
        self, current_offsets: Mapping[TopicPartition, OffsetAndMetadata]
    ) -> Mapping[TopicPartition, OffsetAndMetadata]:
        now = now_ms()
        out: dict[TopicPartition, OffsetAndMetadata] = {}
        for tp, w in self._writers.items():
            if w.recovered:
                try:
                    w.tick(now)
                except RetriableError as e:
                    log.warning("rotation of %s-%d will be retried: %s", tp.topic, tp.partition, e)
            if w.committed is not None and tp in current_offsets:
                out[tp] = OffsetAndMetadata(w.committed)
        self._request_timer_check()
        return out

    def _request_timer_check(self) -> None:
        if any(w.awaits_time_rotation for w in self._writers.values()):
            self.context.request_commit()

    def close(self, partitions: Collection[TopicPartition]) -> None:
        for tp in partitions:
            w = self._writers.pop(tp, None)
            if w is not None:
                w.close()

    def stop(self) -> None:
        for w in self._writers.values():
            w.close()
        self._writers.clear()
