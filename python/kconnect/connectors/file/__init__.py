"""FileStream connectors (Java: ``org.apache.kafka.connect.file``).

A file (or stdin) into a topic, and topics into a file (or stdout).
"""

from kconnect.connectors.file.sink import FileStreamSinkConnector, FileStreamSinkTask
from kconnect.connectors.file.source import FileStreamSourceConnector, FileStreamSourceTask

__all__ = [
    "FileStreamSinkConnector",
    "FileStreamSinkTask",
    "FileStreamSourceConnector",
    "FileStreamSourceTask",
]
