"""One topic partition's writer: open files, rotation, the commit protocol and recovery.

Files: a record goes to the open file of its encoded partition; committed
files are ``<topics.dir>/<topic>/<encoded>/<topic>+<partition>+<start>+<end><ext>``
with offsets zero-padded to ``filename.offset.zero.pad.width``.

Commit (all open files of the partition at once): finish each file locally and
upload it to ``<topics.dir>/+tmp/<topic>/<encoded>/<topic>+<partition>+<uuid>_tmp<ext>``
-> write one WAL block listing (temp, committed) pairs -> rename each temp file
-> the partition's committed offset becomes the block's end offset + 1.  A
failure before the WAL block leaves only temp files (deleted at recovery, the
records are consumed again); after it, recovery finishes the renames.

Rotation: ``flush.size`` records; ``rotate.interval.ms`` since the first record
of the open files (record time with a Record/RecordField extractor, else wall
clock); ``rotate.schedule.interval.ms`` boundaries of the wall clock in
``timezone``.  Improvement on the reference: with record time, open files are
also committed when ``rotate.interval.ms`` of *wall clock* passed without new
records, so a quiet topic does not hold data back forever.

Recovery (on assignment, before the first write): apply the newest WAL block,
delete this partition's temp files, and report the first offset not in a
committed file (the WAL's end offset + 1, else the largest end offset among the
committed file names + 1) for the task to seek to.  Records below the
committed offset are skipped, so a redelivered batch or a consumer that has not
yet applied the seek writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import IO, Any

from kconnect.api.records import SinkRecord
from kconnect.api.sink import TopicPartition
from kconnect.connectors.hdfs.config import HdfsSinkSettings
from kconnect.connectors.hdfs.formats import FileFormat, FileWriter
from kconnect.connectors.hdfs.partitioner import Partitioner
from kconnect.connectors.hdfs.schemas import project, should_change
from kconnect.connectors.hdfs.storage import Storage
from kconnect.connectors.hdfs.wal import WalBlock, WriteAheadLog
from kconnect.data.schema import Schema
from kconnect.errors import ConnectError, DataError

__all__ = ["TopicPartitionWriter", "committed_name_pattern"]

log = logging.getLogger(__name__)


def committed_name_pattern(topic: str) -> re.Pattern[str]:
    """Matches committed file names of ``topic``: groups kafka partition, start offset, end offset."""
    return re.compile(rf"^{re.escape(topic)}\+(\d+)\+(\d+)\+(\d+)(\.[^/]*)?$")


@dataclass
class _OpenFile:
    writer: FileWriter
    start: int
    end: int
    finished: IO[bytes] | None = None
    pending: list[Any] = field(default_factory=list)
    """Values not yet handed to ``writer``: one ``write`` call per batch, not per record."""

    def drain(self) -> None:
        if self.pending:
            self.writer.write(self.pending)
            self.pending = []


@dataclass
class _Window:
    """What the open files hold: rotation state since the last commit."""

    count: int = 0
    first_time_ms: int | None = None
    opened_wall_ms: int | None = None
    next_schedule_ms: int | None = None
    files: dict[str, _OpenFile] = field(default_factory=dict)


class TopicPartitionWriter:
    """Writes one topic partition's records into files, exactly once."""

    def __init__(
        self,
        tp: TopicPartition,
        settings: HdfsSinkSettings,
        storage: Storage,
        fmt: FileFormat,
        partitioner: Partitioner,
    ) -> None:
        self.tp = tp
        self.s = settings
        self.storage = storage
        self.fmt = fmt
        self.partitioner = partitioner
        self.wal = WriteAheadLog(storage, settings.logs_dir, tp.topic, tp.partition)
        self.recovered = False
        self.committed: int | None = None
        """The first offset not in a committed file (None: nothing committed yet)."""
        self._expected: int | None = None
        self._window = _Window()
        self._schema: Schema | None = None
        self._sealed = False
        self._pending: WalBlock | None = None
        self._last_block: int | None = None

    # ------------------------------------------------------------------ recovery

    def recover(self) -> int | None:
        """Finish an interrupted commit, delete temp files; the offset to resume from (None: unknown)."""
        block, stale = self.wal.latest()
        next_offset: int | None = None
        renamed = 0
        if block is not None:
            renamed, complete = self._apply(block)
            if complete:
                next_offset = block.end_offset + 1
                self._last_block = block.end_offset
        deleted = self._delete_temp_files()
        if next_offset is None:
            next_offset = self._scan_committed()
        self.wal.truncate(block.end_offset if block is not None else -1, stale)
        self.committed = self._expected = next_offset
        self.recovered = True
        log.info(
            "recovered %s-%d: next offset %s (%d file(s) committed from the WAL, %d temp file(s) and "
            "%d stale WAL file(s) deleted)",
            self.tp.topic,
            self.tp.partition,
            next_offset,
            renamed,
            deleted,
            len(stale),
        )
        return next_offset

    def _apply(self, block: WalBlock) -> tuple[int, bool]:
        """Rename the block's temp files that are not committed yet: (renamed, none missing)."""
        complete = True
        renamed = 0
        for tmp, final in block.files:
            if self.storage.exists(final):
                continue
            if self.storage.rename(tmp, final):
                renamed += 1
            elif not self.storage.exists(final):
                log.error(
                    "WAL block %d of %s-%d names %s, but neither it nor its temp file %s exists; "
                    "resuming from the committed files instead",
                    block.end_offset,
                    self.tp.topic,
                    self.tp.partition,
                    self.storage.url(final),
                    self.storage.url(tmp),
                )
                complete = False
        return renamed, complete

    def _temp_dir(self) -> str:
        return f"{self.s.topics_dir}/+tmp/{self.tp.topic}"

    def _delete_temp_files(self) -> int:
        mine = f"{self.tp.topic}+{self.tp.partition}+"
        deleted = 0
        for path in self.storage.find(self._temp_dir()):
            name = path.rsplit("/", 1)[-1]
            if name.startswith(mine) and "_tmp" in name:
                self.storage.delete(path)
                deleted += 1
        return deleted

    def _scan_committed(self) -> int | None:
        pattern = committed_name_pattern(self.tp.topic)
        best: int | None = None
        for path in self.storage.find(f"{self.s.topics_dir}/{self.tp.topic}"):
            m = pattern.match(path.rsplit("/", 1)[-1])
            if m and int(m.group(1)) == self.tp.partition:
                best = max(best if best is not None else -1, int(m.group(3)))
        return None if best is None else best + 1

    # ------------------------------------------------------------------- writing

    def write(self, records: list[SinkRecord], now_ms: int) -> None:
        """Buffer ``records`` (of this partition, in offset order), committing as rotation demands."""
        if self._sealed:
            self.commit()
        interval = self.s.rotate_interval_ms
        time_of = self.partitioner.time_of
        for record in records:
            offset = record.kafka_offset
            if self._expected is not None and offset < self._expected:
                continue  # already committed or already buffered (redelivery, seek not yet applied)
            value = self._fit(record)
            record_ms = time_of(record) if time_of is not None else now_ms
            first = self._window.first_time_ms
            if interval > 0 and first is not None and record_ms - first >= interval:
                self.commit()
            self._append(record, value, record_ms, now_ms)
            if self._window.count >= self.s.flush_size:
                self.commit()
        for f in self._window.files.values():
            f.drain()

    def _append(self, record: SinkRecord, value: Any, record_ms: int, now_ms: int) -> None:
        encoded = self.partitioner.encode(record)
        w = self._window
        f = w.files.get(encoded)
        if f is None:
            f = w.files[encoded] = _OpenFile(
                self.fmt.new_writer(self._schema), record.kafka_offset, record.kafka_offset
            )
        f.pending.append(value)
        f.end = record.kafka_offset
        if w.count == 0:
            w.first_time_ms = record_ms
            w.opened_wall_ms = now_ms
            w.next_schedule_ms = self._next_boundary(now_ms)
        w.count += 1
        self._expected = record.kafka_offset + 1

    def _fit(self, record: SinkRecord) -> Any:
        """The value to write, committing first if the schema changes (``schema.compatibility``)."""
        schema = record.value_schema
        where = f"{record.topic}-{record.kafka_partition}@{record.kafka_offset}"
        if self.fmt.needs_schema:
            if schema is None:
                raise DataError(
                    f"record {where} has no value schema, but format {self.s.format} needs one: use a "
                    "converter with schemas (JsonConverter with schemas.enable=true, Avro) or the "
                    "JSON/String formats for schemaless data"
                )
            if record.value is None:
                raise DataError(
                    f"record {where} has a null value (tombstone), which format {self.s.format} cannot "
                    "hold; drop tombstones with a Filter transform and the RecordIsTombstone predicate"
                )
        if not self._window.files:
            self._schema = schema
            return record.value
        current = self._schema
        if not self.fmt.needs_schema or schema == current:
            return record.value
        assert schema is not None and current is not None
        if should_change(schema, current, self.s.compatibility):
            log.info(
                "%s-%d: schema changed at offset %d, rotating",
                self.tp.topic,
                self.tp.partition,
                record.kafka_offset,
            )
            self.commit()
            self._schema = schema
            return record.value
        return project(record.value, schema, current, where)

    # ------------------------------------------------------------------ rotation

    def _next_boundary(self, now_ms: int) -> int | None:
        every = self.s.rotate_schedule_ms
        if every <= 0:
            return None
        tz = zoneinfo.ZoneInfo(self.s.timezone)
        offset = dt.datetime.fromtimestamp(now_ms / 1000, tz).utcoffset()
        offset_ms = int(offset.total_seconds() * 1000) if offset is not None else 0
        return ((now_ms + offset_ms) // every + 1) * every - offset_ms

    @property
    def awaits_time_rotation(self) -> bool:
        """Whether open files will be committed by the wall clock (interval or schedule)."""
        w = self._window
        return bool(w.files) and (self.s.rotate_interval_ms > 0 or w.next_schedule_ms is not None)

    def tick(self, now_ms: int) -> None:
        """Commit if the open files are due by wall clock (interval or schedule), even with no new records."""
        w = self._window
        if self._sealed:
            self.commit()
            return
        if not w.files:
            return
        interval = self.s.rotate_interval_ms
        if (interval > 0 and w.opened_wall_ms is not None and now_ms - w.opened_wall_ms >= interval) or (
            w.next_schedule_ms is not None and now_ms >= w.next_schedule_ms
        ):
            self.commit()

    # -------------------------------------------------------------------- commit

    def commit(self) -> None:
        """Make every open file a committed file (see the module docstring)."""
        w = self._window
        if not w.files and self._pending is None:
            return
        self._sealed = True
        if self._pending is None:
            self._pending = self._stage(w.files)
        block = self._pending
        for tmp, final in block.files:
            if not self.storage.rename(tmp, final) and not self.storage.exists(final):
                raise ConnectError(
                    f"commit of {self.storage.url(final)}: temp file {self.storage.url(tmp)} vanished"
                )
        if self._last_block is not None and self._last_block != block.end_offset:
            self.wal.truncate(block.end_offset, [self.wal._name(self._last_block)])
        self._last_block = block.end_offset
        self.committed = block.end_offset + 1
        self._reset()
        log.debug(
            "committed %d file(s) of %s-%d up to offset %d",
            len(block.files),
            self.tp.topic,
            self.tp.partition,
            block.end_offset,
        )

    def _stage(self, files: dict[str, _OpenFile]) -> WalBlock:
        """Upload every open file to a temp path and log the renames; the WAL block."""
        pairs = []
        pad = self.s.zero_pad
        topic, part, ext = self.tp.topic, self.tp.partition, self.fmt.extension
        for encoded, f in files.items():
            if f.finished is None:
                f.drain()
                f.finished = f.writer.finish()
            f.finished.seek(0)
            tmp = f"{self._temp_dir()}/{encoded}/{topic}+{part}+{uuid.uuid4().hex}_tmp{ext}"
            final = (
                f"{self.s.topics_dir}/{topic}/{encoded}/{topic}+{part}+{f.start:0{pad}d}+{f.end:0{pad}d}{ext}"
            )
            self.storage.upload(f.finished, tmp)
            pairs.append((tmp, final))
        block = WalBlock(max(f.end for f in files.values()), tuple(pairs))
        self.wal.append(block)
        return block

    def _reset(self) -> None:
        for f in self._window.files.values():
            f.writer.discard()
        self._window = _Window()
        self._pending = None
        self._sealed = False

    def close(self) -> None:
        """Drop the open files (their records are consumed again by the next owner)."""
        self._reset()
        self._expected = self.committed


def now_ms() -> int:
    """Wall clock in epoch milliseconds."""
    return int(time.time() * 1000)
