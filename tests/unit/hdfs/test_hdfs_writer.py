"""The topic-partition writer and the task on the local filesystem: commits, crashes, recovery, retries."""

from __future__ import annotations

import decimal
import io
import json
import time
from pathlib import Path
from typing import Any

import fastavro
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from tests.unit.hdfs.hdfs_fakes import RecordingContext

from kconnect.api.records import SinkRecord
from kconnect.api.sink import OffsetAndMetadata, TopicPartition
from kconnect.connectors.hdfs import HdfsSinkTask
from kconnect.connectors.hdfs.config import HdfsSinkSettings
from kconnect.connectors.hdfs.formats import make_format
from kconnect.connectors.hdfs.partitioner import make_partitioner
from kconnect.connectors.hdfs.storage import Storage, open_storage
from kconnect.connectors.hdfs.wal import WalBlock, WriteAheadLog
from kconnect.connectors.hdfs.writer import TopicPartitionWriter
from kconnect.data import logical
from kconnect.data.schema import Schema, SchemaBuilder
from kconnect.data.struct import Struct
from kconnect.errors import ConnectError, DataError, RetriableError

TP = TopicPartition("t", 0)


def settings(root: Path, **extra: str) -> HdfsSinkSettings:
    return HdfsSinkSettings.parse(
        {"hdfs.url": f"file://{root}", "flush.size": "3", "format.class": "String", **extra}
    )


def writer(root: Path, storage: Storage | None = None, **extra: str) -> TopicPartitionWriter:
    s = settings(root, **extra)
    return TopicPartitionWriter(
        TP,
        s,
        storage or open_storage(s.url),
        make_format(s.format, s.avro_codec, s.parquet_codec),
        make_partitioner(s),
    )


def recs(start: int, end: int, schema: Schema | None = None, value: Any = None) -> list[SinkRecord]:
    return [
        SinkRecord("t", 0, None, None, schema, value if value is not None else f"v{i}", 0, kafka_offset=i)
        for i in range(start, end)
    ]


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_commits_every_flush_size_with_reference_names(tmp_path: Path) -> None:
    w = writer(tmp_path, **{"filename.offset.zero.pad.width": "4"})
    assert w.recover() is None
    w.write(recs(0, 7), 0)
    assert w.committed == 6
    assert tree(tmp_path) == [
        f"logs/t/0/wal-{5:020d}.json",
        "topics/t/partition=0/t+0+0000+0002.txt",
        "topics/t/partition=0/t+0+0003+0005.txt",
    ]
    assert (tmp_path / "topics/t/partition=0/t+0+0003+0005.txt").read_text() == "v3\nv4\nv5\n"


def test_recovery_finishes_a_logged_commit_and_deletes_temp_files(tmp_path: Path) -> None:
    storage = open_storage(f"file://{tmp_path}")
    storage.write_bytes("topics/+tmp/t/partition=0/t+0+abc_tmp.txt", b"v3\nv4\nv5\n")
    storage.write_bytes("topics/+tmp/t/partition=0/t+0+old_tmp.txt", b"half")
    storage.write_bytes("topics/+tmp/t/partition=0/t+1+other_tmp.txt", b"another partition's")
    storage.write_bytes("topics/t/partition=0/t+0+0000000000+0000000002.txt", b"v0\nv1\nv2\n")
    storage.write_bytes("logs/t/0/+wal-x.tmp", b'{"half')
    wal = WriteAheadLog(storage, "logs", "t", 0)
    wal.append(WalBlock(2, ()))
    wal.append(
        WalBlock(
            5,
            (
                (
                    "topics/+tmp/t/partition=0/t+0+abc_tmp.txt",
                    "topics/t/partition=0/t+0+0000000003+0000000005.txt",
                ),
            ),
        )
    )
    w = writer(tmp_path, storage)
    assert w.recover() == 6
    assert tree(tmp_path) == [
        f"logs/t/0/wal-{5:020d}.json",
        "topics/+tmp/t/partition=0/t+1+other_tmp.txt",
        "topics/t/partition=0/t+0+0000000000+0000000002.txt",
        "topics/t/partition=0/t+0+0000000003+0000000005.txt",
    ]
    w.write(recs(0, 9), 0)  # a consumer that has not seeked yet: 0..5 are skipped
    assert (tmp_path / "topics/t/partition=0/t+0+0000000006+0000000008.txt").read_text() == "v6\nv7\nv8\n"


