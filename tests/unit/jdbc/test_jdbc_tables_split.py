"""Table selection (include/exclude and legacy lists), duplicate bare names, and the split over tasks."""

from __future__ import annotations

import pytest

from kconnect.connectors.jdbc.config import parse_settings
from kconnect.connectors.jdbc.dialect import TableId
from kconnect.connectors.jdbc.tables import check_unique_names, group_tables, select_tables
from kconnect.errors import ConnectError

BASE = {"connection.url": "jdbc:sqlite:x.db", "mode": "bulk", "topic.prefix": "p-"}
TABLES = [
    TableId("public", "users"),
    TableId("public", "orders"),
    TableId("audit", "log"),
    TableId("audit", "users"),
]


def _names(extra: dict[str, str]) -> list[str]:
    return [t.fqn for t in select_tables(TABLES, parse_settings({**BASE, **extra}))]


def test_include_and_exclude_lists_full_match_the_qualified_name() -> None:
    assert _names({"table.include.list": r"public\..*"}) == ["public.users", "public.orders"]
    assert _names({"table.include.list": "users"}) == []  # full match on public.users fails
    assert _names({"table.exclude.list": r"audit\..*,public\.orders"}) == ["public.users"]


def test_legacy_lists_match_bare_or_qualified_names() -> None:
    assert _names({"table.whitelist": "orders,audit.log"}) == ["public.orders", "audit.log"]
    assert _names({"table.blacklist": "users"}) == ["public.orders", "audit.log"]


def test_duplicate_bare_names_are_refused_with_the_clashing_tables() -> None:
    with pytest.raises(ConnectError, match=r"audit\.users, public\.users"):
        check_unique_names(TABLES)
    check_unique_names(TABLES[:3])


@pytest.mark.parametrize(
    ("n", "max_tasks", "sizes"),
    [(0, 3, [0]), (1, 3, [1]), (3, 3, [1, 1, 1]), (5, 2, [3, 2]), (7, 3, [3, 2, 2]), (4, 10, [1, 1, 1, 1])],
)
def test_tables_are_split_in_contiguous_groups_the_first_ones_larger(
    n: int, max_tasks: int, sizes: list[int]
) -> None:
    tables = [TableId(None, f"t{i}") for i in range(n)]
    groups = group_tables(tables, max_tasks)
    assert [len(g) for g in groups] == sizes
    assert [t for g in groups for t in g] == tables
