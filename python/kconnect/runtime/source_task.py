"""The source task loop: poll -> convert the batch -> produce -> commit acked offsets.

Offsets: every record's source offset is registered with
:class:`~kconnect.runtime.offsets.SubmittedRecords` before it is produced; the
delivery report marks it acked.  Every ``offset.flush.interval.ms`` (and at
stop or failure) the offsets of the longest fully-acked prefix per source
partition are written to the offset store, then ``task.commit()`` runs.  So a
committed offset never points past a record the broker has not acknowledged,
and a crash re-sends at most one flush interval of records.

Backpressure: the producer's queue is bounded (librdkafka
``queue.buffering.max.*``); when it is full the loop serves delivery reports
and waits instead of buffering more, logging once.
"""

from __future__ import annotations

import functools
import logging
import operator
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kconnect.api.records import SourceRecord
from kconnect.api.source import OffsetStorageReader, SourceTask, SourceTaskContext
from kconnect.errors import ConnectError
from kconnect.runtime.errors import ErrorContext, ErrorHandler, ErrorSettings, Stage
from kconnect.runtime.herder import TargetState
from kconnect.runtime.native_io import NativeSourceProducer, Outgoing
from kconnect.runtime.offsets import SubmittedRecord, SubmittedRecords
from kconnect.runtime.record_codec import Encoded, RecordCodec
from kconnect.runtime.task_base import TaskId, WorkerTask
from kconnect.storage import offset_codec
from kconnect.storage.offsets import OffsetBackingStore
from kconnect.storage.status import StatusStore
from kconnect.transforms.chain import SkipRecord, TransformationChain

log = logging.getLogger(__name__)

_TOPIC = operator.attrgetter("topic")  # distinct topics of a batch without a Python-level loop

IDLE_WAIT_S = 0.01


@dataclass(frozen=True, slots=True)
class RecordMetadata:
    """Where Kafka stored a record (passed to ``SourceTask.commit_record``)."""

    topic: str
    partition: int
    offset: int
    timestamp: int | None


class _Context(SourceTaskContext):
    def __init__(self, configs: Mapping[str, str], reader: OffsetStorageReader) -> None:
        self._configs = configs
        self._reader = reader

    @property
    def configs(self) -> Mapping[str, str]:
        return self._configs

    @property
    def offset_storage_reader(self) -> OffsetStorageReader:
        return self._reader


@dataclass(frozen=True, slots=True)
class SourceTaskSettings:
    """Worker settings a source task loop needs."""

    offset_flush_interval_ms: int
    offset_flush_timeout_ms: int


