"""REST details of kconnect's registry: content type, paths, error codes, transitive levels."""

from __future__ import annotations

import json
import uuid

import httpx
from tests.integration.schema_registry.registry_harness import RunningRegistry

CT = "application/vnd.schemaregistry.v1+json"


def _schema(*fields: tuple[str, object, object]) -> str:
    """A record schema; each field is (name, type, default) with default ... meaning none."""
    out = []
    for name, ftype, default in fields:
        field = {"name": name, "type": ftype}
        if default is not ...:
            field["default"] = default
        out.append(field)
    return json.dumps({"type": "record", "name": "T", "fields": out})


def _post(url: str, path: str, body: object) -> httpx.Response:
    return httpx.post(url + path, content=json.dumps(body), headers={"Content-Type": CT})


def test_content_type_root_types_and_unknown_paths(schema_registry: RunningRegistry) -> None:
    url = schema_registry.url
    root = httpx.get(url + "/")
    assert root.status_code == 200 and root.headers["content-type"] == CT and root.json() == {}
    assert httpx.get(url + "/schemas/types").json() == ["AVRO"]
    missing = httpx.get(url + "/no/such/path")
    assert (missing.status_code, missing.json()["error_code"]) == (404, 404)
    bad_json = httpx.post(url + "/subjects/x/versions", content=b"{oops", headers={"Content-Type": CT})
    assert (bad_json.status_code, bad_json.json()["error_code"]) == (400, 400)


def test_versions_ids_and_lookup(schema_registry: RunningRegistry) -> None:
    url, subject = schema_registry.url, f"r-{uuid.uuid4().hex[:6]}"
    text = _schema(("a", "int", ...))
    schema_id = _post(url, f"/subjects/{subject}/versions", {"schema": text}).json()["id"]
    assert httpx.get(f"{url}/subjects/{subject}/versions/latest/schema").json() == json.loads(text)
    assert httpx.get(f"{url}/schemas/ids/{schema_id}/schema").json() == json.loads(text)
    assert httpx.get(f"{url}/schemas/ids/{schema_id}/versions").json() == [{"subject": subject, "version": 1}]
    found = _post(url, f"/subjects/{subject}", {"schema": json.dumps(json.loads(text), indent=2)})
    compact = json.dumps(json.loads(text), separators=(",", ":"))  # the stored canonical text
    assert found.json() == {"subject": subject, "version": 1, "id": schema_id, "schema": compact}
    not_there = _post(url, f"/subjects/{subject}", {"schema": _schema(("b", "int", ...))})
    assert (not_there.status_code, not_there.json()["error_code"]) == (404, 40403)
    for version, code in [("0", 42202), ("abc", 42202), ("9", 40402)]:
        response = httpx.get(f"{url}/subjects/{subject}/versions/{version}")
        assert response.json()["error_code"] == code, version
    assert httpx.get(f"{url}/schemas/ids/424242").json()["error_code"] == 40403
    assert httpx.get(f"{url}/config/{subject}").json()["error_code"] == 40408
    assert httpx.get(f"{url}/config/{subject}?defaultToGlobal=true").json() == {
        "compatibilityLevel": "BACKWARD"
    }


def test_transitive_levels_check_every_version(schema_registry: RunningRegistry) -> None:
    url, subject = schema_registry.url, f"t-{uuid.uuid4().hex[:6]}"
    httpx.put(f"{url}/config/{subject}", json={"compatibility": "BACKWARD_TRANSITIVE"}).raise_for_status()
    v1 = _schema(("a", "int", ...))
    v2 = _schema(("a", "int", ...), ("b", "string", "x"))
    v3 = _schema(("a", "int", ...), ("b", "string", ...))  # drops b's default: v1 data lacks b
    for text in (v1, v2):
        _post(url, f"/subjects/{subject}/versions", {"schema": text}).raise_for_status()
    latest_only = _post(
        url, f"/compatibility/subjects/{subject}/versions/latest?verbose=true", {"schema": v3}
    )
    assert latest_only.json() == {"is_compatible": True, "messages": []}
    against_all = _post(url, f"/compatibility/subjects/{subject}/versions?verbose=true", {"schema": v3})
    body = against_all.json()
    assert body["is_compatible"] is False
    assert any("'b'" in m and "/fields/1" in m for m in body["messages"])
    assert "{oldSchemaVersion: 1}" in body["messages"]
    rejected = _post(url, f"/subjects/{subject}/versions", {"schema": v3})
    assert (rejected.status_code, rejected.json()["error_code"]) == (409, 409)


