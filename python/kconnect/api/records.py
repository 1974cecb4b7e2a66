"""Records that connectors produce and consume (Java: ``ConnectRecord`` and subclasses)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kconnect.data.schema import Schema


@dataclass(frozen=True, slots=True)
class Header:
    """One record header: a key and a value with an optional schema."""

    key: str
    value: Any
    schema: Schema | None = None


class Headers:
    """An ordered, multi-valued collection of :class:`Header` (Java: ``ConnectHeaders``)."""

    __slots__ = ("_items",)
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, items: Iterable[Header] = ()) -> None:
        self._items: list[Header] = list(items)

    def add(self, key: str, value: Any, schema: Schema | None = None) -> Headers:
        self._items.append(Header(key, value, schema))
        return self

    def last_with_name(self, key: str) -> Header | None:
        for header in reversed(self._items):
            if header.key == key:
                return header
        return None

    def all_with_name(self, key: str) -> list[Header]:
        return [h for h in self._items if h.key == key]

    def remove(self, key: str) -> Headers:
        self._items = [h for h in self._items if h.key != key]
        return self

    def copy(self) -> Headers:
        return Headers(self._items)

    def __iter__(self) -> Iterator[Header]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Headers) and self._items == other._items

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


@dataclass(slots=True)
class ConnectRecord:
    """Fields shared by source and sink records."""

    topic: str
    kafka_partition: int | None
    key_schema: Schema | None
    key: Any
    value_schema: Schema | None
    value: Any
    timestamp: int | None = None
    headers: Headers = field(default_factory=Headers)

    def with_changes(self, **changes: Any) -> Any:
        """A copy with the given fields replaced (Java: ``newRecord``); headers are copied."""
        changes.setdefault("headers", self.headers.copy())
        return replace(self, **changes)


@dataclass(slots=True)
class SourceRecord(ConnectRecord):
    """A record a source task hands to the worker, with where it came from.

    ``source_partition`` and ``source_offset`` are JSON-able maps; the worker
    stores the offset once Kafka acknowledged the record and every record
    before it from the same task.
    """

    source_partition: Mapping[str, Any] | None = None
    source_offset: Mapping[str, Any] | None = None


@dataclass(slots=True)
class SinkRecord(ConnectRecord):
    """A record the worker hands to a sink task, with its Kafka coordinates."""

    kafka_offset: int = -1
    timestamp_type: str = "NoTimestampType"
    original_topic: str | None = None
    original_kafka_partition: int | None = None
    original_kafka_offset: int | None = None
