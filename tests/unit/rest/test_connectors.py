"""Contract tests: /connectors collection and configuration endpoints."""

from __future__ import annotations

from fake_herder import SINK_CLASS, SOURCE_CLASS, FakeHerder
from starlette.testclient import TestClient

from conftest import assert_error
from kconnect.runtime.herder import TargetState

NULL_MSG = (
    "Connector configuration is invalid and contains the following 1 error(s):\n"
    "Null value can not be supplied as the configuration value.\n"
    "You can also find the above list of errors at the endpoint "
    "`/connector-plugins/{connectorType}/config/validate`"
)


def _create(client: TestClient, name: str = "sink", **extra: object) -> object:
    body = {"name": name, "config": {"connector.class": SINK_CLASS, "topics": "t"}, **extra}
    return client.post("/connectors", json=body)


# -- list / expand ---------------------------------------------------------------------------
def test_list_empty(client: TestClient) -> None:
    response = client.get("/connectors")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == []


def test_list_names_sorted(client: TestClient, herder: FakeHerder, source: str) -> None:
    _create(client, "a-sink")
    assert client.get("/connectors").json() == ["a-sink", "src"]


def test_expand_status_and_info(client: TestClient, source: str) -> None:
    body = client.get("/connectors?expand=status&expand=info").json()
    assert set(body) == {"src"}
    assert set(body["src"]) == {"status", "info"}
    assert body["src"]["status"]["connector"]["state"] == "RUNNING"
    assert body["src"]["info"]["name"] == "src"
    assert body["src"]["info"]["type"] == "source"


def test_expand_single(client: TestClient, source: str) -> None:
    assert set(client.get("/connectors?expand=info").json()["src"]) == {"info"}
    assert set(client.get("/connectors?expand=status").json()["src"]) == {"status"}


def test_expand_unknown_ignored(client: TestClient, source: str) -> None:
    assert client.get("/connectors?expand=bogus").json() == {"src": {}}
    assert set(client.get("/connectors?expand=bogus&expand=info").json()["src"]) == {"info"}


def test_expand_omits_failed_lookups(client: TestClient, herder: FakeHerder, source: str) -> None:
    original = herder.connector_status

    async def flaky(name: str) -> dict[str, object]:
        if name == "gone":
            from kconnect.errors import NotFoundError

            raise NotFoundError("gone")
        return await original(name)

    herder.configs["gone"] = {"connector.class": SOURCE_CLASS}
    herder.targets["gone"] = TargetState.STARTED
    herder.connector_status = flaky  # type: ignore[method-assign]
    assert set(client.get("/connectors?expand=status").json()) == {"src"}


# -- create -----------------------------------------------------------------------------------
def test_create_201_location_and_info(client: TestClient, herder: FakeHerder) -> None:
    response = _create(client)
    assert response.status_code == 201  # type: ignore[attr-defined]
    assert response.headers["location"].endswith("/connectors/sink")  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "name": "sink",
        "config": {"connector.class": SINK_CLASS, "topics": "t", "name": "sink"},
        "tasks": [{"connector": "sink", "task": 0}],
        "type": "sink",
    }
    assert herder.targets["sink"] is TargetState.STARTED


def test_create_location_is_encoded(client: TestClient) -> None:
    response = _create(client, "my sink")
    assert response.headers["location"].endswith("/connectors/my%20sink")  # type: ignore[attr-defined]


def test_create_trims_name(client: TestClient, herder: FakeHerder) -> None:
    response = _create(client, "  padded  ")
    assert response.status_code == 201  # type: ignore[attr-defined]
    assert response.json()["name"] == "padded"  # type: ignore[attr-defined]
    assert herder.configs["padded"]["name"] == "padded"


