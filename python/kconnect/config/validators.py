"""Validators for configuration values (Java ``ConfigDef.Validator`` and its implementations).

A validator is any object with ``ensure_valid(name, value)`` that raises
:class:`~kconnect.errors.ConfigError`; a plain callable ``(name, value) -> None`` also works
(wrap it in :class:`LambdaValidator` to give it a description).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from kconnect.config.types import invalid_value, java_str

__all__ = [
    "CaseInsensitiveValidString",
    "CompositeValidator",
    "LambdaValidator",
    "NonEmptyString",
    "NonEmptyStringWithoutControlChars",
    "NonNullValidator",
    "Range",
    "RegexValidator",
    "ValidList",
    "ValidString",
    "Validator",
    "as_validator",
]


@runtime_checkable
class Validator(Protocol):
    """Checks a parsed value; raises ``ConfigError`` when it is invalid."""

    def ensure_valid(self, name: str, value: Any) -> None:
        """Raise :class:`ConfigError` if ``value`` is not acceptable for ``name``."""


class Range:
    """A numeric range with inclusive bounds; ``None`` fails (``Value must be non-null``)."""

    def __init__(self, min_: float | None = None, max_: float | None = None) -> None:
        self.min = min_
        self.max = max_

    @classmethod
    def at_least(cls, min_: float) -> Range:
        """Values ``>= min_``."""
        return cls(min_, None)

    @classmethod
    def between(cls, min_: float, max_: float) -> Range:
        """Values in ``[min_, max_]``."""
        return cls(min_, max_)

    def ensure_valid(self, name: str, value: Any) -> None:
        if value is None:
            raise invalid_value(name, None, "Value must be non-null")
        if self.min is not None and value < self.min:
            raise invalid_value(name, value, f"Value must be at least {java_str(self.min)}")
        if self.max is not None and value > self.max:
            raise invalid_value(name, value, f"Value must be no more than {java_str(self.max)}")

    def __str__(self) -> str:
        lo = "..." if self.min is None else java_str(self.min)
        hi = "..." if self.max is None else java_str(self.max)
        if self.min is None and self.max is None:
            return "[...]"
        if self.min is None:
            return f"[...,{hi}]"
        if self.max is None:
            return f"[{lo},...]"
        return f"[{lo},...,{hi}]"


class ValidString:
    """The value must be one of the given strings (case sensitive)."""

    def __init__(self, valid: Iterable[str]) -> None:
        self.valid = list(valid)

    @classmethod
    def in_(cls, *valid: str) -> ValidString:
        """Accept exactly ``valid``."""
        return cls(valid)

    def ensure_valid(self, name: str, value: Any) -> None:
        if value not in self.valid:
            raise invalid_value(name, value, "String must be one of: " + ", ".join(self.valid))

    def __str__(self) -> str:
        return "[" + ", ".join(self.valid) + "]"


class CaseInsensitiveValidString:
    """The value must be one of the given strings, ignoring case."""

    def __init__(self, valid: Iterable[str]) -> None:
        self.valid = list(valid)
        self._upper = {v.upper() for v in self.valid}

    @classmethod
    def in_(cls, *valid: str) -> CaseInsensitiveValidString:
        """Accept ``valid`` in any case."""
        return cls(valid)

    def ensure_valid(self, name: str, value: Any) -> None:
        if not isinstance(value, str) or value.upper() not in self._upper:
            raise invalid_value(
                name, value, "String must be one of (case insensitive): " + ", ".join(self.valid)
            )

    def __str__(self) -> str:
        return "(case insensitive) [" + ", ".join(self.valid) + "]"


class ValidList:
    """Every element of a LIST value must be one of the given strings.

    Decision: ``None`` passes (the key is then unset); Java would fail with a NullPointerException.
    """

    def __init__(self, valid: Iterable[str]) -> None:
        self._valid = ValidString(valid)

    @classmethod
    def in_(cls, *valid: str) -> ValidList:
        """Accept lists whose elements are all in ``valid``."""
        return cls(valid)

    def ensure_valid(self, name: str, value: Any) -> None:
        for item in value or ():
            self._valid.ensure_valid(name, item)

    def __str__(self) -> str:
        return str(self._valid)


class NonNullValidator:
    """The value must be set (not ``None``)."""

    def ensure_valid(self, name: str, value: Any) -> None:
        if value is None:
            raise invalid_value(name, "null", "entry must be non null")

    def __str__(self) -> str:
        return "non-null string"


class NonEmptyString:
    """A string value may be ``None`` but not empty."""

    def ensure_valid(self, name: str, value: Any) -> None:
        if value is not None and value == "":
            raise invalid_value(name, value, "String must be non-empty")

    def __str__(self) -> str:
        return "non-empty string"


class NonEmptyStringWithoutControlChars:
    """A non-empty string without ISO control characters (``None`` passes: required-ness is separate)."""

    def ensure_valid(self, name: str, value: Any) -> None:
        if value is None:
            return
        if value == "":
            raise invalid_value(name, value, "String may not be empty")
        bad = [str(ord(c)) for c in value if unicodedata.category(c) == "Cc"]
        if bad:
            raise invalid_value(
                name,
                value,
                "String may not contain control sequences but had the following ASCII chars: "
                + ", ".join(bad),
            )

    def __str__(self) -> str:
        return "non-empty string without ISO control characters"


class RegexValidator:
    """A string that compiles as a regular expression (Python ``re`` syntax stands in for Java's)."""

    def ensure_valid(self, name: str, value: Any) -> None:
        if value is None:
            return
        try:
            re.compile(value)
        except re.error as exc:
            raise invalid_value(name, value, f"Must be a valid regular expression: {exc}") from exc

    def __str__(self) -> str:
        return "valid regex"


class LambdaValidator:
    """A validator made from a function and a description."""

    def __init__(self, check: Callable[[str, Any], None], description: str | Callable[[], str] = "") -> None:
        self._check = check
        self._description = description

    @classmethod
    def with_(
        cls, check: Callable[[str, Any], None], description: str | Callable[[], str] = ""
    ) -> LambdaValidator:
        """Wrap ``check``; ``description`` is shown in documentation."""
        return cls(check, description)

    def ensure_valid(self, name: str, value: Any) -> None:
        self._check(name, value)

    def __str__(self) -> str:
        return self._description() if callable(self._description) else self._description


class CompositeValidator:
    """Runs several validators in order; the first failure wins."""

    def __init__(self, validators: Iterable[Validator]) -> None:
        self.validators = list(validators)

    @classmethod
    def of(cls, *validators: Validator) -> CompositeValidator:
        """Combine ``validators``."""
        return cls(validators)

    def ensure_valid(self, name: str, value: Any) -> None:
        for validator in self.validators:
            validator.ensure_valid(name, value)

    def __str__(self) -> str:
        return ", ".join(str(v) for v in self.validators)


def as_validator(validator: Validator | Callable[[str, Any], None] | None) -> Validator | None:
    """Accept a validator object or a plain ``(name, value)`` callable."""
    if validator is None or isinstance(validator, Validator):
        return validator
    return LambdaValidator(validator)
