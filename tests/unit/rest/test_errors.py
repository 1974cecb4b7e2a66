"""Contract tests: error mapping, unknown paths, wrong methods, media types, timeouts."""

from __future__ import annotations

import asyncio

from fake_herder import FakeHerder
from starlette.testclient import TestClient

from conftest import assert_error
from kconnect.errors import ConflictError
from kconnect.rest import create_app


def test_unknown_path_404(client: TestClient) -> None:
    assert_error(client.get("/nope"), 404, "HTTP 404 Not Found")
    assert_error(client.get("/connectors/a/b/c/d"), 404, "HTTP 404 Not Found")


def test_wrong_method_405_with_allow(client: TestClient) -> None:
    response = client.delete("/connectors")
    assert_error(response, 405, "HTTP 405 Method Not Allowed")
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    assert_error(client.post("/connectors/x/pause"), 405)
    assert_error(client.get("/connectors/x/restart"), 405)


def test_non_json_content_type_415(client: TestClient) -> None:
    response = client.post(
        "/connectors", content=b"name=x", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert_error(response, 415, "HTTP 415 Unsupported Media Type")


def test_missing_content_type_is_accepted(client: TestClient, herder: FakeHerder, source: str) -> None:
    response = client.put("/connectors/src/config", content=b'{"connector.class": "x.SourceConnector"}')
    assert response.status_code == 200, response.text


def test_json_with_charset_accepted(client: TestClient, source: str) -> None:
    headers = {"content-type": "application/json; charset=UTF-8"}
    assert (
        client.put("/connectors/src/config", content=b'{"connector.class": "x"}', headers=headers).status_code
        == 200
    )


def test_connect_error_status_from_class(client: TestClient, herder: FakeHerder) -> None:
    async def conflict() -> list[str]:
        raise ConflictError("Cannot complete request momentarily due to no known leader URL")

    herder.connectors = conflict  # type: ignore[method-assign]
    assert_error(
        client.get("/connectors"), 409, "Cannot complete request momentarily due to no known leader URL"
    )


def test_unexpected_exception_500_with_message(client: TestClient, herder: FakeHerder) -> None:
    async def boom() -> list[str]:
        raise RuntimeError("kaboom")

    herder.connectors = boom  # type: ignore[method-assign]
    assert_error(client.get("/connectors"), 500, "kaboom")


def test_herder_timeout_500() -> None:
    herder = FakeHerder()
    herder.delay_s = 0.5
    with TestClient(create_app(herder, request_timeout_s=0.05), raise_server_exceptions=False) as client:
        assert_error(client.get("/connectors"), 500, "Request timed out")


def test_timed_out_call_is_not_cancelled() -> None:
    herder = FakeHerder()
    herder.delay_s = 0.2
    app = create_app(herder, request_timeout_s=0.01)
    with TestClient(app, raise_server_exceptions=False) as client:
        body = {"name": "x", "config": {"connector.class": "a.SinkConnector"}}
        assert_error(client.post("/connectors", json=body), 500, "Request timed out")
        client.portal.call(asyncio.sleep, 0.4)  # type: ignore[union-attr]
    assert "x" in herder.configs


def test_trailing_slash_served(client: TestClient, source: str) -> None:
    response = client.get("/connectors/", follow_redirects=False)
    assert response.status_code == 200
    assert response.json() == ["src"]
    assert client.get("/connectors/src/status/").status_code == 200


def test_head_supported_for_get(client: TestClient) -> None:
    assert client.head("/connectors").status_code == 200


def test_root_server_info(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"version": "4.0.0", "commit": "abc123", "kafka_cluster_id": "cluster-1"}


def test_health_statuses(client: TestClient, herder: FakeHerder) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "healthy"
    herder.health_answer = (503, {"status": "starting", "message": "Worker is still starting up."})
    response = client.get("/health")
    assert (response.status_code, response.json()["status"]) == (503, "starting")
