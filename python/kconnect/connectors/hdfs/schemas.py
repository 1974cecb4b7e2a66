"""``schema.compatibility``: rotate to a new schema, or project a record onto the current one.

As the reference: NONE rotates on any schema change; BACKWARD and FULL switch
to a schema with a higher version and project records of lower versions onto
the current schema; FORWARD switches to lower versions and projects higher
ones.  Schemas without versions cannot be ordered, so a change always rotates.
Projection keeps the current schema's fields, takes their values from the
record, fills a missing field with its default (or null if optional), and
fails with a :class:`DataError` naming the record and field otherwise.
"""

from __future__ import annotations

from typing import Any

from kconnect.data.schema import Schema, Type
from kconnect.data.struct import Struct
from kconnect.errors import DataError

__all__ = ["project", "should_change"]


def should_change(new: Schema, current: Schema, compatibility: str) -> bool:
    """Whether a record of schema ``new`` starts new files instead of being projected onto ``current``."""
    if compatibility == "NONE" or new.version is None or current.version is None:
        return True
    if new.version == current.version:
        return True  # same version, different schema: nothing to order them by
    if compatibility == "FORWARD":
        return new.version < current.version
    return new.version > current.version


def project(value: Any, source: Schema, target: Schema, where: str) -> Any:
    """``value`` (of ``source``) reshaped to ``target``; DataError if it cannot be."""
    if value is None:
        if target.optional or target.default is not None:
            return target.default
        raise DataError(
            f"record {where}: null cannot be projected onto required schema {target.name or target.type.name}"
        )
    if source.type is not target.type:
        raise DataError(
            f"record {where}: schema type {source.type.name} cannot be projected onto {target.type.name} "
            "(schema.compatibility)"
        )
    if target.type is not Type.STRUCT:
        return value
    out = Struct(target)
    for f in target.fields:
        src = source.field(f.name)
        if src is not None:
            out.put(f.name, project(value.get(f.name), src.schema, f.schema, f"{where} field {f.name}"))
        elif f.schema.default is not None:
            out.put(f.name, f.schema.default)
        elif f.schema.optional:
            out.put(f.name, None)
        else:
            raise DataError(
                f"record {where}: field {f.name!r} of the current schema (version {target.version}) is "
                f"missing from the record's schema (version {source.version}) and has no default"
            )
    return out
