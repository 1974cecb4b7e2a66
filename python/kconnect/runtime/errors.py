"""Per-record error handling of the task loops (Java: ``RetryWithToleranceOperator`` + reporters).

:class:`ErrorHandler` runs one stage of one record (conversion, a transform, ...):

* a :class:`~kconnect.errors.RetriableError` is retried until ``errors.retry.timeout`` (0 = never,
  -1 = forever) with exponential backoff 300 ms x 2^(attempt-1), capped by
  ``errors.retry.delay.max.ms`` and never past the deadline;
* a failure is reported (``errors.log.enable`` logs it at ERROR; the dead letter queue receives the
  record), then with ``errors.tolerance=none`` the task fails with a
  :class:`~kconnect.errors.ConnectError` naming the stage and the record's coordinates, and with
  ``all`` the record is skipped (:class:`~kconnect.transforms.chain.SkipRecord`) and counted.

Decisions:

* As Java's ``RetryWithToleranceOperator.execute`` (reporting in its ``finally``), the failed record
  is written to the dead letter queue even with ``errors.tolerance=none``, just before the task
  fails; after a restart the record fails again and is written again.
* Beyond Java, a circuit breaker: with ``errors.circuit.breaker.max.failures`` = N > 0, more than N
  tolerated failures within ``errors.circuit.breaker.window.ms`` (default 60000) fail the task
  instead of filling the dead letter queue forever (a count per time window, so it needs no
  per-record bookkeeping on the fast path).
* Beyond Java, source connectors get a dead letter queue too (``errors.deadletterqueue.*`` on a
  source connector): the record's key/value are written with the task's converters when they can
  be, else as their text form, plus ``__connect.errors.source.partition``/``.offset`` headers.
"""

from __future__ import annotations

import enum
import json
import logging
import random
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kconnect.api.records import SourceRecord
from kconnect.errors import ConnectError, RetriableError
from kconnect.runtime.record_codec import TIMESTAMP_TYPES
from kconnect.transforms.chain import SkipRecord, TransformStage

log = logging.getLogger(__name__)

HEADER_PREFIX = "__connect.errors."
INITIAL_BACKOFF_MS = 300


class Stage(enum.Enum):
    """Where in the task loop a failure happened (Java: ``Stage``)."""

    TASK_POLL = "TASK_POLL"
    TASK_PUT = "TASK_PUT"
    TRANSFORMATION = "TRANSFORMATION"
    KEY_CONVERTER = "KEY_CONVERTER"
    VALUE_CONVERTER = "VALUE_CONVERTER"
    HEADER_CONVERTER = "HEADER_CONVERTER"
    KAFKA_PRODUCE = "KAFKA_PRODUCE"
    KAFKA_CONSUME = "KAFKA_CONSUME"


def _flag(config: Mapping[str, str], key: str) -> bool:
    return str(config.get(key, "false")).strip().lower() == "true"


@dataclass(frozen=True, slots=True)
class ErrorSettings:
    """The ``errors.*`` keys of a connector config."""

    tolerance_all: bool = False
    retry_timeout_ms: int = 0
    retry_delay_max_ms: int = 60_000
    log_enable: bool = False
    log_include_messages: bool = False
    dlq_topic: str = ""
    dlq_replication_factor: int = 3
    dlq_context_headers: bool = False
    breaker_max_failures: int = 0
    breaker_window_ms: int = 60_000

    @classmethod
    def from_config(cls, config: Mapping[str, str]) -> ErrorSettings:
        return cls(
            tolerance_all=str(config.get("errors.tolerance", "none")).strip().lower() == "all",
            retry_timeout_ms=int(config.get("errors.retry.timeout", "0")),
            retry_delay_max_ms=int(config.get("errors.retry.delay.max.ms", "60000")),
            log_enable=_flag(config, "errors.log.enable"),
            log_include_messages=_flag(config, "errors.log.include.messages"),
            dlq_topic=str(config.get("errors.deadletterqueue.topic.name", "")).strip(),
            dlq_replication_factor=int(config.get("errors.deadletterqueue.topic.replication.factor", "3")),
            dlq_context_headers=_flag(config, "errors.deadletterqueue.context.headers.enable"),
            breaker_max_failures=int(config.get("errors.circuit.breaker.max.failures", "0")),
            breaker_window_ms=int(config.get("errors.circuit.breaker.window.ms", "60000")),
        )


