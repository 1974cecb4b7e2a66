"""The one exception hierarchy of kconnect.

Every error raised by kconnect (Python or the Rust extension) is a
:class:`ConnectError`.  Each class carries the HTTP status the REST layer
answers with, so the REST layer maps errors in one place
(``kconnect.rest.errors``) and the Rust boundary maps its error kinds to these
classes in one place (``rust/src/py/errors.rs``).

Names follow Apache Kafka Connect's ``org.apache.kafka.connect.errors``.
"""

from __future__ import annotations


class ConnectError(Exception):
    """Base of every kconnect error (Java: ``ConnectException``)."""

    http_status: int = 500


class ConfigError(ConnectError):
    """A configuration is invalid: names the key and the reason."""

    http_status = 400


class BadRequestError(ConnectError):
    """A REST request body or parameter is malformed."""

    http_status = 400


class DataError(ConnectError):
    """A record could not be converted or does not match its schema."""

    http_status = 400


class SchemaBuilderError(DataError):
    """A schema was built inconsistently."""


class SchemaProjectorError(DataError):
    """A value cannot be projected onto another schema."""


class RetriableError(ConnectError):
    """A transient failure: the operation may succeed when retried."""


class NotFoundError(ConnectError):
    """A connector, task or plugin does not exist."""

    http_status = 404


class ForbiddenError(ConnectError):
    """The worker's configuration forbids the request (e.g. topic tracking disabled)."""

    http_status = 403


class AlreadyExistsError(ConnectError):
    """A connector with that name already exists."""

    http_status = 409


class ConflictError(ConnectError):
    """The request conflicts with the current state (e.g. offsets of a running connector)."""

    http_status = 409


class RebalanceInProgressError(ConflictError):
    """The cluster is rebalancing; retry later."""


class PluginNotFoundError(ConfigError):
    """A plugin class or alias cannot be resolved."""


class IllegalWorkerStateError(ConnectError):
    """An operation was requested in a state that does not allow it."""


class ServiceError(ConnectError):
    """A local development service (broker, database) could not be fetched or started."""
