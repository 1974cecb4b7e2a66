"""Runs tests/integration/rest_contract.py against RestServer + FakeHerder (checks the checks)."""

from __future__ import annotations

import asyncio
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from fake_herder import SINK_CLASS, FakeHerder

from kconnect.rest.server import RestServer

_PATH = Path(__file__).parents[2] / "integration" / "rest_contract.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rest_contract", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    loop = asyncio.new_event_loop()
    server = RestServer(FakeHerder(), ["http://127.0.0.1:0"])
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield server.bound_urls()[0]
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_check_all_passes_against_fake(base_url: str) -> None:
    contract = _load()
    config = {"connector.class": SINK_CLASS, "topics": "t", "topic": "t", "tasks.max": "2"}
    contract.check_all(base_url, "contract-sink", config, "FileStreamSink")


def test_checks_detect_a_deviation(base_url: str) -> None:
    contract = _load()
    with pytest.raises(AssertionError, match="404"):
        contract.check_delete(base_url, "never-created")
