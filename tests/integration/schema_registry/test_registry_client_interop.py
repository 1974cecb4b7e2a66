"""confluent-kafka's SchemaRegistryClient (an independent client) against kconnect's registry."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from tests.integration.schema_registry.registry_harness import RunningRegistry

V1 = {"type": "record", "name": "User", "namespace": "com.example",
      "fields": [{"name": "id", "type": "long"}, {"name": "name", "type": "string"}]}  # fmt: skip
V2_OK = {**V1, "fields": [*V1["fields"], {"name": "email", "type": ["null", "string"], "default": None}]}
V2_BAD = {**V1, "fields": [*V1["fields"], {"name": "age", "type": "int"}]}


def _subject() -> str:
    return f"s-{uuid.uuid4().hex[:8]}-value"


@pytest.fixture
def client(schema_registry: RunningRegistry) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": schema_registry.url}) as sr:
        yield sr


def _avro(value: object) -> Schema:
    return Schema(json.dumps(value), "AVRO")


def test_register_fetch_and_lookup(client: SchemaRegistryClient) -> None:
    subject = _subject()
    schema_id = client.register_schema(subject, _avro(V1))
    assert client.register_schema(subject, _avro(V1)) == schema_id  # idempotent
    fetched = client.get_schema(schema_id)
    assert json.loads(fetched.schema_str) == V1
    assert fetched.schema_type == "AVRO"
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version, latest.subject) == (schema_id, 1, subject)
    found = client.lookup_schema(subject, _avro(V1))
    assert (found.schema_id, found.version) == (schema_id, 1)
    assert subject in client.get_subjects()
    assert client.get_versions(subject) == [1]
    assert client.get_version(subject, 1).schema_id == schema_id
    assert client.get_subjects_by_schema_id(schema_id) == [subject]
    assert "AVRO" in client.get_schema_types()


def test_same_schema_gets_the_same_id_across_subjects(client: SchemaRegistryClient) -> None:
    first = client.register_schema(_subject(), _avro(V1))
    spaced = Schema(json.dumps(V1, indent=4), "AVRO")  # whitespace does not make a new schema
    assert client.register_schema(_subject(), spaced) == first


def test_backward_compatibility_is_enforced_and_names_the_field(client: SchemaRegistryClient) -> None:
    subject = _subject()
    client.register_schema(subject, _avro(V1))
    assert client.test_compatibility(subject, _avro(V2_OK)) is True
    assert client.test_compatibility(subject, _avro(V2_BAD)) is False
    with pytest.raises(SchemaRegistryError) as info:
        client.register_schema(subject, _avro(V2_BAD))
    assert info.value.http_status_code == 409
    assert info.value.error_code == 409
    assert (
        "'age'" in info.value.error_message
        and "READER_FIELD_MISSING_DEFAULT_VALUE" in info.value.error_message
    )
    second = client.register_schema(subject, _avro(V2_OK))
    assert client.get_latest_version(subject).version == 2
    assert client.get_latest_version(subject).schema_id == second
    assert client.get_versions(subject) == [1, 2]


def test_compatibility_levels_per_subject(client: SchemaRegistryClient) -> None:
    subject = _subject()
    client.register_schema(subject, _avro(V1))
    assert client.set_compatibility(subject, "NONE") == {"compatibility": "NONE"}
    assert client.get_compatibility(subject) == "NONE"
    client.register_schema(subject, _avro(V2_BAD))  # NONE lets anything through
    assert client.set_compatibility(subject, "FORWARD") == {"compatibility": "FORWARD"}
    # FORWARD: the old schema (V2_BAD) must read data of the new one; V1 lacks 'age' -> fails
    assert client.test_compatibility(subject, _avro(V1)) is False
    with pytest.raises(SchemaRegistryError) as info:
        client.set_compatibility(subject, "SIDEWAYS")
    assert (info.value.http_status_code, info.value.error_code) == (422, 42203)


def test_soft_and_permanent_delete(client: SchemaRegistryClient, schema_registry: RunningRegistry) -> None:
    subject = _subject()
    own = {**V1, "namespace": f"only.{subject.replace('-', '_')}"}  # an id no other test shares
    schema_id = client.register_schema(subject, _avro(own))
    client.register_schema(subject, _avro({**own, "fields": V2_OK["fields"]}))
    with pytest.raises(SchemaRegistryError) as info:
        client.delete_version(subject, 1, permanent=True)
    assert info.value.error_code == 40407  # soft delete first
    assert client.delete_version(subject, 1) == 1
    assert client.get_versions(subject) == [2]
    assert client.delete_subject(subject) == [2]
    with pytest.raises(SchemaRegistryError) as info:
        client.get_versions(subject)
    assert info.value.error_code == 40401
    assert client.delete_subject(subject, permanent=True) == [1, 2]
    assert subject not in client.get_subjects()
    with (
        SchemaRegistryClient({"url": schema_registry.url}) as fresh,
        pytest.raises(SchemaRegistryError) as info,
    ):
        fresh.get_schema(schema_id)  # a client without a cache
    assert (info.value.http_status_code, info.value.error_code) == (404, 40403)


def test_unknown_subject_and_id(client: SchemaRegistryClient) -> None:
    with pytest.raises(SchemaRegistryError) as info:
        client.get_latest_version(_subject())
    assert (info.value.http_status_code, info.value.error_code) == (404, 40401)
    with pytest.raises(SchemaRegistryError) as info:
        client.get_schema(987654)
    assert (info.value.http_status_code, info.value.error_code) == (404, 40403)


def test_invalid_schema_is_42201(client: SchemaRegistryClient) -> None:
    with pytest.raises(SchemaRegistryError) as info:
        client.register_schema(
            _subject(), Schema('{"type":"record","name":"X","fields":[{"name":"a"}]}', "AVRO")
        )
    assert (info.value.http_status_code, info.value.error_code) == (422, 42201)
    assert "field type" in info.value.error_message


def test_schema_references(client: SchemaRegistryClient) -> None:
    address = {"type": "record", "name": "Address", "namespace": "com.example",
               "fields": [{"name": "street", "type": "string"}]}  # fmt: skip
    ref_subject = _subject()
    client.register_schema(ref_subject, _avro(address))
    person = {"type": "record", "name": "Person", "namespace": "com.example",
              "fields": [{"name": "home", "type": "com.example.Address"}]}  # fmt: skip
    subject = _subject()
    schema = Schema(json.dumps(person), "AVRO", [SchemaReference("com.example.Address", ref_subject, 1)])
    schema_id = client.register_schema(subject, schema)
    fetched = client.get_schema(schema_id)
    assert [(r.name, r.subject, r.version) for r in fetched.references] == [
        ("com.example.Address", ref_subject, 1)
    ]
    assert client.get_referenced_by(ref_subject, 1) == [schema_id]
    with pytest.raises(SchemaRegistryError) as info:
        client.delete_subject(ref_subject)
    assert info.value.error_code == 42206


def test_modes(client: SchemaRegistryClient) -> None:
    subject = _subject()
    assert client.update_mode(subject, "READONLY") == "READONLY"
    assert client.get_mode(subject) == "READONLY"
    with pytest.raises(SchemaRegistryError) as info:
        client.register_schema(subject, _avro(V1))
    assert info.value.error_code == 42205
    assert client.delete_mode(subject) == "READONLY"
    assert client.register_schema(subject, _avro(V1)) > 0
