"""The ``_schemas`` topic's record keys and values, byte-for-byte as the Confluent registry writes.

Keys are JSON objects with ``keytype`` first and ``magic`` last (``SCHEMA`` keys have magic 1,
the others 0); absent subjects are omitted, as Jackson's ``NON_EMPTY`` does.  Values:

* ``SCHEMA``: ``{"subject","version","id","schemaType"?,"references"?,"schema","deleted"}``
  (``schemaType`` only for non-Avro schemas and ``references`` only when there are some, the
  form older registries write and every version reads); a null value permanently deletes.
* ``CONFIG``: ``{"compatibilityLevel": ...}`` (plus ``subject`` for a subject's config); null deletes.
* ``MODE``: ``{"mode": ...}`` likewise.
* ``DELETE_SUBJECT``: ``{"subject", "version"}``: every version up to ``version`` is soft-deleted.
* ``CLEAR_SUBJECT``: ``{"subject"}``: forget soft-deleted versions (written by newer registries).
* ``NOOP``: written (value null) at start-up to find the end of the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Reference",
    "SchemaRecord",
    "config_key",
    "delete_subject_key",
    "dumps",
    "mode_key",
    "noop_key",
    "schema_key",
    "schema_value",
]


@dataclass(frozen=True)
class Reference:
    """A schema reference: the ``name`` used in the schema, and ``subject``/``version`` it points at."""

    name: str
    subject: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "subject": self.subject, "version": self.version}


@dataclass(frozen=True)
class SchemaRecord:
    """One version of one subject, as stored."""

    subject: str
    version: int
    id: int
    schema: str
    schema_type: str = "AVRO"
    references: tuple[Reference, ...] = field(default=())
    deleted: bool = False


def dumps(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _subject_key(keytype: str, subject: str | None) -> bytes:
    key: dict[str, Any] = {"keytype": keytype}
    if subject:
        key["subject"] = subject
    key["magic"] = 0
    return dumps(key)


def schema_key(subject: str, version: int) -> bytes:
    return dumps({"keytype": "SCHEMA", "subject": subject, "version": version, "magic": 1})


def config_key(subject: str | None) -> bytes:
    return _subject_key("CONFIG", subject)


def mode_key(subject: str | None) -> bytes:
    return _subject_key("MODE", subject)


def delete_subject_key(subject: str) -> bytes:
    return _subject_key("DELETE_SUBJECT", subject)


def noop_key() -> bytes:
    return dumps({"keytype": "NOOP", "magic": 0})


def schema_value(record: SchemaRecord) -> bytes:
    value: dict[str, Any] = {"subject": record.subject, "version": record.version, "id": record.id}
    if record.schema_type != "AVRO":
        value["schemaType"] = record.schema_type
    if record.references:
        value["references"] = [r.to_json() for r in record.references]
    value["schema"] = record.schema
    value["deleted"] = record.deleted
    return dumps(value)


def parse_schema_value(value: dict[str, Any]) -> SchemaRecord:
    """A :class:`SchemaRecord` from a stored value (unknown fields such as ``md5`` are ignored)."""
    refs = tuple(
        Reference(str(r["name"]), str(r["subject"]), int(r["version"])) for r in value.get("references") or ()
    )
    return SchemaRecord(
        subject=str(value["subject"]),
        version=int(value["version"]),
        id=int(value["id"]),
        schema=str(value["schema"]),
        schema_type=str(value.get("schemaType") or "AVRO"),
        references=refs,
        deleted=bool(value.get("deleted", False)),
    )
