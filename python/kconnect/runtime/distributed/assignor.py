"""Leader-side assignment of connectors and tasks to workers.

Two pure assignors over the same inputs (members' metadata and the leader's
config snapshot): :func:`eager_assign` (Java ``EagerAssignor``, protocol
``default``) and :class:`IncrementalCooperativeAssignor` (KIP-415, protocols
``compatible``/``sessioned``), which keeps the state Java keeps between rounds
(previous assignment, pending delay for lost work, successive revocations).
Time is passed in (``now_ms``) so tests drive the scheduled-delay logic without
sleeping.  Rules follow connect-runtime.md 5.6/5.7.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from kconnect.runtime.distributed.protocol import (
    CONFIG_MISMATCH,
    NO_ERROR,
    Assignment,
    ConnectorsAndTasks,
    TaskRef,
    WorkerMetadata,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The leader's view of the configuration: connector -> task count, and its offset."""

    offset: int
    task_counts: Mapping[str, int]

    def connectors(self) -> list[str]:
        return sorted(self.task_counts)

    def tasks(self) -> list[TaskRef]:
        return [(c, t) for c in self.connectors() for t in range(self.task_counts[c])]


def _mismatch(
    members: Mapping[str, WorkerMetadata], leader: str, version: int, max_offset: int
) -> dict[str, Assignment]:
    url = members[leader].url
    return {m: Assignment(version, CONFIG_MISMATCH, leader, url, max_offset) for m in members}


def max_config_offset(members: Mapping[str, WorkerMetadata]) -> int:
    return max(m.config_offset for m in members.values())


def eager_assign(
    members: Mapping[str, WorkerMetadata], leader: str, snapshot: Snapshot
) -> dict[str, Assignment]:
    """Round-robin over sorted members: connectors first, then tasks, one shared iterator."""
    max_offset = max_config_offset(members)
    if snapshot.offset < max_offset:
        return _mismatch(members, leader, 0, max_offset)
    ids = sorted(members)
    connectors: dict[str, list[str]] = {m: [] for m in ids}
    tasks: dict[str, list[TaskRef]] = {m: [] for m in ids}
    cycle = itertools.cycle(ids)
    for name in snapshot.connectors():
        connectors[next(cycle)].append(name)
    for ref in snapshot.tasks():
        tasks[next(cycle)].append(ref)
    url = members[leader].url
    return {
        m: Assignment(
            0, NO_ERROR, leader, url, max_offset, ConnectorsAndTasks(tuple(connectors[m]), tuple(tasks[m]))
        )
        for m in ids
    }


@dataclass
class _Work:
    """Mutable per-worker connectors and tasks (ordered)."""

    connectors: list[str] = field(default_factory=list)
    tasks: list[TaskRef] = field(default_factory=list)


