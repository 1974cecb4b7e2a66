"""FileStreamSink: appends each record's value as a line to a file (or stdout).

Compatible with Java's ``FileStreamSinkConnector``: key ``file`` (unset =
stdout) plus the sink keys (``topics``/``topics.regex``); each record's value
is written as its string form followed by a newline, UTF-8, in append mode;
``flush`` flushes the file.  ``tasks.max`` identical tasks.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import IO, Any

from kconnect.api.connector import Task
from kconnect.api.records import SinkRecord
from kconnect.api.sink import OffsetAndMetadata, SinkConnector, SinkTask, TopicPartition
from kconnect.config import ConfigDef, Importance, Type
from kconnect.errors import ConnectError

FILE_CONFIG = "file"
VERSION = "4.1.1"

CONFIG_DEF = ConfigDef().define(
    FILE_CONFIG,
    Type.STRING,
    None,
    None,
    Importance.HIGH,
    "Destination filename. If not specified, the standard output will be used",
)


def value_text(value: Any) -> str:
    """The string Java's ``String.valueOf`` would give for common values."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


class FileStreamSinkConnector(SinkConnector):
    """Writes the values of the configured topics to one file."""

    VERSION = VERSION

    def __init__(self) -> None:
        self._props: dict[str, str] = {}

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        CONFIG_DEF.parse(props)
        self._props = dict(props)

    def task_class(self) -> type[Task]:
        return FileStreamSinkTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [dict(self._props) for _ in range(max_tasks)]

    def stop(self) -> None:
        pass

    def config(self) -> ConfigDef:
        return CONFIG_DEF

    def alter_offsets(
        self, connector_config: Mapping[str, str], offsets: Mapping[TopicPartition, int | None]
    ) -> bool:
        return True  # nothing outside Kafka to change


class FileStreamSinkTask(SinkTask):
    """Appends one line per record."""

    def __init__(self) -> None:
        self._filename: str | None = None
        self._out: IO[str] | None = None

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        self._filename = CONFIG_DEF.parse(props)[FILE_CONFIG] or None
        if self._filename is None:
            self._out = sys.stdout
            return
        try:
            self._out = open(self._filename, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as e:
            raise ConnectError(
                f"Couldn't find or create file '{self._filename}' for FileStreamSinkTask: {e.strerror}"
            ) from e

    def put(self, records: list[SinkRecord]) -> None:
        assert self._out is not None
        self._out.write("".join(value_text(r.value) + "\n" for r in records))

    def flush(self, current_offsets: Mapping[TopicPartition, OffsetAndMetadata]) -> None:
        if self._out is not None:
            self._out.flush()

    def stop(self) -> None:
        out, self._out = self._out, None
        if out is not None and out is not sys.stdout:
            out.close()
