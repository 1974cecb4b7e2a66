"""Bad input and faults on real HDFS: the store going away mid-stream, permission denied, bad records."""

from __future__ import annotations

import json
from pathlib import Path

import fastavro
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
from tests.integration.standalone_process import StandaloneProcess, wait_for

from kconnect.dev.hdfs import HdfsCluster


def _failed_trace(proc: StandaloneProcess, name: str) -> str:
    def failed() -> str | None:
        body = proc.get(f"/connectors/{name}/status").json()
        task = body["tasks"][0] if body.get("tasks") else {}
        return str(task.get("trace")) if task.get("state") == "FAILED" else None

    trace: str = wait_for(failed, 60, f"task of {name} FAILED")
    return trace


def _lines(fs: object, files: list[tuple[str, int, int, int]]) -> list[str]:
    out: list[str] = []
    for path, *_ in sorted(files, key=lambda f: f[2]):
        out += fs.cat_file(path).decode().splitlines()  # type: ignore[attr-defined]
    return out


def test_namenode_restart_mid_stream_loses_and_duplicates_nothing(
    hdfs_running: HdfsCluster, bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=1)
    root = f"/faults/{topic}"
    name = f"down-{topic}"
    config = sink_config(
        f"{hdfs_running.webhdfs_url}{root}", topic, **{"format.class": "String", "flush.size": "5"}
    )
    fs = hdfs_fs(hdfs_running)
    with worker(tmp_path, bootstrap_servers, [write_connector(tmp_path / "c.json", name, config)]) as proc:
        proc.wait_running(name)
        produce(bootstrap_servers, topic, [(0, f"v{i}") for i in range(20)])
        wait_for(lambda: len(committed(fs, root, topic)) == 4, 60, "the first 20 records committed")
        hdfs_running.kill()
        produce(bootstrap_servers, topic, [(0, f"v{i}") for i in range(20, 40)])
        wait_for(lambda: "could not" in proc.log_tail(200), 30, "the sink noticing the store is down")
        assert proc.connector_state(name)[1] == ["RUNNING"]  # retrying, not failed
        hdfs_running.start()
        fs = hdfs_fs(hdfs_running)
        wait_for(
            lambda: len(committed(fs, root, topic)) == 8, 90, "all 40 records committed after the restart"
        )
        assert proc.connector_state(name)[1] == ["RUNNING"]
    assert _lines(fs, committed(fs, root, topic)) == [f"v{i}" for i in range(40)]
    assert files_under(fs, f"{root}/topics/+tmp") == []


def test_permission_denied_fails_the_task_naming_the_path(
    hdfs_running: HdfsCluster, bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=1)
    root = f"/locked/{topic}"
    fs = hdfs_fs(hdfs_running)
    fs.makedirs(root, exist_ok=True)
    fs.chmod(root, "755")  # owned by the superuser; "alice" may read but not write
    produce(bootstrap_servers, topic, [(0, f"v{i}") for i in range(3)])
    name = f"perm-{topic}"
    url = f"webhdfs://alice@127.0.0.1:{hdfs_running.http_port}{root}"
    config = sink_config(url, topic, **{"format.class": "String", "flush.size": "3"})
    with worker(tmp_path, bootstrap_servers, [write_connector(tmp_path / "c.json", name, config)]) as proc:
        trace = _failed_trace(proc, name)
    assert "permission denied" in trace
    assert f"{root}/" in trace
    assert "alice" in trace
    assert files_under(fs, root) == []


def test_schemaless_records_for_parquet_fail_clearly_and_commit_nothing(
    bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=1)
    produce(bootstrap_servers, topic, [(0, json.dumps({"a": 1}))])
    out = tmp_path / "store"
    name = f"noschema-{topic}"
    config = sink_config(
        str(out),
        topic,
        **{
            "format.class": "Parquet",
            "flush.size": "1",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable": "false",
        },
    )
    with worker(tmp_path, bootstrap_servers, [write_connector(tmp_path / "c.json", name, config)]) as proc:
        trace = _failed_trace(proc, name)
    assert f"record {topic}-0@0 has no value schema, but format parquet needs one" in trace
    assert not list(out.rglob("*.parquet"))


SCHEMA_V1 = {"type": "struct", "name": "r", "version": 1, "fields": [{"field": "a", "type": "int32"}]}
SCHEMA_V2 = {
    "type": "struct",
    "name": "r",
    "version": 2,
    "fields": [{"field": "a", "type": "int32"}, {"field": "b", "type": "string", "optional": True}],
}


def test_schema_change_rotates_with_none_and_projects_with_backward(
    bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=1)
    values = [
        (0, schema_envelope(SCHEMA_V1, {"a": 1})),
        (0, schema_envelope(SCHEMA_V2, {"a": 2, "b": "x"})),
        (0, schema_envelope(SCHEMA_V1, {"a": 3})),
        (0, schema_envelope(SCHEMA_V2, {"a": 4, "b": "y"})),
    ]
    produce(bootstrap_servers, topic, values)
    results = {}
    for mode in ("NONE", "BACKWARD"):
        out = tmp_path / mode
        name = f"{mode.lower()}-{topic}"
        config = sink_config(
            str(out),
            topic,
            **{
                "format.class": "Avro",
                "flush.size": "4",
                "schema.compatibility": mode,
                "rotate.interval.ms": "2000",
            },
        )
        work = tmp_path / f"w-{mode}"
        work.mkdir()
        with worker(
            work, bootstrap_servers, [write_connector(work / "c.json", name, config)], json_values=True
        ) as proc:
            proc.wait_running(name)
            wait_for(
                lambda out=out: sum(e - s + 1 for _, _, s, e in committed(local_fs(), str(out), topic)) == 4,
                60,
                f"{mode}: 4 records committed",
            )
        files = sorted(committed(local_fs(), str(out), topic), key=lambda f: f[2])
        contents = []
        for path, _, s, e in files:
            with open(path, "rb") as f:
                contents.append(((s, e), list(fastavro.reader(f))))
        results[mode] = contents
    assert [span for span, _ in results["NONE"]] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    # BACKWARD: v2 is newer -> rotate at offset 1; the older v1 record is projected onto v2 (b = null)
    assert results["BACKWARD"] == [
        ((0, 0), [{"a": 1}]),
        ((1, 3), [{"a": 2, "b": "x"}, {"a": 3, "b": None}, {"a": 4, "b": "y"}]),
    ]
