"""Reading, altering and resetting a connector's offsets (``/connectors/<c>/offsets``).

Source connectors: the offsets live in the worker's offset store.  Sink
connectors: they are the committed offsets of consumer group
``connect-<connector>``, changed through the Kafka admin API.  Bodies and
messages follow Apache Kafka Connect's ``ConnectorOffsets``/``Message``.

Decision: resetting one sink partition (``"offset": null`` in a PATCH) moves
the group's offset to the partition's log start, which is what the consumer
does after Java's ``deleteConsumerGroupOffsets`` with
``auto.offset.reset=earliest``; the admin client kconnect uses has no
per-partition offset delete.  ``DELETE .../offsets`` deletes the whole group,
as Java does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confluent_kafka import ConsumerGroupTopicPartitions, KafkaError, KafkaException, TopicPartition
from confluent_kafka import admin as kafka_admin
from confluent_kafka.admin import AdminClient

from kconnect.api.sink import SinkConnector
from kconnect.api.sink import TopicPartition as ConnectTopicPartition
from kconnect.api.source import SourceConnector
from kconnect.config import ParsedConfig
from kconnect.config.clients import client_configs
from kconnect.errors import BadRequestError, ConnectError
from kconnect.runtime.kafka_config import to_librdkafka
from kconnect.runtime.offsets import connector_offsets
from kconnect.storage import offset_codec

if TYPE_CHECKING:
    from kconnect.runtime.worker import Worker

JsonDict = dict[str, Any]
ADMIN_TIMEOUT_S = 30.0

ALTERED = "The offsets for this connector have been altered successfully"
RESET = "The offsets for this connector have been reset successfully"
ALTERED_EXTERNAL = (
    "The Connect framework-managed offsets for this connector have been altered successfully. "
    "However, if this connector manages offsets externally, they will need to be manually altered "
    "in the system that the connector uses."
)
RESET_EXTERNAL = ALTERED_EXTERNAL.replace("altered", "reset")


def admin_client(worker_config: ParsedConfig) -> AdminClient:
    java = client_configs(worker_config.originals(), "admin.")
    conf: dict[str, str | int | float | bool] = dict(to_librdkafka(java, client="admin"))
    return AdminClient(conf)


def cluster_id(worker_config: ParsedConfig) -> str:
    """The Kafka cluster id (``GET /``), looked up once at startup as Java does."""
    admin = admin_client(worker_config)
    try:
        result = admin.describe_cluster(request_timeout=ADMIN_TIMEOUT_S).result(ADMIN_TIMEOUT_S)
    except KafkaException as e:
        raise ConnectError(
            "Failed to connect to and describe Kafka cluster. Check worker's broker connection and "
            f"security properties. ({e})"
        ) from e
    return str(result.cluster_id)


def _group(name: str) -> str:
    return f"connect-{name}"


def read_offsets(worker: Worker, name: str, config: dict[str, str]) -> JsonDict:
    connector = worker.plugins.connector_class(config["connector.class"])
    if issubclass(connector, SinkConnector):
        return {"offsets": _sink_offsets(worker, name)}
    entries = connector_offsets(worker.offset_store, name)
    return {"offsets": [{"partition": p, "offset": o} for p, o in entries if o is not None]}


def _sink_offsets(worker: Worker, name: str) -> list[JsonDict]:
    admin = admin_client(worker.config)
    request = [ConsumerGroupTopicPartitions(_group(name))]
    futures = admin.list_consumer_group_offsets(request, request_timeout=ADMIN_TIMEOUT_S)
    try:
        result = futures[_group(name)].result(ADMIN_TIMEOUT_S)
    except KafkaException as e:
        if e.args and e.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND:
            return []
        raise
    offsets = []
    for tp in sorted(result.topic_partitions or [], key=lambda t: (t.topic, t.partition)):
        if tp.offset >= 0:
            offsets.append(
                {
                    "partition": {"kafka_topic": tp.topic, "kafka_partition": tp.partition},
                    "offset": {"kafka_offset": tp.offset},
                }
            )
    return offsets


def alter_offsets(worker: Worker, name: str, config: dict[str, str], body: JsonDict | None) -> JsonDict:
    """Alter (``body`` given) or reset (``body`` None) the offsets of a STOPPED connector."""
    connector_cls = worker.plugins.connector_class(config["connector.class"])
    connector = connector_cls()
    entries = None if body is None else _entries(body)
    if issubclass(connector_cls, SinkConnector):
        assert isinstance(connector, SinkConnector)
        return _alter_sink(worker, name, config, connector, entries)
    assert isinstance(connector, SourceConnector)
    return _alter_source(worker, name, config, connector, entries)


def _entries(body: JsonDict) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    offsets = body.get("offsets")
    if not isinstance(offsets, list) or not offsets:
        raise BadRequestError("Partitions / offsets need to be provided for an alter offsets request")
    entries: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for i, item in enumerate(offsets):
        if not isinstance(item, dict) or not isinstance(item.get("partition"), dict):
            raise BadRequestError(f"offsets[{i}]: each entry needs a 'partition' object")
        offset = item.get("offset")
        if offset is not None and not isinstance(offset, dict):
            raise BadRequestError(f"offsets[{i}]: 'offset' must be an object or null")
        entries.append((item["partition"], offset))
    return entries


def _alter_source(
    worker: Worker,
    name: str,
    config: dict[str, str],
    connector: SourceConnector,
    entries: list[tuple[dict[str, Any], dict[str, Any] | None]] | None,
) -> JsonDict:
    reset = entries is None
    if entries is None:
        entries = [(p, None) for p, _ in connector_offsets(worker.offset_store, name)]
    try:
        handled = connector.alter_offsets(dict(config), entries)
    except ConnectError as e:
        raise BadRequestError(f"Failed to {'reset' if reset else 'alter'} offsets: {e}") from e
    updates: dict[bytes, bytes | None] = {}
    for partition, offset in entries:
        try:
            updates[offset_codec.encode_key(name, partition)] = offset_codec.encode_value(offset)
        except ConnectError as e:
            raise BadRequestError(str(e)) from e
    worker.offset_store.set(updates)
    if reset:
        return {"message": RESET if handled else RESET_EXTERNAL}
    return {"message": ALTERED if handled else ALTERED_EXTERNAL}


def _sink_partition(
    partition: dict[str, Any], offset: dict[str, Any] | None
) -> tuple[ConnectTopicPartition, int | None]:
    topic = partition.get("kafka_topic")
    part = partition.get("kafka_partition")
    if not isinstance(topic, str) or not topic:
        raise BadRequestError("Sink connector partitions need a 'kafka_topic' string")
    try:
        part_num = int(part)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadRequestError("Sink connector partitions need an integer 'kafka_partition'") from None
    if offset is None:
        return ConnectTopicPartition(topic, part_num), None
    try:
        value = int(offset["kafka_offset"])
    except (KeyError, TypeError, ValueError):
        raise BadRequestError("Sink connector offsets need an integer 'kafka_offset'") from None
    if value < 0:
        raise BadRequestError("Sink connector offsets must be non-negative")
    return ConnectTopicPartition(topic, part_num), value


def _alter_sink(
    worker: Worker,
    name: str,
    config: dict[str, str],
    connector: SinkConnector,
    entries: list[tuple[dict[str, Any], dict[str, Any] | None]] | None,
) -> JsonDict:
    admin = admin_client(worker.config)
    group = _group(name)
    if entries is None:
        handled = connector.alter_offsets(dict(config), {})
        futures = admin.delete_consumer_groups([group], request_timeout=ADMIN_TIMEOUT_S)
        try:
            futures[group].result(ADMIN_TIMEOUT_S)
        except KafkaException as e:
            if not (e.args and e.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND):
                raise ConnectError(f"Failed to reset offsets of consumer group {group}: {e}") from e
        return {"message": RESET if handled else RESET_EXTERNAL}
    parsed = dict(_sink_partition(p, o) for p, o in entries)
    try:
        handled = connector.alter_offsets(dict(config), parsed)
    except ConnectError as e:
        raise BadRequestError(f"Failed to alter offsets: {e}") from e
    resets = [tp for tp, off in parsed.items() if off is None]
    log_starts: dict[ConnectTopicPartition, int] = {}
    if resets:
        spec = {TopicPartition(tp.topic, tp.partition): kafka_admin.OffsetSpec.earliest() for tp in resets}  # type: ignore[attr-defined,no-untyped-call]
        for tp, future in admin.list_offsets(spec, request_timeout=ADMIN_TIMEOUT_S).items():
            log_starts[ConnectTopicPartition(tp.topic, tp.partition)] = future.result(ADMIN_TIMEOUT_S).offset
    targets = [
        TopicPartition(tp.topic, tp.partition, off if off is not None else log_starts[tp])
        for tp, off in parsed.items()
    ]
    request = [ConsumerGroupTopicPartitions(group, targets)]
    futures = admin.alter_consumer_group_offsets(request, request_timeout=ADMIN_TIMEOUT_S)
    try:
        futures[group].result(ADMIN_TIMEOUT_S)
    except KafkaException as e:
        raise ConnectError(f"Failed to alter offsets of consumer group {group}: {e}") from e
    return {"message": ALTERED if handled else ALTERED_EXTERNAL}