def test_recovery_without_a_wal_scans_committed_names(tmp_path: Path) -> None:
    storage = open_storage(f"file://{tmp_path}")
    storage.write_bytes("topics/t/a=1/t+0+0000000000+0000000009.txt", b"")
    storage.write_bytes("topics/t/a=2/t+0+0000000010+0000000011.txt", b"")
    storage.write_bytes("topics/t/a=2/t+1+0000000000+0000000099.txt", b"")
    assert writer(tmp_path, storage).recover() == 12


class FlakyStorage(Storage):
    """Fails the first ``failures`` renames of committed files with a RetriableError."""

    def __init__(self, root: Path, failures: int) -> None:
        base = open_storage(f"file://{root}")
        super().__init__(base.fs, base.base, base.display)
        self.failures = failures

    def rename(self, src: str, dst: str) -> bool:
        if self.failures and not dst.startswith("logs/"):
            self.failures -= 1
            raise RetriableError("store down")
        return super().rename(src, dst)


def test_a_failed_commit_is_retried_and_writes_nothing_twice(tmp_path: Path) -> None:
    w = writer(tmp_path, FlakyStorage(tmp_path, failures=2))
    w.recover()
    for _ in range(2):
        with pytest.raises(RetriableError):
            w.write(recs(0, 4), 0)  # the runtime redelivers the same batch
    w.write(recs(0, 4), 0)
    assert w.committed == 3
    w.write(recs(4, 6), 0)
    assert tree(tmp_path / "topics/t") == [
        "partition=0/t+0+0000000000+0000000002.txt",
        "partition=0/t+0+0000000003+0000000005.txt",
    ]
    assert (tmp_path / "topics/t/partition=0/t+0+0000000003+0000000005.txt").read_text() == "v3\nv4\nv5\n"


def test_interval_rotation_by_wall_clock_without_new_records(tmp_path: Path) -> None:
    w = writer(tmp_path, **{"flush.size": "100", "rotate.interval.ms": "1000"})
    w.recover()
    w.write(recs(0, 2), 10_000)
    w.tick(10_999)
    assert w.committed is None
    w.tick(11_000)
    assert w.committed == 2


def test_scheduled_rotation_on_wall_clock_boundaries(tmp_path: Path) -> None:
    w = writer(tmp_path, **{"flush.size": "100", "rotate.schedule.interval.ms": "60000", "timezone": "UTC"})
    w.recover()
    w.write(recs(0, 1), 120_500)
    w.tick(179_999)
    assert w.committed is None
    w.tick(180_000)
    assert w.committed == 1


def test_tombstones_and_schemaless_values_need_json_or_string(tmp_path: Path) -> None:
    w = writer(tmp_path, **{"format.class": "Avro"})
    w.recover()
    with pytest.raises(DataError, match="t-0@0 has no value schema, but format avro needs one"):
        w.write(recs(0, 1), 0)
    tomb = SinkRecord("t", 0, None, None, SchemaBuilder.string().optional().build(), None, 0, kafka_offset=0)
    with pytest.raises(DataError, match="null value \\(tombstone\\)"):
        w.write([tomb], 0)


ROW = (
    SchemaBuilder.struct()
    .name("x.Row")
    .version(1)
    .field("id", SchemaBuilder.int64().build())
    .field("price", logical.decimal_schema(2))
    .field("day", logical.date_builder().build())
    .field("at", logical.timestamp_builder().optional().build())
    .field("tags", SchemaBuilder.array(SchemaBuilder.string().build()).build())
    .field("attrs", SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.int32().build()).build())
    .build()
)


def _row(i: int) -> Struct:
    import datetime as dt

    return Struct(
        ROW,
        {
            "id": i,
            "price": decimal.Decimal("1.25"),
            "day": dt.date(2024, 1, i + 1),
            "at": None,
            "tags": ["a", "b"],
            "attrs": {"k": i},
        },
    )


