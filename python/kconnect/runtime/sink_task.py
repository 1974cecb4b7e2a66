"""The sink task loop: fetch a batch -> convert -> ``put`` -> commit after ``pre_commit``.

Consumer group ``connect-<connector>``, auto-commit off.  Offsets are committed
every ``offset.flush.interval.ms`` (or on ``context.request_commit()``), on
partition revocation and at stop, and only the offsets ``pre_commit`` returns
(by default: everything ``put`` so far, after ``flush``).  A ``RetriableError``
from ``put`` pauses consumption and redelivers the same batch after
``context.timeout(ms)``; any other exception fails the task, leaving committed
offsets where the last successful commit put them.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from confluent_kafka import KafkaError
from confluent_kafka import TopicPartition as KafkaTopicPartition

from kconnect.api.records import SinkRecord
from kconnect.api.sink import OffsetAndMetadata, SinkTask, SinkTaskContext, TopicPartition
from kconnect.errors import ConnectError, RetriableError
from kconnect.runtime.errors import ErrorHandler, ErrorSettings, Stage
from kconnect.runtime.herder import TargetState
from kconnect.runtime.native_io import NativeSinkConsumer
from kconnect.runtime.record_codec import RecordCodec
from kconnect.runtime.task_base import TaskId, WorkerTask
from kconnect.storage.status import State, StatusStore
from kconnect.transforms.chain import SkipRecord, TransformationChain

log = logging.getLogger(__name__)

_IGNORED_ERRORS = {KafkaError._PARTITION_EOF}
_WARN_ERRORS = {KafkaError.UNKNOWN_TOPIC_OR_PART, KafkaError._UNKNOWN_TOPIC, KafkaError._UNKNOWN_PARTITION}


@dataclass(frozen=True, slots=True)
class SinkTaskSettings:
    """Worker/connector settings a sink task loop needs."""

    topics: tuple[str, ...]
    topics_regex: str | None
    offset_flush_interval_ms: int
    offset_flush_timeout_ms: int
    max_poll_records: int = 500
    poll_timeout_s: float = 0.5


class _Context(SinkTaskContext):
    """The sink task's view of its consumer (called on the task thread)."""

    def __init__(self, owner: WorkerSinkTask, configs: Mapping[str, str]) -> None:
        self._owner = owner
        self._configs = configs

    @property
    def configs(self) -> Mapping[str, str]:
        return self._configs

    def offset(self, offsets: Mapping[TopicPartition, int]) -> None:
        self._owner.pending_seeks.update(offsets)

    def timeout(self, timeout_ms: int) -> None:
        self._owner.retry_timeout_ms = timeout_ms

    def assignment(self) -> set[TopicPartition]:
        return set(self._owner.assigned)

    def pause(self, *partitions: TopicPartition) -> None:
        self._owner.task_paused.update(partitions)
        self._owner.apply_pauses()

    def resume(self, *partitions: TopicPartition) -> None:
        self._owner.task_paused.difference_update(partitions)
        self._owner.apply_pauses()

    def request_commit(self) -> None:
        self._owner.commit_requested = True


def _kafka_tps(offsets: Mapping[TopicPartition, OffsetAndMetadata]) -> list[KafkaTopicPartition]:
    return [KafkaTopicPartition(tp.topic, tp.partition, om.offset) for tp, om in offsets.items()]


