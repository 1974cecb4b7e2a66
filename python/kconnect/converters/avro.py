"""AvroConverter (Java: ``io.confluent.connect.avro.AvroConverter``): Avro in the Confluent wire format.

Each value is ``0x00`` (magic byte), the 4-byte big-endian schema id, then the Avro binary
datum.  Schemas are mapped as :mod:`kconnect.converters.avro_data` describes and registered with
a Schema Registry (kconnect's own or Confluent's) under the subject the configured strategy names.

Configuration (the Confluent keys):

==================================  ============  ===============================================
``schema.registry.url``             (required)    comma-separated registry URLs
``auto.register.schemas``           true          register unseen schemas; false: look them up
``use.latest.version``              false         write with the subject's latest schema
``key.subject.name.strategy``       TopicName     ``TopicNameStrategy`` (``<topic>-key|value``),
``value.subject.name.strategy``                   ``RecordNameStrategy`` (record full name),
                                                  ``TopicRecordNameStrategy`` (``<topic>-<name>``);
                                                  short or ``io.confluent...subject.`` names
``basic.auth.credentials.source``   URL           ``USER_INFO`` (``basic.auth.user.info``) or
                                                  ``URL`` (``http://user:pass@host``)
``max.retries``                     3             retries of an unreachable registry, with
``retries.wait.ms``                 1000          exponential backoff capped at
``retries.max.wait.ms``             20000         ``retries.max.wait.ms``
==================================  ============  ===============================================

Caches: the Avro schema per Connect schema, the id per (subject, schema), the Connect schema and
compiled codec per id; a batch of records of one schema costs one lookup.  Bad input: a wrong
magic byte, a short payload, an unknown id or undecodable bytes raise :class:`DataError` naming
the topic (the runtime adds partition and offset and routes it to the error path).
"""

from __future__ import annotations

import struct
import threading
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, cast

from kconnect.api.converter import Converter
from kconnect.converters.avro_client import RegistryClient
from kconnect.converters.avro_codec import ValueCodec, value_codec
from kconnect.converters.avro_data import schema_text, to_avro_schema, to_connect_schema
from kconnect.data.schema import Schema, SchemaAndValue, Type
from kconnect.errors import ConfigError, DataError

__all__ = ["AvroConverter"]

MAGIC = 0
_HEADER = struct.Struct(">bI")
_STRATEGIES = ("TopicNameStrategy", "RecordNameStrategy", "TopicRecordNameStrategy")
_STRATEGY_PACKAGE = "io.confluent.kafka.serializers.subject."


class _Writer:
    """Everything needed to write values of one Connect schema: id, prefix, codec."""

    def __init__(self, schema_id: int, codec: ValueCodec) -> None:
        self.prefix = _HEADER.pack(MAGIC, schema_id)
        self.codec = codec


class _Reader:
    """Everything needed to read values written with one schema id."""

    def __init__(self, schema: Schema, codec: ValueCodec) -> None:
        self.schema = schema
        self.codec = codec


