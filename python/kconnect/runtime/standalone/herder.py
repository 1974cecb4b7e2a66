"""The standalone herder: connector configs and statuses in memory, offsets in a file.

All mutations go through one asyncio lock (so two REST calls cannot interleave a
create and a delete of the same connector), and every blocking worker call runs
in a thread (``asyncio.to_thread``), so a slow connector never blocks the REST
API or the other connectors.  Reads (lists, statuses) take no lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kconnect import __version__
from kconnect.errors import (
    AlreadyExistsError,
    BadRequestError,
    NotFoundError,
    PluginNotFoundError,
)
from kconnect.runtime import offsets_admin
from kconnect.runtime.herder import HEALTHY, STARTING, ConnectorInfo, Herder, JsonDict, TargetState, TaskInfo
from kconnect.runtime.task_base import TaskId
from kconnect.runtime.validation import invalid_config_message, plugin_config_keys, validate_connector_config
from kconnect.runtime.worker import Worker
from kconnect.storage.status import State, Status

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ConnectorEntry:
    """What the herder knows of one connector."""

    config: dict[str, str]
    target: TargetState
    task_configs: list[dict[str, str]] = field(default_factory=list)


class StandaloneHerder(Herder):
    """Herder for one worker process (``connect-standalone``)."""

    def __init__(self, worker: Worker, kafka_cluster_id: str | None = None) -> None:
        self.worker = worker
        self._entries: dict[str, ConnectorEntry] = {}
        self._lock = asyncio.Lock()
        self._started = False
        self._kafka_cluster_id = kafka_cluster_id
        self._loop: asyncio.AbstractEventLoop | None = None
        self._background: set[asyncio.Task[None]] = set()

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await asyncio.to_thread(self.worker.offset_store.start)
        if self._kafka_cluster_id is None:
            self._kafka_cluster_id = await asyncio.to_thread(offsets_admin.cluster_id, self.worker.config)
            log.info("Kafka cluster ID: %s", self._kafka_cluster_id)
        self._started = True
        log.info("Herder started")

    async def stop(self) -> None:
        log.info("Herder stopping")
        for task in list(self._background):
            task.cancel()
        async with self._lock:
            await asyncio.to_thread(self.worker.stop)
            for name in self._entries:
                self._set_status_unassigned(name)
        await asyncio.to_thread(self.worker.offset_store.stop)
        log.info("Herder stopped")

    async def server_info(self) -> JsonDict:
        return {"version": __version__, "commit": "kconnect", "kafka_cluster_id": self._kafka_cluster_id}

    async def health(self) -> tuple[int, JsonDict]:
        if not self._started:
            return 503, STARTING
        return 200, HEALTHY

    # -- reads -------------------------------------------------------------------------------
    def _entry(self, name: str) -> ConnectorEntry:
        entry = self._entries.get(name)
        if entry is None:
            raise NotFoundError(f"Connector {name} not found")
        return entry

    async def connectors(self) -> list[str]:
        return sorted(self._entries)

    def _info(self, name: str) -> ConnectorInfo:
        entry = self._entry(name)
        return {
            "name": name,
            "config": dict(entry.config),
            "tasks": [{"connector": name, "task": i} for i in range(len(entry.task_configs))],
            "type": self.worker.plugins.connector_type(entry.config.get("connector.class", "")),
        }

    async def connector_info(self, name: str) -> ConnectorInfo:
        return self._info(name)

    async def connector_config(self, name: str) -> dict[str, str]:
        return dict(self._entry(name).config)

    async def task_configs(self, name: str) -> list[TaskInfo]:
        entry = self._entry(name)
        return [
            {"id": {"connector": name, "task": i}, "config": dict(c)}
            for i, c in enumerate(entry.task_configs)
        ]

    async def connector_active_topics(self, name: str) -> JsonDict:
        # as Java: an unknown connector has no active topics (200, empty list), not a 404
        return self.worker.active_topics(name)

    async def reset_connector_active_topics(self, name: str) -> None:
        await asyncio.to_thread(self.worker.reset_active_topics, name)

    async def connector_status(self, name: str) -> JsonDict:
        entry = self._entries.get(name)
        status = self.worker.statuses.connector(name)
        if entry is None or status is None:
            raise NotFoundError(f"No status found for connector {name}")
        tasks = []
        for task_id, task_status in sorted(self.worker.statuses.tasks(name).items()):
            if task_id < len(entry.task_configs):
                tasks.append({"id": task_id, **task_status.to_json()})
        return {
            "name": name,
            "connector": status.to_json(),
            "tasks": tasks,
            "type": self.worker.plugins.connector_type(entry.config.get("connector.class", "")),
        }

    async def task_status(self, name: str, task: int) -> JsonDict:
        entry = self._entries.get(name)
        status = self.worker.statuses.task(name, task)
        if entry is None or status is None or task >= len(entry.task_configs):
            raise NotFoundError(f"No status found for task {name}-{task}")
        return {"id": task, **status.to_json()}

    # -- config changes ----------------------------------------------------------------------
    async def validate_connector_config(self, config: Mapping[str, str]) -> JsonDict:
        policy = self.worker.config.get("connector.client.config.override.policy")
        return await asyncio.to_thread(validate_connector_config, self.worker.plugins, config, policy)

    async def _check_valid(self, config: Mapping[str, str]) -> None:
        infos = await self.validate_connector_config(config)
        if infos["error_count"]:
            raise BadRequestError(invalid_config_message(infos))

    async def put_connector_config(
        self,
        name: str,
        config: Mapping[str, str],
        *,
        allow_replace: bool,
        initial_state: TargetState = TargetState.STARTED,
    ) -> tuple[bool, ConnectorInfo]:
        config = {**config, "name": name}
        await self._check_valid(config)
        async with self._lock:
            existing = self._entries.get(name)
            if existing is not None and not allow_replace:
                raise AlreadyExistsError(f"Connector {name} already exists")
            if existing is not None:
                await self._stop_connector_and_tasks(name)
                target = existing.target
            else:
                target = initial_state
            self._entries[name] = ConnectorEntry(dict(config), target)
            await self._start_connector_and_tasks(name)
            log.info("%s connector %s", "Updated" if existing else "Created", name)
            return existing is None, self._info(name)

    async def patch_connector_config(self, name: str, patch: Mapping[str, str | None]) -> ConnectorInfo:
        merged = dict(self._entry(name).config)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if merged.get("name", name) != name:
            raise BadRequestError(
                "Connector name configuration ("
                + merged["name"]
                + ") doesn't match connector name in the URL ("
                + name
                + ")"
            )
        _, info = await self.put_connector_config(name, merged, allow_replace=True)
        return info

    async def delete_connector(self, name: str) -> None:
        async with self._lock:
            self._entry(name)
            await self._stop_connector_and_tasks(name)
            del self._entries[name]
            self.worker.statuses.remove(name)
            log.info("Deleted connector %s", name)

    # -- target states -----------------------------------------------------------------------
    async def pause_connector(self, name: str) -> None:
        await self._set_target(name, TargetState.PAUSED)

    async def resume_connector(self, name: str) -> None:
        await self._set_target(name, TargetState.STARTED)

    async def stop_connector(self, name: str) -> None:
        await self._set_target(name, TargetState.STOPPED)

    async def _set_target(self, name: str, target: TargetState) -> None:
        async with self._lock:
            entry = self._entry(name)
            previous, entry.target = entry.target, target
            if target is TargetState.STOPPED:
                await self._stop_connector_and_tasks(name)
                entry.task_configs = []
                self.worker.statuses.put_connector(name, Status(State.STOPPED, self.worker.worker_id))
            elif previous is TargetState.STOPPED or not self.worker.is_running(name):
                await self._start_connector_and_tasks(name)
            else:
                self.worker.set_connector_state(name, target)
                self.worker.set_task_target(name, target)

    # -- restarts ----------------------------------------------------------------------------
    async def restart_connector(
        self, name: str, *, include_tasks: bool = False, only_failed: bool = False
    ) -> JsonDict | None:
        entry = self._entry(name)
        if not include_tasks and not only_failed:
            async with self._lock:
                await asyncio.to_thread(self.worker.stop_connector, name)
                await self._start_connector(name, entry)
            return None
        connector_status = self.worker.statuses.connector(name)
        restart_connector = not only_failed or (
            connector_status is not None and connector_status.state is State.FAILED
        )
        restart_tasks = []
        if include_tasks:
            for task_id, status in self.worker.statuses.tasks(name).items():
                if task_id < len(entry.task_configs) and (not only_failed or status.state is State.FAILED):
                    restart_tasks.append(task_id)
        restarting = Status(State.RESTARTING, self.worker.worker_id)
        if restart_connector:
            self.worker.statuses.put_connector(name, restarting)
        for task_id in restart_tasks:
            self.worker.statuses.put_task(name, task_id, restarting)
        response = await self.connector_status(name)
        self._spawn(self._do_restart(name, restart_connector, restart_tasks))
        return response

    async def _do_restart(self, name: str, restart_connector: bool, tasks: list[int]) -> None:
        async with self._lock:
            entry = self._entries.get(name)
            if entry is None:
                return
            ids = [TaskId(name, t) for t in tasks]
            await asyncio.to_thread(self.worker.stop_tasks, ids)
            if restart_connector:
                await asyncio.to_thread(self.worker.stop_connector, name)
                await self._start_connector(name, entry)
            for task_id in ids:
                await self._start_task(task_id, entry)

    async def restart_task(self, name: str, task: int) -> None:
        async with self._lock:
            entry = self._entry(name)
            if task >= len(entry.task_configs):
                raise NotFoundError(f"Task {name}-{task} not found")
            task_id = TaskId(name, task)
            await asyncio.to_thread(self.worker.stop_tasks, [task_id])
            await self._start_task(task_id, entry)

    # -- offsets -----------------------------------------------------------------------------
    def _require_stopped(self, name: str) -> ConnectorEntry:
        entry = self._entry(name)
        if entry.target is not TargetState.STOPPED or self.worker.task_ids(name):
            raise BadRequestError(
                "Connectors must be in the STOPPED state before their offsets can be modified. This can "
                "be done for the specified connector by issuing a 'PUT' request to the "
                f"'/connectors/{name}/stop' endpoint"
            )
        return entry

    async def connector_offsets(self, name: str) -> JsonDict:
        entry = self._entry(name)
        return await asyncio.to_thread(offsets_admin.read_offsets, self.worker, name, entry.config)

    async def alter_connector_offsets(self, name: str, offsets: JsonDict) -> JsonDict:
        async with self._lock:
            entry = self._require_stopped(name)
            return await asyncio.to_thread(
                offsets_admin.alter_offsets, self.worker, name, entry.config, offsets
            )

    async def reset_connector_offsets(self, name: str) -> JsonDict:
        async with self._lock:
            entry = self._require_stopped(name)
            return await asyncio.to_thread(offsets_admin.alter_offsets, self.worker, name, entry.config, None)

    async def replay_dead_letters(self, name: str) -> JsonDict:
        config = dict(self._entry(name).config)
        return await asyncio.to_thread(self.worker.replay_dead_letters, name, config)

    # -- plugins -----------------------------------------------------------------------------
    async def plugins(self, connectors_only: bool = True) -> list[JsonDict]:
        from kconnect.runtime.plugins import PluginType

        types = (PluginType.SOURCE, PluginType.SINK) if connectors_only else ()
        return [d.to_json() for d in self.worker.plugins.descs(*types)]

    async def plugin_config(self, plugin: str) -> list[JsonDict]:
        try:
            return plugin_config_keys(self.worker.plugins, plugin)
        except PluginNotFoundError:
            raise NotFoundError(f"Unknown plugin {plugin}.") from None

    # -- internals (called with self._lock held) ---------------------------------------------
    async def _start_connector_and_tasks(self, name: str) -> None:
        entry = self._entries[name]
        if not await self._start_connector(name, entry):
            return
        if entry.target is TargetState.STOPPED:
            entry.task_configs = []
            return
        try:
            entry.task_configs = await asyncio.to_thread(
                self.worker.connector_task_configs, name, entry.config
            )
        except Exception as e:
            self.worker.fail_connector(name, e)
            entry.task_configs = []
            return
        await self._start_tasks(name, entry)

    async def _start_connector(self, name: str, entry: ConnectorEntry) -> bool:
        return await asyncio.to_thread(
            self.worker.start_connector, name, entry.config, entry.target, self._request_reconfiguration
        )

    async def _start_task(self, task_id: TaskId, entry: ConnectorEntry) -> None:
        await asyncio.to_thread(
            self.worker.start_task, task_id, entry.config, entry.task_configs[task_id.task], entry.target
        )

    async def _stop_tasks(self, name: str) -> None:
        """Stop every task of ``name`` and forget their statuses."""
        ids = self.worker.task_ids(name)
        await asyncio.to_thread(self.worker.stop_tasks, ids)
        for task_id in ids:
            self.worker.statuses.remove_task(name, task_id.task)

    async def _start_tasks(self, name: str, entry: ConnectorEntry) -> None:
        for index in range(len(entry.task_configs)):
            await self._start_task(TaskId(name, index), entry)

    async def _stop_connector_and_tasks(self, name: str) -> None:
        await self._stop_tasks(name)
        await asyncio.to_thread(self.worker.stop_connector, name)

    def _set_status_unassigned(self, name: str) -> None:
        status = self.worker.statuses.connector(name)
        if status is not None and status.state is not State.FAILED:
            self.worker.statuses.put_connector(name, Status(State.UNASSIGNED, self.worker.worker_id))

    # -- task reconfiguration requested by a connector (any thread) --------------------------
    def _request_reconfiguration(self, name: str) -> None:
        loop = self._loop
        if loop is None:
            return
        loop.call_soon_threadsafe(lambda: self._spawn(self._reconfigure(name)))

    async def _reconfigure(self, name: str) -> None:
        async with self._lock:
            entry = self._entries.get(name)
            if entry is None or entry.target is TargetState.STOPPED:
                return
            try:
                new_configs = await asyncio.to_thread(self.worker.connector_task_configs, name, entry.config)
            except Exception as e:
                self.worker.fail_connector(name, e)
                return
            if new_configs == entry.task_configs:
                return
            await self._apply_task_configs(name, entry, new_configs)

    async def _apply_task_configs(
        self, name: str, entry: ConnectorEntry, new_configs: list[dict[str, str]]
    ) -> None:
        """Move to ``new_configs`` restarting only tasks whose config changed.

        Java's standalone herder restarts every task of the connector; kconnect leaves tasks
        whose config is unchanged running (a JDBC source that found a new table keeps
        streaming the others).
        """
        old_configs = entry.task_configs
        changed = [
            TaskId(name, i)
            for i in range(max(len(old_configs), len(new_configs)))
            if i >= len(old_configs) or i >= len(new_configs) or old_configs[i] != new_configs[i]
        ]
        running = [t for t in changed if t.task < len(old_configs)]
        log.info("Reconfiguring tasks of connector %s: %d task(s) change", name, len(changed))
        await asyncio.to_thread(self.worker.stop_tasks, running)
        for task_id in running:
            self.worker.statuses.remove_task(name, task_id.task)
        entry.task_configs = new_configs
        for task_id in changed:
            if task_id.task < len(new_configs):
                await self._start_task(task_id, entry)

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


__all__ = ["StandaloneHerder"]
