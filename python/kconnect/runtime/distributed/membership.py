"""Group membership through the Kafka group coordinator (Java: ``WorkerGroupMember`` + ``WorkerCoordinator``).

Decision: kafka-python's ``BaseCoordinator`` (PyPI ``kafka-python`` 3.x) does the
FindCoordinator/JoinGroup/SyncGroup/Heartbeat/LeaveGroup exchanges with any
``protocol_type``; its IO loop runs on its own thread, so heartbeats keep their
schedule however busy the worker is.  confluent-kafka cannot join a group with
protocol type ``connect``, aiokafka would need a second asyncio loop and a
private API, and a client of our own would re-implement version negotiation
the library already does.  kafka-python is used for membership only; every
record still goes through librdkafka.

This module only speaks the protocol: what to offer (metadata), how the leader
assigns and what to do with an assignment are the :class:`MemberHandler`'s job
(the herder).  A membership thread drives joins and rejoins.
"""

from __future__ import annotations

import abc
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from kafka.coordinator.base import BaseCoordinator  # type: ignore[import-untyped]
from kafka.net.compat import KafkaNetClient  # type: ignore[import-untyped]

from kconnect.runtime.distributed.protocol import (
    PROTOCOL_NAMES,
    PROTOCOL_TYPE,
    VERSION_OF_NAME,
    Assignment,
    WorkerMetadata,
    decode_assignment,
    decode_metadata,
    encode_assignment,
    encode_metadata,
)

log = logging.getLogger(__name__)


class MemberHandler(abc.ABC):
    """What the membership needs from the herder; called on membership/IO threads."""

    @abc.abstractmethod
    def metadata(self, version: int) -> WorkerMetadata: ...

    @abc.abstractmethod
    def before_join(self) -> None:
        """Called on the membership thread before every (re)join (catch up, eager revocation)."""

    @abc.abstractmethod
    def perform_assignment(
        self, leader: str, version: int, members: Mapping[str, WorkerMetadata], generation: int
    ) -> dict[str, Assignment]: ...

    @abc.abstractmethod
    def on_coordinator_lost(self) -> None:
        """The coordinator was unreachable for longer than the session: the group has moved this
        worker's work elsewhere, so stop it locally (called on the membership thread, once)."""

    @abc.abstractmethod
    def on_assignment(self, assignment: Assignment, member_id: str, generation: int) -> None:
        """A completed join; must not block (hand the work to the herder's loop)."""


class _ConnectCoordinator(BaseCoordinator):  # type: ignore[misc]
    def __init__(self, client: Any, handler: MemberHandler, versions: list[int], **configs: Any) -> None:
        super().__init__(client, **configs)
        self._handler = handler
        self._versions = versions
        self.last_completed_generation = -1

    def protocol_type(self) -> str:
        return PROTOCOL_TYPE

    def group_protocols(self) -> list[tuple[str, bytes]]:
        return [(PROTOCOL_NAMES[v], encode_metadata(self._handler.metadata(v))) for v in self._versions]

    def _perform_assignment(self, leader_id: str, protocol: str, members: Any) -> dict[str, bytes]:
        version = VERSION_OF_NAME[protocol]
        decoded = {m.member_id: decode_metadata(bytes(m.metadata)) for m in members}
        generation = self._generation.generation_id
        result = self._handler.perform_assignment(leader_id, version, decoded, generation)
        return {m: encode_assignment(a) for m, a in result.items()}

    async def _on_join_complete_async(
        self, generation: int, member_id: str, protocol: str, member_assignment_bytes: bytes
    ) -> None:
        assignment = decode_assignment(bytes(member_assignment_bytes))
        self.last_completed_generation = generation
        self._handler.on_assignment(assignment, member_id, generation)


class GroupMember:
    """One worker's membership in the Connect group, driven by its own thread."""

    def __init__(
        self,
        *,
        bootstrap_servers: list[str],
        group_id: str,
        handler: MemberHandler,
        versions: list[int],
        session_timeout_ms: int,
        heartbeat_interval_ms: int,
        rebalance_timeout_ms: int,
        request_timeout_ms: int,
        retry_backoff_ms: int = 100,
        client_id: str = "connect",
    ) -> None:
        self._client = KafkaNetClient(
            bootstrap_servers=bootstrap_servers, client_id=client_id, request_timeout_ms=request_timeout_ms
        )
        self._client._net.start()
        self._coordinator_args: dict[str, Any] = {
            "group_id": group_id, "session_timeout_ms": session_timeout_ms,
            "heartbeat_interval_ms": heartbeat_interval_ms, "max_poll_interval_ms": rebalance_timeout_ms,
            "request_timeout_ms": request_timeout_ms, "retry_backoff_ms": retry_backoff_ms,
        }  # fmt: skip
        self._versions = versions
        self.coordinator: _ConnectCoordinator | None = None
        self._handler = handler
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"connect-group-{group_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def last_completed_generation(self) -> int:
        return -1 if self.coordinator is None else int(self.coordinator.last_completed_generation)

    def request_rejoin(self) -> None:
        if self.coordinator is not None:
            self.coordinator.request_rejoin()
        self._wake.set()

    def _bootstrap(self) -> _ConnectCoordinator | None:
        """Connect to the cluster (retrying with backoff); None if stopped meanwhile."""
        backoff = 0.5
        manager = self._client._manager
        while not self._stop.is_set():
            try:
                manager.bootstrap(10000)
                if manager.broker_version_data is not None:
                    return _ConnectCoordinator(
                        self._client, self._handler, self._versions,
                        api_version=manager.broker_version, **self._coordinator_args,
                    )  # fmt: skip
            except Exception as e:
                log.warning(
                    "Cannot reach the Kafka cluster to join the group (retrying in %.1fs): %s", backoff, e
                )
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)
        return None

    def _run(self) -> None:
        self.coordinator = self._bootstrap()
        coordinator = self.coordinator
        if coordinator is None:
            return
        session_s = self._coordinator_args["session_timeout_ms"] / 1000
        unknown_since: float | None = None
        while not self._stop.is_set():
            try:
                if coordinator.coordinator_unknown():
                    now = time.monotonic()
                    unknown_since = unknown_since or now
                    if now - unknown_since > session_s:
                        log.warning(
                            "Group coordinator unreachable for %.0f s: stopping local work", session_s
                        )
                        self._handler.on_coordinator_lost()
                        unknown_since = now + 3600.0  # once per outage
                else:
                    unknown_since = None
                if coordinator.need_rejoin() or coordinator.coordinator_unknown():
                    self._handler.before_join()
                    coordinator.ensure_active_group(timeout_ms=1000)
                else:
                    coordinator.poll_heartbeat()
                    self._wake.wait(0.2)
                    self._wake.clear()
            except Exception as e:
                log.warning("Group membership error (will retry): %s", e)
                self._stop.wait(1.0)

    def stop(self) -> None:
        """Leave the group cleanly and stop the threads."""
        self._stop.set()
        self._wake.set()
        self._thread.join(10)
        try:
            if self.coordinator is not None:
                self.coordinator.close(timeout_ms=5000)
        except Exception as e:
            log.warning("Error leaving the group: %s", e)
        self._client._net.stop(timeout_ms=5000)
