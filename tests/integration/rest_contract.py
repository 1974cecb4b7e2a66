"""Reusable REST contract checks against a running kconnect worker (not a test module).

Each ``check_*`` function takes the worker's base URL (``"http://127.0.0.1:8083"``, with or
without a trailing slash), drives the Apache Kafka Connect REST API with a synchronous
:class:`httpx.Client` and raises ``AssertionError`` naming the request on any deviation.
They are synchronous: run the worker in another process or thread, or call them through
``asyncio.to_thread`` when the worker runs in the caller's event loop.

Functions (``config`` always includes ``connector.class``; ``name`` must not exist yet):

``check_root(base_url)``
    ``GET /`` -> 200 ServerInfo; ``GET /health`` -> 200 healthy WorkerStatus.
``check_errors(base_url)``
    Unknown path 404 and wrong method 405 (with ``Allow``) with the error body; unknown
    connector 404 on every per-connector route; invalid JSON 400; non-JSON media type 415;
    topic routes 403 "Topic tracking is disabled.".
``check_create_and_read(base_url, name, config)``
    ``POST /connectors`` -> 201 + Location + ConnectorInfo, duplicate 409, name mismatch 400,
    null value 400; then GET info/config/tasks/tasks-config, list and ``expand`` variants.
``check_config_updates(base_url, name, config)``
    ``PUT /connectors/<name>/config``: 201 + Location when created, 200 when updated; name
    mismatch 400; ``PATCH`` merges and ``null`` deletes.  Deletes the connector at the end.
``check_lifecycle(base_url, name, timeout_s=30.0)``
    For an existing connector: waits RUNNING, pause (202) -> PAUSED, resume (202) -> RUNNING,
    restart 204, restart ``includeTasks`` 202 + ConnectorStateInfo, task status and task restart
    204, stop (204) -> STOPPED.
``check_offsets(base_url, name)``
    ``GET`` offsets shape; ``PATCH`` with missing/empty ``offsets`` -> 400; ``DELETE`` of a
    STOPPED connector -> 200 Message.  Call after ``check_lifecycle`` (connector stopped).
``check_delete(base_url, name)``
    ``DELETE`` -> 204, then 404 on GET.
``check_plugins(base_url, plugin, config)``
    Plugin list (``connectorsOnly`` true/false), ``/config`` ConfigKeyInfo keys, ``validate``
    -> 200 ConfigInfos, missing/mismatched ``connector.class`` -> 400.
``check_loggers(base_url, logger="kconnect.contract.check")``
    List, set (worker scope 200 list, cluster scope 204), get, bad level 404, missing 400.
``check_openapi(base_url)``
    ``/openapi.json`` is OpenAPI 3.1 and documents the core Connect paths.
``check_all(base_url, name, config, plugin)``
    All of the above in order.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

__all__ = [
    "check_all",
    "check_config_updates",
    "check_create_and_read",
    "check_delete",
    "check_errors",
    "check_lifecycle",
    "check_loggers",
    "check_offsets",
    "check_openapi",
    "check_plugins",
    "check_root",
    "wait_for_state",
]

JSON = {"content-type": "application/json"}
CONNECTOR_INFO_KEYS = {"name", "config", "tasks", "type"}
STATE_INFO_KEYS = {"name", "connector", "tasks", "type"}
CONFIG_KEY_INFO_KEYS = {
    "name", "type", "required", "default_value", "importance", "documentation",
    "group", "order", "width", "display_name", "dependents",
}  # fmt: skip


@contextmanager
def _client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=30.0, follow_redirects=False) as client:
        yield client


def _expect(response: httpx.Response, status: int) -> Any:
    """Assert the status; return the JSON body (None when empty)."""
    request = f"{response.request.method} {response.request.url}"
    assert response.status_code == status, f"{request}: {response.status_code} != {status}: {response.text}"
    if not response.content:
        return None
    assert response.headers["content-type"].startswith("application/json"), request
    return response.json()


def _expect_error(response: httpx.Response, status: int, message: str | None = None) -> str:
    body = _expect(response, status)
    request = f"{response.request.method} {response.request.url}"
    assert isinstance(body, dict) and set(body) == {"error_code", "message"}, f"{request}: {body}"
    assert body["error_code"] == status, f"{request}: {body}"
    if message is not None:
        assert body["message"] == message, f"{request}: {body['message']!r} != {message!r}"
    return str(body["message"])


def wait_for_state(base_url: str, name: str, state: str, timeout_s: float = 30.0) -> dict[str, Any]:
    """Poll ``/status`` until the connector and all its tasks are in ``state``; the status."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    with _client(base_url) as client:
        while time.monotonic() < deadline:
            response = client.get(f"/connectors/{name}/status")
            if response.status_code == 200:
                last = response.json()
                tasks_ok = all(t["state"] == state for t in last["tasks"])
                if last["connector"]["state"] == state and tasks_ok:
                    return dict(last)
            time.sleep(0.1)
    raise AssertionError(f"connector {name} did not reach {state} in {timeout_s}s; last status {last}")


