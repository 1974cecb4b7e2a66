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
