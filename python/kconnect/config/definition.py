"""Declarative configuration definitions (Java ``ConfigDef``): define keys, parse, validate.

Decisions where kconnect differs from Java on purpose:

* :meth:`ConfigDef.parse` reports *every* bad key in one :class:`ConfigValidationError` (a
  :class:`~kconnect.errors.ConfigError`) instead of stopping at the first; with a single problem
  the message is exactly Java's.
* :meth:`ConfigDef.validate` returns values in definition order (Java uses hash order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kconnect.config.types import NO_DEFAULT, Importance, Type, Width, convert_to_string, parse_type
from kconnect.config.validators import Validator, as_validator
from kconnect.errors import ConfigError

__all__ = [
    "ConfigDef",
    "ConfigKey",
    "ConfigValidationError",
    "ConfigValue",
    "Recommender",
    "config_value_to_info",
    "missing_required",
]


@runtime_checkable
class Recommender(Protocol):
    """Suggests valid values and visibility of a key given the other parsed values."""

    def valid_values(self, name: str, parsed: Mapping[str, Any]) -> list[Any]:
        """Values currently valid for ``name``."""
        ...

    def visible(self, name: str, parsed: Mapping[str, Any]) -> bool:
        """Whether ``name`` is relevant given the other values."""
        ...


@dataclass
class ConfigValue:
    """The validation result for one key (Java ``ConfigValue``)."""

    name: str
    value: Any = None
    recommended_values: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    visible: bool = True

    def add_error_message(self, message: str) -> None:
        """Record one more problem with this key."""
        self.errors.append(message)


class ConfigValidationError(ConfigError):
    """One or more keys are invalid; ``errors`` maps each bad key to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {k: list(v) for k, v in errors.items()}
        messages = list(dict.fromkeys(m for msgs in self.errors.values() for m in msgs))
        if len(messages) == 1:
            text = messages[0]
        else:
            text = f"{len(messages)} configuration errors:\n" + "\n".join(f"  {m}" for m in messages)
        super().__init__(text)


def missing_required(name: str) -> str:
    """Java's message for a required key that is absent."""
    return f'Missing required configuration "{name}" which has no default value.'


@dataclass(frozen=True)
class ConfigKey:
    """One defined key (Java ``ConfigDef.ConfigKey``); ``default`` is already parsed."""

    name: str
    type: Type
    default: Any
    validator: Validator | None
    importance: Importance
    documentation: str
    group: str | None
    order_in_group: int
    width: Width
    display_name: str
    dependents: tuple[str, ...]
    recommender: Recommender | None

    @property
    def has_default(self) -> bool:
        """False when the key is required."""
        return self.default is not NO_DEFAULT

    def to_info(self, prefix: str = "") -> dict[str, Any]:
        """Connect's REST ``ConfigKeyInfo`` JSON object for this key (Java's field order)."""
        return {
            "name": prefix + self.name,
            "type": self.type.value,
            "required": not self.has_default,
            "default_value": convert_to_string(self.default, self.type) if self.has_default else None,
            "importance": self.importance.value,
            "documentation": self.documentation,
            "group": self.group,
            "width": self.width.value,
            "display_name": self.display_name,
            "dependents": list(self.dependents),
            "order": self.order_in_group,
        }


def config_value_to_info(value: ConfigValue, type_: Type | None = None) -> dict[str, Any]:
    """Connect's REST ``ConfigValueInfo`` JSON object; ``type_`` is the key's type if defined."""
    rec_type = Type.STRING if type_ is Type.LIST else type_
    return {
        "name": value.name,
        "value": convert_to_string(value.value, type_),
        "recommended_values": [convert_to_string(v, rec_type) for v in value.recommended_values],
        "errors": list(value.errors),
        "visible": value.visible,
    }


