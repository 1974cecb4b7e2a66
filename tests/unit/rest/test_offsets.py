"""Contract tests: /connectors/{c}/offsets."""

from __future__ import annotations

import pytest
from fake_herder import FakeHerder
from starlette.testclient import TestClient

from conftest import assert_error
from kconnect.runtime.herder import TargetState

MISSING = "Partitions / offsets need to be provided for an alter offsets request"
ENTRY = {"partition": {"filename": "/tmp/in"}, "offset": {"position": 42}}


def test_get_offsets(client: TestClient, herder: FakeHerder, source: str) -> None:
    assert client.get("/connectors/src/offsets").json() == {"offsets": []}
    herder.offsets["src"] = [ENTRY]
    assert client.get("/connectors/src/offsets").json() == {"offsets": [ENTRY]}


def test_alter_offsets(client: TestClient, herder: FakeHerder, source: str) -> None:
    herder.targets["src"] = TargetState.STOPPED
    response = client.patch("/connectors/src/offsets", json={"offsets": [ENTRY]})
    assert response.status_code == 200
    assert response.json() == {"message": "The offsets for this connector have been altered successfully"}
    assert herder.calls[-1] == ("alter_connector_offsets", ("src", {"offsets": [ENTRY]}))


def test_alter_offsets_null_offset_passed_through(
    client: TestClient, herder: FakeHerder, source: str
) -> None:
    herder.targets["src"] = TargetState.STOPPED
    body = {"offsets": [{"partition": {"kafka_topic": "t", "kafka_partition": 0}, "offset": None}]}
    assert client.patch("/connectors/src/offsets", json=body).status_code == 200
    assert herder.calls[-1][1][1] == body


@pytest.mark.parametrize("body", [{}, {"offsets": []}, {"offsets": None}])
def test_alter_offsets_missing_or_empty_400(client: TestClient, source: str, body: object) -> None:
    assert_error(client.patch("/connectors/src/offsets", json=body), 400, MISSING)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"offsets": "x"},
        {"offsets": [1]},
        {"offsets": [{"offset": {}}]},
        {"offsets": [{"partition": {}, "offset": 3}]},
    ],
)
def test_alter_offsets_malformed_400(client: TestClient, source: str, body: object) -> None:
    assert_error(client.patch("/connectors/src/offsets", json=body), 400)


def test_alter_offsets_running_connector_400(client: TestClient, source: str) -> None:
    assert_error(client.patch("/connectors/src/offsets", json={"offsets": [ENTRY]}), 400)


def test_reset_offsets(client: TestClient, herder: FakeHerder, source: str) -> None:
    assert_error(client.delete("/connectors/src/offsets"), 400)
    herder.targets["src"] = TargetState.STOPPED
    response = client.delete("/connectors/src/offsets")
    assert response.status_code == 200
    assert response.json() == {"message": "The offsets for this connector have been reset successfully"}
