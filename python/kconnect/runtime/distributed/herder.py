"""The distributed herder: configs in the config topic, work assigned by the group leader.

Small parts instead of Java's single tick thread: the config store's reader
thread and the membership thread only *schedule* coroutines on the herder's
asyncio loop; all state changes run there under one lock, and blocking worker
calls go through ``asyncio.to_thread``.  The leader alone writes connector and
task configs; other workers' leader-only REST requests are forwarded by the
REST layer to :meth:`forward_target`'s URL.  Until the worker has joined, or
while a rebalance is pending, leader-only requests answer 409 as in Java.

Task configs: the worker that runs a connector generates its task configs; the
leader writes them itself, a follower POSTs them to the leader's internal
``/connectors/<c>/tasks`` endpoint.  Config-topic changes make every worker
rejoin so the leader reassigns (cooperatively: nothing that stays is stopped).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import httpx
from confluent_kafka import KafkaException

from kconnect import __version__
from kconnect.errors import (
    AlreadyExistsError,
    BadRequestError,
    ConfigError,
    ConflictError,
    ConnectError,
    NotFoundError,
    PluginNotFoundError,
)
from kconnect.runtime import offsets_admin
from kconnect.runtime.distributed import signing, task_class
from kconnect.runtime.distributed.assignor import IncrementalCooperativeAssignor, Snapshot, eager_assign
from kconnect.runtime.distributed.membership import GroupMember, MemberHandler
from kconnect.runtime.distributed.protocol import NO_ERROR, Assignment, ConnectorsAndTasks, WorkerMetadata
from kconnect.runtime.herder import HEALTHY, STARTING, ConnectorInfo, Herder, JsonDict, TargetState, TaskInfo
from kconnect.runtime.task_base import TaskId
from kconnect.runtime.validation import invalid_config_message, plugin_config_keys, validate_connector_config
from kconnect.runtime.worker import Worker
from kconnect.storage.kafka_config import (
    ConfigListener,
    ConfigSnapshot,
    KafkaConfigBackingStore,
    RestartRequest,
)
from kconnect.storage.kafka_status import KafkaStatusBackingStore
from kconnect.storage.status import State, Status

log = logging.getLogger(__name__)

STALE_CONFIG = (
    "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent "
    "config change)"
)
NO_LEADER = (
    "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway."
)


class WorkerNotJoinedError(ConnectError):
    """The worker has not joined its group yet (REST 503 with ``error_code``)."""

    http_status = 503


class DistributedHerder(Herder, MemberHandler):
    """Herder of one worker of a Connect cluster."""

    def __init__(
        self,
        worker: Worker,
        config_store: KafkaConfigBackingStore,
        status_store: KafkaStatusBackingStore,
        member_factory: Any,
        url: str,
        scheduled_rebalance_max_delay_ms: int,
    ) -> None:
        self.worker = worker
        self.configs = config_store
        self.statuses = status_store
        self._member_factory = member_factory
        self.member: GroupMember | None = None
        self.url = url
        self.assignor = IncrementalCooperativeAssignor(scheduled_rebalance_max_delay_ms)
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._kafka_cluster_id: str | None = None
        self.member_id = ""
        self.leader_id = ""
        self.leader_url = ""
        self.generation = -1
        self.version = 0
        self._joined = False
        self._rebalance_pending = False
        self._owned_connectors: list[str] = []
        self._owned_tasks: list[tuple[str, int]] = []
        self._task_configs_running: dict[tuple[str, int], dict[str, str]] = {}
        self._connector_configs_running: dict[str, dict[str, str]] = {}
        config_store.listener = ConfigListener(
            connector_changed=lambda n: self._schedule(self._on_connector_changed(n)),
            tasks_changed=lambda n: self._schedule(self._on_tasks_changed(n)),
            target_changed=lambda n: self._schedule(self._on_target_changed(n)),
            restart_requested=lambda r: self._schedule(self._on_restart_request(r)),
        )

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._kafka_cluster_id = await self._retrying(
            "describe the Kafka cluster", offsets_admin.cluster_id, self.worker.config
        )
        await self._retrying("read the offset topic", self.worker.offset_store.start)
        await self._retrying("read the status topic", self.statuses.start)
        await self._retrying("read the config topic", self.configs.start)
        self.member = self._member_factory(self)
        self.member.start()
        log.info("Herder started; joining group")

    async def _retrying(self, what: str, fn: Any, *args: Any) -> Any:
        """Run a blocking startup step, retrying with backoff while Kafka is unreachable.

        A ConfigError (e.g. an uncompacted internal topic) is fatal at once; REST answers
        503 meanwhile because the worker has not joined."""
        backoff = 1.0
        while True:
            try:
                return await asyncio.to_thread(fn, *args)
            except ConfigError:
                raise
            except (ConnectError, KafkaException, TimeoutError) as e:
                log.warning("Cannot %s (is Kafka reachable?); retrying in %.0f s: %s", what, backoff, e)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def stop(self) -> None:
        log.info("Herder stopping")
        for task in list(self._background):
            task.cancel()
        async with self._lock:
            await asyncio.to_thread(self.worker.stop)
        if self.member is not None:
            await asyncio.to_thread(self.member.stop)
        for store in (self.configs, self.statuses, self.worker.offset_store):
            await asyncio.to_thread(store.stop)
        log.info("Herder stopped")

    def _schedule(self, coro: Any) -> None:
        loop = self._loop
        if loop is None:
            coro.close()
            return

        def spawn() -> None:
            task = asyncio.ensure_future(coro)
            self._background.add(task)
            task.add_done_callback(self._done)

        loop.call_soon_threadsafe(spawn)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Herder background work failed", exc_info=task.exception())

    @property
    def _group(self) -> str:
        return str(self.worker.config.get("group.id"))

    def _loop_rejoin_later(self, delay_s: float = 5.0) -> None:
        """Rejoin after a pause (a misconfigured cluster must not spin)."""
        self._rebalance_pending = True
        if self._loop is not None:
            self._loop.call_later(delay_s, self._request_rejoin)

    def _request_rejoin(self) -> None:
        self._rebalance_pending = True
        if self.member is not None:
            self.member.request_rejoin()

    # -- membership handler (membership / IO threads) ----------------------------------------
    def metadata(self, version: int) -> WorkerMetadata:
        allocation = None
        if version >= 1 and (self._owned_connectors or self._owned_tasks):
            allocation = Assignment(
                version, NO_ERROR, self.leader_id, self.leader_url, self.configs.offset,
                ConnectorsAndTasks(tuple(self._owned_connectors), tuple(self._owned_tasks)),
            )  # fmt: skip
        return WorkerMetadata(version, self.url, self.configs.offset, allocation)

    def before_join(self) -> None:
        if self.version == 0 and self._joined and self._loop is not None:
            # eager protocol: everything stops before rejoining; the new assignment is complete
            owned = (list(self._owned_connectors), list(self._owned_tasks))
            if owned[0] or owned[1]:
                future = asyncio.run_coroutine_threadsafe(self._stop_work_locked(*owned), self._loop)
                future.result()
        try:
            self.configs.read_to_end(10)
        except Exception as e:
            log.warning("Could not read the config topic to its end before joining: %s", e)

    def perform_assignment(
        self, leader: str, version: int, members: Mapping[str, WorkerMetadata], generation: int
    ) -> dict[str, Assignment]:
        snap = self.configs.snapshot()
        for meta in members.values():
            if meta.config_offset > snap.offset:
                log.error(
                    "Worker %s reports config offset %d, beyond the end (%d) of this leader's config "
                    "topic %s: workers of group %s must share the same internal topics "
                    "(check config.storage.topic)",
                    meta.url, meta.config_offset, snap.offset, self.configs.topic, self._group,
                )  # fmt: skip
        counts = {c: snap.task_count(c) for c in snap.connectors}
        snapshot = Snapshot(snap.offset, counts)
        if version == 0:
            return eager_assign(members, leader, snapshot)
        last = self.member.last_completed_generation if self.member is not None else -1
        result = self.assignor.assign(
            members, leader, snapshot, version=version, generation=generation,
            last_completed_generation=last, now_ms=int(time.time() * 1000),
        )  # fmt: skip
        log.info("Leader assignment for generation %d: %s", generation, result)
        return result

    def on_coordinator_lost(self) -> None:
        if self._loop is None:
            return
        owned = (list(self._owned_connectors), list(self._owned_tasks))
        self._rebalance_pending = True
        asyncio.run_coroutine_threadsafe(self._stop_work_locked(*owned), self._loop).result()

    def on_assignment(self, assignment: Assignment, member_id: str, generation: int) -> None:
        self._schedule(self._apply_assignment(assignment, member_id, generation))

    # -- applying assignments (event loop) ---------------------------------------------------
    async def _apply_assignment(self, a: Assignment, member_id: str, generation: int) -> None:
        async with self._lock:
            self.member_id, self.leader_id, self.leader_url = member_id, a.leader, a.leader_url
            self.generation, self.version = generation, a.version
            self.statuses.generation = generation
            if a.error != NO_ERROR:
                log.info("Assignment error %d (config mismatch); catching up and rejoining", a.error)
                await asyncio.to_thread(self.configs.read_to_end)
                self._request_rejoin()
                return
            if self.configs.offset < a.config_offset:
                await asyncio.to_thread(self.configs.read_to_end)
            if self.configs.offset < a.config_offset:
                log.error(
                    "The leader assigned work at config offset %d but config topic %s ends at %d: "
                    "every worker of group %s must use the same config.storage.topic, "
                    "offset.storage.topic and status.storage.topic; not starting any work",
                    a.config_offset, self.configs.topic, self.configs.offset, self._group,
                )  # fmt: skip
                self._loop_rejoin_later()
                return
            if a.version == 0:
                revoked = ConnectorsAndTasks(tuple(self._owned_connectors), tuple(self._owned_tasks))
            else:
                revoked = a.revoked
            await self._stop_work(list(revoked.connectors), list(revoked.tasks))
            snap = self.configs.snapshot()
            for name in a.assigned.connectors:
                if name not in self._owned_connectors:
                    self._owned_connectors.append(name)
                await self._start_connector(name, snap)
            for ref in a.assigned.tasks:
                if ref not in self._owned_tasks:
                    self._owned_tasks.append(ref)
                await self._start_task(ref, snap)
            self._joined = True
            self._rebalance_pending = False
            log.info(
                "Joined generation %d as %s (leader %s): running %d connectors, %d tasks",
                generation, "leader" if self.is_leader else "follower", a.leader,
                len(self._owned_connectors), len(self._owned_tasks),
            )  # fmt: skip
            if (not revoked.is_empty() and a.version > 0) or self.configs.offset > a.config_offset:
                # revocations done, or the config changed while this round ran: the leader
                # must see the current state (a rejoin asked for during the join is lost)
                self._request_rejoin()
            if a.delay_ms > 0 and self._loop is not None:
                self._loop.call_later(a.delay_ms / 1000, self._request_rejoin)
            if self.is_leader and a.version >= 2:
                await self._maybe_rotate_key()
            if self.is_leader:
                for name in snap.connectors:
                    if name in snap.inconsistent:
                        self._request_reconfiguration(name)

    async def _maybe_rotate_key(self) -> None:
        """Leader duty with ``sessioned``: a fresh session key, rotated after its TTL."""
        ttl = int(self.worker.config.get("inter.worker.key.ttl.ms"))
        current = self.configs.snapshot().session_key
        if signing.expired(current, ttl):
            algorithm = self.worker.config.get("inter.worker.key.generation.algorithm")
            key = signing.new_session_key(algorithm, self.worker.config.get("inter.worker.key.size"))
            await asyncio.to_thread(self.configs.put_session_key, key)
            log.info("Wrote a new session key (%s)", algorithm)
            current = key
        if self._loop is not None and current is not None:
            delay_s = max(1.0, (current.creation_timestamp + ttl) / 1000 - time.time())
            self._loop.call_later(delay_s, lambda: self._schedule(self._rotate_if_leader()))

    async def _rotate_if_leader(self) -> None:
        async with self._lock:
            if self.is_leader and self.version >= 2:
                await self._maybe_rotate_key()

    @property
    def is_leader(self) -> bool:
        return bool(self.member_id) and self.member_id == self.leader_id

    async def _stop_work_locked(self, connectors: list[str], tasks: list[tuple[str, int]]) -> None:
        async with self._lock:
            await self._stop_work(connectors, tasks)

    async def _stop_work(self, connectors: list[str], tasks: list[tuple[str, int]]) -> None:
        ids = [TaskId(c, t) for c, t in tasks]
        if ids:
            await asyncio.to_thread(self.worker.stop_tasks, ids)
        for ref in tasks:
            if ref in self._owned_tasks:
                self._owned_tasks.remove(ref)
            self._task_configs_running.pop(ref, None)
        for name in connectors:
            await asyncio.to_thread(self.worker.stop_connector, name)
            if name in self._owned_connectors:
                self._owned_connectors.remove(name)
            self._connector_configs_running.pop(name, None)

    async def _start_connector(self, name: str, snap: ConfigSnapshot) -> None:
        config = snap.connectors.get(name)
        if config is None:
            return
        target = snap.target(name)
        started = await asyncio.to_thread(
            self.worker.start_connector, name, config, target, self._request_reconfiguration
        )
        self._connector_configs_running[name] = dict(config)
        if started and target is not TargetState.STOPPED:
            await self._reconfigure(name)

    async def _start_task(self, ref: tuple[str, int], snap: ConfigSnapshot) -> None:
        name, index = ref
        config = snap.connectors.get(name)
        tasks = snap.task_configs.get(name, [])
        if config is None or index >= len(tasks):
            return
        await asyncio.to_thread(
            self.worker.start_task, TaskId(name, index), config, tasks[index], snap.target(name)
        )
        self._task_configs_running[ref] = dict(tasks[index])

    def _request_reconfiguration(self, name: str) -> None:
        self._schedule(self._reconfigure_locked(name))

    async def _reconfigure_locked(self, name: str) -> None:
        async with self._lock:
            await self._reconfigure(name)

    async def _reconfigure(self, name: str) -> None:
        """Generate task configs on the connector's worker; store them through the leader."""
        snap = self.configs.snapshot()
        config = snap.connectors.get(name)
        if config is None or not self.worker.is_running(name) or snap.target(name) is TargetState.STOPPED:
            return
        try:
            configs = await asyncio.to_thread(self.worker.connector_task_configs, name, config)
        except Exception as e:
            self.worker.fail_connector(name, e)
            return
        # Java task class names for stand-ins of Java connectors (mixed clusters, see task_class)
        configs = task_class.for_config_topic(self.worker.plugins, config.get("connector.class", ""), configs)
        if configs == snap.task_configs.get(name) and name not in snap.inconsistent:
            return
        if self.is_leader:
            await asyncio.to_thread(self.configs.put_task_configs, name, configs)
            return
        self._schedule(self._send_task_configs(name, configs))

    async def _send_task_configs(self, name: str, configs: list[dict[str, str]]) -> None:
        for attempt in range(20):
            url = self.leader_url
            if url:
                try:
                    body = json.dumps(configs).encode()
                    headers = {"Content-Type": "application/json"}
                    key = self.configs.snapshot().session_key
                    if self.version >= 2 and key is not None:
                        algorithm = self.worker.config.get("inter.worker.signature.algorithm")
                        headers.update(signing.sign(key, body, algorithm))
                    async with httpx.AsyncClient(timeout=30) as client:
                        reply = await client.post(
                            url.rstrip("/") + f"/connectors/{name}/tasks",
                            params={"forward": "true"},
                            content=body,
                            headers=headers,
                        )
                    if reply.status_code < 300:
                        return
                    log.warning(
                        "Leader refused task configs of %s: %s %s", name, reply.status_code, reply.text
                    )
                except httpx.HTTPError as e:
                    log.warning("Could not send task configs of %s to the leader: %s", name, e)
            await asyncio.sleep(min(0.25 * 2**attempt, 5))

    # -- config topic changes (event loop) ---------------------------------------------------
    async def _on_connector_changed(self, name: str) -> None:
        async with self._lock:
            snap = self.configs.snapshot()
            if name not in snap.connectors:
                if name in self._owned_connectors or any(c == name for c, _ in self._owned_tasks):
                    await self._stop_work([name], [t for t in self._owned_tasks if t[0] == name])
                if self.is_leader:
                    await asyncio.to_thread(self.statuses.remove, name)
                self._request_rejoin()
                return
            if name in self._owned_connectors:
                if self._connector_configs_running.get(name) != snap.connectors[name]:
                    await asyncio.to_thread(self.worker.stop_connector, name)
                    await self._start_connector(name, snap)
            else:
                self._request_rejoin()

    async def _on_tasks_changed(self, name: str) -> None:
        async with self._lock:
            snap = self.configs.snapshot()
            tasks = snap.task_configs.get(name, [])
            mine = [t for t in self._owned_tasks if t[0] == name]
            gone = [t for t in mine if t[1] >= len(tasks)]
            changed = [
                t for t in mine if t[1] < len(tasks) and self._task_configs_running.get(t) != tasks[t[1]]
            ]
            await self._stop_work([], gone + changed)
            for ref in gone:
                await asyncio.to_thread(self.statuses.remove_task, *ref)
            for ref in changed:
                self._owned_tasks.append(ref)
                await self._start_task(ref, snap)
            self._request_rejoin()

    async def _on_target_changed(self, name: str) -> None:
        async with self._lock:
            snap = self.configs.snapshot()
            target = snap.target(name)
            if name in self._owned_connectors:
                if target is TargetState.STOPPED:
                    await asyncio.to_thread(self.worker.stop_connector, name)
                    self.worker.statuses.put_connector(name, Status(State.STOPPED, self.worker.worker_id))
                elif not self.worker.is_running(name):
                    await self._start_connector(name, snap)
                else:
                    self.worker.set_connector_state(name, target)
            self.worker.set_task_target(name, target)

    async def _on_restart_request(self, request: RestartRequest) -> None:
        async with self._lock:
            snap = self.configs.snapshot()
            name = request.connector
            if name not in snap.connectors:
                return
            if name in self._owned_connectors:
                status = self.statuses.connector(name)
                if not request.only_failed or (status is not None and status.state is State.FAILED):
                    await asyncio.to_thread(self.worker.stop_connector, name)
                    await self._start_connector(name, snap)
            if request.include_tasks:
                for ref in [t for t in self._owned_tasks if t[0] == name]:
                    status = self.statuses.task(*ref)
                    if request.only_failed and (status is None or status.state is not State.FAILED):
                        continue
                    await asyncio.to_thread(self.worker.stop_tasks, [TaskId(*ref)])
                    await self._start_task(ref, snap)

    # -- REST facade -------------------------------------------------------------------------
    async def forward_target(self, method: str, path: str) -> str | None:
        del method, path
        self._check_joined()
        if not self.leader_url:
            raise ConflictError(NO_LEADER)
        if self._rebalance_pending:
            raise ConflictError(STALE_CONFIG)
        return None if self.is_leader else self.leader_url

    async def server_info(self) -> JsonDict:
        return {"version": __version__, "commit": "kconnect", "kafka_cluster_id": self._kafka_cluster_id}

    async def health(self) -> tuple[int, JsonDict]:
        return (200, HEALTHY) if self._joined else (503, STARTING)

    def _check_joined(self) -> None:
        if not self._joined:
            raise WorkerNotJoinedError(
                "Worker has not joined the Connect cluster yet (reading internal topics or rebalancing); "
                "try again shortly"
            )

    def _snapshot_config(self, name: str, *, fresh: bool = False) -> tuple[ConfigSnapshot, dict[str, str]]:
        """The config of ``name``; ``fresh`` reads fail with 409 while a rebalance is pending (as Java)."""
        self._check_joined()
        if fresh and self._rebalance_pending:
            raise ConflictError(STALE_CONFIG)
        snap = self.configs.snapshot()
        config = snap.connectors.get(name)
        if config is None:
            raise NotFoundError(f"Connector {name} not found")
        return snap, dict(config)

    async def connectors(self) -> list[str]:
        self._check_joined()
        return sorted(self.configs.snapshot().connectors)

    async def connector_info(self, name: str) -> ConnectorInfo:
        self._snapshot_config(name, fresh=True)
        return self._info(name)

    def _info(self, name: str) -> ConnectorInfo:
        snap, config = self._snapshot_config(name)
        return {
            "name": name,
            "config": config,
            "tasks": [{"connector": name, "task": i} for i in range(snap.task_count(name))],
            "type": self.worker.plugins.connector_type(config.get("connector.class", "")),
        }

    async def connector_config(self, name: str) -> dict[str, str]:
        return self._snapshot_config(name, fresh=True)[1]

    async def task_configs(self, name: str) -> list[TaskInfo]:
        snap, _ = self._snapshot_config(name, fresh=True)
        return [
            {"id": {"connector": name, "task": i}, "config": dict(c)}
            for i, c in enumerate(snap.task_configs.get(name, []))
        ]

    async def connector_active_topics(self, name: str) -> JsonDict:
        # the local status snapshot, like /status: never 409, never forwarded; as Java, an
        # unknown connector has no active topics (200, empty list)
        return self.worker.active_topics(name)

    async def reset_connector_active_topics(self, name: str) -> None:
        # any worker may write the tombstones (Java does not forward this request)
        await asyncio.to_thread(self.worker.reset_active_topics, name)

    async def connector_status(self, name: str) -> JsonDict:
        self._check_joined()
        snap = self.configs.snapshot()
        config = snap.connectors.get(name)
        status = self.statuses.connector(name)
        if config is None or status is None:
            raise NotFoundError(f"No status found for connector {name}")
        count = snap.task_count(name)
        tasks = [{"id": t, **s.to_json()} for t, s in sorted(self.statuses.tasks(name).items()) if t < count]
        return {
            "name": name,
            "connector": status.to_json(),
            "tasks": tasks,
            "type": self.worker.plugins.connector_type(config.get("connector.class", "")),
        }

    async def task_status(self, name: str, task: int) -> JsonDict:
        self._check_joined()
        snap = self.configs.snapshot()
        status = self.statuses.task(name, task)
        if name not in snap.connectors or status is None or task >= snap.task_count(name):
            raise NotFoundError(f"No status found for task {name}-{task}")
        return {"id": task, **status.to_json()}

    async def validate_connector_config(self, config: Mapping[str, str]) -> JsonDict:
        policy = self.worker.config.get("connector.client.config.override.policy")
        return await asyncio.to_thread(validate_connector_config, self.worker.plugins, config, policy)

    async def put_connector_config(
        self,
        name: str,
        config: Mapping[str, str],
        *,
        allow_replace: bool,
        initial_state: TargetState = TargetState.STARTED,
    ) -> tuple[bool, ConnectorInfo]:
        self._check_joined()
        config = {**config, "name": name}
        infos = await self.validate_connector_config(config)
        if infos["error_count"]:
            raise BadRequestError(invalid_config_message(infos))
        async with self._lock:
            exists = name in self.configs.snapshot().connectors
            if exists and not allow_replace:
                raise AlreadyExistsError(f"Connector {name} already exists")
            target = None if exists else initial_state
            await asyncio.to_thread(self.configs.put_connector_config, name, config, target)
            await asyncio.to_thread(self.configs.read_to_end)
        log.info("%s connector %s", "Updated" if exists else "Created", name)
        return not exists, self._info(name)

    async def patch_connector_config(self, name: str, patch: Mapping[str, str | None]) -> ConnectorInfo:
        merged = dict(self._snapshot_config(name)[1])
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if merged.get("name", name) != name:
            raise BadRequestError(
                f"Connector name configuration ({merged['name']}) doesn't match connector name "
                f"in the URL ({name})"
            )
        _, info = await self.put_connector_config(name, merged, allow_replace=True)
        return info

    async def delete_connector(self, name: str) -> None:
        self._snapshot_config(name)
        async with self._lock:
            await asyncio.to_thread(self.configs.remove_connector_config, name)
            await asyncio.to_thread(self.configs.read_to_end)
        log.info("Deleted connector %s", name)

    async def pause_connector(self, name: str) -> None:
        self._snapshot_config(name)
        await asyncio.to_thread(self.configs.put_target_state, name, TargetState.PAUSED)

    async def resume_connector(self, name: str) -> None:
        self._snapshot_config(name)
        await asyncio.to_thread(self.configs.put_target_state, name, TargetState.STARTED)

    async def stop_connector(self, name: str) -> None:
        self._snapshot_config(name)
        await asyncio.to_thread(self.configs.put_task_configs, name, [])
        await asyncio.to_thread(self.configs.put_target_state, name, TargetState.STOPPED)
        await asyncio.to_thread(self.configs.read_to_end)

    async def restart_connector(
        self, name: str, *, include_tasks: bool = False, only_failed: bool = False
    ) -> JsonDict | None:
        self._snapshot_config(name)
        await asyncio.to_thread(
            self.configs.put_restart_request, RestartRequest(name, include_tasks, only_failed)
        )
        if not include_tasks and not only_failed:
            return None
        # the plan every owner will apply when it reads the record, as Java reports it
        status = await self.connector_status(name)
        if not only_failed or status["connector"]["state"] == State.FAILED.value:
            status["connector"]["state"] = State.RESTARTING.value
        for task in status["tasks"]:
            if include_tasks and (not only_failed or task["state"] == State.FAILED.value):
                task["state"] = State.RESTARTING.value
        return status

    async def restart_task(self, name: str, task: int) -> None:
        snap, _ = self._snapshot_config(name)
        if task >= snap.task_count(name):
            raise NotFoundError(f"Task {name}-{task} not found")
        async with self._lock:
            if (name, task) in self._owned_tasks:
                await asyncio.to_thread(self.worker.stop_tasks, [TaskId(name, task)])
                await self._start_task((name, task), snap)
                return
        status = self.statuses.task(name, task)
        if status is None:
            raise ConflictError(
                "Cannot complete request because of a conflicting operation (e.g. worker rebalance)"
            )
        async with httpx.AsyncClient(timeout=60) as client:
            reply = await client.post(f"http://{status.worker_id}/connectors/{name}/tasks/{task}/restart")
        if reply.status_code >= 300:
            raise ConflictError(
                f"Restart on worker {status.worker_id} failed: {reply.status_code} {reply.text}"
            )

    async def put_task_configs(
        self, name: str, configs: list[dict[str, str]], body: bytes, headers: Mapping[str, str]
    ) -> None:
        if self.version >= 2:
            allowed = list(self.worker.config.get("inter.worker.verification.algorithms"))
            signing.verify(self.configs.snapshot().session_key, body, headers, allowed)
        self._snapshot_config(name)
        await asyncio.to_thread(self.configs.put_task_configs, name, configs)

    def _require_stopped(self, name: str) -> tuple[ConfigSnapshot, dict[str, str]]:
        snap, config = self._snapshot_config(name)
        if snap.target(name) is not TargetState.STOPPED or snap.task_count(name):
            raise BadRequestError(
                "Connectors must be in the STOPPED state before their offsets can be modified. This can "
                "be done for the specified connector by issuing a 'PUT' request to the "
                f"'/connectors/{name}/stop' endpoint"
            )
        return snap, config

    async def connector_offsets(self, name: str) -> JsonDict:
        _, config = self._snapshot_config(name)
        return await asyncio.to_thread(offsets_admin.read_offsets, self.worker, name, config)

    async def alter_connector_offsets(self, name: str, offsets: JsonDict) -> JsonDict:
        _, config = self._require_stopped(name)
        return await asyncio.to_thread(offsets_admin.alter_offsets, self.worker, name, config, offsets)

    async def reset_connector_offsets(self, name: str) -> JsonDict:
        _, config = self._require_stopped(name)
        return await asyncio.to_thread(offsets_admin.alter_offsets, self.worker, name, config, None)

    async def plugins(self, connectors_only: bool = True) -> list[JsonDict]:
        from kconnect.runtime.plugins import PluginType

        types = (PluginType.SOURCE, PluginType.SINK) if connectors_only else ()
        return [d.to_json() for d in self.worker.plugins.descs(*types)]

    async def plugin_config(self, plugin: str) -> list[JsonDict]:
        try:
            return plugin_config_keys(self.worker.plugins, plugin)
        except PluginNotFoundError:
            raise NotFoundError(f"Unknown plugin {plugin}.") from None
