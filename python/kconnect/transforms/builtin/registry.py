"""Java class name -> built-in transform/predicate class."""

from __future__ import annotations

from kconnect.transforms.builtin.cast import CastKey, CastValue
from kconnect.transforms.builtin.extract_field import ExtractFieldKey, ExtractFieldValue
from kconnect.transforms.builtin.flatten import FlattenKey, FlattenValue
from kconnect.transforms.builtin.headers import (
    DropHeaders,
    Filter,
    HeaderFromKey,
    HeaderFromValue,
    InsertHeader,
)
from kconnect.transforms.builtin.insert_field import InsertFieldKey, InsertFieldValue
from kconnect.transforms.builtin.mask_field import MaskFieldKey, MaskFieldValue
from kconnect.transforms.builtin.predicates import HasHeaderKey, RecordIsTombstone, TopicNameMatches
from kconnect.transforms.builtin.replace_field import ReplaceFieldKey, ReplaceFieldValue
from kconnect.transforms.builtin.routers import RegexRouter, TimestampRouter
from kconnect.transforms.builtin.schema_metadata import SetSchemaMetadataKey, SetSchemaMetadataValue
from kconnect.transforms.builtin.timestamp_converter import TimestampConverterKey, TimestampConverterValue
from kconnect.transforms.builtin.value_to_key import HoistFieldKey, HoistFieldValue, ValueToKey

_TRANSFORMS: list[type] = [
    CastKey,
    CastValue,
    DropHeaders,
    ExtractFieldKey,
    ExtractFieldValue,
    Filter,
    FlattenKey,
    FlattenValue,
    HeaderFromKey,
    HeaderFromValue,
    HoistFieldKey,
    HoistFieldValue,
    InsertFieldKey,
    InsertFieldValue,
    InsertHeader,
    MaskFieldKey,
    MaskFieldValue,
    RegexRouter,
    ReplaceFieldKey,
    ReplaceFieldValue,
    SetSchemaMetadataKey,
    SetSchemaMetadataValue,
    TimestampConverterKey,
    TimestampConverterValue,
    TimestampRouter,
    ValueToKey,
]
_PREDICATES: list[type] = [HasHeaderKey, RecordIsTombstone, TopicNameMatches]

APACHE_KAFKA_VERSION = "4.1.1"
"""The Apache Kafka release whose transforms these mirror (the version ``GET /connector-plugins`` shows)."""

for _cls in (*_TRANSFORMS, *_PREDICATES):
    _cls.VERSION = APACHE_KAFKA_VERSION  # type: ignore[attr-defined]

BUILTIN_TRANSFORMS: dict[str, type] = {c.JAVA_NAME: c for c in _TRANSFORMS}  # type: ignore[attr-defined]
BUILTIN_PREDICATES: dict[str, type] = {c.JAVA_NAME: c for c in _PREDICATES}  # type: ignore[attr-defined]