@dataclass
class IncrementalCooperativeAssignor:
    """KIP-415 assignor; one instance lives on each worker and is used while it leads."""

    max_delay_ms: int
    previous_assignment: dict[str, _Work] = field(default_factory=dict)
    previous_revocation: dict[str, _Work] = field(default_factory=dict)
    previous_generation: int = -1
    previous_members: set[str] = field(default_factory=set)
    scheduled_at_ms: int = 0
    delay_ms: int = 0
    candidates: set[str] = field(default_factory=set)
    revoked_in_previous: bool = False
    successive_revocations: int = 0

    def assign(
        self,
        members: Mapping[str, WorkerMetadata],
        leader: str,
        snapshot: Snapshot,
        *,
        version: int,
        generation: int,
        last_completed_generation: int,
        now_ms: int,
    ) -> dict[str, Assignment]:
        max_offset = max_config_offset(members)
        if snapshot.offset < max_offset:
            return _mismatch(members, leader, version, max_offset)
        if self.previous_generation != last_completed_generation:
            self.previous_assignment = {}
        conf_conns = set(snapshot.task_counts)
        conf_tasks = set(snapshot.tasks())

        current: dict[str, _Work] = {}
        for member_id, meta in members.items():
            alloc = meta.allocation.assigned if meta.allocation is not None else ConnectorsAndTasks()
            current[member_id] = _Work(list(alloc.connectors), list(alloc.tasks))
        active_conns = {c for w in current.values() for c in w.connectors}
        active_tasks = {t for w in current.values() for t in w.tasks}

        prev_conns = {c for w in self.previous_assignment.values() for c in w.connectors}
        prev_tasks = {t for w in self.previous_assignment.values() for t in w.tasks}
        revoked_prev_c = {c for w in self.previous_revocation.values() for c in w.connectors}
        revoked_prev_t = {t for w in self.previous_revocation.values() for t in w.tasks}
        if (revoked_prev_c & active_conns) or (revoked_prev_t & active_tasks):
            prev_conns, prev_tasks = set(active_conns), set(active_tasks)
        self.previous_revocation = {}

        deleted_c, deleted_t = prev_conns - conf_conns, prev_tasks - conf_tasks
        dup_c = _duplicates(w.connectors for w in current.values())
        dup_t = _duplicates(w.tasks for w in current.values())
        lost_c = prev_conns - active_conns - deleted_c
        lost_t = prev_tasks - active_tasks - deleted_t
        created_c = conf_conns - prev_conns - active_conns
        created_t = conf_tasks - prev_tasks - active_tasks

        to_revoke: dict[str, _Work] = {m: _Work() for m in members}
        for m, w in current.items():
            to_revoke[m].connectors += [
                c for c in w.connectors if c in deleted_c or c in dup_c or c not in conf_conns
            ]
            to_revoke[m].tasks += [t for t in w.tasks if t in deleted_t or t in dup_t or t not in conf_tasks]
        nxt: dict[str, _Work] = {
            m: _Work(
                [c for c in w.connectors if c not in to_revoke[m].connectors],
                [t for t in w.tasks if t not in to_revoke[m].tasks],
            )
            for m, w in current.items()
        }

        reassign_c, reassign_t = self._handle_lost(lost_c, lost_t, nxt, set(members), now_ms)

        # load-balancing revocations
        if self.delay_ms == 0:
            balance = _balance_revocations(nxt, len(conf_conns), len(conf_tasks))
            if not any(w.connectors or w.tasks for w in balance.values()):
                if self.revoked_in_previous:
                    self.revoked_in_previous = False
                    self.successive_revocations = 0
            elif self.revoked_in_previous:
                self.successive_revocations += 1
                delay = min(40**self.successive_revocations, self.max_delay_ms)
                if delay != 0:
                    self.delay_ms = delay
                    self.scheduled_at_ms = now_ms + delay
                    self.revoked_in_previous = False
                else:
                    _apply_revocations(balance, nxt, to_revoke)
            else:
                _apply_revocations(balance, nxt, to_revoke)
                self.revoked_in_previous = True
        else:
            self.revoked_in_previous = False

        _distribute_connectors(sorted(created_c | reassign_c), nxt)
        _distribute_tasks(sorted(created_t | reassign_t), nxt)

        url = members[leader].url
        result: dict[str, Assignment] = {}
        for m in members:
            had = current[m]
            new_c = [c for c in nxt[m].connectors if c not in had.connectors]
            new_t = [t for t in nxt[m].tasks if t not in had.tasks]
            result[m] = Assignment(
                version, NO_ERROR, leader, url, max_offset,
                ConnectorsAndTasks(tuple(new_c), tuple(new_t)),
                ConnectorsAndTasks(tuple(to_revoke[m].connectors), tuple(to_revoke[m].tasks)),
                self.delay_ms,
            )  # fmt: skip

        pending_c = lost_c - reassign_c
        pending_t = lost_t - reassign_t
        self.previous_assignment = {m: _Work(list(w.connectors), list(w.tasks)) for m, w in nxt.items()}
        if pending_c or pending_t:
            self.previous_assignment["\x00lost"] = _Work(sorted(pending_c), sorted(pending_t))
        self.previous_revocation = {m: w for m, w in to_revoke.items() if w.connectors or w.tasks}
        self.previous_generation = generation
        self.previous_members = set(members)
        return result

    def _handle_lost(
        self, lost_c: set[str], lost_t: set[TaskRef], nxt: dict[str, _Work], members: set[str], now_ms: int
    ) -> tuple[set[str], set[TaskRef]]:
        """Which lost items to reassign now; updates the delay state (5.7 step 8)."""
        if not lost_c and not lost_t:
            if not self.revoked_in_previous:
                self._reset_delay()
            return set(), set()
        previous_present = self.previous_members <= members and bool(self.previous_members)
        if self.scheduled_at_ms == 0 and previous_present:
            self._reset_delay()
            return lost_c, lost_t
        if self.max_delay_ms == 0:
            self._reset_delay()
            return lost_c, lost_t
        if self.scheduled_at_ms and now_ms >= self.scheduled_at_ms:
            candidates = sorted(c for c in self.candidates if c in members)
            if candidates:
                cyc = itertools.cycle(candidates)
                for name in sorted(lost_c):
                    nxt[next(cyc)].connectors.append(name)
                for ref in sorted(lost_t):
                    nxt[next(cyc)].tasks.append(ref)
                self._reset_delay()
                self.revoked_in_previous = False
                return set(), set()
            self._reset_delay()
            self.revoked_in_previous = False
            return lost_c, lost_t
        self.candidates |= {m for m, w in nxt.items() if not w.connectors and not w.tasks}
        if self.scheduled_at_ms:
            self.delay_ms = max(0, min(self.scheduled_at_ms - now_ms, self.max_delay_ms))
        else:
            self.delay_ms = self.max_delay_ms
            self.scheduled_at_ms = now_ms + self.delay_ms
        return set(), set()

    def _reset_delay(self) -> None:
        self.delay_ms = 0
        self.scheduled_at_ms = 0
        self.candidates = set()


