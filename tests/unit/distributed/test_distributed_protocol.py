"""Connect group protocol encodings: byte layouts of connect-runtime.md 5.3/5.4."""

from __future__ import annotations

import struct

import pytest

from kconnect.errors import ConnectError
from kconnect.runtime.distributed.protocol import (
    Assignment,
    ConnectorsAndTasks,
    WorkerMetadata,
    decode_assignment,
    decode_metadata,
    encode_assignment,
    encode_metadata,
    protocols_for,
)


def _s(text: str) -> bytes:
    return struct.pack(">h", len(text)) + text.encode()


def test_metadata_v0_layout() -> None:
    raw = encode_metadata(WorkerMetadata(0, "http://h:8083/", 42))
    assert raw == struct.pack(">h", 0) + _s("http://h:8083/") + struct.pack(">q", 42)
    assert decode_metadata(raw) == WorkerMetadata(0, "http://h:8083/", 42)


def test_metadata_v2_null_allocation_layout() -> None:
    raw = encode_metadata(WorkerMetadata(2, "u", -1))
    assert raw == struct.pack(">h", 2) + _s("u") + struct.pack(">q", -1) + struct.pack(">i", -1)


def test_assignment_v0_layout_groups_connector_marker_first() -> None:
    a = Assignment(0, 0, "L", "http://l/", 7, ConnectorsAndTasks(("c",), (("c", 0), ("d", 1))))
    expected = (
        struct.pack(">hh", 0, 0) + _s("L") + _s("http://l/") + struct.pack(">q", 7)
        + struct.pack(">i", 2)
        + _s("c") + struct.pack(">iii", 2, -1, 0)
        + _s("d") + struct.pack(">ii", 1, 1)
    )  # fmt: skip
    assert encode_assignment(a) == expected
    assert decode_assignment(expected) == a


def test_assignment_v1_roundtrip_with_revocations_and_delay() -> None:
    a = Assignment(
        1, 0, "L", "u", 3, ConnectorsAndTasks(("a",), (("a", 2),)), ConnectorsAndTasks((), (("b", 0),)), 5000
    )
    raw = encode_assignment(a)
    assert raw.endswith(struct.pack(">i", 5000))
    assert decode_assignment(raw) == a


def test_v1_reader_tolerates_missing_trailing_fields() -> None:
    v0_body = encode_assignment(Assignment(0, 0, "L", "u", 1))
    v1 = struct.pack(">h", 1) + v0_body[2:]
    decoded = decode_assignment(v1)
    assert decoded.version == 1 and decoded.delay_ms == 0 and decoded.revoked.is_empty()


def test_metadata_with_allocation_roundtrip() -> None:
    alloc = Assignment(2, 0, "L", "u", 9, ConnectorsAndTasks(("x",), (("x", 0),)))
    meta = WorkerMetadata(2, "http://w/", 9, alloc)
    assert decode_metadata(encode_metadata(meta)) == meta


def test_truncated_message_is_a_clear_error() -> None:
    with pytest.raises(ConnectError, match="Truncated"):
        decode_assignment(b"\x00\x00\x00")


def test_protocol_preference_order() -> None:
    assert protocols_for("sessioned") == [2, 1, 0]
    assert protocols_for("compatible") == [1, 0]
    assert protocols_for("eager") == [0]
