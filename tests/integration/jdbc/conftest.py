"""Fixtures of the JDBC source tests: a real PostgreSQL server (session) and a fresh database per test."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest

from kconnect.dev.postgres import PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster for the whole session (``kconnect dev postgres`` does the same)."""
    with PostgresServer() as server:
        yield server


@pytest.fixture
def pg_database(postgres: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """The name of a fresh, empty database; dropped after the test."""
    slug = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    name = f"t_{slug}_{uuid.uuid4().hex[:6]}"
    postgres.create_database(name)
    yield name
    postgres.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