@dataclass(slots=True)
class ErrorContext:
    """One failure: the stage, the class that ran, the error, and the record it concerned."""

    connector: str
    task: int
    stage: Stage
    executing_class: type
    error: BaseException
    consumed: Any = None  # a confluent-kafka Message (sink side)
    source: SourceRecord | None = None

    def where(self) -> str:
        if self.consumed is not None:
            m = self.consumed
            ts_type, ts = m.timestamp()
            return (
                f"{{topic='{m.topic()}', partition={m.partition()}, offset={m.offset()}, timestamp={ts}, "
                f"timestampType={TIMESTAMP_TYPES.get(ts_type, 'NoTimestampType')}}}"
            )
        if self.source is not None:
            return repr(self.source)
        return ""

    def coordinates(self) -> str:
        if self.consumed is not None:
            m = self.consumed
            return f" for record topic='{m.topic()}', partition={m.partition()}, offset={m.offset()}"
        if self.source is not None:
            return (
                f" for source record topic='{self.source.topic}', partition={self.source.source_partition}, "
                f"offset={self.source.source_offset}"
            )
        return ""

    def context_headers(self) -> list[tuple[str, bytes]]:
        """The ``__connect.errors.*`` headers (UTF-8 strings)."""
        headers: list[tuple[str, str]] = []
        if self.consumed is not None:
            m = self.consumed
            headers += [("topic", m.topic()), ("partition", str(m.partition())), ("offset", str(m.offset()))]
        if self.source is not None:
            headers += [
                ("topic", self.source.topic),
                ("source.partition", json.dumps(self.source.source_partition, default=str)),
                ("source.offset", json.dumps(self.source.source_offset, default=str)),
            ]
        cls = self.executing_class
        headers += [
            ("connector.name", self.connector),
            ("task.id", str(self.task)),
            ("stage", self.stage.value),
            ("class.name", f"{cls.__module__}.{cls.__qualname__}"),
            ("exception.class.name", f"{type(self.error).__module__}.{type(self.error).__qualname__}"),
        ]
        if str(self.error):
            headers.append(("exception.message", str(self.error)))
        headers.append(("exception.stacktrace", "".join(traceback.format_exception(self.error))))
        return [(HEADER_PREFIX + k, v.encode("utf-8")) for k, v in headers]


class ErrorReporter(Protocol):
    """Receives tolerated (and, for logging, all) failures."""

    def report(self, context: ErrorContext, tolerated: bool) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class LogReporter:
    """``errors.log.enable``: one ERROR line per failure, Java's wording."""

    def __init__(self, include_messages: bool) -> None:
        self.include_messages = include_messages

    def report(self, context: ErrorContext, tolerated: bool) -> None:
        cls = context.executing_class
        message = (
            f"Error encountered in task {context.connector}-{context.task}. Executing stage "
            f"'{context.stage.value}' with class '{cls.__module__}.{cls.__qualname__}'"
        )
        if self.include_messages and context.consumed is not None:
            message += f", where consumed record is {context.where()}"
        elif self.include_messages and context.source is not None:
            message += f", where source record is = {context.where()}"
        log.error("%s.", message, exc_info=context.error)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


Encoder = Callable[[SourceRecord], tuple[bytes | None, bytes | None]]


