"""Parsing registered Avro schemas: errors name the problem (42201), canonical text, references."""

from __future__ import annotations

import json

import pytest

from kconnect.schema_registry.avro_schema import canonical_text, parse_avro
from kconnect.schema_registry.errors import InvalidSchemaError


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('"strin"', '"strin" is not a defined name'),
        ('{"type":"record","name":"R"}', "Record has no fields"),
        ('{"type":"record","fields":[]}', "No name"),
        ('{"type":"record","name":"R","fields":[{"name":"a"}]}', "No field type"),
        ('{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}',
         "Duplicate field a"),
        ('{"type":"record","name":"1R","fields":[]}', "Illegal character"),
        ('["int","int"]', "Duplicate in union"),
        ('["int",["null","int"]]', "Nested union"),
        ('{"type":"enum","name":"E","symbols":["A","A"]}', "Duplicate enum symbol"),
        ('{"type":"enum","name":"E","symbols":["A"],"default":"B"}', "Enum Default"),
        ('{"type":"fixed","name":"F","size":-1}', "Invalid fixed size"),
        ('{"type":"array"}', "array has no items"),
        ('[{"type":"record","name":"R","fields":[]},{"type":"record","name":"R","fields":[]}]',
         "Can't redefine"),
        ("42", "not a schema"),
    ],
)  # fmt: skip
def test_invalid_schemas(text: str, reason: str) -> None:
    with pytest.raises(InvalidSchemaError) as info:
        parse_avro(text)
    assert info.value.error_code == 42201 and info.value.http_status == 422
    assert reason in info.value.message


def test_canonical_text_ignores_whitespace_only() -> None:
    value = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "doc": "ü"}]}
    assert parse_avro(json.dumps(value, indent=4)).canonical == parse_avro(json.dumps(value)).canonical
    assert (
        canonical_text(value) == '{"type":"record","name":"R","fields":[{"name":"a","type":"int","doc":"ü"}]}'
    )


def test_references_and_namespaces() -> None:
    address = '{"type":"record","name":"Address","namespace":"a.b","fields":[{"name":"s","type":"string"}]}'
    person = '{"type":"record","name":"P","namespace":"a.b","fields":[{"name":"home","type":"Address"}]}'
    with pytest.raises(InvalidSchemaError):
        parse_avro(person)
    parsed = parse_avro(person, {"a.b.Address": address})
    assert parsed.root.fields[0].type.fullname == "a.b.Address"
