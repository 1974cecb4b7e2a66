"""task.class names written for Java workers of a mixed cluster."""

from __future__ import annotations

from kconnect.runtime.distributed.task_class import for_config_topic, java_task_class
from kconnect.runtime.plugins import Plugins


def test_java_stand_ins_name_the_java_task_class() -> None:
    plugins = Plugins()
    assert (
        java_task_class(plugins, "FileStreamSource") == "org.apache.kafka.connect.file.FileStreamSourceTask"
    )
    assert (
        java_task_class(plugins, "io.confluent.connect.jdbc.JdbcSourceConnector")
        == "io.confluent.connect.jdbc.source.JdbcSourceTask"
    )
    assert java_task_class(plugins, "no.such.Connector") is None


def test_configs_are_rewritten_only_for_stand_ins() -> None:
    plugins = Plugins()
    configs = [{"task.class": "kconnect.connectors.file.sink.FileStreamSinkTask", "file": "f"}]
    rewritten = for_config_topic(plugins, "org.apache.kafka.connect.file.FileStreamSinkConnector", configs)
    assert rewritten == [{"task.class": "org.apache.kafka.connect.file.FileStreamSinkTask", "file": "f"}]
    assert for_config_topic(plugins, "no.such.Connector", configs) is configs
