"""Built-in converters (Java names accepted as aliases via :data:`BUILTIN_CONVERTERS`).

==========================  ===================================================================
``JsonConverter``           ``org.apache.kafka.connect.json.JsonConverter`` (also a header converter)
``StringConverter``         ``org.apache.kafka.connect.storage.StringConverter``
``ByteArrayConverter``      ``org.apache.kafka.connect.converters.ByteArrayConverter``
``SimpleHeaderConverter``   ``org.apache.kafka.connect.storage.SimpleHeaderConverter``
==========================  ===================================================================

Every class implements the batch methods with one native call per batch.
"""

from __future__ import annotations

from kconnect.converters.bytearray import ByteArrayConverter
from kconnect.converters.header import SimpleHeaderConverter
from kconnect.converters.json import JsonConverter
from kconnect.converters.string import StringConverter

__all__ = [
    "BUILTIN_CONVERTERS",
    "ByteArrayConverter",
    "JsonConverter",
    "SimpleHeaderConverter",
    "StringConverter",
]

BUILTIN_CONVERTERS: dict[str, type] = {
    "JsonConverter": JsonConverter,
    "org.apache.kafka.connect.json.JsonConverter": JsonConverter,
    "StringConverter": StringConverter,
    "org.apache.kafka.connect.storage.StringConverter": StringConverter,
    "ByteArrayConverter": ByteArrayConverter,
    "org.apache.kafka.connect.converters.ByteArrayConverter": ByteArrayConverter,
    "SimpleHeaderConverter": SimpleHeaderConverter,
    "org.apache.kafka.connect.storage.SimpleHeaderConverter": SimpleHeaderConverter,
}
"""Short names and Java class names of the built-in converters -> class."""
