"""The registry's operations over a Kafka-topic store (Java: ``KafkaSchemaRegistry``).

Every write follows the Confluent registry's order: catch up with the topic, validate against
the current state, append one record per change to ``_schemas``, then wait until the reader
thread has applied it, so a request's answer reflects what every instance will read.  A rejected
request (invalid, incompatible, read-only, not found) writes nothing.

Writes are serialised by one lock, so ids and versions are allocated without races within an
instance; only the elected leader writes (:mod:`kconnect.schema_registry.leader`), followers
forward write requests to it (:mod:`kconnect.schema_registry.rest`), so one instance allocates.

Ids: the next id is one more than the largest id ever read from the topic, so ids are never
reused, even after a permanent delete.  Identical schema text (same type and references)
registered under any subject gets the existing id.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from kconnect.schema_registry import records as rec
from kconnect.schema_registry.avro_schema import AvroSchema, parse_avro
from kconnect.schema_registry.compatibility import LEVELS, check
from kconnect.schema_registry.errors import (
    IncompatibleSchemaError,
    InvalidCompatibilityError,
    InvalidModeError,
    InvalidSchemaError,
    OperationNotPermittedError,
    ReferenceExistsError,
    SchemaNotFoundError,
    SubjectConfigNotFoundError,
    SubjectModeNotFoundError,
    SubjectNotFoundError,
    SubjectNotSoftDeletedError,
    VersionNotFoundError,
    VersionNotSoftDeletedError,
)
from kconnect.schema_registry.records import Reference, SchemaRecord
from kconnect.schema_registry.state import RegistryState

__all__ = ["MODES", "Registry", "SchemaStore"]

log = logging.getLogger(__name__)

MODES = ("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT", "FORWARD")
SCHEMA_TYPES = ("AVRO",)


class SchemaStore:
    """What the registry needs from its log: append records and wait until they are applied."""

    def write(self, records: list[tuple[bytes, bytes | None]]) -> None:
        raise NotImplementedError

    def catch_up(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Registered:
    """The answer to a registration: the id, and the version under the subject."""

    id: int
    version: int


class Registry:
    """Schema registry operations; thread-safe.  ``state_lock`` guards ``state``."""

    def __init__(
        self,
        store: SchemaStore,
        state: RegistryState,
        state_lock: threading.RLock,
        default_compatibility: str = "BACKWARD",
        default_mode: str = "READWRITE",
    ) -> None:
        self._store = store
        self.state = state
        self._lock = state_lock
        self._write_lock = threading.Lock()
        self._default_compatibility = default_compatibility
        self._default_mode = default_mode

    # -- parsing -------------------------------------------------------------------------------
    def parse(self, schema: str, schema_type: str, references: tuple[Reference, ...]) -> AvroSchema:
        """Parse an Avro schema with its references resolved; 42201 when invalid."""
        if schema_type not in SCHEMA_TYPES:
            raise InvalidSchemaError(
                f"Invalid schema type {schema_type}; supported: {', '.join(SCHEMA_TYPES)}"
            )
        texts: dict[str, str] = {}
        for ref in references:
            record = self._version_record(ref.subject, ref.version, deleted=False, for_reference=True)
            texts[ref.name] = record.schema
        return parse_avro(schema, texts)

    def parsed(self, record: SchemaRecord) -> AvroSchema:
        return self.parse(record.schema, record.schema_type, record.references)

    # -- reads -----------------------------------------------------------------------------
    def subjects(self, deleted: bool = False, prefix: str = "") -> list[str]:
        with self._lock:
            return [s for s in self.state.subjects(deleted) if s.startswith(prefix)]

    def versions(self, subject: str, deleted: bool = False) -> list[int]:
        with self._lock:
            found = self.state.subject_versions(subject, deleted)
        if not found:
            raise SubjectNotFoundError(subject)
        return [r.version for r in found]

    def version(self, subject: str, version: str, deleted: bool = False) -> SchemaRecord:
        """``version`` is a number, ``latest`` or ``-1``."""
        number = parse_version(version)
        return self._version_record(subject, number, deleted)

    def _version_record(
        self, subject: str, version: int, deleted: bool, for_reference: bool = False
    ) -> SchemaRecord:
        with self._lock:
            records = self.state.subject_versions(subject, deleted)
        match = records[-1:] if version == -1 else [r for r in records if r.version == version]
        if match:
            return match[0]
        if for_reference:
            raise InvalidSchemaError(
                f"Invalid schema reference: subject '{subject}' version {version} not found"
            )
        if not records:
            raise SubjectNotFoundError(subject)
        raise VersionNotFoundError(version)

    def schema_by_id(self, schema_id: int) -> SchemaRecord:
        with self._lock:
            usages = self.state.usages(schema_id, deleted=True)
        if not usages:
            raise SchemaNotFoundError(schema_id)
        return usages[0]

    def id_usages(self, schema_id: int, deleted: bool = False) -> list[SchemaRecord]:
        self.schema_by_id(schema_id)
        with self._lock:
            return self.state.usages(schema_id, deleted)

    def referenced_by(self, subject: str, version: str) -> list[int]:
        record = self.version(subject, version)
        with self._lock:
            return self.state.referenced_by(subject, record.version)

    def lookup(
        self,
        subject: str,
        schema: str,
        schema_type: str,
        references: tuple[Reference, ...],
        deleted: bool = False,
    ) -> SchemaRecord:
        """The version of ``subject`` holding this schema (POST /subjects/{subject}); 40403 if none."""
        with self._lock:
            records = self.state.subject_versions(subject, deleted)
        if not records:
            raise SubjectNotFoundError(subject)
        canonical = self.parse(schema, schema_type, references).canonical
        for record in reversed(records):
            if (
                record.schema == canonical
                and record.schema_type == schema_type
                and record.references == references
            ):
                return record
        raise SchemaNotFoundError()

    # -- config and mode -------------------------------------------------------------------
    def compatibility(self, subject: str | None, default_to_global: bool = True) -> str:
        with self._lock:
            level = self.state.configs.get(subject)
            if level is None and subject is not None and not default_to_global:
                raise SubjectConfigNotFoundError(subject)
            return level or self.state.configs.get(None) or self._default_compatibility

    def set_compatibility(self, subject: str | None, level: Any) -> str:
        if not isinstance(level, str) or level.upper() not in LEVELS:
            raise InvalidCompatibilityError()
        value: dict[str, Any] = {"compatibilityLevel": level.upper()}
        if subject is not None:
            value = {"subject": subject, **value}
        with self._write_lock:
            self._check_writable(subject)
            self._store.write([(rec.config_key(subject), rec.dumps(value))])
        return level.upper()

    def delete_compatibility(self, subject: str | None) -> str:
        with self._write_lock:
            previous = self.compatibility(subject, default_to_global=subject is None)
            self._store.write([(rec.config_key(subject), None)])
        return previous

    def mode(self, subject: str | None, default_to_global: bool = True) -> str:
        with self._lock:
            mode = self.state.modes.get(subject)
            if mode is None and subject is not None and not default_to_global:
                raise SubjectModeNotFoundError(subject)
            return mode or self.state.modes.get(None) or self._default_mode

    def set_mode(self, subject: str | None, mode: Any) -> str:
        if not isinstance(mode, str) or mode.upper() not in MODES:
            raise InvalidModeError()
        value: dict[str, Any] = {"mode": mode.upper()}
        if subject is not None:
            value = {"subject": subject, **value}
        with self._write_lock:
            self._store.write([(rec.mode_key(subject), rec.dumps(value))])
        return mode.upper()

    def delete_mode(self, subject: str) -> str:
        with self._write_lock:
            previous = self.mode(subject, default_to_global=False)
            self._store.write([(rec.mode_key(subject), None)])
        return previous

    def _check_writable(self, subject: str | None) -> None:
        if self.mode(subject) in ("READONLY", "READONLY_OVERRIDE"):
            raise OperationNotPermittedError(f"Subject {subject} is in read-only mode")

    # -- compatibility tests ---------------------------------------------------------------
    def test_compatibility(
        self,
        subject: str,
        version: str | None,
        schema: str,
        schema_type: str,
        references: tuple[Reference, ...],
    ) -> list[str]:
        """Messages why ``schema`` is incompatible (empty: compatible).

        With ``version``, against that version only (the subject's level, transitive or not, decides
        the direction); without, against every live version as the level prescribes.
        """
        new = self.parse(schema, schema_type, references)
        level = self.compatibility(subject)
        if version is None:
            with self._lock:
                previous = self.state.subject_versions(subject)
            return check(level, new, [(r.version, self.parsed(r)) for r in previous])
        try:
            old = self.version(subject, version)
        except SubjectNotFoundError:
            return []
        return check(level.removesuffix("_TRANSITIVE"), new, [(old.version, self.parsed(old))])

    # -- writes ----------------------------------------------------------------------------
    def register(
        self,
        subject: str,
        schema: str,
        schema_type: str = "AVRO",
        references: tuple[Reference, ...] = (),
        schema_id: int | None = None,
        version: int | None = None,
    ) -> Registered:
        """Register ``schema`` under ``subject`` (idempotent); 409 when incompatible."""
        with self._write_lock:
            self._store.catch_up()
            mode = self.mode(subject)
            if mode in ("READONLY", "READONLY_OVERRIDE"):
                raise OperationNotPermittedError(f"Subject {subject} is in read-only mode")
            if (schema_id is not None or version is not None) and mode != "IMPORT":
                raise OperationNotPermittedError(
                    f"Subject {subject} is not in import mode: an id or version cannot be given"
                )
            parsed = self.parse(schema, schema_type, references)
            with self._lock:
                existing = self.state.subject_versions(subject, deleted=True)
            for record in reversed(existing):
                if (
                    not record.deleted
                    and record.schema == parsed.canonical
                    and record.schema_type == schema_type
                    and record.references == references
                ):
                    return Registered(record.id, record.version)
            live = [r for r in existing if not r.deleted]
            if mode != "IMPORT":
                problems = check(
                    self.compatibility(subject), parsed, [(r.version, self.parsed(r)) for r in live]
                )
                if problems:
                    raise IncompatibleSchemaError(
                        "Schema being registered is incompatible with an earlier schema for subject "
                        f'"{subject}", details: [{", ".join(problems)}]'
                    )
            with self._lock:
                new_id = schema_id or self.state.find_id(parsed.canonical, schema_type, references)
                new_id = new_id or self.state.max_id + 1
            new_version = version or (max((r.version for r in existing), default=0) + 1)
            record = SchemaRecord(subject, new_version, new_id, parsed.canonical, schema_type, references)
            self._store.write([(rec.schema_key(subject, new_version), rec.schema_value(record))])
            log.info("Registered schema id %d as version %d of subject %s", new_id, new_version, subject)
            return Registered(new_id, new_version)

    def delete_version(self, subject: str, version: str, permanent: bool) -> int:
        """Soft-delete a version, or permanently delete a soft-deleted one."""
        with self._write_lock:
            self._store.catch_up()
            self._check_writable(subject)
            record = self._version_record(subject, parse_version(version), deleted=permanent)
            with self._lock:
                if self.state.referenced_by(subject, record.version):
                    raise ReferenceExistsError(
                        f"{{magic=1,keytype=SCHEMA,subject={subject},version={record.version}}}"
                    )
            if permanent:
                if not record.deleted:
                    raise VersionNotSoftDeletedError(subject, record.version)
                self._store.write([(rec.schema_key(subject, record.version), None)])
            else:
                soft = replace(record, deleted=True)
                self._store.write([(rec.schema_key(subject, record.version), rec.schema_value(soft))])
            return record.version

    def delete_subject(self, subject: str, permanent: bool) -> list[int]:
        """Soft-delete every version (one DELETE_SUBJECT record), or permanently delete them all."""
        with self._write_lock:
            self._store.catch_up()
            self._check_writable(subject)
            with self._lock:
                records = self.state.subject_versions(subject, deleted=permanent)
            if not records:
                raise SubjectNotFoundError(subject)
            for record in records:
                with self._lock:
                    users = self.state.referenced_by(subject, record.version)
                if users:
                    raise ReferenceExistsError(
                        f"{{magic=1,keytype=SCHEMA,subject={subject},version={record.version}}}"
                    )
                if permanent and not record.deleted:
                    raise SubjectNotSoftDeletedError(subject)
            versions = [r.version for r in records]
            if not permanent:
                value = rec.dumps({"subject": subject, "version": versions[-1]})
                self._store.write([(rec.delete_subject_key(subject), value)])
                return versions
            writes: list[tuple[bytes, bytes | None]] = [
                (rec.schema_key(subject, v), None) for v in reversed(versions)
            ]
            with self._lock:
                if subject in self.state.modes:
                    writes.append((rec.mode_key(subject), None))
                if subject in self.state.configs:
                    writes.append((rec.config_key(subject), None))
            self._store.write(writes)
            return versions


def parse_version(version: str) -> int:
    """``latest`` or ``-1`` -> -1; a number in [1, 2^31-1] -> itself; else 42202."""
    from kconnect.schema_registry.errors import InvalidVersionError

    if version == "latest":
        return -1
    try:
        number = int(version)
    except ValueError:
        raise InvalidVersionError(version) from None
    if number == -1 or 1 <= number <= 2**31 - 1:
        return number
    raise InvalidVersionError(version)


def references_from_json(raw: Any) -> tuple[Reference, ...]:
    """Request ``references`` -> :class:`Reference` tuple; 42201 when malformed."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidSchemaError("references must be a list")
    out = []
    for item in raw:
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("subject"), str)
            or not isinstance(item.get("version"), int)
        ):
            raise InvalidSchemaError(f"Invalid schema reference {item!r}: needs name, subject and version")
        out.append(Reference(item["name"], item["subject"], item["version"]))
    return tuple(out)