class ConfigDef:
    """An ordered set of :class:`ConfigKey` definitions."""

    def __init__(self, base: ConfigDef | None = None) -> None:
        self._keys: dict[str, ConfigKey] = dict(base._keys) if base is not None else {}
        self._groups: list[str] = list(base._groups) if base is not None else []

    def define(
        self,
        name: str,
        type: Type,
        default: Any = NO_DEFAULT,
        validator: Validator | Callable[[str, Any], None] | None = None,
        importance: Importance = Importance.MEDIUM,
        documentation: str = "",
        group: str | None = None,
        order_in_group: int = -1,
        width: Width = Width.NONE,
        display_name: str | None = None,
        dependents: Iterable[str] = (),
        recommender: Recommender | None = None,
    ) -> ConfigDef:
        """Add a key; the default is parsed and validated now. Returns ``self`` for chaining."""
        if name in self._keys:
            raise ConfigError(f"Configuration {name} is defined twice.")
        checker = as_validator(validator)
        parsed_default = default if default is NO_DEFAULT else parse_type(name, default, type)
        if checker is not None and parsed_default is not NO_DEFAULT:
            checker.ensure_valid(name, parsed_default)
        return self.define_key(
            ConfigKey(
                name,
                type,
                parsed_default,
                checker,
                importance,
                documentation,
                group,
                order_in_group,
                width,
                display_name if display_name is not None else name,
                tuple(dependents),
                recommender,
            )
        )

    def define_key(self, key: ConfigKey) -> ConfigDef:
        """Add an already-built key (used by :meth:`merge`)."""
        if key.name in self._keys:
            raise ConfigError(f"Configuration {key.name} is defined twice.")
        if key.group is not None and key.group not in self._groups:
            self._groups.append(key.group)
        self._keys[key.name] = key
        return self

    def merge(self, other: ConfigDef) -> ConfigDef:
        """Add all of ``other``'s keys to this definition (a duplicate name is an error)."""
        for key in other._keys.values():
            self.define_key(key)
        return self

    def embed(self, prefix: str, group: str, start_order: int, child: ConfigDef) -> ConfigDef:
        """Add ``child``'s keys renamed ``<prefix><name>`` in ``group`` (Java ``ConfigDef.embed``)."""
        for order, key in enumerate(child._keys.values(), start=start_order):
            self.define_key(
                ConfigKey(
                    prefix + key.name,
                    key.type,
                    key.default,
                    key.validator,
                    key.importance,
                    key.documentation,
                    group,
                    order,
                    key.width,
                    key.display_name,
                    tuple(prefix + d for d in key.dependents),
                    key.recommender,
                )
            )
        return self

    def with_(self, other: ConfigDef) -> ConfigDef:
        """A new definition holding this one's keys followed by ``other``'s."""
        return ConfigDef(self).merge(other)

    def copy(self) -> ConfigDef:
        """An independent copy to extend."""
        return ConfigDef(self)

    def __contains__(self, name: object) -> bool:
        return name in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def names(self) -> list[str]:
        """Key names in definition order."""
        return list(self._keys)

    def config_keys(self) -> dict[str, ConfigKey]:
        """Keys by name, in definition order."""
        return dict(self._keys)

    def key(self, name: str) -> ConfigKey:
        """The definition of ``name`` (``KeyError`` if undefined)."""
        return self._keys[name]

    def groups(self) -> list[str]:
        """Group names in order of first use."""
        return list(self._groups)

    def default_values(self) -> dict[str, Any]:
        """Parsed defaults of keys that have one."""
        return {k.name: k.default for k in self._keys.values() if k.has_default}

    def to_key_info(self, key: str | ConfigKey, prefix: str = "") -> dict[str, Any]:
        """REST ``ConfigKeyInfo`` JSON for ``key`` (name optionally prefixed)."""
        config_key = self._keys[key] if isinstance(key, str) else key
        return config_key.to_info(prefix)

    def config_value_to_info(self, value: ConfigValue) -> dict[str, Any]:
        """REST ``ConfigValueInfo`` JSON for ``value``, rendered with its key's type."""
        key = self._keys.get(value.name)
        return config_value_to_info(value, key.type if key is not None else None)

    def parse_value(self, name: str, value: Any) -> Any:
        """Parse and validate one value for the defined key ``name``."""
        key = self._keys[name]
        parsed = parse_type(name, value, key.type)
        if key.validator is not None:
            key.validator.ensure_valid(name, parsed)
        return parsed

    def _undefined_dependents(self) -> list[str]:
        found: list[str] = []
        for key in self._keys.values():
            found.extend(d for d in key.dependents if d not in self._keys and d not in found)
        return found

    def _parse_one(self, key: ConfigKey, props: Mapping[str, Any]) -> Any:
        if key.name in props:
            value = parse_type(key.name, props[key.name], key.type)
        elif not key.has_default:
            raise ConfigError(missing_required(key.name))
        else:
            value = key.default
        if key.validator is not None:
            key.validator.ensure_valid(key.name, value)
        return value

    def parse(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Parse and validate ``props`` (strings or typed values) for every defined key.

        Raises one :class:`ConfigValidationError` listing every bad key.
        """
        undefined = self._undefined_dependents()
        if undefined:
            raise ConfigError(
                "Some configurations are referred to in the dependents, but not defined: "
                + ",".join(undefined)
            )
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for key in self._keys.values():
            try:
                values[key.name] = self._parse_one(key, props)
            except ConfigError as exc:
                errors[key.name] = [str(exc)]
        if errors:
            raise ConfigValidationError(errors)
        return values

    def validate(self, props: Mapping[str, Any]) -> list[ConfigValue]:
        """Validate ``props`` without raising: one :class:`ConfigValue` per key, definition order."""
        return list(self.validate_all(props).values())

    def validate_all(self, props: Mapping[str, Any]) -> dict[str, ConfigValue]:
        """Like :meth:`validate`, keyed by name (undefined dependents get an error entry)."""
        results = {name: ConfigValue(name) for name in self._keys}
        for name in self._undefined_dependents():
            results[name] = ConfigValue(
                name, errors=[f"{name} is referred in the dependents, but not defined."], visible=False
            )
        parsed: dict[str, Any] = {}
        for key in self._keys.values():
            result = results[key.name]
            value: Any = None
            if key.name in props:
                try:
                    value = parse_type(key.name, props[key.name], key.type)
                except ConfigError as exc:
                    result.add_error_message(str(exc))
            elif not key.has_default:
                result.add_error_message(missing_required(key.name))
            else:
                value = key.default
            if key.validator is not None:
                try:
                    key.validator.ensure_valid(key.name, value)
                except ConfigError as exc:
                    result.add_error_message(str(exc))
                except (TypeError, ValueError, AttributeError) as exc:
                    result.add_error_message(f"Invalid value {value} for configuration {key.name}: {exc}")
            result.value = value
            parsed[key.name] = value
        for key in self._keys.values():
            if key.recommender is None:
                continue
            result = results[key.name]
            try:
                result.recommended_values = list(key.recommender.valid_values(key.name, parsed))
                result.visible = key.recommender.visible(key.name, parsed)
            except ConfigError as exc:
                result.add_error_message(str(exc))
        return results
