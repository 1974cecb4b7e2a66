"""Leader election among registry instances through the Kafka group coordinator.

Speaks the Confluent registry's group protocol, so kconnect and Confluent instances can share a
group (``schema.registry.group.id``, default ``schema-registry``): protocol type ``sr``,
sub-protocol ``v0``, member metadata and assignment as JSON:

* metadata: ``{"version":1,"host":...,"port":...,"master_eligibility":true,"scheme":"http",
  "leader":false}`` (the member's identity; ``leader`` marks the current leader for stickiness);
* assignment (the same for every member): ``{"version":1,"error":0,"master":<member id>,
  "master_identity":<identity>}``.

The group leader picks the eligible member already flagged as leader (sticky), else the eligible
member with the smallest URL; ``error`` 1 reports duplicate URLs.  Membership runs on its own
thread (kafka-python's ``BaseCoordinator``, as the distributed Connect worker uses), so
heartbeats never wait for requests.
"""

from __future__ import annotations

import json
import logging
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

with warnings.catch_warnings():  # kafka-python 3 loads its protocol JSON with a deprecated importlib call
    warnings.simplefilter("ignore", DeprecationWarning)
    from kafka.coordinator.base import BaseCoordinator  # type: ignore[import-untyped]
    from kafka.net.compat import KafkaNetClient  # type: ignore[import-untyped]

__all__ = ["Identity", "LeaderElector", "choose_leader"]

log = logging.getLogger(__name__)

PROTOCOL_TYPE = "sr"
SUBPROTOCOL = "v0"
NO_ERROR, DUPLICATE_URLS = 0, 1


@dataclass(frozen=True)
class Identity:
    """How other instances reach this one."""

    host: str
    port: int
    eligible: bool = True
    scheme: str = "http"
    leader: bool = False

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "host": self.host,
            "port": self.port,
            "master_eligibility": self.eligible,
            "scheme": self.scheme,
            "leader": self.leader,
        }

    @staticmethod
    def from_json(value: dict[str, Any]) -> Identity:
        return Identity(
            str(value["host"]),
            int(value["port"]),
            bool(value.get("master_eligibility", True)),
            str(value.get("scheme") or "http"),
            bool(value.get("leader", False)),
        )


def choose_leader(members: dict[str, Identity]) -> dict[str, Any]:
    """The assignment every member receives (see the module docstring)."""
    eligible = {m: i for m, i in members.items() if i.eligible}
    sticky = [m for m, i in eligible.items() if i.leader]
    if len(sticky) == 1:
        leader: str | None = sticky[0]
    else:
        leader = min(eligible, key=lambda m: eligible[m].url, default=None)
    urls = {i.url for i in members.values()}
    error = NO_ERROR if len(urls) == len(members) else DUPLICATE_URLS
    identity = None if leader is None else {**members[leader].to_json(), "leader": False}
    return {"version": 1, "error": error, "master": leader, "master_identity": identity}


class _Coordinator(BaseCoordinator):  # type: ignore[misc]
    def __init__(self, client: Any, elector: LeaderElector, **configs: Any) -> None:
        super().__init__(client, **configs)
        self._elector = elector

    def protocol_type(self) -> str:
        return PROTOCOL_TYPE

    def group_protocols(self) -> list[tuple[str, bytes]]:
        return [(SUBPROTOCOL, json.dumps(self._elector.identity().to_json()).encode())]

    def _perform_assignment(self, leader_id: str, protocol: str, members: Any) -> dict[str, bytes]:
        identities = {m.member_id: Identity.from_json(json.loads(bytes(m.metadata))) for m in members}
        assignment = json.dumps(choose_leader(identities)).encode()
        log.info(
            "Registry group members %s; leader %s",
            {m: i.url for m, i in identities.items()},
            json.loads(assignment)["master"],
        )
        return dict.fromkeys(identities, assignment)

    async def _on_join_prepare_async(self, generation: int, member_id: str, timeout_ms: Any = None) -> None:
        self._elector._set_leader(None, None)

    async def _on_join_complete_async(
        self, generation: int, member_id: str, protocol: str, assignment: bytes
    ) -> None:
        value = json.loads(bytes(assignment))
        if value.get("error", NO_ERROR) != NO_ERROR:
            log.error("Registry instances share a URL: set host.name on each so they are routable")
        identity = value.get("master_identity")
        leader = None if identity is None else Identity.from_json(identity)
        self._elector._set_leader(leader, value.get("master") == member_id)