def _duplicates(lists: Iterable[Iterable[T]]) -> set[T]:
    seen: set[T] = set()
    dups: set[T] = set()
    for items in lists:
        for item in items:
            if item in seen:
                dups.add(item)
            seen.add(item)
    return dups


def _balance_revocations(nxt: dict[str, _Work], total_c: int, total_t: int) -> dict[str, _Work]:
    """Items to revoke so that connectors and tasks are balanced (5.7 step 9)."""
    revoke = {m: _Work() for m in nxt}
    n = len(nxt)
    if n == 0:
        return revoke
    for attr, total in (("connectors", total_c), ("tasks", total_t)):
        lo, extra = divmod(total, n)
        counts = {m: len(getattr(w, attr)) for m, w in nxt.items()}
        if sum(1 for c in counts.values() if c == lo + 1) == extra and all(
            c in (lo, lo + 1) for c in counts.values()
        ):
            continue
        allowed_extra = extra
        for m in sorted(nxt):
            have = counts[m]
            if have <= lo:
                continue
            keep = lo
            if allowed_extra > 0:
                keep = lo + 1
                allowed_extra -= 1
            if have > keep:
                getattr(revoke[m], attr).extend(getattr(nxt[m], attr)[: have - keep])
    return revoke


def _apply_revocations(balance: dict[str, _Work], nxt: dict[str, _Work], to_revoke: dict[str, _Work]) -> None:
    for m, w in balance.items():
        for c in w.connectors:
            nxt[m].connectors.remove(c)
            to_revoke[m].connectors.append(c)
        for t in w.tasks:
            nxt[m].tasks.remove(t)
            to_revoke[m].tasks.append(t)


def _distribute_connectors(items: list[str], nxt: dict[str, _Work]) -> None:
    for item in items:
        target = min(nxt, key=lambda m: (len(nxt[m].connectors), m))
        nxt[target].connectors.append(item)


def _distribute_tasks(items: list[TaskRef], nxt: dict[str, _Work]) -> None:
    for item in items:
        target = min(nxt, key=lambda m: (len(nxt[m].tasks), m))
        nxt[target].tasks.append(item)
