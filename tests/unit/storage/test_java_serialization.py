"""The offsets file is byte-compatible with Java's serialized HashMap<byte[], byte[]>."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kconnect.storage.java_serialization import OffsetFileFormatError, dump_byte_map, load_byte_map

# Written by OpenJDK 17's ObjectOutputStream (a HashMap<byte[], byte[]>), captured once.
JAVA_ONE_ENTRY = bytes.fromhex(
    "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f724900097468726573686f6c6478703f4000000000000c77080000001000000001757200025b42acf317f8060854e00200007870000000165b2263222c7b2266696c656e616d65223a2266227d5d7571007e00020000000f7b22706f736974696f6e223a32327d78"
)
# {"k1": "v1", "k2": null} in Java's bucket order (k2 first)
JAVA_WITH_NULL = bytes.fromhex(
    "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f724900097468726573686f6c6478703f4000000000000c77080000001000000002757200025b42acf317f8060854e00200007870000000026b32707571007e0002000000026b317571007e000200000002763178"
)
JAVA_EMPTY = bytes.fromhex(
    "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f724900097468726573686f6c6478703f400000000000007708000000100000000078"
)


def test_dump_matches_java_layout() -> None:
    assert dump_byte_map({b'["c",{"filename":"f"}]': b'{"position":22}'}) == JAVA_ONE_ENTRY


def test_load_java_bytes() -> None:
    assert load_byte_map(JAVA_ONE_ENTRY) == {b'["c",{"filename":"f"}]': b'{"position":22}'}


def test_empty_map_matches_java() -> None:
    assert dump_byte_map({}) == JAVA_EMPTY
    assert load_byte_map(JAVA_EMPTY) == {}


def test_java_null_value_and_array_references() -> None:
    assert load_byte_map(JAVA_WITH_NULL) == {b"k2": None, b"k1": b"v1"}
    assert dump_byte_map({b"k2": None, b"k1": b"v1"}) == JAVA_WITH_NULL


def test_null_value_round_trips() -> None:
    assert load_byte_map(dump_byte_map({b"k": None, b"j": b"v"})) == {b"k": None, b"j": b"v"}


@given(st.dictionaries(st.binary(max_size=40), st.one_of(st.none(), st.binary(max_size=40)), max_size=30))
def test_round_trip(entries: dict[bytes, bytes | None]) -> None:
    assert load_byte_map(dump_byte_map(entries)) == entries


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"garbage", "stream header"),
        (JAVA_ONE_ENTRY[:-5], "unexpected end of file"),
        (JAVA_ONE_ENTRY + b"\x00", "trailing bytes"),
        (JAVA_ONE_ENTRY.replace(b"HashMap", b"HashSet"), "not a java.util.HashMap"),
    ],
)
def test_corrupt_input_names_offset_and_reason(data: bytes, reason: str) -> None:
    with pytest.raises(OffsetFileFormatError, match=reason) as info:
        load_byte_map(data, "offsets.dat")
    assert "offsets.dat" in str(info.value)
    assert "byte offset" in str(info.value)
