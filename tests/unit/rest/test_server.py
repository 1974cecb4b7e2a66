"""RestServer: listeners, binding inside the caller's loop, URLs, stop."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fake_herder import FakeHerder

from kconnect.errors import ConfigError
from kconnect.rest.server import Listener, RestServer, parse_listener


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://:8083", Listener("http", "", 8083)),
        ("http://0.0.0.0:8083", Listener("http", "0.0.0.0", 8083)),
        ("HTTP://localhost:0", Listener("http", "localhost", 0)),
        ("http://[::1]:9000", Listener("http", "::1", 9000)),
    ],
)
def test_parse_listener(raw: str, expected: Listener) -> None:
    assert parse_listener(raw) == expected


@pytest.mark.parametrize("raw", ["localhost:8083", "ftp://:21", "http://host", "http://:70000"])
def test_parse_listener_invalid(raw: str) -> None:
    with pytest.raises(ConfigError):
        parse_listener(raw)


def test_https_not_supported_yet() -> None:
    with pytest.raises(ConfigError, match="not supported yet"):
        parse_listener("https://:8443")


async def _roundtrip() -> None:
    herder = FakeHerder()
    server = RestServer(herder, ["http://127.0.0.1:0", "http://127.0.0.1:0"])
    await server.start()
    try:
        urls = server.bound_urls()
        assert len(urls) == 2
        assert all(u.startswith("http://127.0.0.1:") and u.endswith("/") for u in urls)
        assert server.advertised_url() == urls[0]
        async with httpx.AsyncClient() as client:
            for url in urls:
                response = await client.get(url + "connectors")
                assert (response.status_code, response.json()) == (200, [])
            response = await client.get(urls[0] + "nope")
            assert response.json() == {"error_code": 404, "message": "HTTP 404 Not Found"}
    finally:
        await server.stop()
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(urls[0])


def test_start_serve_stop() -> None:
    asyncio.run(_roundtrip())


def test_advertised_url_overrides() -> None:
    server = RestServer(FakeHerder(), ["http://:8083"], advertised_host="worker1", advertised_port=9999)
    assert server.advertised_url() == "http://worker1:9999/"
    server = RestServer(FakeHerder(), ["http://10.1.2.3:8083"])
    assert server.advertised_url() == "http://10.1.2.3:8083/"


def test_bind_conflict_is_config_error() -> None:
    async def run() -> None:
        first = RestServer(FakeHerder(), ["http://127.0.0.1:0"])
        await first.start()
        try:
            port = first.bound_urls()[0].rsplit(":", 1)[1].rstrip("/")
            second = RestServer(FakeHerder(), [f"http://127.0.0.1:{port}"])
            with pytest.raises(ConfigError):
                await second.start()
        finally:
            await first.stop()

    asyncio.run(run())
