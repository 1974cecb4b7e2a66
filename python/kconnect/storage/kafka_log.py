"""A compacted Kafka topic read as a log (Java: ``KafkaBasedLog``).

At start the topic is created if missing (compacted, with the configured
partitions, replication factor and extra topic configs) or checked (a topic
whose ``cleanup.policy`` lacks ``compact`` is a startup error: Connect's
internal topics must never lose the latest record of a key).  Every record is
handed to a callback, in offset order per partition, on one reader thread
(librdkafka consumer assigned to every partition from the beginning, no group).
:meth:`KafkaBasedLog.read_to_end` blocks until everything written before the
call has been handed to the callback, which is how workers catch up before
acting.  Writes go through an idempotent producer with ``acks=all``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from confluent_kafka import (
    OFFSET_BEGINNING,
    Consumer,
    KafkaError,
    KafkaException,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType  # type: ignore[attr-defined]
from confluent_kafka.cimpl import NewTopic

from kconnect.errors import ConfigError, ConnectError

log = logging.getLogger(__name__)

ADMIN_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One record of the log (raw bytes; ``value`` None = tombstone)."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """How to create the topic if it is missing."""

    partitions: int = 1
    replication_factor: int = -1
    configs: Mapping[str, str] = field(default_factory=dict)


def ensure_topic(admin: AdminClient, topic: str, spec: TopicSpec, purpose: str) -> None:
    """Create ``topic`` compacted if missing; raise ConfigError if it exists uncompacted."""
    # list all topics: a metadata request naming the topic could auto-create it uncompacted
    metadata = admin.list_topics(timeout=ADMIN_TIMEOUT_S)
    described = metadata.topics.get(topic)
    if described is None or described.error is not None:
        configs = {**spec.configs, "cleanup.policy": "compact"}
        new = NewTopic(topic, num_partitions=spec.partitions, replication_factor=spec.replication_factor,
                       config=dict(configs))  # fmt: skip
        try:
            admin.create_topics([new], request_timeout=ADMIN_TIMEOUT_S)[topic].result(ADMIN_TIMEOUT_S)
            log.info("Created topic %s for %s (%d partitions, compacted)", topic, purpose, spec.partitions)
        except KafkaException as e:
            if e.args and e.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise ConnectError(f"Could not create {purpose} topic {topic}: {e}") from e
    resource = ConfigResource(ResourceType.TOPIC, topic)
    deadline = time.monotonic() + ADMIN_TIMEOUT_S
    while True:  # a topic just created may not be known to every broker yet
        try:
            future = admin.describe_configs([resource], request_timeout=ADMIN_TIMEOUT_S)[resource]
            entries = future.result(ADMIN_TIMEOUT_S)
            break
        except KafkaException as e:
            if time.monotonic() > deadline:
                raise ConnectError(f"Could not describe {purpose} topic {topic}: {e}") from e
            time.sleep(0.2)
    policy = entries["cleanup.policy"].value if "cleanup.policy" in entries else "delete"
    if "compact" not in (policy or "").split(","):
        raise ConfigError(
            f"Topic '{topic}' supplied via the '{purpose}' property is required to have "
            f"'cleanup.policy=compact' to guarantee consistency and durability of {purpose} data, "
            f"but found the topic currently has 'cleanup.policy={policy}'. Continuing would likely result "
            f"in eventually losing {purpose} data and problems restarting this Connect cluster "
            "in the future. "
            f"Change the '{purpose}' property in the Connect worker configurations to use a topic with "
            "'cleanup.policy=compact'."
        )


class KafkaBasedLog:
    """Reads a topic from the beginning on its own thread; writes through a producer."""

    def __init__(
        self,
        topic: str,
        client_conf: Mapping[str, str],
        consume: Callable[[LogRecord], None],
        *,
        spec: TopicSpec | None = None,
        purpose: str = "",
        single_partition: bool = False,
    ) -> None:
        self.topic = topic
        self._single_partition = single_partition
        self._conf = dict(client_conf)
        self._consume = consume
        self._spec = spec or TopicSpec()
        self._purpose = purpose or topic
        self._consumer: Consumer | None = None
        self._meta: Consumer | None = None
        self._meta_lock = threading.Lock()
        self._producer: Producer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._cond = threading.Condition()
        self._positions: dict[int, int] = {}
        self._error: BaseException | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        admin = AdminClient(dict(self._conf))
        ensure_topic(admin, self.topic, self._spec, self._purpose)
        metadata = admin.list_topics(topic=self.topic, timeout=ADMIN_TIMEOUT_S)
        partitions = sorted(metadata.topics[self.topic].partitions)
        if self._single_partition and len(partitions) != 1:
            raise ConfigError(
                f"Topic '{self.topic}' supplied via the '{self._purpose}' property is required to have a "
                f"single partition in order to guarantee consistency of connector configurations, but "
                f"found {len(partitions)} partitions."
            )
        self._producer = Producer({
            **self._conf, "acks": "all", "enable.idempotence": "true", "linger.ms": "0",
            "partitioner": "murmur2_random",  # Java's default partitioner for non-null keys
            "delivery.timeout.ms": "2147483647",
        })  # fmt: skip
        self._consumer = Consumer({
            **self._conf, "group.id": "kconnect-internal-unused", "enable.auto.commit": "false",
            "enable.partition.eof": "false", "isolation.level": "read_committed",
        })  # fmt: skip
        # a second consumer answers end-offset queries: the reader's is busy polling on its thread
        self._meta = Consumer({**self._conf, "group.id": "kconnect-internal-unused"})
        self._consumer.assign([TopicPartition(self.topic, p, OFFSET_BEGINNING) for p in partitions])
        self._positions = dict.fromkeys(partitions, 0)
        self._thread = threading.Thread(target=self._run, name=f"kafka-log-{self.topic}", daemon=True)
        self._thread.start()
        self.read_to_end()
        log.info("Finished reading %s topic %s to its end", self._purpose, self.topic)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(10)
        if self._producer is not None:
            self._producer.flush(10)
        if self._consumer is not None:
            self._consumer.close()
        if self._meta is not None:
            self._meta.close()

    # -- reading -----------------------------------------------------------------------------
    def _run(self) -> None:
        consumer = self._consumer
        assert consumer is not None
        while not self._stopping.is_set():
            try:
                msg = consumer.poll(0.1)
            except Exception as e:
                self._fail(e)
                return
            if msg is None:
                self._refresh_positions(consumer)
                continue
            if msg.error() is not None:
                log.warning("Error reading %s: %s", self.topic, msg.error())
                continue
            record = LogRecord(msg.partition() or 0, msg.offset() or 0, msg.key(), msg.value())
            try:
                self._consume(record)
            except Exception:
                log.exception("Skipping record %s-%d@%d that could not be applied", self.topic,
                              record.partition, record.offset)  # fmt: skip
            with self._cond:
                self._positions[record.partition] = record.offset + 1
                self._cond.notify_all()

    def _refresh_positions(self, consumer: Consumer) -> None:
        try:
            positions = consumer.position([TopicPartition(self.topic, p) for p in self._positions])
        except KafkaException:
            return
        with self._cond:
            for tp in positions:
                if tp.offset >= 0 and tp.offset > self._positions[tp.partition]:
                    self._positions[tp.partition] = tp.offset
            self._cond.notify_all()

    def _fail(self, error: BaseException) -> None:
        with self._cond:
            self._error = error
            self._cond.notify_all()

    def end_offsets(self, timeout_s: float = ADMIN_TIMEOUT_S) -> dict[int, int]:
        consumer = self._meta
        assert consumer is not None
        deadline = time.monotonic() + timeout_s
        ends = {}
        with self._meta_lock:
            for p in self._positions:
                while True:
                    try:
                        _, high = consumer.get_watermark_offsets(
                            TopicPartition(self.topic, p), timeout=5, cached=False
                        )
                        break
                    except KafkaException as e:  # e.g. leader not elected yet for a new topic
                        if time.monotonic() > deadline:
                            raise ConnectError(f"Could not read the end offsets of {self.topic}: {e}") from e
                        time.sleep(0.2)
                ends[p] = high
        return ends

    def read_to_end(self, timeout_s: float = 60.0) -> None:
        """Block until every record written before this call has been consumed."""
        ends = self.end_offsets()
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while True:
                if self._error is not None:
                    raise ConnectError(f"Reading topic {self.topic} failed: {self._error}")
                if all(self._positions[p] >= end for p, end in ends.items()):
                    return
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ConnectError(f"Timed out reading topic {self.topic} to its end")
                self._cond.wait(min(remaining, 0.5))

    def position(self) -> dict[int, int]:
        with self._cond:
            return dict(self._positions)

    # -- writing -----------------------------------------------------------------------------
    def send(self, key: bytes | None, value: bytes | None, partition: int | None = None) -> None:
        """Write one record and wait until it is acknowledged."""
        producer = self._producer
        assert producer is not None
        errors: list[KafkaError] = []

        def delivered(err: KafkaError | None, _msg: object) -> None:
            if err is not None:
                errors.append(err)

        if partition is None:
            producer.produce(self.topic, value=value, key=key, on_delivery=delivered)
        else:
            producer.produce(self.topic, value=value, key=key, on_delivery=delivered, partition=partition)
        remaining = producer.flush(60)
        if remaining or errors:
            raise ConnectError(f"Failed to write to topic {self.topic}: {errors[0] if errors else 'timeout'}")

    def send_many(self, records: list[tuple[bytes, bytes | None]]) -> None:
        producer = self._producer
        assert producer is not None
        errors: list[KafkaError] = []

        def delivered(err: KafkaError | None, _msg: object) -> None:
            if err is not None:
                errors.append(err)

        for key, value in records:
            producer.produce(self.topic, value=value, key=key, on_delivery=delivered)
        remaining = producer.flush(60)
        if remaining or errors:
            raise ConnectError(f"Failed to write to topic {self.topic}: {errors[0] if errors else 'timeout'}")
