"""Eager and incremental cooperative assignors (connect-runtime.md 5.6/5.7)."""

from __future__ import annotations

from collections import Counter

from kconnect.runtime.distributed.assignor import IncrementalCooperativeAssignor, Snapshot, eager_assign
from kconnect.runtime.distributed.protocol import (
    CONFIG_MISMATCH,
    Assignment,
    ConnectorsAndTasks,
    WorkerMetadata,
)


def _members(owned: dict[str, Assignment | None], offset: int = 5) -> dict[str, WorkerMetadata]:
    return {m: WorkerMetadata(2, f"http://{m}/", offset, a) for m, a in owned.items()}


def _held(
    result: dict[str, Assignment], before: dict[str, ConnectorsAndTasks]
) -> dict[str, ConnectorsAndTasks]:
    out = {}
    for m, a in result.items():
        prev = before.get(m, ConnectorsAndTasks())
        conns = [c for c in prev.connectors if c not in a.revoked.connectors] + list(a.assigned.connectors)
        tasks = [t for t in prev.tasks if t not in a.revoked.tasks] + list(a.assigned.tasks)
        out[m] = ConnectorsAndTasks(tuple(conns), tuple(tasks))
    return out


def _alloc(held: ConnectorsAndTasks) -> Assignment | None:
    return None if held.is_empty() else Assignment(2, 0, "", "", 5, held)


SNAP = Snapshot(5, {"a": 4, "b": 3, "c": 2})


def test_eager_round_robin_connectors_then_tasks_one_iterator() -> None:
    members = {m: WorkerMetadata(0, m, 5) for m in ("w2", "w1")}
    result = eager_assign(members, "w1", Snapshot(5, {"a": 2, "b": 1}))
    assert result["w1"].assigned == ConnectorsAndTasks(("a",), (("a", 0), ("b", 0)))
    assert result["w2"].assigned == ConnectorsAndTasks(("b",), (("a", 1),))
    assert all(a.leader_url == "w1" for a in result.values())


def test_config_mismatch_when_leader_is_behind() -> None:
    assignor = IncrementalCooperativeAssignor(300000)
    members = _members({"w1": None, "w2": None}, offset=9)
    result = assignor.assign(
        members, "w1", SNAP, version=2, generation=1, last_completed_generation=-1, now_ms=0
    )
    assert {a.error for a in result.values()} == {CONFIG_MISMATCH}


def test_fresh_cluster_is_balanced() -> None:
    assignor = IncrementalCooperativeAssignor(300000)
    members = _members({"w1": None, "w2": None, "w3": None})
    result = assignor.assign(
        members, "w1", SNAP, version=2, generation=1, last_completed_generation=-1, now_ms=0
    )
    tasks = Counter(m for m, a in result.items() for _ in a.assigned.tasks)
    conns = Counter(m for m, a in result.items() for _ in a.assigned.connectors)
    assert sorted(tasks.values()) == [3, 3, 3] and sorted(conns.values()) == [1, 1, 1]
    assert all(a.revoked.is_empty() and a.delay_ms == 0 for a in result.values())


def test_lost_worker_tasks_wait_for_delay_then_move_without_touching_others() -> None:
    assignor = IncrementalCooperativeAssignor(10_000)
    members = _members({"w1": None, "w2": None, "w3": None})
    r1 = assignor.assign(members, "w1", SNAP, version=2, generation=1, last_completed_generation=-1, now_ms=0)
    held = _held(r1, {})
    # w3 dies
    survivors = _members({m: _alloc(held[m]) for m in ("w1", "w2")})
    r2 = assignor.assign(
        survivors, "w1", SNAP, version=2, generation=2, last_completed_generation=1, now_ms=1000
    )
    assert all(a.assigned.is_empty() and a.revoked.is_empty() for a in r2.values())
    assert {a.delay_ms for a in r2.values()} == {10_000}
    held2 = _held(r2, held)
    # the scheduled rejoin after the delay: lost work goes to the survivors, nothing is revoked
    survivors = _members({m: _alloc(held2[m]) for m in ("w1", "w2")})
    r3 = assignor.assign(
        survivors, "w1", SNAP, version=2, generation=3, last_completed_generation=2, now_ms=11_500
    )
    moved = {t for a in r3.values() for t in a.assigned.tasks}
    assert moved == set(held["w3"].tasks)
    assert all(a.revoked.is_empty() and a.delay_ms == 0 for a in r3.values())


def test_returning_worker_within_delay_gets_its_work_back() -> None:
    assignor = IncrementalCooperativeAssignor(10_000)
    r1 = assignor.assign(
        _members({"w1": None, "w2": None}),
        "w1",
        SNAP,
        version=2,
        generation=1,
        last_completed_generation=-1,
        now_ms=0,
    )
    held = _held(r1, {})
    r2 = assignor.assign(
        _members({"w1": _alloc(held["w1"])}), "w1", SNAP, version=2, generation=2,
        last_completed_generation=1, now_ms=100,
    )  # fmt: skip
    assert r2["w1"].assigned.is_empty()
    r3 = assignor.assign(
        _members({"w1": _alloc(held["w1"]), "w3": None}), "w1", SNAP, version=2, generation=3,
        last_completed_generation=2, now_ms=20_000,
    )  # fmt: skip
    assert set(r3["w3"].assigned.tasks) == set(held["w2"].tasks)
    assert r3["w1"].assigned.is_empty() and r3["w1"].revoked.is_empty()


def test_joining_worker_causes_minimal_revocation() -> None:
    assignor = IncrementalCooperativeAssignor(300000)
    r1 = assignor.assign(
        _members({"w1": None, "w2": None}),
        "w1",
        SNAP,
        version=2,
        generation=1,
        last_completed_generation=-1,
        now_ms=0,
    )
    held = _held(r1, {})
    r2 = assignor.assign(
        _members({"w1": _alloc(held["w1"]), "w2": _alloc(held["w2"]), "w3": None}), "w1", SNAP,
        version=2, generation=2, last_completed_generation=1, now_ms=10,
    )  # fmt: skip
    revoked = sum(len(a.revoked.tasks) for a in r2.values())
    assert revoked == 3  # 9 tasks: 5+4 -> 3+3+3 requires moving exactly three
    held2 = _held(r2, held)
    r3 = assignor.assign(
        _members({m: _alloc(h) for m, h in held2.items()}), "w1", SNAP,
        version=2, generation=3, last_completed_generation=2, now_ms=20,
    )  # fmt: skip
    final = _held(r3, held2)
    assert sorted(len(h.tasks) for h in final.values()) == [3, 3, 3]
    assert sorted(len(h.connectors) for h in final.values()) == [1, 1, 1]


def test_deleted_connector_is_revoked() -> None:
    assignor = IncrementalCooperativeAssignor(300000)
    r1 = assignor.assign(
        _members({"w1": None}), "w1", SNAP, version=2, generation=1, last_completed_generation=-1, now_ms=0
    )
    held = _held(r1, {})
    smaller = Snapshot(6, {"a": 4, "b": 3})
    r2 = assignor.assign(
        {"w1": WorkerMetadata(2, "u", 6, _alloc(held["w1"]))}, "w1", smaller, version=2, generation=2,
        last_completed_generation=1, now_ms=5,
    )  # fmt: skip
    assert r2["w1"].revoked == ConnectorsAndTasks(("c",), (("c", 0), ("c", 1)))
