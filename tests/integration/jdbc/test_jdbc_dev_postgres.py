"""``kconnect dev postgres`` and :class:`PostgresServer`: a real throwaway PostgreSQL cluster."""

from __future__ import annotations

import selectors
import signal
import subprocess
import sys

import psycopg
import pytest

from kconnect.cli.dev import POSTGRES_READY_LINE
from kconnect.dev.local import port_open
from kconnect.dev.postgres import PostgresServer


def test_dev_postgres_prints_a_url_that_accepts_logins_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kconnect.cli.main", "dev", "postgres", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        assert selector.select(60), "no ready line within 60 s"
        line = proc.stdout.readline().strip()
        prefix = POSTGRES_READY_LINE.format(url="")
        assert line.startswith(prefix), line
        url = line[len(prefix) :]
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_setting('fsync')").fetchone() == ("off",)
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert not port_open(port)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_server_restarts_with_its_data_and_rejects_wrong_passwords() -> None:
    with PostgresServer(password="Pw-restart-1") as server:
        server.psql("CREATE TABLE kept (v INT); INSERT INTO kept VALUES (42)")
        server.stop()
        assert not server.is_running()
        server.start()
        assert server.psql("SELECT v FROM kept").strip() == "42"
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(server.url().replace("Pw-restart-1", "wrong"))
        root = server.root
    assert not root.exists()
