"""FileStream connectors (Java: ``org.apache.kafka.connect.file``): a file/stdin to a topic, topics to a file/stdout."""

from kconnect.connectors.file.sink import FileStreamSinkConnector, FileStreamSinkTask
from kconnect.connectors.file.source import FileStreamSourceConnector, FileStreamSourceTask

__all__ = ["FileStreamSinkConnector", "FileStreamSinkTask", "FileStreamSourceConnector", "FileStreamSourceTask"]
