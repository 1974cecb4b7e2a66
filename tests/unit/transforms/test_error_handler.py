"""ErrorHandler (runtime/errors.py): retries with backoff, tolerance, reporting, context headers."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from kconnect.api.records import SourceRecord
from kconnect.data import STRING_SCHEMA
from kconnect.errors import ConnectError, DataError, RetriableError
from kconnect.runtime.errors import (
    HEADER_PREFIX,
    ErrorContext,
    ErrorHandler,
    ErrorSettings,
    LogReporter,
    Stage,
)
from kconnect.transforms.chain import SkipRecord


class RecordingEvent:
    """Stands in for the stop event: records each backoff instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def wait(self, timeout: float) -> bool:
        self.waits.append(timeout)
        return False


class Reporter:
    def __init__(self) -> None:
        self.reports: list[tuple[ErrorContext, bool]] = []

    def report(self, context: ErrorContext, tolerated: bool) -> None:
        self.reports.append((context, tolerated))

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


class FakeMessage:
    def topic(self) -> str:
        return "orders"

    def partition(self) -> int:
        return 3

    def offset(self) -> int:
        return 17

    def timestamp(self) -> tuple[int, int]:
        return 1, 1_700_000_000_000

    def key(self) -> bytes:
        return b"k"

    def value(self) -> bytes:
        return b"{bad"

    def headers(self) -> list[tuple[str, bytes]]:
        return [("h", b"1")]


def flaky(failures: int, result: Any = "ok") -> Any:
    calls = {"n": 0}

    def call() -> Any:
        calls["n"] += 1
        if calls["n"] <= failures:
            raise RetriableError(f"transient {calls['n']}")
        return result

    return call


def handler(settings: ErrorSettings, reporter: Reporter | None = None) -> tuple[ErrorHandler, RecordingEvent]:
    event = RecordingEvent()
    h = ErrorHandler(settings, "conn", 0, [reporter] if reporter else [], event)  # type: ignore[arg-type]
    return h, event


def test_retriable_errors_are_retried_with_exponential_backoff() -> None:
    h, event = handler(ErrorSettings(retry_timeout_ms=-1, retry_delay_max_ms=60_000))
    assert h.execute(Stage.TRANSFORMATION, object, flaky(4)) == "ok"
    assert event.waits == [0.3, 0.6, 1.2, 2.4]
    assert h.counts.retries == 4 and h.counts.failures == 0


def test_backoff_is_capped_by_max_delay_with_jitter_below_the_cap() -> None:
    h, event = handler(ErrorSettings(retry_timeout_ms=-1, retry_delay_max_ms=500))
    h.execute(Stage.TRANSFORMATION, object, flaky(4))
    assert event.waits[:2] == [0.3, 0.5] or event.waits[0] == 0.3
    assert all(w <= 0.5 for w in event.waits[1:])


def test_no_retry_when_timeout_is_zero() -> None:
    h, event = handler(ErrorSettings(retry_timeout_ms=0))
    with pytest.raises(ConnectError, match="Tolerance exceeded"):
        h.execute(Stage.TRANSFORMATION, object, flaky(1))
    assert event.waits == []


def test_retries_stop_at_the_deadline() -> None:
    h = ErrorHandler(ErrorSettings(retry_timeout_ms=500, tolerance_all=True), "conn", 0)
    started = time.monotonic()
    with pytest.raises(SkipRecord):
        h.execute(Stage.TRANSFORMATION, object, flaky(10_000))
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 1.5  # 300 ms, then the rest up to the 500 ms deadline
    assert h.counts.retries == 2


def test_non_retriable_errors_are_not_retried() -> None:
    h, event = handler(ErrorSettings(retry_timeout_ms=-1, tolerance_all=True))

    def bad() -> None:
        raise DataError("boom")

    with pytest.raises(SkipRecord):
        h.execute(Stage.VALUE_CONVERTER, object, bad)
    assert event.waits == [] and h.counts.skipped == 1 and h.counts.by_stage == {"VALUE_CONVERTER": 1}


def test_tolerance_none_fails_naming_stage_and_record_coordinates() -> None:
    reporter = Reporter()
    h, _ = handler(ErrorSettings(), reporter)

    def bad() -> None:
        raise DataError("cannot parse")

    with pytest.raises(ConnectError) as info:
        h.execute(Stage.VALUE_CONVERTER, object, bad, consumed=FakeMessage())
    text = str(info.value)
    assert "Tolerance exceeded in error handler" in text
    assert "VALUE_CONVERTER" in text and "topic='orders', partition=3, offset=17" in text
    assert isinstance(info.value.__cause__, DataError)
    assert reporter.reports[0][1] is False  # reported (Java writes the DLQ here too), not tolerated


