"""The ``_schemas`` topic: Confluent's records, state rebuilt on restart, rejections write nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx
from confluent_kafka import Consumer, Producer, TopicPartition
from tests.integration.schema_registry.registry_harness import RunningRegistry

from kconnect.dev.kafka import KafkaBroker

CT = {"Content-Type": "application/vnd.schemaregistry.v1+json"}
REC = '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}'


def _read_all(bootstrap: str, topic: str) -> list[tuple[bytes | None, bytes | None]]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{uuid.uuid4().hex}"})
    try:
        _, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        consumer.assign([TopicPartition(topic, 0, 0)])
        out: list[tuple[bytes | None, bytes | None]] = []
        while len(out) < high:
            msg = consumer.poll(1.0)
            if msg is not None and msg.error() is None:
                out.append((msg.key(), msg.value()))
        return out
    finally:
        consumer.close()


def _end(bootstrap: str, topic: str) -> int:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{uuid.uuid4().hex}"})
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)[1])
    finally:
        consumer.close()


def test_records_are_confluents(kafka_broker: KafkaBroker, schema_registry: RunningRegistry) -> None:
    url, topic, bootstrap = schema_registry.url, schema_registry.topic, kafka_broker.bootstrap_servers
    start = _end(bootstrap, topic)
    assert httpx.post(f"{url}/subjects/rec-value/versions", json={"schema": REC}, headers=CT).json() == {
        "id": 1
    }
    assert httpx.put(f"{url}/config/rec-value", json={"compatibility": "FULL"}, headers=CT).status_code == 200
    assert httpx.put(f"{url}/mode/rec-value", json={"mode": "READWRITE"}, headers=CT).status_code == 200
    assert httpx.delete(f"{url}/subjects/rec-value").json() == [1]
    assert httpx.delete(f"{url}/subjects/rec-value?permanent=true").json() == [1]
    records = _read_all(bootstrap, topic)[start:]
    key = b'{"keytype":"%s","subject":"rec-value","magic":0}'
    schema_key = b'{"keytype":"SCHEMA","subject":"rec-value","version":1,"magic":1}'
    schema_value = (
        b'{"subject":"rec-value","version":1,"id":1,"schema":%s,"deleted":false}' % json.dumps(REC).encode()
    )
    assert records == [
        (schema_key, schema_value),
        (key % b"CONFIG", b'{"subject":"rec-value","compatibilityLevel":"FULL"}'),
        (key % b"MODE", b'{"subject":"rec-value","mode":"READWRITE"}'),
        (key % b"DELETE_SUBJECT", b'{"subject":"rec-value","version":1}'),
        (schema_key, None),
        (key % b"MODE", None),
        (key % b"CONFIG", None),
    ]


def test_state_is_rebuilt_from_the_topic(registry_factory: Callable[..., RunningRegistry]) -> None:
    first = registry_factory()
    httpx.put(f"{first.url}/config", json={"compatibility": "FORWARD"}, headers=CT).raise_for_status()
    one = httpx.post(f"{first.url}/subjects/a/versions", json={"schema": REC}, headers=CT).json()["id"]
    two = httpx.post(f"{first.url}/subjects/b/versions", json={"schema": '"string"'}, headers=CT).json()["id"]
    httpx.delete(f"{first.url}/subjects/b").raise_for_status()
    first.stop()
    second = registry_factory(topic=first.topic)
    assert httpx.get(f"{second.url}/config").json() == {"compatibilityLevel": "FORWARD"}
    assert httpx.get(f"{second.url}/subjects").json() == ["a"]
    assert httpx.get(f"{second.url}/subjects?deleted=true").json() == ["a", "b"]
    assert httpx.get(f"{second.url}/schemas/ids/{one}").json() == {"schema": REC}
    three = httpx.post(f"{second.url}/subjects/c/versions", json={"schema": '"long"'}, headers=CT).json()[
        "id"
    ]
    assert three == max(one, two) + 1  # ids continue after the restart


def test_serves_a_topic_written_by_a_confluent_registry(
    kafka_broker: KafkaBroker, registry_factory: Callable[..., RunningRegistry]
) -> None:
    """Records as Confluent Platform 7.x writes them (md5, schemaType, NOOP and unknown key types)."""
    topic = f"_schemas-{uuid.uuid4().hex[:8]}"
    kafka_broker.create_topic(topic, 1, {"cleanup.policy": "compact"})
    producer = Producer({"bootstrap.servers": kafka_broker.bootstrap_servers})
    for key, value in [
        (b'{"keytype":"NOOP","magic":0}', None),
        (b'{"keytype":"CONFIG","magic":0}', b'{"compatibilityLevel":"FULL"}'),
        (b'{"keytype":"SCHEMA","subject":"legacy-value","version":1,"magic":1}',
         b'{"subject":"legacy-value","version":1,"id":7,"md5":"0123456789abcdef0123456789abcdef",'
         b'"schemaType":"AVRO","schema":"\\"string\\"","deleted":false}'),
        (b'{"keytype":"CONTEXT","tenant":"default","context":".","magic":0}', b'{"tenant":"default"}'),
    ]:  # fmt: skip
        producer.produce(topic, key=key, value=value, partition=0)
    assert producer.flush(30) == 0
    registry = registry_factory(topic=topic)
    assert httpx.get(f"{registry.url}/config").json() == {"compatibilityLevel": "FULL"}
    assert httpx.get(f"{registry.url}/subjects/legacy-value/versions/1").json() == {
        "subject": "legacy-value", "version": 1, "id": 7, "schema": '"string"'
    }  # fmt: skip
    assert httpx.post(
        f"{registry.url}/subjects/new/versions", json={"schema": '"int"'}, headers=CT
    ).json() == {"id": 8}


def test_rejected_requests_write_nothing(kafka_broker: KafkaBroker, schema_registry: RunningRegistry) -> None:
    url, bootstrap = schema_registry.url, kafka_broker.bootstrap_servers
    httpx.post(f"{url}/subjects/strict/versions", json={"schema": REC}, headers=CT).raise_for_status()
    before = _end(bootstrap, schema_registry.topic)
    incompatible = REC.replace('"int"', '"string"')
    rejected = [
        httpx.post(f"{url}/subjects/strict/versions", json={"schema": incompatible}, headers=CT),
        httpx.post(f"{url}/subjects/strict/versions", json={"schema": "{not json"}, headers=CT),
        httpx.put(f"{url}/config/strict", json={"compatibility": "SOMETIMES"}, headers=CT),
        httpx.put(f"{url}/mode/strict", json={"mode": "WRITEONLY"}, headers=CT),
        httpx.delete(f"{url}/subjects/strict/versions/1?permanent=true"),
        httpx.delete(f"{url}/subjects/nobody"),
    ]
    assert [(r.status_code, r.json()["error_code"]) for r in rejected] == [
        (409, 409), (422, 42201), (422, 42203), (422, 42204), (404, 40407), (404, 40401)
    ]  # fmt: skip
    assert _end(bootstrap, schema_registry.topic) == before