def test_create_coerces_numbers_and_booleans(client: TestClient, herder: FakeHerder) -> None:
    body = b'{"name":"s","config":{"connector.class":"%s","tasks.max":1,"x":1.50,"y":true,"z":false}}'
    response = client.post(
        "/connectors", content=body % SINK_CLASS.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 201, response.text
    config = herder.configs["s"]
    assert (config["tasks.max"], config["x"], config["y"], config["z"]) == ("1", "1.50", "true", "false")


def test_create_initial_state(client: TestClient, herder: FakeHerder) -> None:
    assert _create(client, "p", initial_state="paused").status_code == 201  # type: ignore[attr-defined]
    assert herder.targets["p"] is TargetState.PAUSED
    assert _create(client, "s", initial_state="STOPPED").status_code == 201  # type: ignore[attr-defined]
    assert herder.targets["s"] is TargetState.STOPPED
    assert_error(_create(client, "x", initial_state="sleeping"), 400)


def test_create_duplicate_409(client: TestClient) -> None:
    _create(client)
    assert_error(_create(client), 409, "Connector sink already exists")


def test_create_name_mismatch_400(client: TestClient) -> None:
    body = {"name": "a", "config": {"connector.class": SINK_CLASS, "name": "b"}}
    assert_error(
        client.post("/connectors", json=body),
        400,
        "Connector name configuration (b) doesn't match connector name in the URL (a)",
    )


def test_create_missing_or_empty_name_400(client: TestClient) -> None:
    for body in ({"config": {"connector.class": SINK_CLASS}}, {"name": "   ", "config": {}}):
        response = client.post("/connectors", json=body)
        assert_error(response, 400)
        assert "String may not be empty" in response.json()["message"]


def test_create_control_chars_in_name_400(client: TestClient) -> None:
    response = client.post(
        "/connectors", json={"name": "a\u0007b", "config": {"connector.class": SINK_CLASS}}
    )
    assert_error(response, 400)
    assert "following ASCII chars: 7" in response.json()["message"]


def test_create_missing_config_400(client: TestClient) -> None:
    assert_error(client.post("/connectors", json={"name": "x"}), 400)


def test_create_null_value_400(client: TestClient) -> None:
    body = {"name": "x", "config": {"connector.class": SINK_CLASS, "topics": None}}
    assert_error(client.post("/connectors", json=body), 400, NULL_MSG)


def test_create_null_name_in_config_is_replaced(client: TestClient, herder: FakeHerder) -> None:
    body = {"name": "x", "config": {"connector.class": SINK_CLASS, "name": None}}
    assert client.post("/connectors", json=body).status_code == 201
    assert herder.configs["x"]["name"] == "x"


def test_create_invalid_bodies_400(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    for raw in (
        b"{not json",
        b"",
        b"[]",
        b'{"name":"x","config":[]}',
        b'{"name":"x","config":{"a":{"b":1}}}',
    ):
        assert_error(client.post("/connectors", content=raw, headers=headers), 400)


def test_create_unknown_field_400(client: TestClient) -> None:
    response = _create(client, tasks=[])
    assert_error(response, 400)
    assert '"tasks"' in response.json()["message"]  # type: ignore[attr-defined]


def test_create_herder_validation_400(client: TestClient) -> None:
    body = {"name": "x", "config": {"connector.class": SINK_CLASS, "tasks.max": "x"}}
    assert_error(client.post("/connectors", json=body), 400)


# -- get / config -----------------------------------------------------------------------------
def test_get_connector(client: TestClient, source: str) -> None:
    body = client.get("/connectors/src").json()
    assert body["name"] == "src"
    assert body["tasks"] == [{"connector": "src", "task": 0}, {"connector": "src", "task": 1}]
    assert body["type"] == "source"


def test_unknown_connector_404_everywhere(client: TestClient) -> None:
    for method, path in [
        ("GET", "/connectors/nope"),
        ("DELETE", "/connectors/nope"),
        ("GET", "/connectors/nope/config"),
        ("GET", "/connectors/nope/status"),
        ("GET", "/connectors/nope/tasks"),
        ("GET", "/connectors/nope/tasks-config"),
        ("GET", "/connectors/nope/tasks/0/status"),
        ("POST", "/connectors/nope/tasks/0/restart"),
        ("POST", "/connectors/nope/restart"),
        ("PUT", "/connectors/nope/pause"),
        ("PUT", "/connectors/nope/resume"),
        ("PUT", "/connectors/nope/stop"),
        ("GET", "/connectors/nope/offsets"),
        ("DELETE", "/connectors/nope/offsets"),
    ]:
        assert_error(client.request(method, path), 404)
    assert_error(client.patch("/connectors/nope/config", json={"a": "b"}), 404)


def test_get_config(client: TestClient, source: str) -> None:
    assert client.get("/connectors/src/config").json()["connector.class"] == SOURCE_CLASS


def test_put_config_creates_201(client: TestClient, herder: FakeHerder) -> None:
    response = client.put("/connectors/new/config", json={"connector.class": SINK_CLASS, "tasks.max": 2})
    assert response.status_code == 201
    assert response.headers["location"].endswith("/connectors/new")
    assert response.json()["config"] == {"connector.class": SINK_CLASS, "tasks.max": "2", "name": "new"}
    assert herder.calls[-1][1][2] is True  # allow_replace


def test_put_config_updates_200(client: TestClient, source: str) -> None:
    response = client.put("/connectors/src/config", json={"connector.class": SOURCE_CLASS, "name": "src"})
    assert response.status_code == 200
    assert "location" not in response.headers
    assert response.json()["config"] == {"connector.class": SOURCE_CLASS, "name": "src"}


def test_put_config_name_mismatch_400(client: TestClient) -> None:
    response = client.put("/connectors/a/config", json={"connector.class": SINK_CLASS, "name": "b"})
    assert_error(
        response, 400, "Connector name configuration (b) doesn't match connector name in the URL (a)"
    )


def test_put_config_null_value_400(client: TestClient) -> None:
    assert_error(client.put("/connectors/a/config", json={"connector.class": None}), 400, NULL_MSG)


def test_put_config_invalid_json_400(client: TestClient) -> None:
    response = client.put(
        "/connectors/a/config", content=b'{"a": ', headers={"content-type": "application/json"}
    )
    assert_error(response, 400)


def test_put_config_non_object_400(client: TestClient) -> None:
    assert_error(client.put("/connectors/a/config", json=["a"]), 400)


def test_patch_config_merges_and_null_deletes(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.patch("/connectors/src/config", json={"file": None, "tasks.max": 3, "extra": "x"})
    assert response.status_code == 200
    config = response.json()["config"]
    assert "file" not in config
    assert config["tasks.max"] == "3"
    assert config["extra"] == "x"
    assert herder.calls[-1] == (
        "patch_connector_config",
        ("src", {"file": None, "tasks.max": "3", "extra": "x"}),
    )


def test_delete_204(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.delete("/connectors/src")
    assert response.status_code == 204
    assert response.content == b""
    assert "src" not in herder.configs


def test_forward_param_accepted_and_ignored(client: TestClient, source: str) -> None:
    assert client.delete("/connectors/src?forward=true").status_code == 204
    response = client.post(
        "/connectors?forward=false", json={"name": "x", "config": {"connector.class": SINK_CLASS}}
    )
    assert response.status_code == 201
