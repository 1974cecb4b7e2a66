"""File offset store: atomic, durable, loud about corruption; codec matches Jackson's bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kconnect.errors import ConnectError, DataError
from kconnect.runtime.offsets import StoreOffsetReader, SubmittedRecords
from kconnect.storage import offset_codec
from kconnect.storage.offsets import FileOffsetBackingStore, MemoryOffsetBackingStore


def test_key_and_value_bytes_match_java() -> None:
    assert offset_codec.encode_key("local-file-source", {"filename": "/tmp/test.txt"}) == (
        b'["local-file-source",{"filename":"/tmp/test.txt"}]'
    )
    assert offset_codec.encode_value({"position": 22}) == b'{"position":22}'
    assert offset_codec.encode_value({"x": 1.0e10, "y": "é\n"}) == '{"x":1.0E10,"y":"é\\n"}'.encode()
    assert offset_codec.encode_value(None) is None


def test_nested_partition_values_rejected() -> None:
    with pytest.raises(DataError, match="primitives"):
        offset_codec.encode_key("c", {"a": {"nested": 1}})


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.0, "1.0"), (1e7, "1.0E7"), (1.5e-5, "1.5E-5"), (0.001, "0.001"), (-2.5e20, "-2.5E20")],
)
def test_java_double_format(value: float, text: str) -> None:
    assert offset_codec.java_double(value) == text


def test_file_store_persists_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "offsets"
    store = FileOffsetBackingStore(path)
    store.start()
    store.set({b"k1": b"v1", b"k2": b"v2"})
    store.set({b"k2": None})
    reloaded = FileOffsetBackingStore(path)
    reloaded.start()
    assert reloaded.items() == {b"k1": b"v1"}
    assert not list(tmp_path.glob(".*tmp")), "temp files are renamed or removed"


def test_missing_and_empty_file_are_empty(tmp_path: Path) -> None:
    store = FileOffsetBackingStore(tmp_path / "missing")
    store.start()
    assert store.items() == {}
    (tmp_path / "empty").write_bytes(b"")
    empty = FileOffsetBackingStore(tmp_path / "empty")
    empty.start()
    assert empty.items() == {}


def test_corrupt_file_is_a_startup_error_and_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "offsets"
    store = FileOffsetBackingStore(path)
    store.start()
    store.set({b"k": b"v"})
    good = path.read_bytes()
    path.write_bytes(good[:-3])
    broken = FileOffsetBackingStore(path)
    with pytest.raises(ConnectError, match=r"Corrupt offsets file .*offsets.*Refusing to start"):
        broken.start()
    assert path.read_bytes() == good[:-3], "the corrupt file is left for the user to inspect"


def test_reader_finds_offsets_written_with_another_key_order() -> None:
    store = MemoryOffsetBackingStore()
    store.set({b'["c",{"b":2,"a":1}]': b'{"position":5}'})
    reader = StoreOffsetReader(store, "c")
    assert reader.offset({"a": 1, "b": 2}) == {"position": 5}
    assert reader.offset({"a": 1}) is None
    assert StoreOffsetReader(store, "other").offset({"a": 1, "b": 2}) is None


def test_submitted_records_commit_only_acked_prefix() -> None:
    submitted = SubmittedRecords()
    r1 = submitted.submit(b"p", b"1")
    r2 = submitted.submit(b"p", b"2")
    r3 = submitted.submit(b"p", b"3")
    q1 = submitted.submit(b"q", b"10")
    submitted.ack(r2)
    submitted.ack(q1)
    assert submitted.committable() == {b"q": b"10"}, "r1 is not acked, so p has no committable offset"
    submitted.ack(r1)
    assert submitted.committable() == {b"p": b"2"}
    assert submitted.in_flight == 1
    submitted.ack(r3)
    assert submitted.committable() == {b"p": b"3"}
    assert submitted.committable() == {}