def check_root(base_url: str) -> None:
    with _client(base_url) as client:
        info = _expect(client.get("/"), 200)
        assert set(info) == {"version", "commit", "kafka_cluster_id"}, info
        health = _expect(client.get("/health"), 200)
        assert health["status"] == "healthy" and isinstance(health["message"], str), health


def check_errors(base_url: str) -> None:
    with _client(base_url) as client:
        _expect_error(client.get("/no/such/path"), 404, "HTTP 404 Not Found")
        response = client.delete("/connectors")
        _expect_error(response, 405, "HTTP 405 Method Not Allowed")
        assert "POST" in response.headers.get("allow", ""), response.headers
        missing = "kconnect-contract-missing"
        for method, path in [
            ("GET", f"/connectors/{missing}"),
            ("GET", f"/connectors/{missing}/config"),
            ("GET", f"/connectors/{missing}/status"),
            ("GET", f"/connectors/{missing}/tasks"),
            ("GET", f"/connectors/{missing}/tasks/0/status"),
            ("POST", f"/connectors/{missing}/restart"),
            ("PUT", f"/connectors/{missing}/pause"),
            ("PUT", f"/connectors/{missing}/resume"),
            ("PUT", f"/connectors/{missing}/stop"),
            ("GET", f"/connectors/{missing}/offsets"),
            ("DELETE", f"/connectors/{missing}"),
        ]:
            _expect_error(client.request(method, path), 404)
        _expect_error(client.post("/connectors", content=b"{oops", headers=JSON), 400)
        form = {"content-type": "application/x-www-form-urlencoded"}
        _expect_error(client.post("/connectors", content=b"a=b", headers=form), 415)
        # topic tracking (on by default): an unknown connector has no active topics
        assert _expect(client.get(f"/connectors/{missing}/topics"), 200) == {missing: {"topics": []}}


def check_create_and_read(base_url: str, name: str, config: Mapping[str, str]) -> None:
    body = {"name": name, "config": dict(config)}
    with _client(base_url) as client:
        response = client.post("/connectors", json=body)
        info = _expect(response, 201)
        assert response.headers["location"].endswith(f"/connectors/{name}"), response.headers
        assert set(info) == CONNECTOR_INFO_KEYS and info["name"] == name, info
        assert info["config"]["name"] == name and info["type"] in ("source", "sink"), info
        _expect_error(client.post("/connectors", json=body), 409)
        other = {"name": f"{name}-x", "config": {**config, "name": "different"}}
        _expect_error(client.post("/connectors", json=other), 400)
        nulls = {"name": f"{name}-y", "config": {**config, "extra": None}}
        assert "Null value" in _expect_error(client.post("/connectors", json=nulls), 400)

        assert _expect(client.get(f"/connectors/{name}"), 200)["name"] == name
        assert _expect(client.get(f"/connectors/{name}/config"), 200) == {**config, "name": name}
        tasks = _expect(client.get(f"/connectors/{name}/tasks"), 200)
        assert all(set(t) == {"id", "config"} and t["id"]["connector"] == name for t in tasks), tasks
        by_id = _expect(client.get(f"/connectors/{name}/tasks-config"), 200)
        assert set(by_id) == {f"{name}-{t['id']['task']}" for t in tasks}, by_id
        assert name in _expect(client.get("/connectors"), 200)
        expanded = _expect(client.get("/connectors", params=[("expand", "status"), ("expand", "info")]), 200)
        assert set(expanded[name]) == {"status", "info"}, expanded
        assert set(expanded[name]["status"]) == STATE_INFO_KEYS, expanded
        assert _expect(client.get("/connectors?expand=bogus"), 200)[name] == {}


