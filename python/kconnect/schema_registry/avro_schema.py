"""Avro schemas as the registry sees them: parse, validate, canonical text.

:func:`parse_avro` turns schema text (plus the texts of referenced schemas) into an
:class:`AvroSchema`: a tree of :class:`Node` values with named types resolved, used by the
compatibility checker.  Invalid schemas raise :class:`InvalidSchemaError` (42201) naming the
problem.

Canonical text (decision): the registry stores and compares the schema's compact JSON
(``json.dumps`` with no whitespace, key order as written).  Two registrations of the same schema
that differ only in whitespace therefore dedup to one id, as with the Confluent registry, whose
canonical string is Avro's ``Schema.toString()``; an input that differs in attribute order is a
different schema text, which the Confluent registry would also keep apart unless ``normalize``
is requested.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kconnect.schema_registry.errors import InvalidSchemaError

__all__ = ["PRIMITIVES", "AvroSchema", "Node", "canonical_text", "parse_avro"]

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(eq=False)
class Node:
    """One resolved Avro type: ``kind`` is a primitive name or record/enum/fixed/array/map/union."""

    kind: str
    fullname: str | None = None
    aliases: frozenset[str] = frozenset()
    fields: list[FieldNode] = field(default_factory=list)
    symbols: tuple[str, ...] = ()
    enum_default: str | None = None
    size: int = 0
    items: Node | None = None
    branches: list[Node] = field(default_factory=list)
    logical: str | None = None

    def short_name(self) -> str | None:
        return None if self.fullname is None else self.fullname.rsplit(".", 1)[-1]

    def branch_key(self) -> str:
        """What makes union branches distinct: the full name for named types, else the kind."""
        return self.fullname if self.fullname is not None else self.kind


@dataclass(eq=False)
class FieldNode:
    """A record field: name, aliases, type, whether it has a default."""

    name: str
    aliases: frozenset[str]
    type: Node
    has_default: bool
    default: Any = None


@dataclass(frozen=True)
class AvroSchema:
    """A parsed schema: the canonical text, the JSON value and the resolved tree."""

    canonical: str
    json_value: Any
    root: Node


def canonical_text(json_value: Any) -> str:
    """The compact JSON text of a schema value (the registry's stored and compared form)."""
    return json.dumps(json_value, separators=(",", ":"), ensure_ascii=False)


def parse_avro(text: str, references: Mapping[str, str] | None = None) -> AvroSchema:
    """Parse ``text``; ``references`` maps referenced schema names to their texts (parsed first)."""
    parser = _Parser()
    for ref_text in (references or {}).values():
        parser.parse(_load(ref_text), None)
    value = _load(text)
    root = parser.parse(value, None)
    return AvroSchema(canonical_text(value), value, root)


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise InvalidSchemaError(f"Invalid schema {text!r}: not valid JSON: {exc}") from exc


def _fail(message: str) -> InvalidSchemaError:
    return InvalidSchemaError(f"Invalid schema: {message}")


class _Parser:
    """Builds :class:`Node` trees, keeping named types for later references."""

    def __init__(self) -> None:
        self.named: dict[str, Node] = {}

    def parse(self, value: Any, namespace: str | None) -> Node:
        if isinstance(value, str):
            return self._named_or_primitive(value, namespace)
        if isinstance(value, list):
            return self._union(value, namespace)
        if not isinstance(value, dict):
            raise _fail(f"not a schema: {json.dumps(value)}")
        kind = value.get("type")
        if kind in ("record", "error"):
            return self._record(value, namespace)
        if kind == "enum":
            return self._enum(value, namespace)
        if kind == "fixed":
            return self._fixed(value, namespace)
        if kind == "array":
            if "items" not in value:
                raise _fail("array has no items")
            return Node("array", items=self.parse(value["items"], namespace))
        if kind == "map":
            if "values" not in value:
                raise _fail("map has no values")
            return Node("map", items=self.parse(value["values"], namespace))
        if isinstance(kind, str) and kind in PRIMITIVES:
            logical = value.get("logicalType")
            return Node(kind, logical=logical if isinstance(logical, str) else None)
        if isinstance(kind, str | list | dict):
            return self.parse(kind, namespace)
        raise _fail(f"no type: {json.dumps(value)}")

    def _named_or_primitive(self, name: str, namespace: str | None) -> Node:
        if name in PRIMITIVES:
            return Node(name)
        full = _full_name(name, namespace)
        node = self.named.get(full) or self.named.get(name)
        if node is None:
            raise _fail(
                f'"{name}" is not a defined name. The type of the field must be a defined name '
                'or a {"type": ...} expression.'
            )
        return node

    def _union(self, value: list[Any], namespace: str | None) -> Node:
        branches = [self.parse(v, namespace) for v in value]
        seen: set[str] = set()
        for branch in branches:
            if branch.kind == "union":
                raise _fail(f"Nested union: {json.dumps(value)}")
            key = branch.branch_key()
            if key in seen:
                raise _fail(f"Duplicate in union:{key}")
            seen.add(key)
        return Node("union", branches=branches)

    def _define(self, value: Mapping[str, Any], kind: str, namespace: str | None) -> tuple[Node, str | None]:
        name = value.get("name")
        if not isinstance(name, str) or not name:
            raise _fail(f"No name in schema: {json.dumps(value)}")
        ns = value.get("namespace", namespace)
        if ns is not None and not isinstance(ns, str):
            raise _fail(f"namespace must be a string: {json.dumps(value)}")
        full = _full_name(name, ns or None)
        for part in full.split("."):
            if not _NAME_RE.match(part):
                raise _fail(f"Illegal character in: {full}")
        if full in self.named or full in PRIMITIVES:
            raise _fail(f"Can't redefine: {full}")
        own_ns = full.rsplit(".", 1)[0] if "." in full else None
        aliases = value.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _fail(f"aliases must be a list of strings: {json.dumps(value)}")
        node = Node(kind, fullname=full, aliases=frozenset(_full_name(a, own_ns) for a in aliases))
        self.named[full] = node
        return node, own_ns

    def _record(self, value: Mapping[str, Any], namespace: str | None) -> Node:
        node, own_ns = self._define(value, "record", namespace)
        fields = value.get("fields")
        if not isinstance(fields, list):
            raise _fail(f"Record has no fields: {json.dumps(value)}")
        names: set[str] = set()
        for raw in fields:
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise _fail(f"No field name: {json.dumps(raw)}")
            name = raw["name"]
            if not _NAME_RE.match(name):
                raise _fail(f"Illegal character in: {name}")
            if name in names:
                raise _fail(f"Duplicate field {name} in record {node.fullname}")
            names.add(name)
            if "type" not in raw:
                raise _fail(f"No field type: {json.dumps(raw)}")
            ftype = self.parse(raw["type"], own_ns)
            aliases = frozenset(a for a in raw.get("aliases", []) if isinstance(a, str))
            node.fields.append(FieldNode(name, aliases, ftype, "default" in raw, raw.get("default")))
        return node

    def _enum(self, value: Mapping[str, Any], namespace: str | None) -> Node:
        node, _ = self._define(value, "enum", namespace)
        symbols = value.get("symbols")
        if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
            raise _fail(f"Enum symbols must be a list of strings: {json.dumps(value)}")
        if len(set(symbols)) != len(symbols):
            raise _fail(f"Duplicate enum symbol in {node.fullname}")
        for symbol in symbols:
            if not _NAME_RE.match(symbol):
                raise _fail(f"Illegal character in: {symbol}")
        default = value.get("default")
        if default is not None and default not in symbols:
            raise _fail(f"The Enum Default: {default} is not in the enum symbol set: {symbols}")
        node.symbols = tuple(symbols)
        node.enum_default = default
        return node

    def _fixed(self, value: Mapping[str, Any], namespace: str | None) -> Node:
        node, _ = self._define(value, "fixed", namespace)
        size = value.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _fail(f"Invalid fixed size: {json.dumps(value)}")
        node.size = size
        logical = value.get("logicalType")
        node.logical = logical if isinstance(logical, str) else None
        return node


def _full_name(name: str, namespace: str | None) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"
