"""A parsed configuration with typed getters (Java ``AbstractConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kconnect.config.definition import ConfigDef
from kconnect.config.types import Password, Type

__all__ = ["ParsedConfig"]


class ParsedConfig:
    """``definition`` applied to ``props``: raises ``ConfigError`` listing every bad key.

    Keys the definition does not know are kept in :meth:`originals` (they are passed on to
    clients, converters and plugins).
    """

    def __init__(self, definition: ConfigDef, props: Mapping[str, Any]) -> None:
        self.definition = definition
        self._originals = dict(props)
        self._values = definition.parse(self._originals)

    def values(self) -> dict[str, Any]:
        """Parsed values of every defined key."""
        return dict(self._values)

    def get(self, name: str) -> Any:
        """The parsed value of a defined key (``KeyError`` if undefined)."""
        if name not in self._values:
            raise KeyError(f"Unknown configuration '{name}'")
        return self._values[name]

    def _typed(self, name: str, expected: tuple[Type, ...]) -> Any:
        key = self.definition.key(name) if name in self.definition else None
        if key is None:
            raise KeyError(f"Unknown configuration '{name}'")
        if key.type not in expected:
            raise TypeError(f"Configuration '{name}' is of type {key.type.value}")
        return self._values[name]

    def get_int(self, name: str) -> int | None:
        """An INT, SHORT or LONG value."""
        value: int | None = self._typed(name, (Type.INT, Type.SHORT, Type.LONG))
        return value

    get_long = get_int
    get_short = get_int

    def get_double(self, name: str) -> float | None:
        """A DOUBLE value."""
        value: float | None = self._typed(name, (Type.DOUBLE,))
        return value

    def get_boolean(self, name: str) -> bool | None:
        """A BOOLEAN value."""
        value: bool | None = self._typed(name, (Type.BOOLEAN,))
        return value

    def get_string(self, name: str) -> str | None:
        """A STRING value."""
        value: str | None = self._typed(name, (Type.STRING,))
        return value

    def get_list(self, name: str) -> list[str] | None:
        """A LIST value."""
        value: list[str] | None = self._typed(name, (Type.LIST,))
        return value

    def get_class(self, name: str) -> Any:
        """A CLASS value: a class name string (or a class object given programmatically)."""
        return self._typed(name, (Type.CLASS,))

    def get_password(self, name: str) -> Password | None:
        """A PASSWORD value (``.value()`` reveals it)."""
        value: Password | None = self._typed(name, (Type.PASSWORD,))
        return value

    def originals(self) -> dict[str, Any]:
        """Every key given, defined or not, unparsed."""
        return dict(self._originals)

    def originals_strings(self) -> dict[str, str]:
        """:meth:`originals` as strings (passwords revealed)."""
        return {k: v.value() if isinstance(v, Password) else str(v) for k, v in self._originals.items()}

    def originals_with_prefix(self, prefix: str, strip: bool = True) -> dict[str, Any]:
        """Originals whose key starts with ``prefix``; the prefix is removed when ``strip``."""
        return {
            (k[len(prefix) :] if strip else k): v for k, v in self._originals.items() if k.startswith(prefix)
        }

    def values_with_prefix_override(self, prefix: str) -> dict[str, Any]:
        """Parsed values where ``<prefix><key>`` (parsed with the key's type) overrides ``<key>``."""
        result = self.values()
        for key, value in self.originals_with_prefix(prefix).items():
            if key in self.definition:
                result[key] = self.definition.parse_value(key, value)
        return result

    def unused_keys(self) -> set[str]:
        """Original keys that the definition does not define."""
        return {k for k in self._originals if k not in self.definition}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParsedConfig) and other._originals == self._originals

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._originals)))
