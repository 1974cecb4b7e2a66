"""JsonConverter (Java: ``org.apache.kafka.connect.json.JsonConverter``).

Byte-compatible with Apache Kafka's converter: the same ``{"schema":...,"payload":...}``
envelope and schema JSON, the same number, base64 and map encodings.  The work is
done in Rust (``kconnect._native.JsonCodec``), one native call per batch with the
GIL released while JSON is written or parsed.

Configuration: ``schemas.enable`` (true), ``schemas.cache.size`` (1000),
``decimal.format`` (``BASE64`` | ``NUMERIC``), ``replace.null.with.default``
(true), ``converter.type`` (``key`` | ``value`` | ``header``, set by ``configure``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kconnect._native import JsonCodec
from kconnect.api.converter import Converter, HeaderConverter
from kconnect.config.definition import ConfigDef
from kconnect.config.types import Importance, Type, Width
from kconnect.config.validators import CaseInsensitiveValidString
from kconnect.converters._config import converter_config_def, with_type
from kconnect.data.schema import Schema, SchemaAndValue

__all__ = [
    "DECIMAL_FORMAT_CONFIG",
    "REPLACE_NULL_WITH_DEFAULT_CONFIG",
    "SCHEMAS_CACHE_SIZE_CONFIG",
    "SCHEMAS_ENABLE_CONFIG",
    "JsonConverter",
]

SCHEMAS_ENABLE_CONFIG = "schemas.enable"
SCHEMAS_CACHE_SIZE_CONFIG = "schemas.cache.size"
DECIMAL_FORMAT_CONFIG = "decimal.format"
REPLACE_NULL_WITH_DEFAULT_CONFIG = "replace.null.with.default"


def json_converter_config_def() -> ConfigDef:
    """The keys of :class:`JsonConverter` (Java: ``JsonConverterConfig.configDef()``)."""
    group = "Schemas"
    return (
        converter_config_def()
        .define(
            SCHEMAS_ENABLE_CONFIG,
            Type.BOOLEAN,
            True,
            importance=Importance.HIGH,
            documentation="Whether each serialised key/value carries its schema in an envelope.",
            group=group,
            order_in_group=0,
            width=Width.MEDIUM,
            display_name="Enable Schemas",
        )
        .define(
            SCHEMAS_CACHE_SIZE_CONFIG,
            Type.INT,
            1000,
            importance=Importance.HIGH,
            documentation="How many schemas this converter keeps converted in its caches.",
            group=group,
            order_in_group=1,
            width=Width.MEDIUM,
            display_name="Schema Cache Size",
        )
        .define(
            DECIMAL_FORMAT_CONFIG,
            Type.STRING,
            "BASE64",
            CaseInsensitiveValidString.in_("BASE64", "NUMERIC"),
            importance=Importance.LOW,
            documentation="How Decimal values are written: BASE64 (unscaled bytes) or NUMERIC (a number).",
            group=group,
            order_in_group=2,
            width=Width.MEDIUM,
            display_name="Decimal Format",
        )
        .define(
            REPLACE_NULL_WITH_DEFAULT_CONFIG,
            Type.BOOLEAN,
            True,
            importance=Importance.LOW,
            documentation="Whether null values of fields with a default value are replaced by that default.",
            group=group,
            order_in_group=3,
            width=Width.MEDIUM,
            display_name="Replace null with default",
        )
    )


class JsonConverter(Converter, HeaderConverter):
    """Connect data <-> JSON bytes, as Kafka's JsonConverter; also a header converter.

    Usable before ``configure`` with the defaults (schemas enabled, BASE64 decimals).
    """

    def __init__(self) -> None:
        self._codec = JsonCodec()
        self._settings: dict[str, Any] = {}

    def configure(self, configs: Mapping[str, Any], is_key: bool | None = None) -> None:
        """Configure from the converter's keys; ``is_key`` as for :class:`Converter`.

        Without ``is_key`` (the :class:`HeaderConverter` form) ``converter.type``
        comes from ``configs`` and defaults to ``header``.
        """
        parsed = json_converter_config_def().parse(with_type(dict(configs), is_key))
        self._settings = parsed
        self._codec = JsonCodec(
            schemas_enable=bool(parsed[SCHEMAS_ENABLE_CONFIG]),
            decimal_format=str(parsed[DECIMAL_FORMAT_CONFIG]).upper(),
            replace_null_with_default=bool(parsed[REPLACE_NULL_WITH_DEFAULT_CONFIG]),
            schemas_cache_size=max(0, int(parsed[SCHEMAS_CACHE_SIZE_CONFIG])),
        )

    @property
    def settings(self) -> Mapping[str, Any]:
        """The parsed configuration (empty until ``configure``)."""
        return self._settings

    def config(self) -> ConfigDef:
        return json_converter_config_def()

    # -- Converter ---------------------------------------------------------------------------
    def from_connect_data(self, topic: str, schema: Schema | None, value: Any) -> bytes | None:
        return self._codec.encode(schema, value)

    def to_connect_data(self, topic: str, data: bytes | None) -> SchemaAndValue:
        return self._codec.decode(data)

    def from_connect_batch(
        self, topic: str, items: Sequence[tuple[Schema | None, Any]]
    ) -> list[bytes | None]:
        return self._codec.encode_batch(items)

    def to_connect_batch(self, topic: str, data: Sequence[bytes | None]) -> list[SchemaAndValue]:
        return self._codec.decode_batch(data)

    # -- HeaderConverter ---------------------------------------------------------------------
    def from_connect_header(
        self, topic: str, header_key: str, schema: Schema | None, value: Any
    ) -> bytes | None:
        return self._codec.encode(schema, value)

    def to_connect_header(self, topic: str, header_key: str, data: bytes | None) -> SchemaAndValue:
        return self._codec.decode(data)

    def from_connect_headers(
        self, topic: str, items: Sequence[tuple[str, Schema | None, Any]]
    ) -> list[bytes | None]:
        """Serialise many ``(header_key, schema, value)`` in one native call."""
        return self._codec.encode_batch([(schema, value) for _, schema, value in items])

    def to_connect_headers(
        self, topic: str, items: Sequence[tuple[str, bytes | None]]
    ) -> list[SchemaAndValue]:
        """Deserialise many ``(header_key, data)`` in one native call."""
        return self._codec.decode_batch([data for _, data in items])

    # -- extras ------------------------------------------------------------------------------
    def as_json_schema(self, schema: Schema) -> bytes:
        """The schema JSON Java writes in the envelope for ``schema`` (``asJsonSchema``)."""
        return self._codec.schema_json(schema)

    def close(self) -> None:
        """Nothing to release (Java closes its Jackson (de)serialisers)."""
