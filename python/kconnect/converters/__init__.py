"""Built-in converters (Java names accepted as aliases via :data:`BUILTIN_CONVERTERS`).

==========================  ===================================================================
``JsonConverter``           ``org.apache.kafka.connect.json.JsonConverter`` (also a header converter)
``StringConverter``         ``org.apache.kafka.connect.storage.StringConverter``
``ByteArrayConverter``      ``org.apache.kafka.connect.converters.ByteArrayConverter``
``SimpleHeaderConverter``   ``org.apache.kafka.connect.storage.SimpleHeaderConverter``
``AvroConverter``           ``io.confluent.connect.avro.AvroConverter`` (Confluent wire format, with a
                            Schema Registry: kconnect's ``kconnect schema-registry`` or Confluent's)
``LongConverter`` etc.      ``org.apache.kafka.connect.converters.LongConverter`` (also Short,
                            Integer, Float, Double and Boolean)
==========================  ===================================================================

Every class implements the batch methods with one native call per batch.
"""

from __future__ import annotations

from kconnect.converters.avro import AvroConverter
from kconnect.converters.bytearray import ByteArrayConverter
from kconnect.converters.header import SimpleHeaderConverter
from kconnect.converters.json import JsonConverter
from kconnect.converters.number import (
    BooleanConverter,
    DoubleConverter,
    FloatConverter,
    IntegerConverter,
    LongConverter,
    ShortConverter,
)
from kconnect.converters.string import StringConverter

__all__ = [
    "BUILTIN_CONVERTERS",
    "AvroConverter",
    "BooleanConverter",
    "ByteArrayConverter",
    "DoubleConverter",
    "FloatConverter",
    "IntegerConverter",
    "JsonConverter",
    "LongConverter",
    "ShortConverter",
    "SimpleHeaderConverter",
    "StringConverter",
]

BUILTIN_CONVERTERS: dict[str, type] = {
    "JsonConverter": JsonConverter,
    "org.apache.kafka.connect.json.JsonConverter": JsonConverter,
    "StringConverter": StringConverter,
    "org.apache.kafka.connect.storage.StringConverter": StringConverter,
    "AvroConverter": AvroConverter,
    "io.confluent.connect.avro.AvroConverter": AvroConverter,
    "ByteArrayConverter": ByteArrayConverter,
    "org.apache.kafka.connect.converters.ByteArrayConverter": ByteArrayConverter,
    "SimpleHeaderConverter": SimpleHeaderConverter,
    "org.apache.kafka.connect.storage.SimpleHeaderConverter": SimpleHeaderConverter,
}
for _cls in (
    ShortConverter,
    IntegerConverter,
    LongConverter,
    FloatConverter,
    DoubleConverter,
    BooleanConverter,
):
    BUILTIN_CONVERTERS[_cls.__name__] = _cls
    BUILTIN_CONVERTERS[f"org.apache.kafka.connect.converters.{_cls.__name__}"] = _cls
del _cls
"""Short names and Java class names of the built-in converters -> class."""