class WorkerSourceTask(WorkerTask):
    """Runs one :class:`SourceTask`."""

    def __init__(
        self,
        task_id: TaskId,
        task: SourceTask,
        task_config: Mapping[str, str],
        codec: RecordCodec,
        producer_factory: Callable[[], Any],
        offset_store: OffsetBackingStore,
        offset_reader: OffsetStorageReader,
        statuses: StatusStore,
        worker_id: str,
        target: TargetState,
        settings: SourceTaskSettings,
        chain: TransformationChain[Any] | None = None,
        errors: ErrorHandler | None = None,
    ) -> None:
        super().__init__(task_id, statuses, worker_id, target)
        self._chain: TransformationChain[Any] = chain or TransformationChain()
        self._errors = errors or ErrorHandler(ErrorSettings(), task_id.connector, task_id.task)
        self._task = task
        self._config = dict(task_config)
        self._codec = codec
        self._producer_factory = producer_factory
        self._producer: Any = None
        self._offset_store = offset_store
        self._offset_reader = offset_reader
        self._settings = settings
        self._submitted = SubmittedRecords()
        self._key_partition: Mapping[str, Any] | None = None
        self._key_bytes = b""
        self._send_error: BaseException | None = None
        self._next_commit = 0.0
        self._wants_commit_record = type(task).commit_record is not SourceTask.commit_record
        self._started = False

    def _initialize_and_start(self) -> None:
        self._producer = self._producer_factory()
        if isinstance(self._producer, NativeSourceProducer):
            self._producer.on_acked = self._ack_submitted
        self._task.initialize(_Context(self._config, self._offset_reader))
        self._task.start(self._config)
        self._started = True
        log.info("%s Source task finished initialization and start", self)
        self._next_commit = time.monotonic() + self._settings.offset_flush_interval_ms / 1000

    def _execute(self) -> None:
        while not self.stopping:
            if self._is_paused() and not self._await_unpaused():
                break
            records = self._task.poll()
            if records:
                self._send(records)
            # serve delivery reports; when poll() gave nothing, wait briefly instead of spinning
            self._producer.poll(0 if records else IDLE_WAIT_S)
            self._raise_send_error()
            self._maybe_commit()

    # -- producing ---------------------------------------------------------------------------
    def _send(self, polled: list[SourceRecord]) -> None:
        if isinstance(self._producer, NativeSourceProducer):
            self._send_native(polled)
            return
        # every polled record is registered in poll order, so a dropped or skipped record's offset
        # is committed in order once the records before it are acknowledged (Java: commitRecord
        # with null metadata)
        submitted = [self._submit(r) for r in polled]
        kept: list[tuple[SourceRecord, SubmittedRecord | None, SourceRecord]] = []
        for record, sub in zip(polled, submitted, strict=True):
            transformed = self._transform(record)
            if transformed is None:
                self._dropped(record, sub)
            else:
                kept.append((record, sub, transformed))
        if not kept:
            return
        encoded = self._encode([t for _, _, t in kept])
        self._record_active_topics({t.topic for _, _, t in kept})
        produce = self._producer.produce
        waiting_logged = False
        for (original, submitted_record, record), data in zip(kept, encoded, strict=True):
            if data is None:
                self._dropped(original, submitted_record)
                continue
            callback = functools.partial(self._on_delivery, submitted_record, original)
            kwargs: dict[str, Any] = {"key": data.key, "value": data.value, "on_delivery": callback}
            if record.kafka_partition is not None:
                kwargs["partition"] = record.kafka_partition
            if record.timestamp is not None:
                kwargs["timestamp"] = record.timestamp
            if data.headers:
                kwargs["headers"] = data.headers
            while True:
                try:
                    produce(record.topic, **kwargs)
                    break
                except BufferError:
                    if not waiting_logged:
                        log.info(
                            "%s Producer queue is full; waiting for the broker to acknowledge records", self
                        )
                        waiting_logged = True
                    self._producer.poll(0.1)
                    self._raise_send_error()
                    if self.stopping:
                        raise ConnectError("Task stopped while waiting for the producer queue") from None

    def _send_native(self, polled: list[SourceRecord]) -> None:
        """The whole batch in one native call.

        Offsets are tracked per batch: the last offset of each source partition
        in the batch becomes committable once every chunk of the batch (and
        every earlier one) is acknowledged, so offsets are encoded once per
        partition and batch instead of once per record.
        """
        assert isinstance(self._producer, NativeSourceProducer)
        ended: dict[bytes, Any] = {}
        for record in polled:
            if record.source_partition is not None:
                ended[self._offset_key(record.source_partition)] = record.source_offset
        transformed = [t for t in map(self._transform, polled) if t is not None]
        batch = Outgoing()
        if transformed:
            try:
                batch.extend(transformed, *self._codec.encode_columns(transformed))
            except Exception:  # record by record, so the failing record and stage are reported
                batch = Outgoing()
                for record, data in zip(transformed, self._encode(transformed), strict=True):
                    if data is not None:
                        batch.add(record.topic, data.key, data.value, record.kafka_partition,
                                  record.timestamp, data.headers or None)  # fmt: skip
        pending = [self._submitted.submit(k, offset_codec.encode_value(v)) for k, v in ended.items()]
        if transformed:
            self._record_active_topics(set(map(_TOPIC, transformed)))
        self._producer.send(batch, pending, lambda: self.stopping, self)

    def _ack_submitted(self, submitted: SubmittedRecord | None) -> None:
        if submitted is not None:
            self._submitted.ack(submitted)

    def _submit(self, record: SourceRecord) -> SubmittedRecord | None:
        if record.source_partition is None:
            return None
        return self._submitted.submit(
            self._offset_key(record.source_partition), offset_codec.encode_value(record.source_offset)
        )

    def _offset_key(self, partition: Mapping[str, Any]) -> bytes:
        """Offset-store key bytes of ``partition``, encoded again only when the partition changes.

        Consecutive records of a batch almost always share their partition, so this keeps the
        JSON encoding of the key off the per-record path (a copy is compared, so a connector
        that mutates its partition dict in place still gets the right key).
        """
        if partition != self._key_partition:
            self._key_bytes = offset_codec.encode_key(self.id.connector, partition)
            self._key_partition = dict(partition)
        return self._key_bytes

    def _dropped(self, record: SourceRecord, submitted: SubmittedRecord | None) -> None:
        if submitted is not None:
            self._submitted.ack(submitted)
        if self._wants_commit_record:
            self._task.commit_record(record, None)

    def _transform(self, record: SourceRecord) -> SourceRecord | None:
        if self._chain.is_empty:
            return record
        return self._chain.apply(record, self._errors.transform_runner(source=record))

    def _encode(self, records: list[SourceRecord]) -> list[Encoded | None]:
        """Bytes per record; None for a record whose conversion failed and was tolerated."""
        try:
            return list(self._codec.encode(records))
        except Exception:
            log.debug("%s Batch conversion failed; converting record by record", self, exc_info=True)
        out: list[Encoded | None] = []
        for record in records:

            def run(stage: str, cls: type, call: Any, record: SourceRecord = record) -> Any:
                return self._errors.execute(Stage(stage), cls, call, source=record)

            try:
                out.append(self._codec.encode_one(record, run))
            except SkipRecord:
                out.append(None)
        return out

    def _on_delivery(
        self, submitted: SubmittedRecord | None, record: SourceRecord, err: Any, msg: Any
    ) -> None:
        if err is not None and self._errors.tolerates_all:
            context = ErrorContext(
                self.id.connector, self.id.task, Stage.KAFKA_PRODUCE, type(self._producer),
                ConnectError(f"Producer send failed for topic {record.topic}: {err.str()}"), source=record,
            )  # fmt: skip
            try:
                self._errors.handle_failure(context)
            except SkipRecord:
                self._dropped(record, submitted)
                return
        if err is not None:
            if self._send_error is None:
                self._send_error = ConnectError(
                    "Unrecoverable exception from producer send callback for topic "
                    f"{record.topic}: {err.str()}"
                )
            return
        if submitted is not None:
            self._submitted.ack(submitted)
        if self._wants_commit_record:
            ts_type, ts = msg.timestamp()
            self._task.commit_record(
                record, RecordMetadata(msg.topic(), msg.partition(), msg.offset(), ts if ts_type else None)
            )

    def _raise_send_error(self) -> None:
        if self._send_error is not None:
            raise self._send_error

    # -- offsets -----------------------------------------------------------------------------
    def _maybe_commit(self) -> None:
        now = time.monotonic()
        if now >= self._next_commit:
            self._commit_offsets()
            self._next_commit = now + self._settings.offset_flush_interval_ms / 1000

    def _commit_offsets(self) -> None:
        self._errors.flush()  # dead letter queue records are acknowledged before their offsets commit
        offsets = self._submitted.committable()
        if offsets:
            self._offset_store.set(offsets)
            log.debug("%s Committed offsets for %d source partition(s)", self, len(offsets))
        self._task.commit()

    def _close(self, failed: bool) -> None:
        try:
            if self._producer is not None:
                remaining = self._producer.flush(self._settings.offset_flush_timeout_ms / 1000)
                if remaining:
                    log.warning(
                        "%s %d records were not acknowledged within offset.flush.timeout.ms", self, remaining
                    )
                self._commit_offsets_quietly()  # only acknowledged records' offsets
        finally:
            try:
                if self._started:
                    self._task.stop()
            finally:
                self._chain.close()
                self._errors.close()

    def _commit_offsets_quietly(self) -> None:
        try:
            self._commit_offsets()
        except Exception:
            log.exception("%s Failed to commit offsets", self)
