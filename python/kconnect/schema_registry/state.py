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
        self._usages: dict[int, set[tuple[str, int]]] = {}  # id -> (subject, version) holding it
        self._ids_by_content: dict[tuple[str, str, tuple[Any, ...]], int] = {}
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
            for version, record in list(self.versions.get(str(subject), {}).items()):
                if record.deleted:
                    self._apply_schema(str(subject), version, None)

    @staticmethod
    def _apply_setting(table: dict[str | None, str], subject: str | None, setting: Any) -> None:
        if setting is None:
            table.pop(subject, None)
        else:
            table[subject] = str(setting)

    def _apply_schema(self, subject: str, version: int, value: dict[str, Any] | None) -> None:
        old = self.versions.get(subject, {}).pop(version, None)
        if old is not None:
            self._unindex(old)
        if value is None:
            if not self.versions.get(subject):
                self.versions.pop(subject, None)
            return
        record = parse_schema_value(value)
        self.versions.setdefault(subject, {})[version] = record
        self._usages.setdefault(record.id, set()).add((subject, version))
        self._ids_by_content.setdefault(_content(record), record.id)
        self.max_id = max(self.max_id, record.id)

    def _unindex(self, record: SchemaRecord) -> None:
        holders = self._usages.get(record.id)
        if holders is not None:
            holders.discard((record.subject, record.version))
            if not holders:
                del self._usages[record.id]
                if self._ids_by_content.get(_content(record)) == record.id:
                    del self._ids_by_content[_content(record)]

    # -- queries ---------------------------------------------------------------------------
    def subject_versions(self, subject: str, deleted: bool = False) -> list[SchemaRecord]:
        """The subject's versions in order; soft-deleted ones only when ``deleted``."""
        records = self.versions.get(subject, {})
        return [records[v] for v in sorted(records) if deleted or not records[v].deleted]

    def subjects(self, deleted: bool = False) -> list[str]:
        return sorted(s for s in self.versions if self.subject_versions(s, deleted))

    def find_id(self, schema: str, schema_type: str, references: tuple[Any, ...]) -> int | None:
        """The id already given to this exact schema text (any subject, even soft-deleted), if any."""
        return self._ids_by_content.get((schema, schema_type, references))

    def usages(self, schema_id: int, deleted: bool = False) -> list[SchemaRecord]:
        """Every (subject, version) registered with ``schema_id``, by subject and version."""
        records = (self.versions[s][v] for s, v in sorted(self._usages.get(schema_id, ())))
        return [r for r in records if deleted or not r.deleted]

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


def _content(record: SchemaRecord) -> tuple[str, str, tuple[Any, ...]]:
    return (record.schema, record.schema_type, record.references)
