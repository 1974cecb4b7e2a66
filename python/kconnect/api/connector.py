"""Connector and task base classes (Java: ``Connector``, ``Task``)."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kconnect.config.definition import ConfigDef, ConfigValue


class ConnectorContext(abc.ABC):
    """What the runtime offers a connector instance."""

    @abc.abstractmethod
    def request_task_reconfiguration(self) -> None:
        """Ask the runtime to call ``task_configs`` again (e.g. new tables appeared)."""

    @abc.abstractmethod
    def raise_error(self, error: BaseException) -> None:
        """Fail the connector from a background thread of its own."""


class Connector(abc.ABC):
    """Base of source and sink connectors: configures and splits work into tasks."""

    context: ConnectorContext

    def initialize(self, context: ConnectorContext) -> None:
        self.context = context

    def version(self) -> str:
        """The connector's version, shown by ``GET /connector-plugins``."""
        return "unknown"

    @abc.abstractmethod
    def start(self, props: Mapping[str, str]) -> None:
        """Start with the connector's configuration (string values)."""

    @abc.abstractmethod
    def task_class(self) -> type[Task]:
        """The task class this connector runs."""

    @abc.abstractmethod
    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        """Configurations for at most ``max_tasks`` tasks."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop; release what ``start`` acquired."""

    @abc.abstractmethod
    def config(self) -> ConfigDef:
        """The definition of this connector's configuration keys."""

    def validate(self, props: Mapping[str, str]) -> list[ConfigValue]:
        """Validate ``props`` against :meth:`config`; override to add cross-key checks."""
        return self.config().validate(props)


class Task(abc.ABC):
    """Base of source and sink tasks."""

    def version(self) -> str:
        return "unknown"

    @abc.abstractmethod
    def start(self, props: Mapping[str, str]) -> None:
        """Start with the task's configuration (from ``Connector.task_configs``)."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop; may be called from another thread while ``poll``/``put`` runs."""
