"""Configuration value types and Java ``ConfigDef.parseType``/``convertToString`` rules.

Decision: Java's ``CLASS`` type loads the class; kconnect keeps the (trimmed) class name as a
string because plugin resolution belongs to the plugin loader.  A Python class given directly is
kept as is and rendered as ``module.QualName``.
"""

from __future__ import annotations

import enum
import math
import re
from decimal import Decimal
from typing import Any, Final

from kconnect.errors import ConfigError

__all__ = [
    "JAVA_TRIM_CHARS",
    "NO_DEFAULT",
    "Importance",
    "Password",
    "Type",
    "Width",
    "convert_to_string",
    "invalid_value",
    "java_str",
    "java_trim",
    "parse_type",
]


class Type(enum.Enum):
    """The type of a configuration key (Java ``ConfigDef.Type``)."""

    BOOLEAN = "BOOLEAN"
    STRING = "STRING"
    INT = "INT"
    SHORT = "SHORT"
    LONG = "LONG"
    DOUBLE = "DOUBLE"
    LIST = "LIST"
    CLASS = "CLASS"
    PASSWORD = "PASSWORD"


class Importance(enum.Enum):
    """How important a key is to set (Java ``ConfigDef.Importance``)."""

    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class Width(enum.Enum):
    """Display width hint for UIs (Java ``ConfigDef.Width``)."""

    NONE = "NONE"
    SHORT = "SHORT"
    MEDIUM = "MEDIUM"
    LONG = "LONG"


class _NoDefault:
    """Marker for a key without a default (it is then required)."""

    _instance: _NoDefault | None = None

    def __new__(cls) -> _NoDefault:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Final = _NoDefault()


class Password:
    """A secret value: ``str``/``repr`` show ``[hidden]``; :meth:`value` returns the secret."""

    HIDDEN: Final = "[hidden]"
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def value(self) -> str:
        """The secret itself."""
        return self._value

    def __str__(self) -> str:
        return self.HIDDEN

    def __repr__(self) -> str:
        return self.HIDDEN

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Password) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


_INT_RE = re.compile(r"[+-]?\d+")  # \d: any Unicode decimal digit, as Java's parseInt
_DOUBLE_RE = re.compile(r"[+-]?(NaN|Infinity|(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?))[fFdD]?")
_COMMA = re.compile(r"[ \t\n\x0b\f\r]*,[ \t\n\x0b\f\r]*")  # Java's \s is ASCII-only
JAVA_TRIM_CHARS = "".join(chr(c) for c in range(0x21))


def java_trim(text: str) -> str:
    """Java's ``String.trim``: strip characters up to U+0020 (not Unicode whitespace)."""
    return text.strip(JAVA_TRIM_CHARS)


_RANGES = {Type.SHORT: 16, Type.INT: 32, Type.LONG: 64}


def java_double_str(value: float) -> str:
    """Render a float like Java's ``Double.toString``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(float(value))
    _sign, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(str(d) for d in digit_tuple)
    mantissa = digits[0] + "." + (digits[1:] or "0")
    return f"{'-' if value < 0 else ''}{mantissa}E{len(digits) - 1 + int(exponent)}"


def java_str(value: Any) -> str:
    """``String.valueOf`` of a parsed value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return java_double_str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(java_str(v) for v in value) + "]"
    if isinstance(value, type):
        return f"{value.__module__}.{value.__qualname__}"
    return str(value)


def invalid_value(name: str, value: Any, reason: str | None = None) -> ConfigError:
    """``Invalid value V for configuration K: reason`` (Java ``ConfigException(name, value, msg)``)."""
    suffix = "" if reason is None else f": {reason}"
    return ConfigError(f"Invalid value {java_str(value)} for configuration {name}{suffix}")


def _parse_integer(name: str, value: Any, type_: Type) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        noun = {Type.SHORT: "a 16-bit integer (short)", Type.INT: "a 32-bit integer"}.get(
            type_, "a 64-bit integer (long)"
        )
        raise invalid_value(name, value, f"Expected value to be {noun}, but it was a {type(value).__name__}")
    if isinstance(value, str):
        text = java_trim(value)
        if not _INT_RE.fullmatch(text):
            raise invalid_value(name, value, f"Not a number of type {type_.value}")
        number = int(text)
    else:
        number = value
    bits = _RANGES[type_]
    if not -(1 << (bits - 1)) <= number < (1 << (bits - 1)):
        raise invalid_value(name, value, f"Not a number of type {type_.value}")
    return number


def _parse_double(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise invalid_value(
            name, value, f"Expected value to be a double, but it was a {type(value).__name__}"
        )
    if isinstance(value, str):
        text = java_trim(value)
        if not _DOUBLE_RE.fullmatch(text):
            raise invalid_value(name, value, "Not a number of type DOUBLE")
        return float(text.rstrip("fFdD").replace("Infinity", "inf"))
    return float(value)


def _parse_list(name: str, value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        text = java_trim(value)
        return [] if not text else _COMMA.split(text)
    raise invalid_value(name, value, "Expected a comma separated list.")


def parse_type(name: str, value: Any, type_: Type) -> Any:
    """Parse a string (or already-typed value) into ``type_``; ``None`` stays ``None``."""
    if value is None:
        return None
    if type_ is Type.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and java_trim(value).lower() in ("true", "false"):
            return java_trim(value).lower() == "true"
        raise invalid_value(name, value, "Expected value to be either true or false")
    if type_ in (Type.STRING, Type.PASSWORD):
        if isinstance(value, Password) and type_ is Type.PASSWORD:
            return value
        if not isinstance(value, str):
            raise invalid_value(
                name, value, f"Expected value to be a string, but it was a {type(value).__name__}"
            )
        return Password(java_trim(value)) if type_ is Type.PASSWORD else java_trim(value)
    if type_ in _RANGES:
        return _parse_integer(name, value, type_)
    if type_ is Type.DOUBLE:
        return _parse_double(name, value)
    if type_ is Type.LIST:
        return _parse_list(name, value)
    if isinstance(value, type):
        return value
    if isinstance(value, str):
        if not java_trim(value):
            raise invalid_value(name, value, f"Class {value} could not be found.")
        return java_trim(value)
    raise invalid_value(name, value, "Expected a Class instance or class name.")


def convert_to_string(value: Any, type_: Type | None) -> str | None:
    """Render a parsed value the way Connect's REST API does (``ConfigDef.convertToString``)."""
    if value is None:
        return None
    if type_ is Type.LIST and isinstance(value, list | tuple):
        return ",".join(java_str(v) for v in value)
    return java_str(value)
