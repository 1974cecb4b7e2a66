"""Registry errors: each carries the Confluent Schema Registry's HTTP status and ``error_code``.

The REST layer turns any :class:`RegistryError` into ``{"error_code": ..., "message": ...}``
with :attr:`http_status`; messages follow the Confluent registry's wording so clients that
match on them keep working.
"""

from __future__ import annotations

from kconnect.errors import ConnectError

__all__ = [
    "IncompatibleSchemaError",
    "InvalidCompatibilityError",
    "InvalidModeError",
    "InvalidSchemaError",
    "InvalidVersionError",
    "OperationNotPermittedError",
    "ReferenceExistsError",
    "RegistryError",
    "SchemaNotFoundError",
    "StoreError",
    "SubjectNotFoundError",
    "SubjectNotSoftDeletedError",
    "SubjectSoftDeletedError",
    "UnknownLeaderError",
    "VersionNotFoundError",
    "VersionNotSoftDeletedError",
    "VersionSoftDeletedError",
]


class RegistryError(ConnectError):
    """An error answered by the registry's REST API."""

    http_status = 500
    error_code = 50001

    def __init__(self, message: str, error_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if error_code is not None:
            self.error_code = error_code


class SubjectNotFoundError(RegistryError):
    http_status, error_code = 404, 40401

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' not found.")


class VersionNotFoundError(RegistryError):
    http_status, error_code = 404, 40402

    def __init__(self, version: int | str) -> None:
        super().__init__(f"Version {version} not found.")


class SchemaNotFoundError(RegistryError):
    http_status, error_code = 404, 40403

    def __init__(self, schema_id: int | None = None) -> None:
        super().__init__("Schema not found" if schema_id is None else f"Schema {schema_id} not found")


class SubjectSoftDeletedError(RegistryError):
    http_status, error_code = 404, 40404

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently")


class SubjectNotSoftDeletedError(RegistryError):
    http_status, error_code = 404, 40405

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' was not deleted first before being permanently deleted")


class VersionSoftDeletedError(RegistryError):
    http_status, error_code = 404, 40406

    def __init__(self, subject: str, version: int) -> None:
        super().__init__(
            f"Subject '{subject}' Version {version} was soft deleted.Set permanent=true to delete permanently"
        )


class VersionNotSoftDeletedError(RegistryError):
    http_status, error_code = 404, 40407

    def __init__(self, subject: str, version: int) -> None:
        super().__init__(
            f"Subject '{subject}' Version {version} was not deleted first before being permanently deleted"
        )


class SubjectConfigNotFoundError(RegistryError):
    http_status, error_code = 404, 40408

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' does not have subject-level compatibility configured")


class SubjectModeNotFoundError(RegistryError):
    http_status, error_code = 404, 40409

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' does not have subject-level mode configured")


class IncompatibleSchemaError(RegistryError):
    http_status, error_code = 409, 409


class InvalidSchemaError(RegistryError):
    http_status, error_code = 422, 42201


class InvalidVersionError(RegistryError):
    http_status, error_code = 422, 42202

    def __init__(self, version: str) -> None:
        super().__init__(
            f"The specified version '{version}' is not a valid version id. "
            'Allowed values are between [1, 2^31-1] and the string "latest"'
        )


class InvalidCompatibilityError(RegistryError):
    http_status, error_code = 422, 42203

    def __init__(self) -> None:
        super().__init__(
            "Invalid compatibility level. Valid values are none, backward, forward, full, "
            "backward_transitive, forward_transitive, and full_transitive"
        )


class InvalidModeError(RegistryError):
    http_status, error_code = 422, 42204

    def __init__(self) -> None:
        super().__init__("Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")


class OperationNotPermittedError(RegistryError):
    http_status, error_code = 422, 42205


class ReferenceExistsError(RegistryError):
    http_status, error_code = 422, 42206

    def __init__(self, key: str) -> None:
        super().__init__(f"One or more references exist to the schema {key}.")


class StoreError(RegistryError):
    """The Kafka store could not be written or read in time (50001/50002)."""

    http_status, error_code = 500, 50001


class UnknownLeaderError(RegistryError):
    """No leader has been elected (yet): writes cannot be served (50004)."""

    http_status, error_code = 500, 50004
