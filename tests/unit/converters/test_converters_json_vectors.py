"""JsonConverter against Apache Kafka's own output (``tests/vectors/jsonconverter.json``).

Encoding must give exactly Java's bytes; decoding Java's bytes must give what Java
reads back; Java's errors must be errors here, with the same message.
"""

from __future__ import annotations

from typing import Any

import pytest
from converter_vectors import load_vectors, norm, schema_from_desc, value_from_desc

from kconnect.converters import JsonConverter
from kconnect.errors import DataError

# Where kconnect deliberately differs from the JDK 17 run that recorded the vectors:
# JDK 17's Double.toString is not always the shortest form (JDK-4511638, fixed in
# JDK 19); kconnect writes what JDK 19+ writes.
JDK17_DOUBLE_TO_STRING = {"float64/9.999999999999999E22": b"1.0E23"}
# Java reads the "NaN"/"Infinity" strings Jackson writes as 0.0; kconnect reads them back.
NON_FINITE_READS = ("float32/NaN/", "float32/Infinity/", "float64/NaN/", "float64/-Infinity/")

VECTORS = load_vectors()
ENCODE = [c for c in VECTORS["cases"] if "bytes" in c]
ENCODE_ERRORS = [c for c in VECTORS["cases"] if "encode_error" in c]
ROUND_TRIP = [c for c in VECTORS["cases"] if "decoded" in c]
DECODE = VECTORS["decode_cases"]


def converter(config: dict[str, Any]) -> JsonConverter:
    c = JsonConverter()
    c.configure(config, False)
    return c


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


def test_vectors_cover_enough() -> None:
    assert len(ENCODE) > 150
    assert len(DECODE) > 50
    assert "4.1.1" in VECTORS["generator"]


@pytest.mark.parametrize("case", ENCODE, ids=ids(ENCODE))
def test_encode_is_byte_identical_to_java(case: dict[str, Any]) -> None:
    schema = schema_from_desc(case["schema"])
    value = value_from_desc(schema, case["value"])
    expected = None if case["bytes"] is None else case["bytes"].encode("utf-8")
    for java_case, ours in JDK17_DOUBLE_TO_STRING.items():
        if case["name"].startswith(java_case) and expected is not None:
            expected = expected.replace(java_case.split("/")[1].encode(), ours)
    assert converter(case["config"]).from_connect_data("t", schema, value) == expected


@pytest.mark.parametrize("case", ENCODE_ERRORS, ids=ids(ENCODE_ERRORS))
def test_encode_errors_match_java(case: dict[str, Any]) -> None:
    schema = schema_from_desc(case["schema"])
    value = value_from_desc(schema, case["value"])
    with pytest.raises(DataError) as err:
        converter(case["config"]).from_connect_data("t", schema, value)
    assert str(err.value) == case["encode_error"]


@pytest.mark.parametrize("case", ROUND_TRIP, ids=ids(ROUND_TRIP))
def test_decode_java_bytes(case: dict[str, Any]) -> None:
    raw = None if case["bytes"] is None else case["bytes"].encode("utf-8")
    got = converter(case["config"]).to_connect_data("t", raw)
    schema = schema_from_desc(case["decoded"]["schema"])
    assert got.schema == schema
    expected = value_from_desc(schema, case["decoded"]["value"])
    if case["name"].startswith(NON_FINITE_READS) and schema is not None:
        expected = value_from_desc(schema, case["value"])
    assert norm(got.value) == norm(expected)


@pytest.mark.parametrize("case", DECODE, ids=ids(DECODE))
def test_decode_cases(case: dict[str, Any]) -> None:
    raw = None if case["bytes"] is None else case["bytes"].encode("utf-8")
    conv = converter(case["config"])
    if "error" in case:
        with pytest.raises(DataError) as err:
            conv.to_connect_data("t", raw)
        assert str(err.value).startswith(case["error"])
        return
    got = conv.to_connect_data("t", raw)
    schema = schema_from_desc(case["schema"])
    assert got.schema == schema
    assert norm(got.value) == norm(value_from_desc(schema, case["value"]))


def test_one_batch_equals_records_one_by_one() -> None:
    cases = [c for c in ENCODE if not c["config"] and not c["name"].startswith(tuple(JDK17_DOUBLE_TO_STRING))]
    items = []
    for c in cases:
        schema = schema_from_desc(c["schema"])
        items.append((schema, value_from_desc(schema, c["value"])))
    conv = converter({})
    encoded = conv.from_connect_batch("t", items)
    assert encoded == [None if c["bytes"] is None else c["bytes"].encode() for c in cases]
    decoded = conv.to_connect_batch("t", encoded)
    for c, got in zip(cases, decoded, strict=True):
        schema = schema_from_desc(c["decoded"]["schema"])
        assert got.schema == schema
        if not c["name"].startswith(NON_FINITE_READS):
            assert norm(got.value) == norm(value_from_desc(schema, c["decoded"]["value"]))
