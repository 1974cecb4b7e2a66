"""Topic tracking (``GET /connectors/<c>/topics``, ``PUT .../topics/reset``) on real workers."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer
from tests.conftest import TopicFactory
from tests.integration.distributed.distributed_process import DistributedProcess
from tests.integration.standalone_process import StandaloneProcess, wait_for, write_properties

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector"


def _topics(worker: StandaloneProcess, name: str) -> list[str] | None:
    response = worker.get(f"/connectors/{name}/topics")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {name}
    topics: list[str] = body[name]["topics"]
    return topics


def _append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def _source(tmp_path: Path, name: str, file: Path, topic: str) -> Path:
    return write_properties(
        tmp_path / f"{name}.properties",
        {"name": name, "connector.class": FILE_SOURCE, "file": str(file), "topic": topic},
    )


@pytest.mark.parametrize("client", ["confluent", "native"])
def test_source_and_sink_report_their_topics_and_reset(
    tmp_path: Path, bootstrap_servers: str, topic_factory: TopicFactory, client: str
) -> None:
    produced, other = topic_factory(), topic_factory()
    source_file, sink_file = tmp_path / "in.txt", tmp_path / "out.txt"
    _append(source_file, "one", "two")
    sink = write_properties(
        tmp_path / "sink.properties",
        {
            "name": "sink",
            "connector.class": FILE_SINK,
            "file": str(sink_file),
            "topics": f"{produced},{other}",
        },
    )
    files = [_source(tmp_path, "src", source_file, produced), sink]
    overrides = {"kconnect.kafka.client": client}  # both task loops: Python client and native one
    with StandaloneProcess(tmp_path, bootstrap_servers, files, overrides) as worker:
        worker.wait_running("src")
        worker.wait_running("sink")
        assert wait_for(lambda: _topics(worker, "src") == [produced], 60, "source topic tracked")
        assert wait_for(lambda: _topics(worker, "sink") == [produced], 60, "sink topic tracked")
        wait_for(lambda: sink_file.exists() and sink_file.read_text() == "one\ntwo\n", 60, "sink output")

        # a topic the sink has not consumed from yet is not active; the second one joins (sorted)
        other_file = tmp_path / "other.txt"
        _append(other_file, "x")
        response = worker.request(
            "POST", "/connectors",
            json={"name": "src2", "config": {"connector.class": FILE_SOURCE, "file": str(other_file),
                                              "topic": other}},
        )  # fmt: skip
        assert response.status_code == 201, response.text
        expected = sorted([produced, other])
        assert wait_for(lambda: _topics(worker, "sink") == expected, 60, "second sink topic tracked")

        reset = worker.request("PUT", "/connectors/src/topics/reset")
        assert (reset.status_code, reset.content) == (202, b"")
        assert _topics(worker, "src") == []
        assert _topics(worker, "sink") == expected  # another connector's topics are untouched
        _append(source_file, "three")
        assert wait_for(lambda: _topics(worker, "src") == [produced], 60, "topic back after a new record")

        # an unknown connector has no active topics (as Java); a deleted one loses its topics
        assert _topics(worker, "nope") == []
        assert worker.request("DELETE", "/connectors/src").status_code == 204
        assert _topics(worker, "src") == []
        assert worker.stop() == 0


def test_tracking_disabled_403(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    source_file = tmp_path / "in.txt"
    _append(source_file, "one")
    files = [_source(tmp_path, "src", source_file, topic)]
    with StandaloneProcess(tmp_path, bootstrap_servers, files, {"topic.tracking.enable": "false"}) as worker:
        worker.wait_running("src")
        for method, path in (("GET", "/connectors/src/topics"), ("PUT", "/connectors/src/topics/reset")):
            response = worker.request(method, path)
            assert response.status_code == 403, response.text
            assert response.json() == {"error_code": 403, "message": "Topic tracking is disabled."}
        assert worker.stop() == 0


def test_reset_disabled_403(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    source_file = tmp_path / "in.txt"
    _append(source_file, "one")
    files = [_source(tmp_path, "src", source_file, topic)]
    overrides = {"topic.tracking.allow.reset": "false"}
    with StandaloneProcess(tmp_path, bootstrap_servers, files, overrides) as worker:
        assert wait_for(lambda: _topics(worker, "src") == [topic], 60, "source topic tracked")
        response = worker.request("PUT", "/connectors/src/topics/reset")
        assert response.status_code == 403, response.text
        assert response.json() == {"error_code": 403, "message": "Topic tracking reset is disabled."}
        assert _topics(worker, "src") == [topic]
        assert worker.stop() == 0


def _status_records(bootstrap: str, status_topic: str) -> dict[str, Any]:
    """The latest value (parsed JSON, None for a tombstone) of every ``status-topic-`` key."""
    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"probe-{uuid.uuid4().hex[:8]}",
         "auto.offset.reset": "earliest", "enable.auto.commit": False}
    )  # fmt: skip
    out: dict[str, Any] = {}
    try:
        consumer.subscribe([status_topic])
        idle = 0
        while idle < 3:
            msg = consumer.poll(1.0)
            if msg is None:
                idle += 1
                continue
            if msg.error() is not None:
                continue
            key = (msg.key() or b"").decode()
            if key.startswith("status-topic-"):
                value = msg.value()
                out[key] = None if value is None else json.loads(value)
    finally:
        consumer.close()
    return out


def test_distributed_status_topic_records(tmp_path: Path, bootstrap_servers: str) -> None:
    group = f"kct-{uuid.uuid4().hex[:8]}"
    produced = f"{group}-data"
    source_file = tmp_path / "in.txt"
    _append(source_file, "one", "two")
    key = f"status-topic-{produced}:connector-src"
    worker = DistributedProcess(tmp_path / "w0", bootstrap_servers, group)
    try:
        worker.start()

        def create() -> bool:
            response = worker.request(
                "POST", "/connectors",
                json={"name": "src", "config": {"connector.class": FILE_SOURCE, "file": str(source_file),
                                                 "topic": produced, "tasks.max": "1"}},
            )  # fmt: skip
            return response.status_code == 201

        wait_for(create, 60, "connector created")
        assert wait_for(lambda: _topics(worker, "src") == [produced], 60, "source topic tracked")
        record = wait_for(lambda: _status_records(bootstrap_servers, f"{group}-status").get(key), 60, key)
        assert set(record) == {"topic"}
        assert {k: v for k, v in record["topic"].items() if k != "discoverTimestamp"} == {
            "name": produced,
            "connector": "src",
            "task": 0,
        }
        assert isinstance(record["topic"]["discoverTimestamp"], int)
        assert record["topic"]["discoverTimestamp"] > 1_600_000_000_000
        assert worker.stop() == 0

        # a fresh worker of the same cluster reads the record back (no new data: nothing re-recorded)
        worker = DistributedProcess(tmp_path / "w1", bootstrap_servers, group)
        worker.start()
        assert wait_for(lambda: _topics(worker, "src") == [produced], 60, "active topic read back at start")
        assert _status_records(bootstrap_servers, f"{group}-status")[key] == record

        def reset() -> bool:
            return worker.request("PUT", "/connectors/src/topics/reset").status_code == 202

        wait_for(reset, 60, "reset accepted")
        assert _topics(worker, "src") == []
        assert wait_for(
            lambda: _status_records(bootstrap_servers, f"{group}-status").get(key, "absent") is None,
            60,
            "tombstone for the reset topic",
        )
    finally:
        if worker.proc is not None and worker.proc.poll() is None:
            worker.kill()
