"""Connectors that fail on purpose, loaded by dotted path in integration tests (not a test module)."""

from __future__ import annotations

from collections.abc import Mapping

from kconnect.api import SourceConnector, SourceRecord, SourceTask, Task
from kconnect.config import ConfigDef, Importance, Type
from kconnect.data import STRING_SCHEMA

CONFIG = (
    ConfigDef()
    .define("topic", Type.STRING, importance=Importance.HIGH, documentation="Topic to write to")
    .define("fail.on.start", Type.BOOLEAN, False, documentation="Raise from Connector.start")
    .define(
        "fail.after.polls", Type.INT, -1, documentation="Raise from poll after this many polls (-1 = never)"
    )
)


class FailingSourceConnector(SourceConnector):
    """A source whose connector or task raises, to test failure isolation."""

    def start(self, props: Mapping[str, str]) -> None:
        parsed = CONFIG.parse(props)
        if parsed["fail.on.start"]:
            raise RuntimeError("start failed on purpose")
        self._props = dict(props)

    def task_class(self) -> type[Task]:
        return FailingSourceTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [dict(self._props)]

    def stop(self) -> None:
        pass

    def config(self) -> ConfigDef:
        return CONFIG


class FailingSourceTask(SourceTask):
    """Emits one record per poll, then raises after ``fail.after.polls`` polls."""

    def start(self, props: Mapping[str, str]) -> None:
        parsed = CONFIG.parse(props)
        self._topic = parsed["topic"]
        self._fail_after = parsed["fail.after.polls"]
        self._polls = 0

    def poll(self) -> list[SourceRecord] | None:
        self._polls += 1
        if 0 <= self._fail_after < self._polls:
            raise RuntimeError("poll failed on purpose")
        return [SourceRecord(self._topic, None, None, None, STRING_SCHEMA, f"poll {self._polls}")]

    def stop(self) -> None:
        pass


WATCH_CONFIG = (
    ConfigDef()
    .define("topic", Type.STRING, importance=Importance.HIGH, documentation="Topic to write to")
    .define("tables.file", Type.STRING, importance=Importance.HIGH, documentation="One 'table' per line")
)


class WatchingSourceConnector(SourceConnector):
    """One task per line of ``tables.file``; asks for reconfiguration when the file changes."""

    def start(self, props: Mapping[str, str]) -> None:
        import threading

        parsed = WATCH_CONFIG.parse(props)
        self._props = dict(props)
        self._path = parsed["tables.file"]
        self._tables = self._read()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _read(self) -> list[str]:
        with open(self._path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            tables = self._read()
            if tables != self._tables:
                self._tables = tables
                self.context.request_task_reconfiguration()

    def task_class(self) -> type[Task]:
        return AnnouncingSourceTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        return [{**self._props, "table": table} for table in self._tables[:max_tasks]]

    def stop(self) -> None:
        self._stop.set()

    def config(self) -> ConfigDef:
        return WATCH_CONFIG


class AnnouncingSourceTask(SourceTask):
    """Emits one ``started <table>`` record when it starts, then idles."""

    def start(self, props: Mapping[str, str]) -> None:
        import threading

        self._topic = props["topic"]
        self._table = props["table"]
        self._announced = False
        self._stopped = threading.Event()

    def poll(self) -> list[SourceRecord] | None:
        if self._announced:
            self._stopped.wait(0.2)
            return None
        self._announced = True
        return [SourceRecord(self._topic, None, None, None, STRING_SCHEMA, f"started {self._table}")]

    def stop(self) -> None:
        self._stopped.set()
