"""Connect's group protocol encodings (Java: ``ConnectProtocol``, ``IncrementalCooperativeConnectProtocol``).

Member metadata (JoinGroup) and assignments (SyncGroup) are byte-for-byte what
Apache Kafka Connect writes, so kconnect and Java workers can read each other's
(connect-runtime.md 5.3/5.4).  Versions: 0 = ``default`` (eager), 1 =
``compatible``, 2 = ``sessioned``.  Readers accept any version >= 0 and parse the
highest known layout; V1+ readers tolerate missing trailing fields.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

from kconnect.errors import ConnectError

PROTOCOL_TYPE = "connect"
CONNECTOR_TASK = -1
"""In an assignment's task list, -1 stands for the connector instance itself."""

NO_ERROR = 0
CONFIG_MISMATCH = 1

EAGER, COMPATIBLE, SESSIONED = "eager", "compatible", "sessioned"
PROTOCOL_NAMES = {0: "default", 1: "compatible", 2: "sessioned"}
VERSION_OF_NAME = {name: version for version, name in PROTOCOL_NAMES.items()}


def protocols_for(connect_protocol: str) -> list[int]:
    """Metadata versions a worker offers, most preferred first (connect-runtime.md 5.1)."""
    return {EAGER: [0], COMPATIBLE: [1, 0], SESSIONED: [2, 1, 0]}[connect_protocol]


TaskRef = tuple[str, int]


@dataclass(frozen=True, slots=True)
class ConnectorsAndTasks:
    """A set of connectors and tasks, kept in list order (order matters on the wire)."""

    connectors: tuple[str, ...] = ()
    tasks: tuple[TaskRef, ...] = ()

    def is_empty(self) -> bool:
        return not self.connectors and not self.tasks


@dataclass(frozen=True, slots=True)
class Assignment:
    """What the leader sends one member in SyncGroup."""

    version: int
    error: int
    leader: str
    leader_url: str
    config_offset: int
    assigned: ConnectorsAndTasks = field(default_factory=ConnectorsAndTasks)
    revoked: ConnectorsAndTasks = field(default_factory=ConnectorsAndTasks)
    delay_ms: int = 0


@dataclass(frozen=True, slots=True)
class WorkerMetadata:
    """What one member sends in JoinGroup."""

    version: int
    url: str
    config_offset: int
    allocation: Assignment | None = None


class _Writer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def int16(self, v: int) -> None:
        self.parts.append(struct.pack(">h", v))

    def int32(self, v: int) -> None:
        self.parts.append(struct.pack(">i", v))

    def int64(self, v: int) -> None:
        self.parts.append(struct.pack(">q", v))

    def string(self, s: str) -> None:
        raw = s.encode()
        self.int16(len(raw))
        self.parts.append(raw)

    def nullable_bytes(self, b: bytes | None) -> None:
        if b is None:
            self.int32(-1)
        else:
            self.int32(len(b))
            self.parts.append(b)

    def bytes(self) -> bytes:
        return b"".join(self.parts)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ConnectError("Truncated Connect protocol message")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def int16(self) -> int:
        return int(struct.unpack(">h", self._take(2))[0])

    def int32(self) -> int:
        return int(struct.unpack(">i", self._take(4))[0])

    def int64(self) -> int:
        return int(struct.unpack(">q", self._take(8))[0])

    def string(self) -> str:
        return self._take(self.int16()).decode()

    def nullable_bytes(self) -> bytes | None:
        n = self.int32()
        return None if n < 0 else self._take(n)


def _grouped(cat: ConnectorsAndTasks) -> list[tuple[str, list[int]]]:
    """Per-connector entries: connectors (marker -1) first, then tasks, in insertion order."""
    groups: dict[str, list[int]] = {}
    for name in cat.connectors:
        groups.setdefault(name, []).append(CONNECTOR_TASK)
    for name, task in cat.tasks:
        groups.setdefault(name, []).append(task)
    return list(groups.items())


def _write_entries(w: _Writer, cat: ConnectorsAndTasks, nullable: bool) -> None:
    del nullable  # kconnect never writes null arrays; an empty array reads the same
    groups = _grouped(cat)
    w.int32(len(groups))
    for name, tasks in groups:
        w.string(name)
        w.int32(len(tasks))
        for t in tasks:
            w.int32(t)


def _read_entries(r: _Reader) -> ConnectorsAndTasks:
    count = r.int32()
    connectors: list[str] = []
    tasks: list[TaskRef] = []
    for _ in range(max(count, 0)):
        name = r.string()
        n = r.int32()
        for _ in range(max(n, 0)):
            t = r.int32()
            if t == CONNECTOR_TASK:
                connectors.append(name)
            else:
                tasks.append((name, t))
    return ConnectorsAndTasks(tuple(connectors), tuple(tasks))


def encode_assignment(a: Assignment) -> bytes:
    w = _Writer()
    w.int16(a.version)
    w.int16(a.error)
    w.string(a.leader)
    w.string(a.leader_url)
    w.int64(a.config_offset)
    _write_entries(w, a.assigned, nullable=a.version >= 1)
    if a.version >= 1:
        _write_entries(w, a.revoked, nullable=True)
        w.int32(a.delay_ms)
    return w.bytes()


def decode_assignment(data: bytes) -> Assignment:
    r = _Reader(data)
    version = r.int16()
    if version < 0:
        raise ConnectError(f"Unsupported Connect assignment version {version}")
    error = r.int16()
    leader = r.string()
    leader_url = r.string()
    offset = r.int64()
    assigned = _read_entries(r)
    revoked = ConnectorsAndTasks()
    delay = 0
    if version >= 1:
        if r.remaining() >= 4:
            revoked = _read_entries(r)
        if r.remaining() >= 4:
            delay = r.int32()
    return Assignment(version, error, leader, leader_url, offset, assigned, revoked, delay)


def encode_metadata(m: WorkerMetadata) -> bytes:
    w = _Writer()
    w.int16(m.version)
    w.string(m.url)
    w.int64(m.config_offset)
    if m.version >= 1:
        w.nullable_bytes(encode_assignment(m.allocation) if m.allocation is not None else None)
    return w.bytes()


def decode_metadata(data: bytes) -> WorkerMetadata:
    r = _Reader(data)
    version = r.int16()
    if version < 0:
        raise ConnectError(f"Unsupported Connect metadata version {version}")
    url = r.string()
    offset = r.int64()
    allocation = None
    if version >= 1 and r.remaining() >= 4:
        raw = r.nullable_bytes()
        allocation = decode_assignment(raw) if raw is not None else None
    return WorkerMetadata(version, url, offset, allocation)


def cat_of(connectors: Iterable[str], tasks: Iterable[TaskRef]) -> ConnectorsAndTasks:
    return ConnectorsAndTasks(tuple(connectors), tuple(tasks))