def check_config_updates(base_url: str, name: str, config: Mapping[str, str]) -> None:
    with _client(base_url) as client:
        response = client.put(f"/connectors/{name}/config", json=dict(config))
        assert _expect(response, 201)["name"] == name
        assert response.headers["location"].endswith(f"/connectors/{name}"), response.headers
        updated = _expect(client.put(f"/connectors/{name}/config", json={**config, "name": name}), 200)
        assert updated["config"]["name"] == name, updated
        mismatch = client.put(f"/connectors/{name}/config", json={**config, "name": "other"})
        expected = f"Connector name configuration (other) doesn't match connector name in the URL ({name})"
        _expect_error(mismatch, 400, expected)
        patched = _expect(client.patch(f"/connectors/{name}/config", json={"kconnect.contract": "1"}), 200)
        assert patched["config"]["kconnect.contract"] == "1", patched
        patched = _expect(client.patch(f"/connectors/{name}/config", json={"kconnect.contract": None}), 200)
        assert "kconnect.contract" not in patched["config"], patched
        _expect(client.delete(f"/connectors/{name}"), 204)


def check_lifecycle(base_url: str, name: str, timeout_s: float = 30.0) -> None:
    status = wait_for_state(base_url, name, "RUNNING", timeout_s)
    assert set(status) == STATE_INFO_KEYS, status
    with _client(base_url) as client:
        assert _expect(client.put(f"/connectors/{name}/pause"), 202) is None
        wait_for_state(base_url, name, "PAUSED", timeout_s)
        assert _expect(client.put(f"/connectors/{name}/resume"), 202) is None
        wait_for_state(base_url, name, "RUNNING", timeout_s)
        assert _expect(client.post(f"/connectors/{name}/restart"), 204) is None
        wait_for_state(base_url, name, "RUNNING", timeout_s)
        restarted = _expect(client.post(f"/connectors/{name}/restart?includeTasks=true"), 202)
        assert set(restarted) == STATE_INFO_KEYS, restarted
        status = wait_for_state(base_url, name, "RUNNING", timeout_s)
        if status["tasks"]:
            task = status["tasks"][0]["id"]
            state = _expect(client.get(f"/connectors/{name}/tasks/{task}/status"), 200)
            assert {"id", "state", "worker_id"} <= set(state) and state["id"] == task, state
            assert _expect(client.post(f"/connectors/{name}/tasks/{task}/restart"), 204) is None
        _expect_error(client.get(f"/connectors/{name}/tasks/999999/status"), 404)
        assert _expect(client.put(f"/connectors/{name}/stop"), 204) is None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            current = _expect(client.get(f"/connectors/{name}/status"), 200)
            if current["connector"]["state"] == "STOPPED":
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"connector {name} did not stop: {current}")


