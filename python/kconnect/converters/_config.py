"""Configuration definitions shared by the built-in converters (Java: ``ConverterConfig``)."""

from __future__ import annotations

from kconnect.config.definition import ConfigDef
from kconnect.config.types import Importance, Type
from kconnect.config.validators import ValidString

TYPE_CONFIG = "converter.type"
CONVERTER_TYPES = ("key", "value", "header")


def converter_config_def() -> ConfigDef:
    """The keys every converter accepts: ``converter.type`` (set by the runtime)."""
    return ConfigDef().define(
        TYPE_CONFIG,
        Type.STRING,
        validator=ValidString.in_(*CONVERTER_TYPES),
        importance=Importance.LOW,
        documentation="What the converter is used for: key, value or header.",
    )


def with_type(configs: dict[str, object], is_key: bool | None) -> dict[str, object]:
    """``configs`` with ``converter.type`` set as Java's ``configure(configs, isKey)`` does.

    ``is_key=None`` is the header-converter path: the type defaults to ``header``.
    """
    conf = dict(configs)
    if is_key is not None:
        conf[TYPE_CONFIG] = "key" if is_key else "value"
    else:
        conf.setdefault(TYPE_CONFIG, "header")
    return conf