@pytest.mark.parametrize("fmt", ["Parquet", "Avro", "JSON"])
def test_formats_read_back(tmp_path: Path, fmt: str) -> None:
    import datetime as dt

    w = writer(tmp_path, **{"format.class": fmt, "flush.size": "2"})
    w.recover()
    w.write([SinkRecord("t", 0, None, None, ROW, _row(i), 0, kafka_offset=i) for i in range(2)], 0)
    (path,) = [p for p in (tmp_path / "topics/t/partition=0").iterdir()]
    data = path.read_bytes()
    if fmt == "Parquet":
        rows = pq.read_table(io.BytesIO(data)).to_pylist()
        assert rows[1] == {
            "id": 1,
            "price": decimal.Decimal("1.25"),
            "day": dt.date(2024, 1, 2),
            "at": None,
            "tags": ["a", "b"],
            "attrs": [("k", 1)],
        }
    elif fmt == "Avro":
        reader = fastavro.reader(io.BytesIO(data))
        rows = list(reader)
        assert reader.writer_schema["name"] == "x.Row"
        assert rows[1] == {
            "id": 1,
            "price": decimal.Decimal("1.25"),
            "day": dt.date(2024, 1, 2),
            "at": None,
            "tags": ["a", "b"],
            "attrs": {"k": 1},
        }
    else:
        rows = [json.loads(line) for line in data.decode().splitlines()]
        assert rows[1] == {
            "id": 1,
            "price": 1.25,
            "day": 19724,
            "at": None,
            "tags": ["a", "b"],
            "attrs": {"k": 1},
        }


def test_task_seeks_on_open_and_commits_only_durable_offsets(tmp_path: Path) -> None:
    open_storage(f"file://{tmp_path}").write_bytes("topics/t/partition=0/t+0+0000000000+0000000004.txt", b"")
    task = HdfsSinkTask()
    context = RecordingContext({TP})
    task.initialize(context)
    task.start({"hdfs.url": str(tmp_path), "flush.size": "3", "format.class": "String"})
    assert context.seeks == {TP: 5}
    task.put(recs(5, 9))
    current = {TP: OffsetAndMetadata(9)}
    assert task.pre_commit(current) == {TP: OffsetAndMetadata(8)}  # 8 is still in an open file
    task.close([TP])
    task.stop()


def test_task_permission_denied_is_a_connect_error(tmp_path: Path) -> None:
    class Denied(Storage):
        def __init__(self) -> None:
            base = open_storage(f"file://{tmp_path}")
            super().__init__(base.fs, base.base, base.display)

        def upload(self, source: Any, rel: str) -> None:
            with self.errors("write", rel):
                raise PermissionError("nope")

    w = writer(tmp_path, Denied())
    w.recover()
    with pytest.raises(ConnectError, match=f"permission denied to write file://{tmp_path}/topics/\\+tmp/t/"):
        w.write(recs(0, 3), 0)


def test_any_fsspec_filesystem_works_unchanged() -> None:
    s = HdfsSinkSettings.parse(
        {"hdfs.url": "memory://bucket/kc", "flush.size": "2", "format.class": "String"}
    )
    storage = open_storage(s.url)
    w = TopicPartitionWriter(TP, s, storage, make_format("string", "null", "snappy"), make_partitioner(s))
    assert w.recover() is None
    w.write(recs(0, 2), 0)
    assert storage.read_bytes("topics/t/partition=0/t+0+0000000000+0000000001.txt") == b"v0\nv1\n"
    again = TopicPartitionWriter(TP, s, storage, make_format("string", "null", "snappy"), make_partitioner(s))
    assert again.recover() == 2


def test_task_asks_for_timer_checks_while_time_rotation_is_pending(tmp_path: Path) -> None:
    task = HdfsSinkTask()
    context = RecordingContext({TP})
    task.initialize(context)
    task.start(
        {"hdfs.url": str(tmp_path), "flush.size": "100", "format.class": "String", "rotate.interval.ms": "50"}
    )
    task.put(recs(0, 2))
    assert context.commit_requests == 1
    assert task.pre_commit({TP: OffsetAndMetadata(2)}) == {}
    assert context.commit_requests == 2
    wait_until = time.monotonic() + 5
    while not task.pre_commit({TP: OffsetAndMetadata(2)}) and time.monotonic() < wait_until:
        time.sleep(0.01)  # the interval is wall clock: poll as the runtime's loop would
    assert task.pre_commit({TP: OffsetAndMetadata(2)}) == {TP: OffsetAndMetadata(2)}
    requests = context.commit_requests
    task.pre_commit({TP: OffsetAndMetadata(2)})
    assert context.commit_requests == requests  # nothing open: no more checks asked for
    task.stop()
