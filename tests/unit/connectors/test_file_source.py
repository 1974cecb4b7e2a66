"""FileStreamSource line splitting, offsets and resume (no broker needed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from kconnect.api.source import OffsetStorageReader, SourceTaskContext
from kconnect.connectors.file import FileStreamSourceConnector, FileStreamSourceTask
from kconnect.errors import ConfigError, ConnectError


class _Offsets(OffsetStorageReader):
    def __init__(self, stored: dict[str, Any] | None = None) -> None:
        self.stored = stored

    def offset(self, partition: Mapping[str, Any]) -> dict[str, Any] | None:
        return self.stored


class _Context(SourceTaskContext):
    def __init__(self, reader: OffsetStorageReader) -> None:
        self._reader = reader

    @property
    def configs(self) -> Mapping[str, str]:
        return {}

    @property
    def offset_storage_reader(self) -> OffsetStorageReader:
        return self._reader


def _task(path: Path, offset: dict[str, Any] | None = None, batch_size: int = 2000) -> FileStreamSourceTask:
    task = FileStreamSourceTask()
    task.initialize(_Context(_Offsets(offset)))
    task.start({"file": str(path), "topic": "t", "batch.size": str(batch_size)})
    return task


def _drain(task: FileStreamSourceTask) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    while (batch := task.poll()) is not None:
        for record in batch:
            assert record.source_offset is not None
            out.append((record.value, record.source_offset["position"]))
    return out


def test_all_line_endings_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(b"a\nbb\r\nccc\rd")
    task = _task(path)
    assert _drain(task) == [("a", 2), ("bb", 6), ("ccc", 10)]
    with path.open("ab") as f:
        f.write(b"\n")
    assert _drain(task) == [("d", 12)]
    task.stop()


def test_trailing_cr_waits_for_next_byte(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(b"x\r")
    task = _task(path)
    assert _drain(task) == []
    with path.open("ab") as f:
        f.write(b"\ny\n")
    assert _drain(task) == [("x", 3), ("y", 5)]


def test_batch_size_limits_each_poll(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("".join(f"{i}\n" for i in range(10)))
    task = _task(path, batch_size=3)
    sizes = []
    while (batch := task.poll()) is not None:
        sizes.append(len(batch))
    assert sizes == [3, 3, 3, 1]


def test_resumes_from_stored_byte_position_including_non_ascii(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("héllo\nwörld\nend\n", encoding="utf-8")
    first = _drain(_task(path))
    assert [v for v, _ in first] == ["héllo", "wörld", "end"]
    resumed = _drain(_task(path, offset={"position": first[0][1]}))
    assert resumed == first[1:]


def test_record_shape_matches_java(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("line\n")
    batch = _task(path).poll()
    assert batch is not None
    record = batch[0]
    assert record.topic == "t" and record.key is None and record.key_schema is None
    assert record.value_schema is not None and record.value_schema.type.name == "STRING"
    assert record.source_partition == {"filename": str(path)}
    assert record.timestamp is not None


def test_bad_stored_offset_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("x\n")
    with pytest.raises(ConnectError, match="incorrect type"):
        _task(path, offset={"position": "7"}).poll()


def test_connector_requires_single_topic() -> None:
    connector = FileStreamSourceConnector()
    with pytest.raises(ConfigError, match="single topic"):
        connector.start({"topic": "a,b", "file": "x"})
    with pytest.raises(ConfigError, match="topic"):
        connector.start({"file": "x"})


def test_alter_offsets_validation() -> None:
    connector = FileStreamSourceConnector()
    assert connector.alter_offsets(
        {"file": "f"}, [({"filename": "f"}, {"position": 3}), ({"filename": "f"}, None)]
    )
    with pytest.raises(ConnectError, match="non-negative"):
        connector.alter_offsets({"file": "f"}, [({"filename": "f"}, {"position": -1})])
    with pytest.raises(ConnectError, match="filename"):
        connector.alter_offsets({"file": "f"}, [({"name": "f"}, {"position": 1})])
    with pytest.raises(ConnectError, match="'file' configuration is unspecified"):
        connector.alter_offsets({}, [({"filename": "f"}, {"position": 1})])