def check_offsets(base_url: str, name: str) -> None:
    with _client(base_url) as client:
        offsets = _expect(client.get(f"/connectors/{name}/offsets"), 200)
        assert set(offsets) == {"offsets"} and isinstance(offsets["offsets"], list), offsets
        assert all(set(o) == {"partition", "offset"} for o in offsets["offsets"]), offsets
        missing = "Partitions / offsets need to be provided for an alter offsets request"
        _expect_error(client.patch(f"/connectors/{name}/offsets", json={}), 400, missing)
        _expect_error(client.patch(f"/connectors/{name}/offsets", json={"offsets": []}), 400, missing)
        reset = _expect(client.delete(f"/connectors/{name}/offsets"), 200)
        assert set(reset) == {"message"}, reset


def check_delete(base_url: str, name: str) -> None:
    with _client(base_url) as client:
        assert _expect(client.delete(f"/connectors/{name}"), 204) is None
        _expect_error(client.get(f"/connectors/{name}"), 404)


def check_plugins(base_url: str, plugin: str, config: Mapping[str, str]) -> None:
    with _client(base_url) as client:
        connectors = _expect(client.get("/connector-plugins"), 200)
        assert connectors and all(p["type"] in ("source", "sink") for p in connectors), connectors
        everything = _expect(client.get("/connector-plugins?connectorsOnly=false"), 200)
        assert len(everything) >= len(connectors), everything
        assert all({"class", "type"} <= set(p) <= {"class", "type", "version"} for p in everything)
        keys = _expect(client.get(f"/connector-plugins/{plugin}/config"), 200)
        assert keys and all(set(k) == CONFIG_KEY_INFO_KEYS for k in keys), keys[:2]
        _expect_error(client.get("/connector-plugins/kconnect.NoSuchPluginConnector/config"), 404)
        infos = _expect(client.put(f"/connector-plugins/{plugin}/config/validate", json=dict(config)), 200)
        assert set(infos) == {"name", "error_count", "groups", "configs"}, infos
        without_class = {k: v for k, v in config.items() if k != "connector.class"}
        _expect_error(client.put(f"/connector-plugins/{plugin}/config/validate", json=without_class), 400)
        wrong = {**config, "connector.class": "kconnect.contract.OtherConnector"}
        _expect_error(client.put(f"/connector-plugins/{plugin}/config/validate", json=wrong), 400)


def check_loggers(base_url: str, logger: str = "kconnect.contract.check") -> None:
    with _client(base_url) as client:
        levels = _expect(client.get("/admin/loggers"), 200)
        assert "root" in levels and set(levels["root"]) == {"level", "last_modified"}, levels
        affected = _expect(client.put(f"/admin/loggers/{logger}", json={"level": "DEBUG"}), 200)
        assert logger in affected and affected == sorted(affected), affected
        level = _expect(client.get(f"/admin/loggers/{logger}"), 200)
        assert level["level"] == "DEBUG" and isinstance(level["last_modified"], int), level
        cluster = client.put(f"/admin/loggers/{logger}?scope=cluster", json={"level": "INFO"})
        assert _expect(cluster, 204) is None
        _expect_error(
            client.put(f"/admin/loggers/{logger}", json={"level": "LOUD"}), 404, "invalid log level 'LOUD'."
        )
        _expect_error(client.put(f"/admin/loggers/{logger}", json={}), 400)


def check_openapi(base_url: str) -> None:
    with _client(base_url) as client:
        doc = _expect(client.get("/openapi.json"), 200)
        assert doc["openapi"].startswith("3.1"), doc.get("openapi")
        for path in ("/connectors", "/connectors/{connector}/config", "/connector-plugins", "/admin/loggers"):
            assert path in doc["paths"], path


def check_all(base_url: str, name: str, config: Mapping[str, str], plugin: str) -> None:
    """Every check, in an order that leaves no connector behind."""
    check_root(base_url)
    check_errors(base_url)
    check_openapi(base_url)
    check_plugins(base_url, plugin, config)
    check_loggers(base_url)
    check_config_updates(base_url, f"{name}-put", config)
    check_create_and_read(base_url, name, config)
    check_lifecycle(base_url, name)
    check_offsets(base_url, name)
    check_delete(base_url, name)
