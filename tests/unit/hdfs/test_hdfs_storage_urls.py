"""hdfs.url forms: which filesystem, address, user and base directory each one means."""

from __future__ import annotations

from pathlib import Path

import pytest

from kconnect.connectors.hdfs.storage import open_storage
from kconnect.errors import ConnectError


def test_webhdfs_url_with_user_and_base() -> None:
    s = open_storage("webhdfs://alice@nn.example:9871/data/kafka")
    assert s.fs.url == "http://nn.example:9871/webhdfs/v1"
    assert s.fs.user == "alice"
    assert s.path("topics/t") == "/data/kafka/topics/t"
    assert s.url("topics/t") == "webhdfs://alice@nn.example:9871/data/kafka/topics/t"


def test_hdfs_rpc_url_goes_to_webhdfs_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADOOP_USER_NAME", "etl")
    s = open_storage("hdfs://nn.example:8020", webhdfs_port=50070)
    assert s.fs.url == "http://nn.example:50070/webhdfs/v1"
    assert s.fs.user == "etl"
    assert s.path("topics") == "/topics"


def test_local_paths(tmp_path: Path) -> None:
    assert open_storage(f"file://{tmp_path}").path("a") == f"{tmp_path}/a"
    assert open_storage(str(tmp_path)).path("a") == f"{tmp_path}/a"


def test_hdfs_url_without_host() -> None:
    with pytest.raises(ConnectError, match="names no host"):
        open_storage("hdfs:///data")