class LeaderElector:
    """Joins the group and tracks the leader; ``on_change(is_leader)`` is called on every change."""

    def __init__(
        self,
        bootstrap_servers: str,
        group_id: str,
        identity: Identity,
        on_change: Callable[[bool], None] | None = None,
        session_timeout_ms: int = 10000,
    ) -> None:
        self._identity = identity
        self._on_change = on_change
        self._lock = threading.Condition()
        self._leader: Identity | None = None
        self._is_leader = False
        self._client = KafkaNetClient(
            bootstrap_servers=bootstrap_servers.split(","), client_id="schema-registry"
        )
        self._client._net.start()
        self._args = {
            "group_id": group_id,
            "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": max(session_timeout_ms // 3, 1000),
            "max_poll_interval_ms": 300000,
            "request_timeout_ms": 30000,
            "retry_backoff_ms": 100,
        }
        self._coordinator: _Coordinator | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"registry-group-{group_id}", daemon=True)

    def identity(self) -> Identity:
        with self._lock:
            return Identity(
                self._identity.host,
                self._identity.port,
                self._identity.eligible,
                self._identity.scheme,
                self._is_leader,
            )

    def start(self) -> None:
        self._thread.start()

    def _set_leader(self, leader: Identity | None, is_leader: bool | None) -> None:
        with self._lock:
            changed = bool(is_leader) != self._is_leader
            self._leader = leader
            if is_leader is not None:
                self._is_leader = is_leader
            self._lock.notify_all()
        if leader is not None:
            log.info(
                "Registry leader is %s (this instance: %s)", leader.url, "leader" if is_leader else "follower"
            )
        if changed and is_leader is not None and self._on_change is not None:
            self._on_change(bool(is_leader))

    def leader(self, timeout_s: float = 0.0) -> tuple[Identity | None, bool]:
        """(leader identity, whether this instance leads), waiting up to ``timeout_s`` for an election."""
        with self._lock:
            self._lock.wait_for(lambda: self._leader is not None, timeout_s)
            return self._leader, self._is_leader

    def _run(self) -> None:
        manager = self._client._manager
        backoff = 0.5
        while not self._stop.is_set() and self._coordinator is None:
            try:
                manager.bootstrap(10000)
                if manager.broker_version_data is not None:
                    self._coordinator = _Coordinator(
                        self._client, self, api_version=manager.broker_version, **self._args
                    )
                    break
            except Exception as exc:
                log.warning("Cannot reach Kafka for leader election (retrying in %.1fs): %s", backoff, exc)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)
        coordinator = self._coordinator
        while coordinator is not None and not self._stop.is_set():
            try:
                if coordinator.need_rejoin() or coordinator.coordinator_unknown():
                    coordinator.ensure_active_group(timeout_ms=1000)
                else:
                    coordinator.poll_heartbeat()
                    self._stop.wait(0.2)
            except Exception as exc:
                log.warning("Registry group membership error (will retry): %s", exc)
                self._stop.wait(1.0)

    def stop(self) -> None:
        """Leave the group (a follower takes over at once) and stop the thread."""
        self._stop.set()
        self._thread.join(10)
        try:
            if self._coordinator is not None:
                self._coordinator.close(timeout_ms=5000)
        except Exception as exc:
            log.warning("Error leaving the registry group: %s", exc)
        self._client._net.stop(timeout_ms=5000)
