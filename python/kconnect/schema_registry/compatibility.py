"""Avro compatibility: Avro's schema-resolution rules and the registry's levels.

:func:`reader_errors` checks whether data written with ``writer`` can be read with ``reader``
(Avro specification, "Schema Resolution"): matching names (or reader aliases), reader fields
missing in the writer need defaults, enum symbols the writer may emit must exist in the reader
(unless it has a default symbol), fixed sizes match, numeric and string/bytes promotions,
and unions branch by branch.  Each problem is reported as the Confluent registry does:
``{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f' at path
'/fields/1' in the new schema has ...', additionalInfo:'f'}`` so the message names the field.

:func:`check` applies a level to a new schema and the subject's earlier live versions
(oldest first): BACKWARD (new reads latest), FORWARD (latest reads new), FULL (both), their
``_TRANSITIVE`` forms against every earlier version, NONE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kconnect.schema_registry.avro_schema import AvroSchema, Node

__all__ = ["LEVELS", "check", "reader_errors"]

LEVELS = (
    "NONE",
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
)

_PROMOTIONS = {
    "int": {"long", "float", "double"},
    "long": {"float", "double"},
    "float": {"double"},
    "string": {"bytes"},
    "bytes": {"string"},
}

_DESCRIPTIONS = {
    "TYPE_MISMATCH": "The type (path '{path}') of a field in the {reader} schema does not match with the "
    "{writer} schema",
    "NAME_MISMATCH": "The name of the schema has changed (path '{path}')",
    "FIXED_SIZE_MISMATCH": "The size of FIXED type field at path '{path}' in the {reader} schema does not "
    "match with the {writer} schema",
    "MISSING_ENUM_SYMBOLS": "The {reader} schema is missing enum symbols '{info}' at path '{path}' in the "
    "{writer} schema",
    "MISSING_UNION_BRANCH": "The {reader} schema is missing a type inside a union field at path '{path}' in "
    "the {writer} schema",
    "READER_FIELD_MISSING_DEFAULT_VALUE": "The field '{info}' at path '{path}' in the {reader} schema has no "
    "default value and is missing in the {writer} schema",
}


@dataclass(frozen=True)
class Incompatibility:
    """One reason a reader cannot read a writer's data."""

    error_type: str
    path: str
    info: str

    def describe(self, reader: str, writer: str) -> str:
        text = _DESCRIPTIONS[self.error_type].format(
            path=self.path, info=self.info, reader=reader, writer=writer
        )
        return f"{{errorType:'{self.error_type}', description:'{text}', additionalInfo:'{self.info}'}}"


def reader_errors(reader: Node, writer: Node) -> list[Incompatibility]:
    """Every incompatibility found reading ``writer`` data with ``reader`` (empty: compatible)."""
    out: list[Incompatibility] = []
    _Checker(out).check(reader, writer, "")
    return out


def check(level: str, new: AvroSchema, previous: Sequence[tuple[int, AvroSchema]]) -> list[str]:
    """Messages explaining why ``new`` breaks ``level`` against ``previous`` (version, schema); [] if ok."""
    if level == "NONE" or not previous:
        return []
    targets = previous if level.endswith("_TRANSITIVE") else previous[-1:]
    base = level.removesuffix("_TRANSITIVE")
    for version, old in reversed(targets):
        problems: list[str] = []
        if base in ("BACKWARD", "FULL"):
            problems += [p.describe("new", "old") for p in reader_errors(new.root, old.root)]
        if base in ("FORWARD", "FULL"):
            problems += [p.describe("old", "new") for p in reader_errors(old.root, new.root)]
        if problems:
            return [
                *problems,
                f"{{oldSchemaVersion: {version}}}",
                f"{{oldSchema: '{old.canonical}'}}",
                f"{{compatibility: '{level}'}}",
            ]
    return []