class AvroConverter(Converter):
    """Connect data <-> Confluent-framed Avro, schemas in a Schema Registry."""

    def __init__(self) -> None:
        self._client: RegistryClient | None = None
        self._is_key = False
        self._auto_register = True
        self._use_latest = False
        self._strategy = "TopicNameStrategy"
        self._lock = threading.Lock()
        self._writers: dict[tuple[str, Schema], _Writer] = {}
        self._readers: dict[tuple[str, int], _Reader] = {}

    def configure(self, configs: Mapping[str, Any], is_key: bool) -> None:
        urls = [u.strip() for u in str(configs.get("schema.registry.url", "")).split(",") if u.strip()]
        if not urls:
            raise ConfigError(
                'Missing required configuration "schema.registry.url" which has no default value.'
            )
        user_info, urls = _credentials(configs, urls)
        self._client = RegistryClient(
            urls,
            user_info=user_info,
            max_retries=int(configs.get("max.retries", 3)),
            retry_wait_ms=int(configs.get("retries.wait.ms", 1000)),
            retry_max_wait_ms=int(configs.get("retries.max.wait.ms", 20000)),
        )
        self._is_key = is_key
        self._auto_register = _bool(configs.get("auto.register.schemas", True))
        self._use_latest = _bool(configs.get("use.latest.version", False))
        key = "key.subject.name.strategy" if is_key else "value.subject.name.strategy"
        strategy = str(configs.get(key, "TopicNameStrategy")).removeprefix(_STRATEGY_PACKAGE)
        if strategy not in _STRATEGIES:
            raise ConfigError(
                f"Invalid value {configs.get(key)} for configuration {key}: "
                f"must be one of {', '.join(_STRATEGIES)}"
            )
        self._strategy = strategy

    # -- writing -------------------------------------------------------------------------------
    def from_connect_data(self, topic: str, schema: Schema | None, value: Any) -> bytes | None:
        return self.from_connect_batch(topic, [(schema, value)])[0]

    def from_connect_batch(
        self, topic: str, items: Sequence[tuple[Schema | None, Any]]
    ) -> list[bytes | None]:
        out: list[bytes | None] = [None] * len(items)
        groups: dict[Schema, list[int]] = {}
        for i, (schema, value) in enumerate(items):
            if schema is None:
                if value is not None:
                    raise DataError(
                        f"Failed to serialize Avro data for topic {topic}: a schemaless value "
                        "cannot be written as Avro"
                    )
                continue
            if value is None and schema.default is None:
                if not schema.optional:
                    raise DataError(
                        f"Failed to serialize Avro data for topic {topic}: null value for a "
                        "required schema without default"
                    )
                continue
            groups.setdefault(schema, []).append(i)
        for schema, indexes in groups.items():
            writer = self._writer(topic, schema)
            try:
                encoded = writer.codec.encode([items[i][1] for i in indexes], writer.prefix)
            except DataError as exc:
                raise DataError(f"Failed to serialize Avro data for topic {topic}: {exc}") from exc
            for i, payload in zip(indexes, encoded, strict=True):
                out[i] = payload
        return out

    def _writer(self, topic: str, schema: Schema) -> _Writer:
        key = (topic, schema)
        with self._lock:
            writer = self._writers.get(key)
        if writer is not None:
            return writer
        client = self._require_client()
        avro = to_avro_schema(schema)
        text = schema_text(avro)
        subject = self._subject(topic, avro)
        if self._use_latest:
            latest = client.latest(subject)
            schema_id, avro = latest.id, _loads(latest.schema)
        elif self._auto_register:
            schema_id = client.register(subject, text)
        else:
            schema_id = client.lookup(subject, text)
        writer = _Writer(schema_id, value_codec(schema, avro))
        with self._lock:
            self._writers[key] = writer
        return writer

    def _subject(self, topic: str, avro: Any) -> str:
        suffix = "key" if self._is_key else "value"
        if self._strategy == "TopicNameStrategy":
            return f"{topic}-{suffix}"
        name = _record_name(avro)
        return name if self._strategy == "RecordNameStrategy" else f"{topic}-{name}"

    # -- reading -------------------------------------------------------------------------------
    def to_connect_data(self, topic: str, data: bytes | None) -> SchemaAndValue:
        return self.to_connect_batch(topic, [data])[0]

    def to_connect_batch(self, topic: str, data: Sequence[bytes | None]) -> list[SchemaAndValue]:
        out: list[SchemaAndValue] = [SchemaAndValue(None, None)] * len(data)
        groups: dict[int, list[int]] = {}
        for i, raw in enumerate(data):
            if raw is None:
                continue
            if len(raw) < _HEADER.size:
                raise DataError(
                    f"Failed to deserialize Avro data for topic {topic}: {len(raw)} bytes is too "
                    "short for the Confluent wire format (magic byte and 4-byte schema id)"
                )
            magic, schema_id = _HEADER.unpack_from(raw)
            if magic != MAGIC:
                raise DataError(
                    f"Failed to deserialize Avro data for topic {topic}: Unknown magic byte {magic}!"
                )
            groups.setdefault(schema_id, []).append(i)
        for schema_id, indexes in groups.items():
            reader = self._reader(topic, schema_id)
            try:
                values = reader.codec.decode([cast(bytes, data[i]) for i in indexes], _HEADER.size)
            except DataError as exc:
                raise DataError(
                    f"Failed to deserialize Avro data for topic {topic} (schema id {schema_id}): {exc}"
                ) from exc
            for i, value in zip(indexes, values, strict=True):
                out[i] = SchemaAndValue(reader.schema, value)
        return out

    def _reader(self, topic: str, schema_id: int) -> _Reader:
        with self._lock:
            reader = self._readers.get((topic, schema_id))
        if reader is not None:
            return reader
        try:
            text, ref_texts, ref_list = self._require_client().schema_with_references(schema_id)
        except DataError as exc:
            raise DataError(
                f"Failed to deserialize Avro data for topic {topic}: schema id {schema_id}: {exc}"
            ) from exc
        avro, refs = _loads(text), [_loads(t) for t in ref_texts]
        plain = to_connect_schema(avro, refs)
        schema = self._with_registry_version(topic, plain, avro, text, ref_list)
        reader = _Reader(schema, value_codec(schema, avro, refs, layout=plain))
        with self._lock:
            self._readers[(topic, schema_id)] = reader
        return reader

    def _with_registry_version(
        self, topic: str, schema: Schema, avro: Any, text: str, references: list[Any]
    ) -> Schema:
        """``schema`` with its version under the subject, as Confluent's AvroConverter reads.

        When the Avro schema has no ``connect.version``, the version it holds under the subject
        the strategy names becomes the Connect schema's version (sinks such as HDFS order schema
        changes by it); a schema not registered under that subject keeps no version.
        """
        if schema.version is not None or schema.type is not Type.STRUCT:
            return schema
        version = self._require_client().version_of(self._subject(topic, avro), text, references)
        if version is None:
            return schema
        return Schema(
            schema.type,
            optional=schema.optional,
            default=schema.default,
            name=schema.name,
            version=version,
            doc=schema.doc,
            parameters=schema.parameters,
            fields=[(f.name, f.schema) for f in schema.fields],
        )

    def _require_client(self) -> RegistryClient:
        if self._client is None:
            raise ConfigError("AvroConverter is not configured")
        return self._client