def test_promotions_unions_and_enums(schema_registry: RunningRegistry) -> None:
    url = schema_registry.url

    def compatible(level: str, old: str, new: str) -> bool:
        subject = f"p-{uuid.uuid4().hex[:6]}"
        httpx.put(f"{url}/config/{subject}", json={"compatibility": level}).raise_for_status()
        _post(url, f"/subjects/{subject}/versions", {"schema": old}).raise_for_status()
        answer = _post(url, f"/compatibility/subjects/{subject}/versions/latest", {"schema": new})
        return bool(answer.json()["is_compatible"])

    assert compatible("BACKWARD", _schema(("a", "int", ...)), _schema(("a", "long", ...)))
    assert not compatible("BACKWARD", _schema(("a", "long", ...)), _schema(("a", "int", ...)))
    assert compatible(
        "FULL", _schema(("a", "int", ...)), _schema(("a", "int", ...), ("o", ["null", "int"], None))
    )
    assert not compatible(
        "FORWARD", _schema(("a", ["null", "int"], ...)), _schema(("a", ["null", "int", "string"], ...))
    )
    enum_ab = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
    enum_a = {"type": "enum", "name": "E", "symbols": ["A"]}
    assert not compatible("BACKWARD", _schema(("e", enum_ab, ...)), _schema(("e", enum_a, ...)))
    assert compatible("BACKWARD", _schema(("e", enum_a, ...)), _schema(("e", enum_ab, ...)))
    assert compatible("NONE", '"string"', '"int"')


def test_schemas_listing_config_delete_and_global_mode(schema_registry: RunningRegistry) -> None:
    url, prefix = schema_registry.url, f"l-{uuid.uuid4().hex[:6]}"
    one = _schema(("a", "int", ...))
    two = _schema(("a", "int", ...), ("b", "int", 0))
    for text in (one, two):
        _post(url, f"/subjects/{prefix}-x/versions", {"schema": text}).raise_for_status()
    listed = httpx.get(f"{url}/schemas", params={"subjectPrefix": prefix}).json()
    assert [(s["subject"], s["version"]) for s in listed] == [(f"{prefix}-x", 1), (f"{prefix}-x", 2)]
    latest = httpx.get(f"{url}/schemas", params={"subjectPrefix": prefix, "latestOnly": "true"}).json()
    assert [s["version"] for s in latest] == [2]
    httpx.put(f"{url}/config/{prefix}-x", json={"compatibility": "NONE"}).raise_for_status()
    assert httpx.delete(f"{url}/config/{prefix}-x").json() == {"compatibilityLevel": "NONE"}
    assert httpx.get(f"{url}/config/{prefix}-x").json()["error_code"] == 40408
    assert httpx.put(f"{url}/mode", json={"mode": "READONLY"}).json() == {"mode": "READONLY"}
    try:
        blocked = _post(url, f"/subjects/{prefix}-y/versions", {"schema": one})
        assert (blocked.status_code, blocked.json()["error_code"]) == (422, 42205)
        assert httpx.get(f"{url}/subjects/{prefix}-x/versions").json() == [1, 2]  # reads still work
    finally:
        httpx.put(f"{url}/mode", json={"mode": "READWRITE"}).raise_for_status()
    assert _post(url, f"/subjects/{prefix}-y/versions", {"schema": one}).status_code == 200


def test_concurrent_registrations_get_distinct_ids_and_versions(schema_registry: RunningRegistry) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url, subject = schema_registry.url, f"c-{uuid.uuid4().hex[:6]}"
    httpx.put(f"{url}/config/{subject}", json={"compatibility": "NONE"}).raise_for_status()
    texts = [json.dumps({"type": "enum", "name": f"E{subject[2:]}", "symbols": [f"S{i}"]}) for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        ids = list(
            pool.map(lambda t: _post(url, f"/subjects/{subject}/versions", {"schema": t}).json()["id"], texts)
        )
    assert len(set(ids)) == 16
    assert httpx.get(f"{url}/subjects/{subject}/versions").json() == list(range(1, 17))
    by_version = {httpx.get(f"{url}/subjects/{subject}/versions/{v}").json()["id"] for v in range(1, 17)}
    assert by_version == set(ids)