class DeadLetterQueueReporter:
    """Writes tolerated failures to ``errors.deadletterqueue.topic.name``.

    Sink side: the consumed record's original key/value bytes, headers and timestamp.  Source side:
    the record encoded by ``encoder`` (the task's converters), else its key/value as text.
    The topic is created (1 partition, the configured replication factor) when it is missing.
    """

    def __init__(
        self,
        settings: ErrorSettings,
        producer_factory: Callable[[], Any],
        admin_factory: Callable[[], Any] | None,
        encoder: Encoder | None = None,
    ) -> None:
        self.settings = settings
        self._producer_factory = producer_factory
        self._admin_factory = admin_factory
        self._encoder = encoder
        self._producer: Any = None
        self._failure: str | None = None

    def _ensure_producer(self) -> Any:
        if self._producer is None:
            self._create_topic()
            self._producer = self._producer_factory()
        return self._producer

    def _create_topic(self) -> None:
        if self._admin_factory is None:
            return
        from confluent_kafka.admin import NewTopic  # type: ignore[attr-defined]

        admin = self._admin_factory()
        topic = self.settings.dlq_topic
        if topic in admin.list_topics(timeout=10).topics:
            return
        futures = admin.create_topics([NewTopic(topic, 1, self.settings.dlq_replication_factor)])
        try:
            futures[topic].result(30)
        except Exception as e:  # created concurrently by another task is fine
            if "TOPIC_ALREADY_EXISTS" not in str(e):
                raise ConnectError(f"Could not create dead letter queue topic '{topic}': {e}") from e
        log.info("Created dead letter queue topic '%s'", topic)

    def report(self, context: ErrorContext, tolerated: bool) -> None:
        key, value, headers, timestamp = self._payload(context)
        if self.settings.dlq_context_headers:
            headers = [*headers, *context.context_headers()]
        producer = self._ensure_producer()
        kwargs: dict[str, Any] = {
            "key": key,
            "value": value,
            "headers": headers,
            "on_delivery": self._delivered,
        }
        if timestamp is not None:
            kwargs["timestamp"] = timestamp
        while True:
            try:
                producer.produce(self.settings.dlq_topic, **kwargs)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)

    def _payload(self, context: ErrorContext) -> tuple[Any, Any, list[tuple[str, Any]], int | None]:
        if context.consumed is not None:
            m = context.consumed
            ts_type, ts = m.timestamp()
            return m.key(), m.value(), list(m.headers() or []), ts if ts_type else None
        record = context.source
        assert record is not None
        key: bytes | None
        value: bytes | None
        try:
            if self._encoder is None:
                raise ConnectError("no encoder")
            key, value = self._encoder(record)
        except Exception:
            key = None if record.key is None else str(record.key).encode("utf-8")
            value = None if record.value is None else str(record.value).encode("utf-8")
        return key, value, [], record.timestamp

    def _delivered(self, err: Any, msg: Any) -> None:
        if err is not None and self._failure is None:
            self._failure = err.str()

    def flush(self) -> None:
        """Wait until every DLQ record is acknowledged (before offsets are committed)."""
        if self._producer is not None:
            remaining = self._producer.flush(30)
            if remaining:
                raise ConnectError(f"{remaining} dead letter queue records were not acknowledged within 30 s")
        if self._failure is not None:
            raise ConnectError(
                f"Could not write to dead letter queue topic '{self.settings.dlq_topic}': {self._failure}"
            )

    def close(self) -> None:
        if self._producer is not None:
            self._producer.flush(10)


@dataclass
class ErrorCounts:
    """What a task's error handler saw (Java: task error metrics)."""

    failures: int = 0
    skipped: int = 0
    retries: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)


