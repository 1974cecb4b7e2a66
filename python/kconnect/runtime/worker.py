"""The worker: owns connector instances and task threads, builds their converters and clients.

It knows nothing of HTTP, config storage or group membership: the herder tells
it what to run.  Every method may block (connector code is ordinary blocking
Python), so the async herder calls it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from confluent_kafka import Consumer, KafkaException, Producer

from kconnect.api.connector import Connector
from kconnect.api.sink import SinkConnector, SinkConnectorContext, SinkTask
from kconnect.api.source import OffsetStorageReader, SourceConnectorContext, SourceTask
from kconnect.config import ParsedConfig
from kconnect.config.clients import apply_client_overrides, client_configs
from kconnect.config.connector import sink_topics
from kconnect.errors import BadRequestError, ConfigError, ConnectError, ForbiddenError
from kconnect.runtime import logs
from kconnect.runtime.errors import (
    DeadLetterQueueReporter,
    ErrorHandler,
    ErrorReporter,
    ErrorSettings,
    LogReporter,
)
from kconnect.runtime.herder import JsonDict, TargetState
from kconnect.runtime.kafka_config import to_librdkafka
from kconnect.runtime.native_io import NativeSinkConsumer, NativeSourceProducer, native_client, unsupported
from kconnect.runtime.offsets import StoreOffsetReader
from kconnect.runtime.plugins import Plugins
from kconnect.runtime.record_codec import RecordCodec
from kconnect.runtime.sink_task import SinkTaskSettings, WorkerSinkTask
from kconnect.runtime.source_task import SourceTaskSettings, WorkerSourceTask
from kconnect.runtime.task_base import TaskId, WorkerTask
from kconnect.storage.offsets import OffsetBackingStore
from kconnect.storage.status import State, Status, StatusStore
from kconnect.transforms.chain import TransformationChain

log = logging.getLogger(__name__)

TASK_CLASS_CONFIG = "task.class"


class _ConnectorContext(SourceConnectorContext, SinkConnectorContext):
    def __init__(self, worker: Worker, name: str, on_reconfigure: Callable[[str], None]) -> None:
        self._worker = worker
        self._name = name
        self._on_reconfigure = on_reconfigure

    def request_task_reconfiguration(self) -> None:
        self._on_reconfigure(self._name)

    def raise_error(self, error: BaseException) -> None:
        self._worker.fail_connector(self._name, error)

    @property
    def offset_storage_reader(self) -> OffsetStorageReader:
        return self._worker.offset_reader(self._name)


def _trace(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


class Worker:
    """Runs connectors and tasks for a herder."""

    def __init__(
        self,
        config: ParsedConfig,
        plugins: Plugins,
        offset_store: OffsetBackingStore,
        statuses: StatusStore,
        worker_id: str,
    ) -> None:
        self.config = config
        self.plugins = plugins
        self.offset_store = offset_store
        self.statuses = statuses
        self.worker_id = worker_id
        self._connectors: dict[str, Connector] = {}
        self._tasks: dict[TaskId, WorkerTask] = {}
        self._lock = threading.Lock()

    # -- connectors --------------------------------------------------------------------------
    def start_connector(
        self, name: str, config: Mapping[str, str], target: TargetState, on_reconfigure: Callable[[str], None]
    ) -> bool:
        """Instantiate and start a connector; False (status FAILED) if that raised."""
        logs.set_context(name)
        try:
            connector = self.plugins.connector_class(config["connector.class"])()
            connector.initialize(_ConnectorContext(self, name, on_reconfigure))
            if target is not TargetState.STOPPED:
                connector.start(dict(config))
        except Exception as e:
            log.error("Failed to start connector %s", name, exc_info=True)
            self._put_connector_status(name, State.FAILED, _trace(e))
            return False
        finally:
            logs.set_context(None)
        with self._lock:
            self._connectors[name] = connector
        state = {TargetState.STARTED: State.RUNNING, TargetState.PAUSED: State.PAUSED}.get(
            target, State.STOPPED
        )
        self._put_connector_status(name, state)
        log.info("Finished creating connector %s", name)
        return True

    # -- active topics (topic.tracking.*) ----------------------------------------------------
    def active_topics(self, name: str) -> JsonDict:
        """``{"<name>": {"topics": [...]}}`` from the status store (Java: ``connectorActiveTopics``)."""
        if not self.config.get("topic.tracking.enable"):
            raise ForbiddenError("Topic tracking is disabled.")
        return {name: {"topics": sorted(self.statuses.topics(name))}}

    def reset_active_topics(self, name: str) -> None:
        """Tombstone every active topic of ``name`` (Java: ``resetConnectorActiveTopics``)."""
        if not self.config.get("topic.tracking.enable"):
            raise ForbiddenError("Topic tracking is disabled.")
        if not self.config.get("topic.tracking.allow.reset"):
            raise ForbiddenError("Topic tracking reset is disabled.")
        for topic in self.statuses.topics(name):
            self.statuses.delete_topic(name, topic)

    def stop_connector(self, name: str) -> None:
        with self._lock:
            connector = self._connectors.pop(name, None)
        if connector is None:
            return
        logs.set_context(name)
        try:
            connector.stop()
        except Exception:
            log.exception("Error while stopping connector %s", name)
        finally:
            logs.set_context(None)
        log.info("Stopped connector %s", name)

    def is_running(self, name: str) -> bool:
        with self._lock:
            return name in self._connectors

    def fail_connector(self, name: str, error: BaseException) -> None:
        log.error("Connector %s raised an error", name, exc_info=error)
        self._put_connector_status(name, State.FAILED, _trace(error))

    def set_connector_state(self, name: str, target: TargetState) -> None:
        """Report the connector's status for a new target state (instance kept)."""
        current = self.statuses.connector(name)
        if current is not None and current.state is State.FAILED:
            return
        state = {TargetState.STARTED: State.RUNNING, TargetState.PAUSED: State.PAUSED}.get(
            target, State.STOPPED
        )
        self._put_connector_status(name, state)

    def connector_task_configs(self, name: str, config: Mapping[str, str]) -> list[dict[str, str]]:
        """Task configs from the running connector, with ``task.class`` (and sink topics) added."""
        with self._lock:
            connector = self._connectors.get(name)
        if connector is None:
            raise ConnectError(f"Connector {name} is not running")
        max_tasks = int(config.get("tasks.max", "1"))
        logs.set_context(name)
        try:
            raw = connector.task_configs(max_tasks)
        finally:
            logs.set_context(None)
        enforce = config.get("tasks.max.enforce", "true").strip().lower() != "false"
        if len(raw) > max_tasks and enforce:
            raise ConnectError(
                f"Connector {name} generated {len(raw)} task configs, more than tasks.max ({max_tasks})"
            )
        task_class = connector.task_class()
        result = []
        for task_config in raw:
            merged = {str(k): str(v) for k, v in task_config.items()}
            merged[TASK_CLASS_CONFIG] = f"{task_class.__module__}.{task_class.__qualname__}"
            if isinstance(connector, SinkConnector):
                for key in ("topics", "topics.regex"):
                    if key in config:
                        merged[key] = config[key]
            result.append(merged)
        return result

    def _put_connector_status(self, name: str, state: State, trace: str | None = None) -> None:
        self.statuses.put_connector(name, Status(state, self.worker_id, trace))

    # -- tasks -------------------------------------------------------------------------------
    def start_task(
        self,
        task_id: TaskId,
        connector_config: Mapping[str, str],
        task_config: Mapping[str, str],
        target: TargetState,
    ) -> bool:
        """Create and start a task thread; False (status FAILED) if it could not be created."""
        try:
            runner = self._build_task(task_id, connector_config, task_config, target)
            runner.track_topics = bool(self.config.get("topic.tracking.enable"))
        except Exception as e:
            log.error("Failed to start task %s", task_id, exc_info=True)
            self.statuses.put_task(
                task_id.connector, task_id.task, Status(State.FAILED, self.worker_id, _trace(e))
            )
            return False
        with self._lock:
            self._tasks[task_id] = runner
        runner.start()
        return True

    def stop_tasks(self, task_ids: list[TaskId], timeout_s: float | None = None) -> None:
        """Stop tasks and wait (``task.shutdown.graceful.timeout.ms`` in total)."""
        with self._lock:
            runners = [self._tasks.pop(t) for t in task_ids if t in self._tasks]
        for runner in runners:
            runner.stop()
        deadline = time.monotonic() + (
            timeout_s
            if timeout_s is not None
            else self.config.get("task.shutdown.graceful.timeout.ms") / 1000
        )
        for runner in runners:
            if not runner.await_stop(max(0.0, deadline - time.monotonic())):
                log.error("Graceful stop of task %s failed; it keeps running in the background", runner.id)

    def task_ids(self, connector: str | None = None) -> list[TaskId]:
        with self._lock:
            return sorted(t for t in self._tasks if connector is None or t.connector == connector)

    def set_task_target(self, connector: str, target: TargetState) -> None:
        with self._lock:
            runners = [r for t, r in self._tasks.items() if t.connector == connector]
        for runner in runners:
            runner.transition_to(target)

    def replay_dead_letters(self, name: str, connector_config: Mapping[str, str]) -> JsonDict:
        """Replay the connector's DLQ through its current converters and transforms (blocking)."""
        from kconnect.runtime.dlq_replay import replay_dead_letters

        dlq = (connector_config.get("errors.deadletterqueue.topic.name") or "").strip()
        if not dlq:
            raise BadRequestError(
                f"Connector {name} has no dead letter queue (errors.deadletterqueue.topic.name is not set)"
            )
        client = to_librdkafka(client_configs(self.config.originals(), "producer."), client="producer")
        chain = TransformationChain.from_config(connector_config, self.plugins.transform_class)
        # without context headers a sink dead letter does not say its topic: a sink reading exactly
        # one topic gets it back there
        topics = sink_topics(connector_config) if "topics" in connector_config else []
        to_topic = topics[0] if len(topics) == 1 else None
        result = replay_dead_letters(
            client, dlq, name, to_topic=to_topic, codec=self._codec(connector_config), chain=chain
        )
        return {
            "dead_letter_queue": dlq,
            "replayed": result.replayed,
            "dropped": result.dropped,
            "unroutable": result.unroutable,
            "by_topic": dict(result.by_topic),
        }

    def offset_reader(self, connector: str) -> OffsetStorageReader:
        return StoreOffsetReader(self.offset_store, connector)

    def stop(self) -> None:
        """Stop every task and connector."""
        self.stop_tasks(self.task_ids())
        with self._lock:
            names = list(self._connectors)
        for name in names:
            self.stop_connector(name)

    # -- building tasks ----------------------------------------------------------------------
    def _build_task(
        self,
        task_id: TaskId,
        connector_config: Mapping[str, str],
        task_config: Mapping[str, str],
        target: TargetState,
    ) -> WorkerTask:
        task_class = self.plugins.connector_class(connector_config["connector.class"])().task_class()
        task = task_class()
        codec = self._codec(connector_config)
        chain = TransformationChain.from_config(connector_config, self.plugins.transform_class)
        errors = self._error_handler(task_id, connector_config, codec)
        flush_interval = self.config.get("offset.flush.interval.ms")
        flush_timeout = self.config.get("offset.flush.timeout.ms")
        if isinstance(task, SourceTask):
            producer_conf = self._client_config("producer", task_id, connector_config)
            return WorkerSourceTask(
                task_id, task, task_config, codec, self._producer_factory(task, producer_conf, errors),
                self.offset_store, self.offset_reader(task_id.connector), self.statuses, self.worker_id,
                target, SourceTaskSettings(flush_interval, flush_timeout), chain, errors,
            )  # fmt: skip
        if isinstance(task, SinkTask):
            consumer_conf = self._client_config("consumer", task_id, connector_config)
            regex = (connector_config.get("topics.regex") or "").strip() or None
            max_poll = int(self._consumer_java_settings(connector_config).get("max.poll.records", "500"))
            settings = SinkTaskSettings(
                tuple(sink_topics(connector_config)), regex, flush_interval, flush_timeout, max_poll
            )
            return WorkerSinkTask(
                task_id, task, task_config, codec, self._consumer_factory(consumer_conf),
                self.statuses, self.worker_id, target, settings, chain, errors,
            )  # fmt: skip
        raise ConnectError(f"Task class {task_class.__name__} is neither a SourceTask nor a SinkTask")

    def _producer_factory(self, task: SourceTask, conf: dict[str, str], errors: ErrorHandler) -> Any:
        """The native producer when ``kconnect.kafka.client=native``, the task needs no per-record
        delivery metadata (``commit_record``) or produce-error tolerance, and the settings are ones
        the native build supports (no TLS/SASL/zstd); else confluent-kafka."""
        per_record = type(task).commit_record is not SourceTask.commit_record or errors.tolerates_all
        if native_client(self.config.originals()) and not per_record:
            reason = unsupported(conf)
            if reason is None:
                return lambda: NativeSourceProducer(conf)
            log.info("Using the confluent-kafka producer: %s", reason)
        return _client_factory("producer", conf)

    def _consumer_factory(self, conf: dict[str, str]) -> Any:
        """The native consumer when ``kconnect.kafka.client=native`` and the native build supports
        the settings (no TLS/SASL/zstd); else confluent-kafka."""
        if native_client(self.config.originals()):
            reason = unsupported(conf)
            if reason is None:
                return lambda: NativeSinkConsumer(conf)
            log.info("Using the confluent-kafka consumer: %s", reason)
        return _client_factory("consumer", conf)

    def _error_handler(
        self, task_id: TaskId, connector_config: Mapping[str, str], codec: RecordCodec
    ) -> ErrorHandler:
        """``errors.*`` handling: retries, tolerance, log and dead letter queue reporters."""
        settings = ErrorSettings.from_config(connector_config)
        reporters: list[ErrorReporter] = []
        if settings.log_enable:
            reporters.append(LogReporter(settings.log_include_messages))
        if settings.dlq_topic:
            conf = self._client_config("producer", task_id, connector_config)
            conf["client.id"] = f"connector-dlq-producer-{task_id}"
            admin_conf: dict[str, Any] = {
                k: v for k, v in conf.items() if k.startswith(("bootstrap.", "security.", "sasl.", "ssl."))
            }

            def admin() -> Any:
                from confluent_kafka.admin import AdminClient

                return AdminClient(dict(admin_conf))

            def encode(record: Any) -> tuple[bytes | None, bytes | None]:
                data = codec.encode([record])[0]
                return data.key, data.value

            reporters.append(
                DeadLetterQueueReporter(settings, _client_factory("producer", conf), admin, encode)
            )
        return ErrorHandler(settings, task_id.connector, task_id.task, reporters)

    def _codec(self, connector_config: Mapping[str, str]) -> RecordCodec:
        key = self._converter("key.converter", connector_config, is_key=True)
        value = self._converter("value.converter", connector_config, is_key=False)
        header_source = (
            connector_config if connector_config.get("header.converter") else self.config.originals()
        )
        header_name = header_source.get("header.converter") or self.config.get("header.converter")
        header_conf: dict[str, Any] = _with_prefix(header_source, "header.converter.")
        header_conf.setdefault("converter.type", "header")
        header = self.plugins.new_header_converter(header_name, header_conf)
        return RecordCodec(key, value, header)

    def _converter(self, key: str, connector_config: Mapping[str, str], *, is_key: bool) -> Any:
        source: Mapping[str, Any] = connector_config if connector_config.get(key) else self.config.originals()
        name = source.get(key)
        if not name:
            raise ConfigError(f'Missing required configuration "{key}" which has no default value.')
        conf: dict[str, Any] = _with_prefix(source, key + ".")
        conf.setdefault("converter.type", "key" if is_key else "value")
        return self.plugins.new_converter(name, conf, is_key)

    def _consumer_java_settings(self, connector_config: Mapping[str, str]) -> dict[str, str]:
        policy = self.config.get("connector.client.config.override.policy")
        merged = client_configs(self.config.originals(), "consumer.")
        merged.update(apply_client_overrides(policy, connector_config, "consumer.override."))
        return merged

    def _client_config(
        self, client: str, task_id: TaskId, connector_config: Mapping[str, str]
    ) -> dict[str, str]:
        """librdkafka settings: Connect's defaults, then worker ``<client>.*``, then overrides."""
        if client == "producer":
            base = {
                "client.id": f"connector-producer-{task_id}",
                "acks": "all",
                "enable.idempotence": "true",
                "max.in.flight.requests.per.connection": "5",
                "delivery.timeout.ms": "2147483647",
                "linger.ms": "5",
                # bounded like Java's buffer.memory (32 MiB): a full queue blocks the task loop
                "queue.buffering.max.kbytes": "32768",
            }
            policy = self.config.get("connector.client.config.override.policy")
            java = client_configs(self.config.originals(), "producer.")
            java.update(apply_client_overrides(policy, connector_config, "producer.override."))
        else:
            base = {
                "group.id": f"connect-{task_id.connector}",
                "client.id": f"connector-consumer-{task_id}",
                "enable.auto.commit": "false",
                "auto.offset.reset": "earliest",
                "enable.partition.eof": "false",
                # librdkafka waits 1 s before fetching again once its pre-fetch queue filled up,
                # which caps a fast sink near 100k records/s; Java's consumer fetches as soon as
                # its buffer drains
                "fetch.queue.backoff.ms": "10",
            }
            java = self._consumer_java_settings(connector_config)
        return {**base, **to_librdkafka(java, client=client)}


def _with_prefix(props: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {k[len(prefix) :]: v for k, v in props.items() if k.startswith(prefix)}


def _client_factory(client: str, conf: dict[str, str]) -> Callable[[], Any]:
    """A function creating the client; a setting librdkafka rejects becomes a ConfigError naming it."""
    factory = Producer if client == "producer" else Consumer

    # librdkafka's own log lines go through Python logging (served by the task's poll calls)
    logger = logging.getLogger(f"kconnect.kafka.{client}")

    def create() -> Any:
        try:
            return factory({**conf, "logger": logger})
        except KafkaException as e:
            reason = e.args[0].str() if e.args and hasattr(e.args[0], "str") else str(e)
            raise ConfigError(f"Invalid {client} client configuration: {reason}") from e

    return create
