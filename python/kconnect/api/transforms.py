"""Single Message Transform and predicate base classes (Java: ``Transformation``, ``Predicate``).

A transform author subclasses :class:`Transformation`, declares its keys in ``CONFIG_DEF`` and
implements :meth:`Transformation.apply`; returning ``None`` drops the record.  The runtime
instantiates it without arguments, calls :meth:`configure` with the keys under
``transforms.<alias>.`` (prefix stripped, string values) and then ``apply`` once per record, on
the task's thread.  Predicates work the same way with :meth:`Predicate.test`.

Register a plugin with an entry point in the group ``kconnect.transforms`` (or
``kconnect.predicates``), or name it by dotted Python path in ``transforms.<alias>.type``.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from kconnect.api.records import ConnectRecord
from kconnect.config.definition import ConfigDef

__all__ = ["Predicate", "R", "Transformation"]

R = TypeVar("R", bound=ConnectRecord)


class Transformation(abc.ABC, Generic[R]):
    """Changes, routes or drops one record at a time."""

    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef()
    """The transform's own keys (without the ``transforms.<alias>.`` prefix)."""

    def configure(self, configs: Mapping[str, Any]) -> None:  # optional hook
        """Receive the keys under ``transforms.<alias>.`` (prefix stripped)."""

    @abc.abstractmethod
    def apply(self, record: R) -> R | None:
        """The transformed record (a new one, or ``record`` itself), or None to drop it."""

    def config(self) -> ConfigDef:
        """The definition of this transform's keys (used by config validation)."""
        return self.CONFIG_DEF

    def close(self) -> None:  # optional hook
        """Release resources; called when the task stops."""

    def version(self) -> str:
        return "unknown"


class Predicate(abc.ABC, Generic[R]):
    """Decides whether a transform applies to a record (Java: ``Predicate``)."""

    CONFIG_DEF: ClassVar[ConfigDef] = ConfigDef()
    """The predicate's own keys (without the ``predicates.<alias>.`` prefix)."""

    def configure(self, configs: Mapping[str, Any]) -> None:  # optional hook
        """Receive the keys under ``predicates.<alias>.`` (prefix stripped)."""

    @abc.abstractmethod
    def test(self, record: R) -> bool:
        """True when the record matches."""

    def config(self) -> ConfigDef:
        return self.CONFIG_DEF

    def close(self) -> None:  # optional hook
        """Release resources; called when the task stops."""

    def version(self) -> str:
        return "unknown"