def test_source_record_coordinates_in_the_failure() -> None:
    h, _ = handler(ErrorSettings())
    record = SourceRecord(
        "t", None, None, None, STRING_SCHEMA, "v", source_partition={"f": "a"}, source_offset={"pos": 9}
    )

    def bad() -> None:
        raise DataError("x")

    with pytest.raises(ConnectError, match=r"source record topic='t'.*'pos': 9"):
        h.execute(Stage.TRANSFORMATION, object, bad, source=record)


def test_context_headers_describe_the_failure() -> None:
    error = DataError("cannot parse")
    try:
        raise error
    except DataError:
        pass
    context = ErrorContext("conn", 2, Stage.VALUE_CONVERTER, LogReporter, error, consumed=FakeMessage())
    headers = {k[len(HEADER_PREFIX) :]: v.decode() for k, v in context.context_headers()}
    assert headers["topic"] == "orders" and headers["partition"] == "3" and headers["offset"] == "17"
    assert headers["connector.name"] == "conn" and headers["task.id"] == "2"
    assert headers["stage"] == "VALUE_CONVERTER"
    assert headers["class.name"] == "kconnect.runtime.errors.LogReporter"
    assert headers["exception.class.name"] == "kconnect.errors.DataError"
    assert headers["exception.message"] == "cannot parse"
    assert "DataError: cannot parse" in headers["exception.stacktrace"]


def test_log_reporter_uses_javas_wording(caplog: pytest.LogCaptureFixture) -> None:
    context = ErrorContext(
        "conn", 1, Stage.TRANSFORMATION, LogReporter, DataError("x"), consumed=FakeMessage()
    )
    with caplog.at_level(logging.ERROR, logger="kconnect.runtime.errors"):
        LogReporter(include_messages=True).report(context, tolerated=True)
        LogReporter(include_messages=False).report(context, tolerated=True)
    first, second = (r.getMessage() for r in caplog.records)
    assert first.startswith(
        "Error encountered in task conn-1. Executing stage 'TRANSFORMATION' with class "
        "'kconnect.runtime.errors.LogReporter', where consumed record is {topic='orders', partition=3, "
        "offset=17, timestamp=1700000000000, timestampType=CreateTime}."
    )
    assert second == (
        "Error encountered in task conn-1. Executing stage 'TRANSFORMATION' with class "
        "'kconnect.runtime.errors.LogReporter'."
    )


def test_settings_from_connector_config() -> None:
    s = ErrorSettings.from_config(
        {
            "errors.tolerance": "all",
            "errors.retry.timeout": "-1",
            "errors.retry.delay.max.ms": "10",
            "errors.log.enable": "true",
            "errors.log.include.messages": "true",
            "errors.deadletterqueue.topic.name": " dlq ",
            "errors.deadletterqueue.topic.replication.factor": "1",
            "errors.deadletterqueue.context.headers.enable": "true",
        }
    )
    assert s == ErrorSettings(True, -1, 10, True, True, "dlq", 1, True, 0, 60_000)
    assert ErrorSettings.from_config({}) == ErrorSettings()


def test_circuit_breaker_fails_the_task_when_failures_pile_up() -> None:
    reporter = Reporter()
    h, _ = handler(
        ErrorSettings(tolerance_all=True, breaker_max_failures=3, breaker_window_ms=60_000), reporter
    )

    def bad() -> None:
        raise DataError("bad record")

    for _ in range(3):
        with pytest.raises(SkipRecord):
            h.execute(Stage.VALUE_CONVERTER, object, bad, consumed=FakeMessage())
    with pytest.raises(ConnectError, match="Circuit breaker open: 4 failed records within 60000 ms"):
        h.execute(Stage.VALUE_CONVERTER, object, bad, consumed=FakeMessage())
    assert len(reporter.reports) == 4  # the fourth is still reported (and dead-lettered) before failing


def test_circuit_breaker_forgets_failures_outside_the_window() -> None:
    now = [100.0]
    h = ErrorHandler(
        ErrorSettings(tolerance_all=True, breaker_max_failures=1, breaker_window_ms=50),
        "c",
        0,
        clock=lambda: now[0],
    )

    def bad() -> None:
        raise DataError("bad record")

    for _ in range(3):
        with pytest.raises(SkipRecord):
            h.execute(Stage.TRANSFORMATION, object, bad)
        now[0] += 0.06  # each failure falls out of the 50 ms window before the next
    assert h.counts.skipped == 3
    with pytest.raises(SkipRecord):
        h.execute(Stage.TRANSFORMATION, object, bad)
    with pytest.raises(ConnectError, match="Circuit breaker open"):
        h.execute(Stage.TRANSFORMATION, object, bad)
