"""The registry's in-memory view of the ``_schemas`` topic, rebuilt by applying its records.

Only the store's reader thread calls :meth:`RegistryState.apply`; readers take the same lock
through the store.  Unknown key types (contexts, associations, keys of newer registries) are
skipped, so a topic written by a Confluent registry can be served.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from kconnect.schema_registry.records import SchemaRecord, parse_schema_value

__all__ = ["RegistryState"]

log = logging.getLogger(__name__)


class RegistryState:
    """Subjects, versions, ids, configs and modes as of the last applied record."""

    def __init__(self) -> None:
        self.versions: dict[str, dict[int, SchemaRecord]] = {}
        self.by_id: dict[int, SchemaRecord] = {}
        self.configs: dict[str | None, str] = {}
        self.modes: dict[str | None, str] = {}
        self.max_id = 0

    # -- applying records ----------------------------------------------------------------------
    def apply(self, key_bytes: bytes | None, value_bytes: bytes | None) -> None:
        """Apply one ``_schemas`` record; malformed records are logged and skipped."""
        if key_bytes is None:
            return
        try:
            key = json.loads(key_bytes)
            value = None if value_bytes is None else json.loads(value_bytes)
            self._apply(key, value)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("Skipping malformed _schemas record %r: %s", key_bytes[:200], exc)

    def _apply(self, key: dict[str, Any], value: dict[str, Any] | None) -> None:
        keytype = key.get("keytype")
        subject = key.get("subject")
        if keytype == "SCHEMA":
            self._apply_schema(str(subject), int(key["version"]), value)
        elif keytype == "CONFIG":
            self._apply_setting(
                self.configs, subject, None if value is None else value.get("compatibilityLevel")
            )
        elif keytype == "MODE":
            self._apply_setting(self.modes, subject, None if value is None else value.get("mode"))
        elif keytype == "DELETE_SUBJECT" and value is not None:
            upto = int(value["version"])
            for version, record in self.versions.get(str(subject), {}).items():
                if version <= upto and not record.deleted:
                    self.versions[str(subject)][version] = replace(record, deleted=True)
        elif keytype == "CLEAR_SUBJECT" and value is not None:
            live = {v: r for v, r in self.versions.get(str(subject), {}).items() if not r.deleted}
            self.versions[str(subject)] = live

    @staticmethod
    def _apply_setting(table: dict[str | None, str], subject: str | None, setting: Any) -> None:
        if setting is None:
            table.pop(subject, None)
        else:
            table[subject] = str(setting)

    def _apply_schema(self, subject: str, version: int, value: dict[str, Any] | None) -> None:
        if value is None:
            self.versions.get(subject, {}).pop(version, None)
            if not self.versions.get(subject):
                self.versions.pop(subject, None)
            return
        record = parse_schema_value(value)
        self.versions.setdefault(subject, {})[version] = record
        self.by_id.setdefault(record.id, record)
        self.max_id = max(self.max_id, record.id)

    # -- queries ---------------------------------------------------------------------------
    def subject_versions(self, subject: str, deleted: bool = False) -> list[SchemaRecord]:
        """The subject's versions in order; soft-deleted ones only when ``deleted``."""
        records = self.versions.get(subject, {})
        return [records[v] for v in sorted(records) if deleted or not records[v].deleted]

    def subjects(self, deleted: bool = False) -> list[str]:
        return sorted(s for s in self.versions if self.subject_versions(s, deleted))

    def find_id(self, schema: str, schema_type: str, references: tuple[Any, ...]) -> int | None:
        """The id already given to this exact schema text (any subject), if any."""
        for record in self._all_records():
            if (
                record.schema == schema
                and record.schema_type == schema_type
                and record.references == references
            ):
                return record.id
        return None

    def usages(self, schema_id: int, deleted: bool = False) -> list[SchemaRecord]:
        """Every (subject, version) registered with ``schema_id``."""
        return [r for r in self._all_records() if r.id == schema_id and (deleted or not r.deleted)]

    def referenced_by(self, subject: str, version: int) -> list[int]:
        """Ids of live schemas that reference ``subject`` version ``version``."""
        return sorted(
            {
                r.id
                for r in self._all_records()
                if not r.deleted
                and any(ref.subject == subject and ref.version == version for ref in r.references)
            }
        )

    def _all_records(self) -> Iterator[SchemaRecord]:
        for records in self.versions.values():
            yield from records.values()
