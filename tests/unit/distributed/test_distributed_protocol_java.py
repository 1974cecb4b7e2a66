"""Group protocol bytes checked against Apache Kafka Connect's own classes.

``connect_protocol_vectors.json`` is written by ``tools/connect-protocol-vectors``
(Kafka 4.1.1 ``ConnectProtocol`` / ``IncrementalCooperativeConnectProtocol``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kconnect.runtime.distributed.protocol import (
    CONFIG_MISMATCH,
    Assignment,
    ConnectorsAndTasks,
    WorkerMetadata,
    decode_assignment,
    decode_metadata,
    encode_assignment,
    encode_metadata,
)

VECTORS = {
    v["name"]: bytes.fromhex(v["hex"])
    for v in json.loads((Path(__file__).parent / "connect_protocol_vectors.json").read_text())
}

REVOKED = ConnectorsAndTasks(("b",), (("c", 1),))
CASES: dict[str, Assignment | WorkerMetadata] = {
    "metadata_v0": WorkerMetadata(0, "http://w1:8083/", 42),
    "assignment_v0": Assignment(
        0,
        0,
        "leader-1",
        "http://l:8083/",
        7,
        ConnectorsAndTasks(("c1", "c2"), (("c1", 0), ("c2", 1), ("c1", 1))),
    ),
    "assignment_v0_mismatch": Assignment(0, CONFIG_MISMATCH, "leader-1", "http://l:8083/", 12),
    "assignment_v1": Assignment(
        1, 0, "L", "http://l/", 9, ConnectorsAndTasks(("a",), (("a", 0), ("b", 2))), REVOKED, 3000
    ),
    "assignment_v2": Assignment(
        2, 0, "L", "http://l/", 9, ConnectorsAndTasks(("a",), (("a", 0), ("b", 2))), REVOKED, 3000
    ),
    "assignment_v2_empty": Assignment(2, 0, "L", "http://l/", 4),
    "metadata_v2_allocation": WorkerMetadata(
        2,
        "http://w:1/",
        5,
        Assignment(2, 0, "L", "http://l/", 5, ConnectorsAndTasks(("x",), (("x", 0), ("x", 1)))),
    ),
    "metadata_v1_null_allocation": WorkerMetadata(1, "http://w:1/", -1),
}


def test_every_vector_has_a_case() -> None:
    assert set(VECTORS) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_encoding_equals_java(name: str) -> None:
    case = CASES[name]
    encoded = encode_assignment(case) if isinstance(case, Assignment) else encode_metadata(case)
    assert encoded.hex() == VECTORS[name].hex()


def _normal(value: Assignment | WorkerMetadata | None) -> object:
    """Order-insensitive view (Java groups tasks per connector on the wire)."""
    if isinstance(value, WorkerMetadata):
        return (value.version, value.url, value.config_offset, _normal(value.allocation))
    if value is None:
        return None
    return (
        value.version, value.error, value.leader, value.leader_url, value.config_offset, value.delay_ms,
        set(value.assigned.connectors), set(value.assigned.tasks), set(value.revoked.connectors),
        set(value.revoked.tasks),
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_decoding_java_bytes(name: str) -> None:
    case = CASES[name]
    raw = VECTORS[name]
    if isinstance(case, Assignment):
        assignment = decode_assignment(raw)
        assert encode_assignment(assignment) == raw
        assert _normal(assignment) == _normal(case)
    else:
        metadata = decode_metadata(raw)
        assert encode_metadata(metadata) == raw
        assert _normal(metadata) == _normal(case)