def _loads(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError as exc:
        raise DataError(f"The registry returned an invalid schema: {exc}") from exc


def _record_name(avro: Any) -> str:
    if isinstance(avro, dict) and avro.get("type") in ("record", "enum", "fixed"):
        ns = avro.get("namespace")
        return f"{ns}.{avro['name']}" if ns else str(avro["name"])
    if isinstance(avro, list):
        named = [b for b in avro if b != "null"]
        if len(named) == 1:
            return _record_name(named[0])
    return str(avro["type"] if isinstance(avro, dict) else avro)


def _bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() == "true"


def _credentials(configs: Mapping[str, Any], urls: list[str]) -> tuple[str | None, list[str]]:
    """``basic.auth.credentials.source``: USER_INFO takes ``basic.auth.user.info``; URL the URLs' userinfo."""
    source = str(configs.get("basic.auth.credentials.source", "URL")).upper()
    if source == "USER_INFO":
        info = configs.get("basic.auth.user.info") or configs.get("schema.registry.basic.auth.user.info")
        return (str(info) if info else None), urls
    if source != "URL":
        raise ConfigError(
            f"Invalid value {source} for configuration basic.auth.credentials.source: "
            "must be URL or USER_INFO"
        )
    user_info, clean = None, []
    for raw in urls:
        url = raw
        parts = urllib.parse.urlsplit(raw)
        if parts.username is not None:
            user_info = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            url = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
        clean.append(url)
    return user_info, clean