class _Checker:
    def __init__(self, out: list[Incompatibility]) -> None:
        self.out = out
        self.seen: set[tuple[int, int]] = set()

    def check(self, reader: Node, writer: Node, path: str) -> None:
        pair = (id(reader), id(writer))
        if pair in self.seen:  # recursive types: assume compatible on the second visit
            return
        self.seen.add(pair)
        if writer.kind == "union":
            for i, branch in enumerate(writer.branches):
                self._writer_branch(reader, branch, f"{path}/{i}")
            return
        if reader.kind == "union":
            if not any(self._quietly_ok(branch, writer) for branch in reader.branches):
                self.out.append(
                    Incompatibility(
                        "MISSING_UNION_BRANCH",
                        path or "/",
                        f"reader union lacking writer type: {writer.kind.upper()}",
                    )
                )
            return
        if reader.kind != writer.kind:
            if reader.kind not in _PROMOTIONS.get(writer.kind, set()):
                self.out.append(
                    Incompatibility(
                        "TYPE_MISMATCH",
                        path or "/",
                        f"reader type: {reader.kind.upper()} not compatible with "
                        f"writer type: {writer.kind.upper()}",
                    )
                )
            return
        self._same_kind(reader, writer, path)

    def _writer_branch(self, reader: Node, branch: Node, path: str) -> None:
        if reader.kind == "union":
            if not any(self._quietly_ok(r, branch) for r in reader.branches):
                self.out.append(
                    Incompatibility(
                        "MISSING_UNION_BRANCH",
                        path,
                        f"reader union lacking writer type: {branch.kind.upper()}",
                    )
                )
            return
        self.check(reader, branch, path)

    def _quietly_ok(self, reader: Node, writer: Node) -> bool:
        probe = _Checker([])
        probe.seen = set(self.seen)
        probe.check(reader, writer, "")
        return not probe.out

    def _same_kind(self, reader: Node, writer: Node, path: str) -> None:
        if reader.fullname is not None and not _names_match(reader, writer):
            self.out.append(Incompatibility("NAME_MISMATCH", f"{path}/name", f"expected: {writer.fullname}"))
            return
        if reader.kind == "record":
            self._record(reader, writer, path)
        elif reader.kind == "enum":
            missing = [s for s in writer.symbols if s not in reader.symbols]
            if missing and reader.enum_default is None:
                self.out.append(
                    Incompatibility("MISSING_ENUM_SYMBOLS", f"{path}/symbols", "[" + ", ".join(missing) + "]")
                )
        elif reader.kind == "fixed":
            if reader.size != writer.size:
                self.out.append(
                    Incompatibility(
                        "FIXED_SIZE_MISMATCH",
                        f"{path}/size",
                        f"expected: {writer.size}, found: {reader.size}",
                    )
                )
        elif reader.kind == "array":
            assert reader.items is not None and writer.items is not None
            self.check(reader.items, writer.items, f"{path}/items")
        elif reader.kind == "map":
            assert reader.items is not None and writer.items is not None
            self.check(reader.items, writer.items, f"{path}/values")

    def _record(self, reader: Node, writer: Node, path: str) -> None:
        by_name = {f.name: f for f in writer.fields}
        for index, rfield in enumerate(reader.fields):
            wfield = by_name.get(rfield.name) or next(
                (by_name[a] for a in rfield.aliases if a in by_name), None
            )
            fpath = f"{path}/fields/{index}"
            if wfield is None:
                if not rfield.has_default:
                    self.out.append(Incompatibility("READER_FIELD_MISSING_DEFAULT_VALUE", fpath, rfield.name))
                continue
            self.check(rfield.type, wfield.type, f"{fpath}/type")


def _names_match(reader: Node, writer: Node) -> bool:
    if reader.fullname == writer.fullname or writer.fullname in reader.aliases:
        return True
    # Avro compares unqualified names for compatibility (namespaces may differ).
    short = writer.short_name()
    return short == reader.short_name() or any(a.rsplit(".", 1)[-1] == short for a in reader.aliases)
