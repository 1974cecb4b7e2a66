"""The REST API of a real standalone worker process: contract, offsets, failures, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import TopicFactory
from tests.integration import rest_contract
from tests.integration.standalone_process import StandaloneProcess, consume, wait_for

FAILING_SOURCE = "tests.integration.plugins_for_tests.FailingSourceConnector"


@pytest.fixture
def worker(tmp_path: Path, bootstrap_servers: str) -> Iterator[StandaloneProcess]:
    with StandaloneProcess(tmp_path, bootstrap_servers) as running:
        yield running


def _source_config(tmp_path: Path, topic: str, lines: int = 5) -> dict[str, str]:
    data = tmp_path / f"in-{topic}.txt"
    data.write_text("".join(f"line {i}\n" for i in range(lines)))
    return {"connector.class": "FileStreamSource", "file": str(data), "topic": topic}


def test_rest_contract_on_real_worker(worker: StandaloneProcess, tmp_path: Path, topic: str) -> None:
    rest_contract.check_all(worker.url, "contract", _source_config(tmp_path, topic), "FileStreamSource")


def test_source_offsets_read_alter_reset(worker: StandaloneProcess, tmp_path: Path, topic: str) -> None:
    config = _source_config(tmp_path, topic, lines=3)
    assert worker.request("PUT", "/connectors/src/config", json=config).status_code == 201
    worker.wait_running("src")
    expected = {"partition": {"filename": config["file"]}, "offset": {"position": 21}}
    wait_for(
        lambda: worker.get("/connectors/src/offsets").json()["offsets"] == [expected], 30, "committed offsets"
    )

    response = worker.request(
        "PATCH",
        "/connectors/src/offsets",
        json={"offsets": [{"partition": expected["partition"], "offset": {"position": 7}}]},
    )
    assert response.status_code == 400, "offsets of a running connector cannot change"
    assert "STOPPED" in response.json()["message"]

    assert worker.request("PUT", "/connectors/src/stop").status_code == 204
    wait_for(lambda: worker.connector_state("src") == ("STOPPED", []), 30, "STOPPED")
    response = worker.request(
        "PATCH",
        "/connectors/src/offsets",
        json={"offsets": [{"partition": expected["partition"], "offset": {"position": 7}}]},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"message": "The offsets for this connector have been altered successfully"}
    assert worker.get("/connectors/src/offsets").json()["offsets"] == [
        {**expected, "offset": {"position": 7}}
    ]

    bad = worker.request(
        "PATCH",
        "/connectors/src/offsets",
        json={"offsets": [{"partition": expected["partition"], "offset": {"position": -1}}]},
    )
    assert bad.status_code == 400 and "non-negative" in bad.json()["message"]

    assert (
        worker.request("DELETE", "/connectors/src/offsets").json()["message"].endswith("reset successfully")
    )
    assert worker.get("/connectors/src/offsets").json() == {"offsets": []}


def test_sink_offsets_are_consumer_group_offsets(
    worker: StandaloneProcess, tmp_path: Path, topic: str
) -> None:
    source = _source_config(tmp_path, topic, lines=4)
    worker.request("PUT", "/connectors/src/config", json=source)
    sink_name = f"sink-{topic}"  # the consumer group connect-<name> must be new for this test
    out = tmp_path / "out.txt"
    sink = {
        "connector.class": "FileStreamSink",
        "file": str(out),
        "topics": topic,
        "offset.flush.interval.ms": "500",
    }
    assert worker.request("PUT", f"/connectors/{sink_name}/config", json=sink).status_code == 201
    wait_for(lambda: out.exists() and out.read_text().count("\n") == 4, 60, "4 lines in the sink")
    partition = {"kafka_topic": topic, "kafka_partition": 0}
    wait_for(
        lambda: (
            worker.get(f"/connectors/{sink_name}/offsets").json()["offsets"]
            == [{"partition": partition, "offset": {"kafka_offset": 4}}]
        ),
        60,
        "sink offsets committed",
    )
    worker.request("PUT", f"/connectors/{sink_name}/stop")
    wait_for(lambda: worker.connector_state(sink_name) == ("STOPPED", []), 30, "sink STOPPED")
    response = worker.request(
        "PATCH",
        f"/connectors/{sink_name}/offsets",
        json={"offsets": [{"partition": partition, "offset": {"kafka_offset": "1"}}]},
    )
    assert response.status_code == 200, response.text
    assert worker.get(f"/connectors/{sink_name}/offsets").json()["offsets"] == [
        {"partition": partition, "offset": {"kafka_offset": 1}}
    ]
    # resuming re-delivers from offset 1: lines 1..3 appended again
    worker.request("PUT", f"/connectors/{sink_name}/resume")
    wait_for(lambda: out.read_text().count("\n") == 7, 60, "re-delivery from the altered offset")
    assert out.read_text().splitlines()[4:] == ["line 1", "line 2", "line 3"]


def test_failing_task_is_isolated_and_restartable(
    worker: StandaloneProcess, tmp_path: Path, topic_factory: TopicFactory, bootstrap_servers: str
) -> None:
    good = _source_config(tmp_path, topic_factory(), lines=2)
    assert worker.request("POST", "/connectors", json={"name": "good", "config": good}).status_code == 201
    bad_topic = topic_factory()
    bad = {"connector.class": FAILING_SOURCE, "topic": bad_topic, "fail.after.polls": "1"}
    assert worker.request("POST", "/connectors", json={"name": "bad", "config": bad}).status_code == 201

    def failed() -> bool:
        return worker.connector_state("bad")[1] == ["FAILED"]

    wait_for(failed, 30, "the bad task FAILED")
    task_status = worker.get("/connectors/bad/tasks/0/status").json()
    assert task_status["state"] == "FAILED"
    assert "RuntimeError: poll failed on purpose" in task_status["trace"]
    assert worker.connector_state("bad")[0] == "RUNNING", "the connector itself did not fail"
    worker.wait_running("good")
    assert worker.get("/connectors").json() == ["bad", "good"]
    assert [v for v, _ in consume(bootstrap_servers, bad_topic, 1)] == ["poll 1"]

    assert worker.request("POST", "/connectors/bad/tasks/0/restart").status_code == 204
    # the restarted task runs again (a second "poll 1" record), then fails again
    assert [v for v, _ in consume(bootstrap_servers, bad_topic, 2)] == ["poll 1", "poll 1"]
    wait_for(failed, 30, "the restarted task fails again on its next poll")
    response = worker.request("POST", "/connectors/bad/restart?includeTasks=true&onlyFailed=true")
    assert response.status_code == 202
    body = response.json()
    assert body["connector"]["state"] == "RUNNING" and body["tasks"][0]["state"] == "RESTARTING"
    assert [v for v, _ in consume(bootstrap_servers, bad_topic, 3)] == ["poll 1"] * 3


def test_failing_connector_start_reports_failed(worker: StandaloneProcess, topic: str) -> None:
    config = {"connector.class": FAILING_SOURCE, "topic": topic, "fail.on.start": "true"}
    assert worker.request("PUT", "/connectors/boom/config", json=config).status_code == 201
    wait_for(lambda: worker.connector_state("boom")[0] == "FAILED", 30, "connector FAILED")
    status = worker.get("/connectors/boom/status").json()
    assert "start failed on purpose" in status["connector"]["trace"]
    assert status["tasks"] == []


def test_unknown_connector_class_lists_plugins(worker: StandaloneProcess) -> None:
    response = worker.request(
        "POST", "/connectors", json={"name": "x", "config": {"connector.class": "NoSuchConnector"}}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == 400
    assert "NoSuchConnector" in body["message"]
    assert "org.apache.kafka.connect.file.FileStreamSourceConnector" in body["message"]


def test_invalid_config_names_key_and_reason(worker: StandaloneProcess) -> None:
    response = worker.request(
        "POST",
        "/connectors",
        json={"name": "x", "config": {"connector.class": "FileStreamSink", "tasks.max": "zero"}},
    )
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("Connector configuration is invalid and contains the following")
    assert "tasks.max: Invalid value zero for configuration tasks.max: Not a number of type INT" in message
    assert "topics: Must configure one of topics or topics.regex" in message
    assert worker.get("/connectors").json() == [], "nothing was created"


def test_invalid_json_body_and_unknown_connector(worker: StandaloneProcess) -> None:
    response = worker.request(
        "POST", "/connectors", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["error_code"] == 400
    response = worker.get("/connectors/nope/status")
    assert response.status_code == 404
    assert response.json() == {"error_code": 404, "message": "No status found for connector nope"}


def test_json_connector_file_with_initial_state(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    config = _source_config(tmp_path, topic)
    request = tmp_path / "paused.json"
    request.write_text(json.dumps({"name": "paused", "config": config, "initial_state": "PAUSED"}))
    with StandaloneProcess(tmp_path, bootstrap_servers, [request]) as worker:
        wait_for(
            lambda: worker.connector_state("paused") == ("PAUSED", ["PAUSED"]), 30, "PAUSED from the file"
        )
