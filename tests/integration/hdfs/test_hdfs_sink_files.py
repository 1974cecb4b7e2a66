"""The HDFS sink through a real standalone worker: names, layout, formats, read back value by value."""

from __future__ import annotations

import io
import json
from pathlib import Path

import fastavro
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from tests.conftest import TopicFactory
from tests.integration.hdfs.hdfs_harness import (
    committed,
    files_under,
    hdfs_fs,
    local_fs,
    produce,
    schema_envelope,
    sink_config,
    worker,
    write_connector,
)
from tests.integration.standalone_process import wait_for

from kconnect.dev.hdfs import HdfsCluster

SCHEMA = {
    "type": "struct",
    "name": "shop.Order",
    "version": 1,
    "fields": [
        {"field": "id", "type": "int64"},
        {"field": "item", "type": "string"},
        {"field": "qty", "type": "int32", "optional": True},
        {"field": "ts", "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp"},
    ],
}


def _orders(partition: int, count: int) -> list[tuple[int, str]]:
    return [
        (
            partition,
            schema_envelope(
                SCHEMA, {"id": partition * 1000 + i, "item": f"i{i}", "qty": i, "ts": 1_700_000_000_000 + i}
            ),
        )
        for i in range(count)
    ]


def test_parquet_on_real_hdfs(
    hdfs_running: HdfsCluster, bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=2)
    produce(bootstrap_servers, topic, _orders(0, 7) + _orders(1, 4))
    root = f"/it/{topic}"
    config = sink_config(
        f"{hdfs_running.webhdfs_url}{root}",
        topic,
        **{"format.class": "io.confluent.connect.hdfs.parquet.ParquetFormat", "flush.size": "3"},
    )
    with worker(
        tmp_path,
        bootstrap_servers,
        [write_connector(tmp_path / "c.json", f"hdfs-{topic}", config)],
        json_values=True,
    ) as proc:
        proc.wait_running(f"hdfs-{topic}")
        fs = hdfs_fs(hdfs_running)
        wait_for(lambda: len(committed(fs, root, topic)) == 3, 60, "three committed Parquet files")
    names = sorted(p.removeprefix(f"{root}/topics/") for p, *_ in committed(fs, root, topic))
    assert names == [
        f"{topic}/partition=0/{topic}+0+0000000000+0000000002.parquet",
        f"{topic}/partition=0/{topic}+0+0000000003+0000000005.parquet",
        f"{topic}/partition=1/{topic}+1+0000000000+0000000002.parquet",
    ]
    table = pq.read_table(io.BytesIO(fs.cat_file(f"{root}/topics/{names[1]}")))
    assert table.column_names == ["id", "item", "qty", "ts"]
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [3, 4, 5]
    assert [r["item"] for r in rows] == ["i3", "i4", "i5"]
    assert rows[0]["ts"].timestamp() * 1000 == 1_700_000_000_003
    assert not [f for f in files_under(fs, f"{root}/topics/+tmp") if f.endswith(".parquet")]
    wal = files_under(fs, f"{root}/logs/{topic}/0")
    assert [w.rsplit("/", 1)[-1] for w in wal] == [f"wal-{5:020d}.json"]


def test_avro_field_partitioner_local_filesystem(
    bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=1)
    produce(bootstrap_servers, topic, _orders(0, 6))
    out = tmp_path / "store"
    config = sink_config(
        f"file://{out}",
        topic,
        **{
            "format.class": "Avro",
            "flush.size": "2",
            "partitioner.class": "FieldPartitioner",
            "partition.field.name": "qty",
        },
    )
    with worker(
        tmp_path,
        bootstrap_servers,
        [write_connector(tmp_path / "c.json", f"hdfs-{topic}", config)],
        json_values=True,
    ) as proc:
        proc.wait_running(f"hdfs-{topic}")
        wait_for(lambda: len(committed(local_fs(), str(out), topic)) >= 6, 60, "six committed Avro files")
    files = committed(local_fs(), str(out), topic)
    dirs = sorted({p.rsplit("/", 2)[-2] for p, *_ in files})
    assert dirs == [f"qty={i}" for i in range(6)]
    first = next(p for p, _, start, _ in files if start == 0)
    with open(first, "rb") as f:
        reader = fastavro.reader(f)
        records = list(reader)
        assert reader.writer_schema["name"] == "shop.Order"
    assert records == [{"id": 0, "item": "i0", "qty": 0, "ts": records[0]["ts"]}]


def test_json_schemaless_time_based_rotation(
    bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    """Two records and flush.size 100: rotate.interval.ms commits them without new records, within seconds."""
    topic = topic_factory(partitions=1)
    produce(bootstrap_servers, topic, [(0, json.dumps({"a": 1})), (0, json.dumps({"a": 2}))])
    out = tmp_path / "store"
    config = sink_config(
        str(out),
        topic,
        **{
            "format.class": "io.confluent.connect.hdfs.json.JsonFormat",
            "flush.size": "100",
            "rotate.interval.ms": "1000",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable": "false",
        },
    )
    # offsets flush only every 60 s (Java's default): the sink itself must ask for the timer check
    connectors = [write_connector(tmp_path / "c.json", f"hdfs-{topic}", config)]
    with worker(tmp_path, bootstrap_servers, connectors, **{"offset.flush.interval.ms": "60000"}) as proc:
        proc.wait_running(f"hdfs-{topic}")
        wait_for(lambda: committed(local_fs(), str(out), topic), 20, "the JSON file committed by time")
    ((path, _, start, end),) = committed(local_fs(), str(out), topic)
    assert (start, end) == (0, 1)
    assert [json.loads(line) for line in Path(path).read_text().splitlines()] == [{"a": 1}, {"a": 2}]
