"""Contract tests: status, tasks, restart, pause/resume/stop and topic endpoints."""

from __future__ import annotations

from fake_herder import WORKER_ID, FakeHerder
from starlette.testclient import TestClient

from conftest import assert_error
from kconnect.runtime.herder import TargetState


def test_status(client: TestClient, source: str) -> None:
    response = client.get("/connectors/src/status")
    assert response.status_code == 200
    assert response.json() == {
        "name": "src",
        "connector": {"state": "RUNNING", "worker_id": WORKER_ID},
        "tasks": [
            {"id": 0, "state": "RUNNING", "worker_id": WORKER_ID},
            {"id": 1, "state": "RUNNING", "worker_id": WORKER_ID},
        ],
        "type": "source",
    }


def test_status_unknown_message(client: TestClient) -> None:
    assert_error(client.get("/connectors/x/status"), 404, "No status found for connector x")


def test_tasks(client: TestClient, source: str) -> None:
    body = client.get("/connectors/src/tasks").json()
    assert [t["id"] for t in body] == [{"connector": "src", "task": 0}, {"connector": "src", "task": 1}]
    assert body[1]["config"]["task.id"] == "1"


def test_tasks_config_keyed_by_task_id(client: TestClient, source: str) -> None:
    body = client.get("/connectors/src/tasks-config").json()
    assert set(body) == {"src-0", "src-1"}
    assert body["src-0"]["task.id"] == "0"


def test_task_status(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.task_states[("src", 1)] = "FAILED"
    assert client.get("/connectors/src/tasks/0/status").json() == {
        "id": 0,
        "state": "RUNNING",
        "worker_id": WORKER_ID,
    }
    failed = client.get("/connectors/src/tasks/1/status").json()
    assert failed["state"] == "FAILED"
    assert "trace" in failed


def test_task_status_unknown_task_404(client: TestClient, source: str) -> None:
    assert_error(client.get("/connectors/src/tasks/7/status"), 404)


def test_task_number_not_integer_404(client: TestClient, source: str) -> None:
    assert_error(client.get("/connectors/src/tasks/abc/status"), 404, "HTTP 404 Not Found")
    assert_error(client.post("/connectors/src/tasks/1.5/restart"), 404, "HTTP 404 Not Found")


def test_task_restart_204(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.task_states[("src", 1)] = "FAILED"
    response = client.post("/connectors/src/tasks/1/restart")
    assert response.status_code == 204
    assert response.content == b""
    assert herder.calls[-1] == ("restart_task", ("src", 1))


def test_restart_connector_only_204(client: TestClient, herder: FakeHerder, source: str) -> None:
    for query in ("", "?includeTasks=false&onlyFailed=false", "?includeTasks=nope"):
        response = client.post(f"/connectors/src/restart{query}")
        assert response.status_code == 204, query
        assert response.content == b""
        assert herder.calls[-1] == ("restart_connector", ("src", False, False))


def test_restart_include_tasks_202(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.post("/connectors/src/restart?includeTasks=true")
    assert response.status_code == 202
    body = response.json()
    assert body["connector"]["state"] == "RESTARTING"
    assert [t["state"] for t in body["tasks"]] == ["RESTARTING", "RESTARTING"]
    assert herder.calls[0] == ("restart_connector", ("src", True, False))


def test_restart_only_failed_202(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.task_states[("src", 1)] = "FAILED"
    response = client.post("/connectors/src/restart?includeTasks=TRUE&onlyFailed=true")
    assert response.status_code == 202
    body = response.json()
    assert body["connector"]["state"] == "RUNNING"
    assert [t["state"] for t in body["tasks"]] == ["RUNNING", "RESTARTING"]
    response = client.post("/connectors/src/restart?onlyFailed=true")
    assert response.status_code == 202
    assert herder.calls[-2] == ("restart_connector", ("src", False, True))


def test_pause_resume_202(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.put("/connectors/src/pause")
    assert (response.status_code, response.content) == (202, b"")
    assert herder.targets["src"] is TargetState.PAUSED
    response = client.put("/connectors/src/resume")
    assert (response.status_code, response.content) == (202, b"")
    assert herder.targets.get("src") is TargetState.STARTED


def test_stop_204(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.put("/connectors/src/stop?forward=true")
    assert (response.status_code, response.content) == (204, b"")
    assert herder.targets["src"] is TargetState.STOPPED


def test_topics_lists_active_topics(client: TestClient, herder: FakeHerder, source: str) -> None:
    assert client.get("/connectors/src/topics").json() == {"src": {"topics": []}}
    herder.active_topics["src"] = {"t2", "t1"}
    response = client.get("/connectors/src/topics")
    assert response.status_code == 200
    assert response.json() == {"src": {"topics": ["t1", "t2"]}}


def test_topics_reset_202(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.active_topics["src"] = {"t1"}
    response = client.put("/connectors/src/topics/reset")
    assert (response.status_code, response.content) == (202, b"")
    assert client.get("/connectors/src/topics").json() == {"src": {"topics": []}}


def test_topics_unknown_connector_empty(client: TestClient) -> None:
    # as Java: no existence check, an unknown connector simply has no active topics
    assert client.get("/connectors/unknown/topics").json() == {"unknown": {"topics": []}}
    assert client.put("/connectors/unknown/topics/reset").status_code == 202


def test_topics_tracking_disabled_403(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.topic_tracking = False
    assert_error(client.get("/connectors/src/topics"), 403, "Topic tracking is disabled.")
    assert_error(client.put("/connectors/src/topics/reset"), 403, "Topic tracking is disabled.")
    assert_error(client.get("/connectors/unknown/topics"), 403, "Topic tracking is disabled.")


def test_topics_reset_disabled_403(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.active_topics["src"] = {"t1"}
    herder.topic_tracking_reset = False
    assert_error(client.put("/connectors/src/topics/reset"), 403, "Topic tracking reset is disabled.")
    assert client.get("/connectors/src/topics").json() == {"src": {"topics": ["t1"]}}
