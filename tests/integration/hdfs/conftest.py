"""Fixtures of the HDFS sink tests: one real HDFS (NameNode + DataNode, WebHDFS) for the session."""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from kconnect.dev.hdfs import HdfsCluster
from kconnect.dev.postgres import PostgresServer


@pytest.fixture(scope="session")
def hdfs() -> Iterator[HdfsCluster]:
    """A real single-node HDFS started by ``kconnect.dev.hdfs`` (as ``kconnect dev hdfs`` does)."""
    with HdfsCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def hdfs_postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster for the database -> Kafka -> HDFS pipeline test."""
    with PostgresServer() as server:
        yield server


@pytest.fixture
def hdfs_running(hdfs: HdfsCluster) -> HdfsCluster:
    """The session cluster, started again if an earlier test left it stopped."""
    if not hdfs.is_running():
        hdfs.start()
    return hdfs


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed HDFS test shows the end of the cluster log."""
    report = yield
    cluster = getattr(item, "funcargs", {}).get("hdfs") or getattr(item, "funcargs", {}).get("hdfs_running")
    if report.failed and isinstance(cluster, HdfsCluster) and (tail := cluster.log_tail(20)):
        report.sections.append((f"hdfs log ({cluster.log_file})", tail))
    return report
