"""The ``task.class`` written to the config topic, readable by Java workers of a mixed cluster.

kconnect starts a task from its connector's class and ignores ``task.class``; a Java
worker instantiates ``task.class``.  For a connector that stands in for a Java one
(registered under its Java class name, e.g.
``org.apache.kafka.connect.file.FileStreamSourceConnector``), task configs name the Java
task class, so a Java worker in the same group (or one taking the cluster over) can run
the task.  The Java convention is ``<Name>Connector`` -> ``<Name>Task`` in the same
package; the exceptions are listed.
"""

from __future__ import annotations

from kconnect.errors import ConnectError
from kconnect.runtime.plugins import Plugins, PluginType

TASK_CLASS_CONFIG = "task.class"

JAVA_TASK_CLASSES = {
    "io.confluent.connect.jdbc.JdbcSourceConnector": "io.confluent.connect.jdbc.source.JdbcSourceTask",
    "io.confluent.connect.jdbc.JdbcSinkConnector": "io.confluent.connect.jdbc.sink.JdbcSinkTask",
}


def java_task_class(plugins: Plugins, connector_class: str) -> str | None:
    """The Java task class for a connector registered under a Java name, else None."""
    try:
        desc = plugins.resolve(connector_class, PluginType.SOURCE, PluginType.SINK)
    except ConnectError:
        return None
    name = desc.class_name
    python_name = f"{desc.cls.__module__}.{desc.cls.__qualname__}"
    if name == python_name or name.startswith("kconnect."):
        return None
    if name in JAVA_TASK_CLASSES:
        return JAVA_TASK_CLASSES[name]
    if name.endswith("Connector"):
        return name[: -len("Connector")] + "Task"
    return None


def for_config_topic(
    plugins: Plugins, connector_class: str, configs: list[dict[str, str]]
) -> list[dict[str, str]]:
    java = java_task_class(plugins, connector_class)
    if java is None:
        return configs
    return [{**c, TASK_CLASS_CONFIG: java} for c in configs]
