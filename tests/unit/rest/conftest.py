"""Fixtures for the REST contract tests: a FakeHerder and a TestClient over create_app."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from fake_herder import SOURCE_CLASS, FakeHerder
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient; httpx still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from kconnect.rest import create_app
from kconnect.runtime.herder import TargetState


@pytest.fixture
def herder() -> FakeHerder:
    return FakeHerder()


@pytest.fixture
def client(herder: FakeHerder) -> Iterator[TestClient]:
    with TestClient(create_app(herder), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def source(herder: FakeHerder) -> str:
    """A running source connector named ``src`` with two tasks."""
    herder.configs["src"] = {
        "name": "src",
        "connector.class": SOURCE_CLASS,
        "tasks.max": "2",
        "file": "/tmp/in",
    }
    herder.targets["src"] = TargetState.STARTED
    return "src"


def assert_error(response: object, status: int, message: str | None = None) -> None:
    """The response is Connect's error body with ``status`` (and ``message`` if given)."""
    # TestClient returns an httpx or an httpx2 Response (Starlette prefers httpx2 when installed)
    assert hasattr(response, "status_code") and hasattr(response, "json"), response
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error_code", "message"}
    assert body["error_code"] == status
    if message is not None:
        assert body["message"] == message, body["message"]
