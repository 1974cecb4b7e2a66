"""Contract tests: /admin/loggers on Python logging."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from conftest import assert_error

NS = "kconnect_resttest"


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    manager = logging.Logger.manager
    saved = {n: lg.level for n, lg in list(manager.loggerDict.items()) if isinstance(lg, logging.Logger)}
    root_level = logging.getLogger().level
    yield
    for name, logger in list(manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            logger.setLevel(saved.get(name, logging.NOTSET))
    logging.getLogger().setLevel(root_level)


def test_list_has_root_and_explicit_only(client: TestClient) -> None:
    logging.getLogger(f"{NS}.implicit")
    logging.getLogger(f"{NS}.explicit").setLevel(logging.ERROR)
    body = client.get("/admin/loggers").json()
    assert body["root"]["level"] == logging.getLevelName(logging.getLogger().level).replace("WARNING", "WARN")
    assert body[f"{NS}.explicit"] == {"level": "ERROR", "last_modified": None}
    assert f"{NS}.implicit" not in body
    assert list(body) == sorted(body)


def test_get_logger_effective_level(client: TestClient) -> None:
    logging.getLogger(NS).setLevel(logging.DEBUG)
    logging.getLogger(f"{NS}.child")
    assert client.get(f"/admin/loggers/{NS}.child").json() == {"level": "DEBUG", "last_modified": None}
    assert client.get("/admin/loggers/ROOT").status_code == 200


def test_get_unknown_logger_404(client: TestClient) -> None:
    assert_error(
        client.get(f"/admin/loggers/{NS}.never.created"), 404, f"Logger {NS}.never.created not found."
    )


def test_set_level_worker_scope(client: TestClient) -> None:
    logging.getLogger(f"{NS}.a")
    logging.getLogger(f"{NS}.a.b")
    logging.getLogger(f"{NS}.other")
    response = client.put(f"/admin/loggers/{NS}.a", json={"level": "trace"})
    assert response.status_code == 200
    assert response.json() == [f"{NS}.a", f"{NS}.a.b"]
    assert logging.getLogger(f"{NS}.a.b").getEffectiveLevel() == 5
    assert logging.getLogger(f"{NS}.other").level == logging.NOTSET
    level = client.get(f"/admin/loggers/{NS}.a").json()
    assert level["level"] == "TRACE"
    assert isinstance(level["last_modified"], int)


def test_set_level_creates_logger(client: TestClient) -> None:
    response = client.put(f"/admin/loggers/{NS}.fresh", json={"level": "fatal"}, params={"scope": "worker"})
    assert response.json() == [f"{NS}.fresh"]
    assert logging.getLogger(f"{NS}.fresh").level == logging.CRITICAL


def test_set_level_cluster_scope_204(client: TestClient) -> None:
    response = client.put(f"/admin/loggers/{NS}.c", json={"level": "ERROR"}, params={"scope": "cluster"})
    assert (response.status_code, response.content) == (204, b"")
    assert logging.getLogger(f"{NS}.c").level == logging.ERROR


def test_set_level_unknown_scope_is_worker(client: TestClient) -> None:
    response = client.put(f"/admin/loggers/{NS}.d", json={"level": "INFO"}, params={"scope": "galaxy"})
    assert response.status_code == 200
    assert response.json() == [f"{NS}.d"]


def test_set_level_missing_400(client: TestClient) -> None:
    assert_error(
        client.put(f"/admin/loggers/{NS}", json={"lvl": "INFO"}),
        400,
        "Desired 'level' parameter was not specified in request.",
    )


def test_set_level_invalid_404(client: TestClient) -> None:
    assert_error(client.put(f"/admin/loggers/{NS}", json={"level": "LOUD"}), 404, "invalid log level 'LOUD'.")
