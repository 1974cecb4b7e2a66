"""Which tables a connector copies, and how they are spread over tasks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kconnect.connectors.jdbc.config import SourceSettings
from kconnect.connectors.jdbc.dialect import TableId
from kconnect.errors import ConnectError


def select_tables(tables: Sequence[TableId], s: SourceSettings) -> list[TableId]:
    """Apply the include/exclude lists (regex full-match on the FQN) or the legacy white/black lists.

    The legacy lists match either the bare or the fully qualified name, as the reference does.
    """
    out = []
    for table in tables:
        names = {table.name, table.fqn}
        if s.whitelist and not names & set(s.whitelist):
            continue
        if s.blacklist and names & set(s.blacklist):
            continue
        if s.include and not any(p.fullmatch(table.fqn) for p in s.include):
            continue
        if s.exclude and any(p.fullmatch(table.fqn) for p in s.exclude):
            continue
        out.append(table)
    return out


def check_unique_names(tables: Sequence[TableId]) -> None:
    """Topics use the bare table name: two tables with the same bare name would share a topic."""
    dupes = sorted(name for name, n in Counter(t.name for t in tables).items() if n > 1)
    if dupes:
        clashing = sorted(t.fqn for t in tables if t.name in dupes)
        raise ConnectError(
            f"Tables {', '.join(clashing)} have the same unqualified name and would write to the same "
            "topic; narrow table.include.list or schema.pattern"
        )


def group_tables(tables: Sequence[TableId], max_tasks: int) -> list[list[TableId]]:
    """``min(n, max_tasks)`` contiguous groups, the first ``n % k`` one larger (the reference's split)."""
    if not tables:
        return [[]]
    k = min(len(tables), max(1, max_tasks))
    size, extra = divmod(len(tables), k)
    groups, start = [], 0
    for i in range(k):
        end = start + size + (1 if i < extra else 0)
        groups.append(list(tables[start:end]))
        start = end
    return groups
