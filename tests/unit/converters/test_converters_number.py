"""Short/Integer/Long/Float/Double/Boolean converters against Kafka's own output
(``tests/vectors/numberconverters.json``)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from converter_vectors import VECTORS_PATH, schema_from_desc, value_from_desc
from hypothesis import given
from hypothesis import strategies as st

from kconnect.converters import BUILTIN_CONVERTERS, DoubleConverter, IntegerConverter, LongConverter
from kconnect.errors import DataError

with (VECTORS_PATH.parent / "numberconverters.json").open(encoding="utf-8") as _f:
    VECTORS: dict[str, Any] = json.load(_f)


def converter(name: str) -> Any:
    c = BUILTIN_CONVERTERS[f"org.apache.kafka.connect.converters.{name}"]()
    c.configure({}, False)
    return c


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("case", VECTORS["encode"], ids=lambda c: f"{c['converter']}-{c.get('hex')}")
def test_encode_matches_java(case: dict[str, Any]) -> None:
    schema = schema_from_desc(case["schema"])
    value = value_from_desc(schema, case["value"])
    c = converter(case["converter"])
    if "error" in case:
        with pytest.raises(DataError) as err:
            c.from_connect_data("t", schema, value)
        expected = case["error"].replace("class java.lang.String", "str")
        assert str(err.value) == expected
        return
    expected = None if case["hex"] is None else bytes.fromhex(case["hex"])
    assert c.from_connect_data("t", schema, value) == expected


@pytest.mark.parametrize("case", VECTORS["decode"], ids=lambda c: f"{c['converter']}-{c['hex']}")
def test_decode_matches_java(case: dict[str, Any]) -> None:
    c = converter(case["converter"])
    raw = None if case["hex"] is None else bytes.fromhex(case["hex"])
    if "error" in case:
        with pytest.raises(DataError) as err:
            c.to_connect_data("t", raw)
        assert str(err.value) == case["error"]
        return
    got = c.to_connect_data("t", raw)
    schema = schema_from_desc(case["schema"])
    assert got.schema == schema
    assert same(got.value, value_from_desc(schema, case["value"]))


def test_out_of_range_and_wrong_types() -> None:
    with pytest.raises(DataError, match="out of range"):
        IntegerConverter().from_connect_data("t", None, 2**31)
    with pytest.raises(DataError, match=r"Failed to serialize to long \(was str\)"):
        LongConverter().from_connect_data("t", None, "1")
    with pytest.raises(DataError, match="Failed to serialize to long"):
        LongConverter().from_connect_data("t", None, True)
    assert DoubleConverter().from_connect_data("t", None, 1) == bytes.fromhex("3ff0000000000000")


@given(st.integers(-(2**63), 2**63 - 1))
def test_long_round_trip(v: int) -> None:
    c = LongConverter()
    assert c.to_connect_batch("t", c.from_connect_batch("t", [(None, v)]))[0].value == v
