"""The OpenAPI document matches the Starlette routes exactly."""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import Route
from starlette.testclient import TestClient

from kconnect.rest import create_app
from kconnect.rest.schemas import SCHEMAS

_METHODS = {"get", "put", "post", "patch", "delete"}


def _document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def test_every_route_documented_and_vice_versa(client: TestClient, herder: object) -> None:
    doc = _document(client)
    app = create_app(herder)  # type: ignore[arg-type]
    served = {
        (route.path, method.lower())
        for route in app.routes
        if isinstance(route, Route)
        for method in (route.methods or ())
        if method != "HEAD"
    }
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert served == documented
    assert ("/connectors/{connector}/config", "patch") in served
    assert ("/connectors/{connector}/tasks", "post") in served  # internal (distributed mode)
    assert ("/connectors/{connector}/dlq/replay", "post") in served  # kconnect extension
    assert len(served) == 33


def test_document_is_openapi_31_with_params_and_responses(client: TestClient) -> None:
    doc = _document(client)
    assert doc["openapi"].startswith("3.1")
    for path, ops in doc["paths"].items():
        path_params = set(re.findall(r"{(\w+)}", path))
        for method, op in ops.items():
            assert method in _METHODS
            params = op.get("parameters", [])
            assert {p["name"] for p in params if p["in"] == "path"} == path_params, (method, path)
            assert all(p["required"] for p in params if p["in"] == "path")
            assert op["responses"], (method, path)
            assert "500" in op["responses"]
            assert op["summary"] and op["operationId"]


def test_operation_ids_unique(client: TestClient) -> None:
    ops = [op["operationId"] for ops in _document(client)["paths"].values() for op in ops.values()]
    assert len(ops) == len(set(ops))


def test_specific_shapes(client: TestClient) -> None:
    paths = _document(client)["paths"]
    create = paths["/connectors"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateConnectorRequest"
    }
    assert "Location" in create["responses"]["201"]["headers"]
    assert {"201", "400", "409"} <= set(create["responses"])
    assert "forward" in {p["name"] for p in create["parameters"]}
    restart = paths["/connectors/{connector}/restart"]["post"]
    assert {"includeTasks", "onlyFailed", "forward"} <= {p["name"] for p in restart["parameters"]}
    assert {"202", "204", "404"} <= set(restart["responses"])
    plugins = paths["/connector-plugins"]["get"]
    assert plugins["parameters"][0]["name"] == "connectorsOnly"
    assert paths["/connectors/{connector}/tasks-config"]["get"]["deprecated"] is True


def test_all_refs_resolve(client: TestClient) -> None:
    doc = _document(client)
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', str(doc).replace("'", '"')))
    assert refs
    assert refs <= set(doc["components"]["schemas"]) == set(SCHEMAS)
