"""Helpers of the HDFS sink integration tests: connector configs, producing, reading the store back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import fsspec  # type: ignore[import-untyped]
from confluent_kafka import Producer
from tests.integration.standalone_process import StandaloneProcess

from kconnect.dev.hdfs import SUPERUSER, HdfsCluster

JSON = "org.apache.kafka.connect.json.JsonConverter"
COMMITTED = re.compile(r"^(?P<topic>.+)\+(?P<part>\d+)\+(?P<start>\d+)\+(?P<end>\d+)(?P<ext>\.\w+)$")


def sink_config(url: str, topics: str, **extra: str) -> dict[str, str]:
    """An HDFS sink config writing ``topics`` under ``url``."""
    return {
        "connector.class": "io.confluent.connect.hdfs.HdfsSinkConnector",
        "tasks.max": "1",
        "topics": topics,
        "hdfs.url": url,
        "flush.size": "3",
        "retry.backoff.ms": "300",
        **extra,
    }


def write_connector(path: Path, name: str, config: Mapping[str, str]) -> Path:
    path.write_text(json.dumps({"name": name, "config": dict(config)}))
    return path


def worker(
    work_dir: Path, bootstrap: str, connectors: list[Path], json_values: bool = False, **overrides: str
) -> StandaloneProcess:
    """A standalone worker; JSON converters with schemas if ``json_values``."""
    props = {"offset.flush.interval.ms": "300", **overrides}
    if json_values:
        props["value.converter"] = JSON
    return StandaloneProcess(work_dir, bootstrap, connectors, overrides=props)


def produce(bootstrap: str, topic: str, values: Iterable[tuple[int, bytes | str]]) -> None:
    """Send (partition, value) pairs in order and wait until all are acknowledged."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": True})
    for partition, value in values:
        producer.produce(topic, value=value, partition=partition)
        producer.poll(0)
    assert producer.flush(30) == 0


def schema_envelope(schema: Mapping[str, Any], payload: Any) -> str:
    """A JsonConverter value with its schema."""
    return json.dumps({"schema": schema, "payload": payload})


def hdfs_fs(cluster: HdfsCluster) -> Any:
    """An fsspec WebHDFS client of ``cluster`` as the superuser (independent of the connector's)."""
    return fsspec.filesystem(
        "webhdfs", host="127.0.0.1", port=cluster.http_port, user=SUPERUSER, skip_instance_cache=True
    )


def local_fs() -> Any:
    return fsspec.filesystem("file")


def files_under(fs: Any, root: str) -> list[str]:
    """Every file under ``root`` (sorted; [] if it does not exist)."""
    try:
        return sorted(fs.find(root))
    except FileNotFoundError:
        return []


def committed(fs: Any, root: str, topic: str) -> list[tuple[str, int, int, int]]:
    """(path, kafka partition, start, end) of the committed files of ``topic`` under ``root/topics``."""
    out = []
    for path in files_under(fs, f"{root}/topics/{topic}"):
        m = COMMITTED.match(path.rsplit("/", 1)[-1])
        assert m is not None, f"unexpected file {path}"
        out.append((path, int(m["part"]), int(m["start"]), int(m["end"])))
    return out