class ErrorHandler:
    """Retry, tolerance and reporting for one task."""

    def __init__(
        self,
        settings: ErrorSettings,
        connector: str,
        task: int,
        reporters: list[ErrorReporter] | None = None,
        stop_event: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.connector = connector
        self.task = task
        self.reporters = reporters or []
        self.counts = ErrorCounts()
        self._stop = stop_event or threading.Event()
        self._recent: deque[float] = deque()
        self._clock = clock

    @property
    def tolerates_all(self) -> bool:
        return self.settings.tolerance_all

    def execute(
        self,
        stage: Stage,
        executing_class: type,
        call: Callable[[], Any],
        *,
        consumed: Any = None,
        source: SourceRecord | None = None,
    ) -> Any:
        """``call()`` with retries; a failure raises ConnectError (none) or SkipRecord (all)."""
        try:
            return self._with_retries(call)
        except Exception as e:
            self.handle_failure(
                ErrorContext(self.connector, self.task, stage, executing_class, e, consumed, source)
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def handle_failure(self, context: ErrorContext) -> None:
        """Report a failure, then raise ConnectError (tolerance none) or SkipRecord (all)."""
        self.counts.failures += 1
        self.counts.by_stage[context.stage.value] = self.counts.by_stage.get(context.stage.value, 0) + 1
        tolerated = self.settings.tolerance_all
        for reporter in self.reporters:
            try:
                reporter.report(context, tolerated)
            except Exception:
                log.exception("Error reporter %s failed", type(reporter).__name__)
                if tolerated:
                    raise
        if not tolerated:
            raise ConnectError(
                f"Tolerance exceeded in error handler while executing stage '{context.stage.value}'"
                f"{context.coordinates()}: {type(context.error).__name__}: {context.error}"
            ) from context.error
        self._check_breaker(context)
        self.counts.skipped += 1
        raise SkipRecord()

    def _check_breaker(self, context: ErrorContext) -> None:
        limit = self.settings.breaker_max_failures
        if limit <= 0:
            return
        now = self._clock()
        window = self.settings.breaker_window_ms / 1000
        self._recent.append(now)
        while self._recent and self._recent[0] < now - window:
            self._recent.popleft()
        if len(self._recent) > limit:
            raise ConnectError(
                f"Circuit breaker open: {len(self._recent)} failed records within "
                f"{self.settings.breaker_window_ms} ms exceed errors.circuit.breaker.max.failures={limit}; "
                f"last failure in stage '{context.stage.value}'{context.coordinates()}: {context.error}"
            ) from context.error

    def _with_retries(self, call: Callable[[], Any]) -> Any:
        timeout = self.settings.retry_timeout_ms
        deadline = None if timeout < 0 else time.monotonic() + timeout / 1000
        attempt = 0
        while True:
            try:
                return call()
            except RetriableError as e:
                attempt += 1
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    raise
                delay = self._backoff_ms(attempt) / 1000
                if deadline is not None:
                    delay = min(delay, max(0.0, deadline - now))
                log.debug("Retrying after retriable error (attempt %d, %.3f s): %s", attempt, delay, e)
                self.counts.retries += 1
                if self._stop.wait(delay):
                    raise ConnectError("Task stopped while retrying an operation") from e

    def _backoff_ms(self, attempt: int) -> float:
        delay = INITIAL_BACKOFF_MS * 2 ** (attempt - 1)
        cap = self.settings.retry_delay_max_ms
        if delay > cap:
            return random.uniform(0, cap)  # jitter, not security
        return float(delay)

    def transform_runner(
        self, *, consumed: Any = None, source: SourceRecord | None = None
    ) -> Callable[[TransformStage[Any], Callable[[], Any]], Any]:
        """A chain stage runner attributing failures to the TRANSFORMATION stage of this record."""

        def run(stage: TransformStage[Any], call: Callable[[], Any]) -> Any:
            return self.execute(
                Stage.TRANSFORMATION, type(stage.transform), call, consumed=consumed, source=source
            )

        return run

    def flush(self) -> None:
        for reporter in self.reporters:
            reporter.flush()

    def close(self) -> None:
        for reporter in self.reporters:
            try:
                reporter.close()
            except Exception:
                log.exception("Error reporter %s failed to close", type(reporter).__name__)
