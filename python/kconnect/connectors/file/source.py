"""FileStreamSource: each line of a file (or stdin) becomes a STRING record.

Compatible with Java's ``FileStreamSourceConnector``: keys ``file`` (unset =
stdin), ``topic`` (one topic), ``batch.size`` (2000); source partition
``{"filename": <file as configured>}``, offset ``{"position": <n>}``; lines end
at ``\\n``, ``\\r\\n`` or ``\\r``; key null, value schema STRING, timestamp =
wall clock.

One deliberate difference: ``position`` counts **bytes**.  Java skips
``position`` bytes when it reopens the file but counts decoded characters when
it writes the offset, so for non-ASCII text Java resumes at the wrong place.
Counting bytes makes kconnect resume exactly where it stopped, and gives the
same numbers as Java for ASCII files; offsets it writes are also correct for
Java's byte-based resume.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Mapping
from typing import IO, Any

from kconnect.api.connector import Task
from kconnect.api.records import SourceRecord
from kconnect.api.source import SourceConnector, SourceTask
from kconnect.config import ConfigDef, Importance, NonEmptyString, Range, Type
from kconnect.data.schema import STRING_SCHEMA
from kconnect.errors import ConfigError, ConnectError

log = logging.getLogger(__name__)

FILE_CONFIG = "file"
TOPIC_CONFIG = "topic"
BATCH_SIZE_CONFIG = "batch.size"
DEFAULT_BATCH_SIZE = 2000
FILENAME_FIELD = "filename"
POSITION_FIELD = "position"
READ_CHUNK = 1 << 16
IDLE_WAIT_S = 1.0

CONFIG_DEF = (
    ConfigDef()
    .define(
        FILE_CONFIG,
        Type.STRING,
        None,
        None,
        Importance.HIGH,
        "Source filename. If not specified, the standard input will be used",
    )
    .define(
        TOPIC_CONFIG, Type.STRING, None, NonEmptyString(), Importance.HIGH, "The topic to publish data to"
    )
    .define(
        BATCH_SIZE_CONFIG,
        Type.INT,
        DEFAULT_BATCH_SIZE,
        Range.at_least(1),
        Importance.LOW,
        "The maximum number of records the source task can read from the file each time it is polled",
    )
)

VERSION = "4.1.1"


class FileStreamSourceConnector(SourceConnector):
    """Reads one file (or stdin) into one topic, with exactly one task."""

    VERSION = VERSION

    def __init__(self) -> None:
        self._props: dict[str, str] = {}

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        parsed = CONFIG_DEF.parse(props)
        topic = parsed[TOPIC_CONFIG]
        if topic is None or "," in topic:
            raise ConfigError(
                "'topic' in FileStreamSourceConnector configuration requires definition of a single topic"
            )
        self._props = dict(props)

    def task_class(self) -> type[Task]:
        return FileStreamSourceTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [dict(self._props)]  # only one input stream makes sense

    def stop(self) -> None:
        pass

    def config(self) -> ConfigDef:
        return CONFIG_DEF

    def alter_offsets(
        self,
        connector_config: Mapping[str, str],
        offsets: list[tuple[dict[str, Any], dict[str, Any] | None]],
    ) -> bool:
        if not connector_config.get(FILE_CONFIG):
            raise ConnectError("Offsets cannot be modified if the 'file' configuration is unspecified")
        for partition, offset in offsets:
            if FILENAME_FIELD not in partition:
                raise ConnectError(f"Partition objects should contain the key '{FILENAME_FIELD}'")
            if offset is None:
                continue
            position = offset.get(POSITION_FIELD)
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                raise ConnectError(
                    f"The value for the '{POSITION_FIELD}' key should be a non-negative integer"
                )
        return True


class FileStreamSourceTask(SourceTask):
    """Emits up to ``batch.size`` lines per poll; tails the file for new lines."""

    def __init__(self) -> None:
        self._filename: str | None = None
        self._topic = ""
        self._batch_size = DEFAULT_BATCH_SIZE
        self._stream: IO[bytes] | None = None
        self._buffer = b""
        self._position: int | None = 0  # byte offset of the start of self._buffer
        self._stopped = threading.Event()
        self._missing_logged = False

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        parsed = CONFIG_DEF.parse(props)
        self._filename = parsed[FILE_CONFIG] or None
        self._topic = parsed[TOPIC_CONFIG]
        self._batch_size = parsed[BATCH_SIZE_CONFIG]
        if self._filename is None:
            self._stream = sys.stdin.buffer
            self._position = None

    def _open(self) -> bool:
        assert self._filename is not None
        try:
            stream = open(self._filename, "rb")  # noqa: SIM115 - kept open across polls
        except FileNotFoundError:
            if not self._missing_logged:
                log.warning(
                    "Couldn't find file %s for FileStreamSourceTask, sleeping to wait for it to be created",
                    self._filename,
                )
                self._missing_logged = True
            return False
        except OSError as e:
            raise ConnectError(f"Cannot open {self._filename}: {e.strerror}") from e
        offset = self.context.offset_storage_reader.offset({FILENAME_FIELD: self._filename})
        position = 0
        if offset is not None:
            raw = offset.get(POSITION_FIELD)
            if not isinstance(raw, int) or isinstance(raw, bool):
                stream.close()
                raise ConnectError(f"Offset position is the incorrect type: {raw!r}")
            position = raw
            log.debug("Found previous offset, trying to skip to file offset %d", position)
            stream.seek(position)
        self._stream = stream
        self._position = position
        self._missing_logged = False
        return True

    def poll(self) -> list[SourceRecord] | None:
        if self._stream is None and not self._open():
            self._stopped.wait(IDLE_WAIT_S)
            return None
        assert self._stream is not None
        records = self._drain_lines()
        if records:
            return records
        chunk = (
            self._stream.read1(READ_CHUNK)
            if hasattr(self._stream, "read1")
            else self._stream.read(READ_CHUNK)
        )
        if chunk:
            self._buffer += chunk
            return self._drain_lines() or None
        self._stopped.wait(IDLE_WAIT_S if self._filename is None else 0.2)
        return None

    def _drain_lines(self) -> list[SourceRecord]:
        """Cut complete lines off the buffer, at most ``batch.size`` of them."""
        records: list[SourceRecord] = []
        buf = self._buffer
        start = 0
        partition = {FILENAME_FIELD: self._filename} if self._filename is not None else None
        now = int(time.time() * 1000)
        limit = self._batch_size
        while len(records) < limit:
            nl = buf.find(b"\n", start)
            cr = buf.find(b"\r", start, nl if nl >= 0 else len(buf))
            if cr >= 0:
                if cr + 1 == len(buf):
                    break  # a trailing \r may be the first half of \r\n
                end, next_start = cr, cr + (2 if buf[cr + 1 : cr + 2] == b"\n" else 1)
            elif nl >= 0:
                end, next_start = nl, nl + 1
            else:
                break
            line = buf[start:end].decode("utf-8", errors="replace")
            offset = None if self._position is None else {POSITION_FIELD: self._position + next_start}
            records.append(
                SourceRecord(
                    topic=self._topic,
                    kafka_partition=None,
                    key_schema=None,
                    key=None,
                    value_schema=STRING_SCHEMA,
                    value=line,
                    timestamp=now,
                    source_partition=partition,
                    source_offset=offset,
                )
            )
            start = next_start
        if start:
            self._buffer = buf[start:]
            if self._position is not None:
                self._position += start
        return records

    def stop(self) -> None:
        self._stopped.set()
        stream, self._stream = self._stream, None
        if stream is not None and stream is not sys.stdin.buffer:
            stream.close()
