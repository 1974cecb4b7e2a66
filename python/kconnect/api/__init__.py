"""The connector API: everything a connector author imports.

This package imports nothing from the runtime (checked by import-linter), only
the data model (:mod:`kconnect.data`), configuration definitions
(:mod:`kconnect.config`) and errors (:mod:`kconnect.errors`).
"""

from kconnect.api.connector import Connector, ConnectorContext, Task
from kconnect.api.records import ConnectRecord, Header, Headers, SinkRecord, SourceRecord
from kconnect.api.sink import (
    OffsetAndMetadata,
    SinkConnector,
    SinkConnectorContext,
    SinkTask,
    SinkTaskContext,
    TopicPartition,
)
from kconnect.api.source import (
    OffsetStorageReader,
    SourceConnector,
    SourceConnectorContext,
    SourceTask,
    SourceTaskContext,
)
from kconnect.api.transforms import Predicate, Transformation

__all__ = [
    "ConnectRecord",
    "Connector",
    "ConnectorContext",
    "Header",
    "Headers",
    "OffsetAndMetadata",
    "OffsetStorageReader",
    "Predicate",
    "SinkConnector",
    "SinkConnectorContext",
    "SinkRecord",
    "SinkTask",
    "SinkTaskContext",
    "SourceConnector",
    "SourceConnectorContext",
    "SourceRecord",
    "SourceTask",
    "SourceTaskContext",
    "Task",
    "TopicPartition",
    "Transformation",
]