class WorkerSinkTask(WorkerTask):
    """Runs one :class:`SinkTask`."""

    def __init__(
        self,
        task_id: TaskId,
        task: SinkTask,
        task_config: Mapping[str, str],
        codec: RecordCodec,
        consumer_factory: Callable[[], Any],
        statuses: StatusStore,
        worker_id: str,
        target: TargetState,
        settings: SinkTaskSettings,
        chain: TransformationChain[Any] | None = None,
        errors: ErrorHandler | None = None,
    ) -> None:
        super().__init__(task_id, statuses, worker_id, target)
        self._chain: TransformationChain[Any] = chain or TransformationChain()
        self._errors = errors or ErrorHandler(ErrorSettings(), task_id.connector, task_id.task)
        self._task = task
        self._config = dict(task_config)
        self._codec = codec
        self._consumer_factory = consumer_factory
        self._consumer: Any = None
        self._settings = settings
        self.assigned: set[TopicPartition] = set()
        self.task_paused: set[TopicPartition] = set()
        self.pending_seeks: dict[TopicPartition, int] = {}
        self.retry_timeout_ms = -1
        self.commit_requested = False
        self._current: dict[TopicPartition, OffsetAndMetadata] = {}
        self._last_committed: dict[TopicPartition, OffsetAndMetadata] = {}
        self._retry_batch: list[SinkRecord] | None = None
        self._next_commit = 0.0
        self._started = False
        self._applied_paused = False

    # -- start -------------------------------------------------------------------------------
    def _initialize_and_start(self) -> None:
        self._consumer = self._consumer_factory()
        self._task.initialize(_Context(self, self._config))
        self._task.start(self._config)
        self._started = True
        if self._settings.topics_regex:
            pattern = self._settings.topics_regex
            re.compile(pattern)
            subscription = [pattern if pattern.startswith("^") else "^" + pattern]
        else:
            subscription = list(self._settings.topics)
        self._consumer.subscribe(
            subscription, on_assign=self._on_assign, on_revoke=self._on_revoke, on_lost=self._on_lost
        )
        log.info("%s Sink task finished initialization and start", self)
        self._next_commit = time.monotonic() + self._settings.offset_flush_interval_ms / 1000

    # -- loop --------------------------------------------------------------------------------
    def _execute(self) -> None:
        while not self.stopping:
            self._apply_seeks()
            paused = self._sync_target_state()
            if self._retry_batch is not None and not paused:
                self._deliver(self._retry_batch)
            elif isinstance(self._consumer, NativeSinkConsumer):
                self._poll_native(self._consumer)
            else:
                messages = self._consumer.consume(
                    self._settings.max_poll_records, self._settings.poll_timeout_s
                )
                batch = self._without_pending_seeks(self._check_errors(messages))
                if batch:
                    records = self._convert_and_transform(batch)
                    last: dict[tuple[str, int], int] = {}  # one entry per partition, not per record
                    for msg in batch:
                        last[(msg.topic(), msg.partition())] = msg.offset()
                    for (topic, partition), offset in last.items():
                        self._current[TopicPartition(topic, partition)] = OffsetAndMetadata(offset + 1)
                    self._record_active_topics({topic for topic, _ in last})
                    self._deliver(records)
            self._maybe_commit()

    def _poll_native(self, consumer: NativeSinkConsumer) -> None:
        """One fetch as columns; records built in one pass unless transforms need them one by one."""
        fetched = consumer.fetch(self._settings.max_poll_records, self._settings.poll_timeout_s)
        if not len(fetched):
            return
        if self.pending_seeks:  # a seek asked for while fetching (e.g. from open()): row path
            batch = self._without_pending_seeks(list(fetched.messages()))
            for msg in batch:
                self._current[TopicPartition(msg.topic(), msg.partition())] = OffsetAndMetadata(
                    msg.offset() + 1
                )
            if batch:
                self._record_active_topics({msg.topic() for msg in batch})
                self._deliver(self._convert_and_transform(batch))
            return
        records: list[SinkRecord] | None = None
        if self._chain.is_empty:
            try:
                records = self._codec.decode_columns(*fetched.columns)
            except Exception:
                log.debug("%s Batch conversion failed; converting record by record", self, exc_info=True)
        if records is None:
            records = self._convert_and_transform(list(fetched.messages()))
        last_offsets = fetched.last_offsets()
        for (topic, partition), offset in last_offsets.items():
            self._current[TopicPartition(topic, partition)] = OffsetAndMetadata(offset + 1)
        self._record_active_topics({topic for topic, _ in last_offsets})
        self._deliver(records)

    def _without_pending_seeks(self, messages: list[Any]) -> list[Any]:
        """Drop messages of partitions the task asked to seek while they were fetched.

        ``context.offset()`` called from ``open()`` (inside the rebalance callback of the very
        fetch that returned these messages) must win over them: they are fetched again from the
        requested offset once the seek is applied at the top of the next loop.  Java applies such
        seeks before the first batch is delivered, too.
        """
        if not self.pending_seeks:
            return messages
        pending = self.pending_seeks
        return [m for m in messages if TopicPartition(m.topic(), m.partition()) not in pending]

    def _convert_and_transform(self, batch: list[Any]) -> list[SinkRecord]:
        """Converted and transformed records; failures follow ``errors.tolerance`` (skipped or raised)."""
        decoded: list[SinkRecord | None]
        try:
            decoded = list(self._codec.decode(batch))
        except Exception:
            log.debug("%s Batch conversion failed; converting record by record", self, exc_info=True)
            decoded = [self._decode_one(msg) for msg in batch]
        if self._chain.is_empty:
            return [r for r in decoded if r is not None]
        out = []
        for msg, record in zip(batch, decoded, strict=True):
            if record is None:
                continue
            transformed = self._chain.apply(record, self._errors.transform_runner(consumed=msg))
            if transformed is not None:
                out.append(transformed)
        return out

    def _decode_one(self, msg: Any) -> SinkRecord | None:
        def run(stage: str, cls: type, call: Any) -> Any:
            return self._errors.execute(Stage(stage), cls, call, consumed=msg)

        try:
            return self._codec.decode_one(msg, run)
        except SkipRecord:
            return None

    def _check_errors(self, messages: list[Any]) -> list[Any]:
        good = []
        for msg in messages:
            err = msg.error()
            if err is None:
                good.append(msg)
            elif err.code() in _IGNORED_ERRORS:
                continue
            elif err.code() in _WARN_ERRORS or err.retriable():
                log.warning("%s Consumer: %s", self, err.str())
            else:
                raise ConnectError(f"Consumer error: {err.str()}")
        return good

    def _deliver(self, records: list[SinkRecord]) -> None:
        try:
            self._task.put(records)
        except RetriableError as e:
            log.warning("%s put() asked to retry the batch of %d records: %s", self, len(records), e)
            self._retry_batch = records
            self._pause_all_for_retry()
            return
        if self._retry_batch is not None:
            self._retry_batch = None
            self.apply_pauses()

    def _pause_all_for_retry(self) -> None:
        if self.assigned:
            self._consumer.pause([KafkaTopicPartition(tp.topic, tp.partition) for tp in self.assigned])
        wait_s = self.retry_timeout_ms / 1000 if self.retry_timeout_ms > 0 else 0
        self.retry_timeout_ms = -1
        if wait_s:
            with self._state_changed:
                self._state_changed.wait_for(lambda: self.stopping, wait_s)

    def apply_pauses(self) -> None:
        """Pause exactly the partitions the task or the target state want paused."""
        if self._consumer is None or not self.assigned:
            return
        everything = self._is_paused() or self._retry_batch is not None
        to_pause = self.assigned if everything else self.assigned & self.task_paused
        to_resume = self.assigned - to_pause
        if to_pause:
            self._consumer.pause([KafkaTopicPartition(tp.topic, tp.partition) for tp in to_pause])
        if to_resume:
            self._consumer.resume([KafkaTopicPartition(tp.topic, tp.partition) for tp in to_resume])

    def _await_unpaused(self) -> bool:
        # A paused sink keeps polling (group membership) with its partitions paused: the loop
        # notices the target state in _sync_target_state.
        return not self.stopping

    def _sync_target_state(self) -> bool:
        """Apply a target-state change (pause/resume the consumer, report); True when paused."""
        paused = self._is_paused()
        if paused != self._applied_paused:
            self._applied_paused = paused
            self.apply_pauses()
            self._report(State.PAUSED if paused else State.RUNNING)
        return paused

    def _apply_seeks(self) -> None:
        if not self.pending_seeks:
            return
        for tp in [tp for tp in self.pending_seeks if tp in self.assigned]:
            offset = self.pending_seeks.pop(tp)
            self._consumer.seek(KafkaTopicPartition(tp.topic, tp.partition, offset))
            self._current[tp] = OffsetAndMetadata(offset)
            log.debug("%s Rewound %s to offset %d", self, tp, offset)

    # -- commits -----------------------------------------------------------------------------
    def _maybe_commit(self) -> None:
        now = time.monotonic()
        if self.commit_requested or now >= self._next_commit:
            self.commit_requested = False
            self._commit(self.assigned, asynchronous=True)
            self._next_commit = now + self._settings.offset_flush_interval_ms / 1000

    def _commit(self, partitions: Collection[TopicPartition], *, asynchronous: bool) -> None:
        current = {tp: om for tp, om in self._current.items() if tp in partitions}
        if not current:
            return
        self._errors.flush()  # dead letter queue records are acknowledged before offsets commit
        try:
            returned = self._task.pre_commit(current)
        except Exception:
            log.exception("%s Offset commit failed, rewinding to last committed offsets", self)
            for tp, om in self._last_committed.items():
                if tp in self.assigned:
                    self._consumer.seek(KafkaTopicPartition(tp.topic, tp.partition, om.offset))
                    self._current[tp] = om
            return
        to_commit = {
            tp: om
            for tp, om in returned.items()
            if tp in current and om.offset <= current[tp].offset and self._last_committed.get(tp) != om
        }
        if not to_commit:
            return
        self._consumer.commit(offsets=_kafka_tps(to_commit), asynchronous=asynchronous)
        self._last_committed.update(to_commit)
        log.debug("%s Committed offsets for %d partition(s)", self, len(to_commit))

    # -- rebalance callbacks (run inside consume() on this thread) ---------------------------
    def _on_assign(self, consumer: Any, partitions: list[KafkaTopicPartition]) -> None:
        tps = [TopicPartition(p.topic, p.partition) for p in partitions]
        self.assigned.update(tps)
        self._task.open(tps)
        self.apply_pauses()

    def _on_revoke(self, consumer: Any, partitions: list[KafkaTopicPartition]) -> None:
        tps = {TopicPartition(p.topic, p.partition) for p in partitions} & self.assigned
        if not tps:
            return
        if self._retry_batch is not None:
            self._retry_batch = None  # redelivered by the next owner from the last commit
        try:
            self._commit(tps, asynchronous=False)
        finally:
            self._task.close(list(tps))
            self._forget(tps)

    def _on_lost(self, consumer: Any, partitions: list[KafkaTopicPartition]) -> None:
        tps = {TopicPartition(p.topic, p.partition) for p in partitions} & self.assigned
        if tps:
            self._task.close(list(tps))
        self._forget(tps)

    def _forget(self, tps: set[TopicPartition]) -> None:
        self.assigned -= tps
        for tp in tps:
            self._current.pop(tp, None)
            self._last_committed.pop(tp, None)

    # -- close -------------------------------------------------------------------------------
    def _close(self, failed: bool) -> None:
        try:
            if self._started and not failed and self.assigned:
                tps = set(self.assigned)
                try:
                    self._commit(tps, asynchronous=False)
                finally:
                    self._task.close(list(tps))
                    self._forget(tps)
        finally:
            try:
                if self._started:
                    self._task.stop()
            finally:
                self._chain.close()
                self._errors.close()
                if self._consumer is not None:
                    self._consumer.close()
