"""Contract tests: /connector-plugins."""

from __future__ import annotations

import pytest
from fake_herder import SINK_CLASS, SOURCE_CLASS, FakeHerder
from starlette.testclient import TestClient

from conftest import assert_error
from kconnect.errors import PluginNotFoundError
from kconnect.rest.routes_plugins import pruned_plugin_name

VALIDATE = "/connector-plugins/{}/config/validate"


def test_list_connectors_only_by_default(client: TestClient, herder: FakeHerder) -> None:
    body = client.get("/connector-plugins").json()
    assert {p["type"] for p in body} == {"source", "sink"}
    assert herder.calls[-1] == ("plugins", True)


@pytest.mark.parametrize(
    ("query", "expected"), [("false", False), ("FALSE", False), ("", False), ("true", True)]
)
def test_list_connectors_only_flag(
    client: TestClient, herder: FakeHerder, query: str, expected: bool
) -> None:
    assert client.get(f"/connector-plugins?connectorsOnly={query}").status_code == 200
    assert herder.calls[-1] == ("plugins", expected)


def test_list_all_plugins_shape(client: TestClient) -> None:
    body = client.get("/connector-plugins?connectorsOnly=false").json()
    assert any(p["type"] == "transformation" and "version" not in p for p in body)
    assert all(set(p) <= {"class", "type", "version"} for p in body)


def test_plugin_config(client: TestClient) -> None:
    body = client.get("/connector-plugins/FileStreamSource/config").json()
    assert [k["name"] for k in body] == ["file", "name"]
    assert set(body[0]) == {
        "name",
        "type",
        "required",
        "default_value",
        "importance",
        "documentation",
        "group",
        "order",
        "width",
        "display_name",
        "dependents",
    }


def test_plugin_config_unknown_404(client: TestClient) -> None:
    assert_error(client.get("/connector-plugins/Nope/config"), 404, "Unknown plugin Nope.")


def test_plugin_config_plugin_not_found_is_404(client: TestClient, herder: FakeHerder) -> None:
    async def missing(plugin: str) -> list[dict[str, object]]:
        raise PluginNotFoundError(f"Failed to find any class that implements Connector: {plugin}")

    herder.plugin_config = missing  # type: ignore[method-assign]
    assert_error(client.get("/connector-plugins/Nope/config"), 404, "Unknown plugin Nope.")


def test_validate_ok(client: TestClient, herder: FakeHerder) -> None:
    config = {"connector.class": SINK_CLASS, "topic": "t", "tasks.max": 1}
    response = client.put(VALIDATE.format("FileStreamSinkConnector"), json=config)
    assert response.status_code == 200
    assert response.json()["error_count"] == 0
    assert herder.calls[-1] == (
        "validate_connector_config",
        {"connector.class": SINK_CLASS, "topic": "t", "tasks.max": "1"},
    )


def test_validate_invalid_config_is_still_200(client: TestClient) -> None:
    response = client.put(VALIDATE.format(SINK_CLASS), json={"connector.class": SINK_CLASS})
    assert response.status_code == 200
    assert response.json()["error_count"] == 1


@pytest.mark.parametrize("plugin", ["FileStreamSink", "FileStreamSinkConnector", SINK_CLASS, "Sink"])
def test_validate_aliases_match(client: TestClient, plugin: str) -> None:
    assert client.put(VALIDATE.format(plugin), json={"connector.class": SINK_CLASS}).status_code == 200


def test_validate_mismatch_400(client: TestClient) -> None:
    response = client.put(VALIDATE.format("FileStreamSource"), json={"connector.class": SINK_CLASS})
    assert_error(
        response, 400, f"Included connector type {SINK_CLASS} does not match request type FileStreamSource"
    )


def test_validate_missing_connector_class_400(client: TestClient) -> None:
    response = client.put(VALIDATE.format("FileStreamSource"), json={"topic": "t", "x": 1})
    assert_error(response, 400, "Connector config {topic=t, x=1} contains no connector type")
    assert_error(client.put(VALIDATE.format("FileStreamSource"), json={"connector.class": None}), 400)


def test_validate_null_values_reported_in_result(client: TestClient, herder: FakeHerder) -> None:
    config = {"connector.class": SOURCE_CLASS, "topic": None, "other": None}
    response = client.put(VALIDATE.format("FileStreamSource"), json=config)
    assert response.status_code == 200
    body = response.json()
    assert herder.calls[-1] == ("validate_connector_config", {"connector.class": SOURCE_CLASS})
    by_name = {c["value"]["name"]: c for c in body["configs"]}
    null_msg = "Null value can not be supplied as the configuration value."
    assert null_msg in by_name["topic"]["value"]["errors"]
    assert by_name["other"]["definition"] is None
    assert by_name["other"]["value"]["errors"] == [null_msg]
    assert body["error_count"] == 3  # missing topic + two nulls


def test_validate_invalid_json_400(client: TestClient) -> None:
    response = client.put(VALIDATE.format("X"), content=b"nope", headers={"content-type": "application/json"})
    assert_error(response, 400)


def test_pruning_rule() -> None:
    assert pruned_plugin_name("FileStreamSourceConnector") == "FileStreamSource"
    assert pruned_plugin_name("Connector") == "Connector"
    assert pruned_plugin_name("Foo") == "Foo"
