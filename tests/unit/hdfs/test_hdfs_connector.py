"""The connector class: names it is known by, validation, task configs."""

from __future__ import annotations

import pytest

from kconnect.connectors.hdfs import Hdfs3SinkConnector, HdfsSinkConnector
from kconnect.errors import ConfigError
from kconnect.runtime.plugins import Plugins


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("io.confluent.connect.hdfs.HdfsSinkConnector", HdfsSinkConnector),
        ("HdfsSink", HdfsSinkConnector),
        ("io.confluent.connect.hdfs3.Hdfs3SinkConnector", Hdfs3SinkConnector),
    ],
)
def test_resolved_by_reference_names(name: str, cls: type) -> None:
    assert Plugins(load_entry_points=False).connector_class(name) is cls


def test_validate_reports_the_key_at_fault() -> None:
    values = {
        v.name: v
        for v in HdfsSinkConnector().validate(
            {"hdfs.url": "file:///tmp/x", "flush.size": "1", "partitioner.class": "Daily"}
        )
    }
    assert values["timezone"].errors == ["timezone is required by the daily partitioner"]
    values = {v.name: v for v in HdfsSinkConnector().validate({"hdfs.url": "file:///tmp/x"})}
    assert values["flush.size"].errors


def test_start_rejects_bad_config_and_splits_tasks() -> None:
    connector = HdfsSinkConnector()
    with pytest.raises(ConfigError, match=r"flush\.size"):
        connector.start({"hdfs.url": "file:///tmp/x", "flush.size": "0"})
    connector.start({"hdfs.url": "file:///tmp/x", "flush.size": "5", "topics": "a"})
    assert connector.task_configs(3) == [{"hdfs.url": "file:///tmp/x", "flush.size": "5", "topics": "a"}] * 3
