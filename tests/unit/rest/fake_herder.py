"""An in-memory :class:`~kconnect.runtime.herder.Herder` for testing the HTTP layer.

Connectors are config maps; each has ``tasks.max`` tasks (default 1), all RUNNING on worker
``fake:8083`` unless a test sets states in :attr:`FakeHerder.task_states`.  Errors follow the
herder contract: unknown connector/task/plugin -> NotFoundError, duplicate create ->
AlreadyExistsError, invalid config -> BadRequestError, offsets of a non-stopped connector ->
BadRequestError.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from kconnect.errors import AlreadyExistsError, BadRequestError, ForbiddenError, NotFoundError
from kconnect.runtime.herder import ConnectorInfo, Herder, JsonDict, TargetState, TaskInfo

WORKER_ID = "fake:8083"
SOURCE_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector"
SINK_CLASS = "org.apache.kafka.connect.file.FileStreamSinkConnector"

_PLUGINS: list[JsonDict] = [
    {"class": SINK_CLASS, "type": "sink", "version": "4.0.0"},
    {"class": SOURCE_CLASS, "type": "source", "version": "4.0.0"},
    {"class": "org.apache.kafka.connect.transforms.InsertField$Value", "type": "transformation"},
    {"class": "org.apache.kafka.connect.json.JsonConverter", "type": "converter", "version": "4.0.0"},
]
_STATE_OF_TARGET = {
    TargetState.STARTED: "RUNNING",
    TargetState.PAUSED: "PAUSED",
    TargetState.STOPPED: "STOPPED",
}


def _key_info(name: str, required: bool) -> JsonDict:
    return {
        "name": name,
        "type": "STRING",
        "required": required,
        "default_value": None if required else "",
        "importance": "HIGH",
        "documentation": f"The {name}.",
        "group": "Common",
        "order": 1,
        "width": "LONG",
        "display_name": name,
        "dependents": [],
    }


class FakeHerder(Herder):
    """In-memory herder; tests may poke its attributes directly."""

    def __init__(self) -> None:
        self.configs: dict[str, dict[str, str]] = {}
        self.targets: dict[str, TargetState] = {}
        self.task_states: dict[tuple[str, int], str] = {}
        self.offsets: dict[str, list[JsonDict]] = {}
        self.calls: list[tuple[str, Any]] = []
        self.delay_s = 0.0
        self.health_answer: tuple[int, JsonDict] = (
            200,
            {"status": "healthy", "message": "Worker has completed startup and is ready to handle requests."},
        )
        self.started = False
        self.active_topics: dict[str, set[str]] = {}
        self.topic_tracking = True
        self.topic_tracking_reset = True

    # -- helpers -----------------------------------------------------------------------------
    async def _tick(self, name: str, arg: Any = None) -> None:
        self.calls.append((name, arg))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)

    def _config(self, name: str) -> dict[str, str]:
        try:
            return self.configs[name]
        except KeyError:
            raise NotFoundError(f"Connector {name} not found") from None

    def _type(self, name: str) -> str:
        cls = self._config(name).get("connector.class", "")
        return "sink" if "Sink" in cls else "source" if "Source" in cls else "unknown"

    def _task_count(self, name: str) -> int:
        if self.targets.get(name) is TargetState.STOPPED:
            return 0
        return int(self._config(name).get("tasks.max", "1"))

    def _info(self, name: str) -> ConnectorInfo:
        tasks = [{"connector": name, "task": i} for i in range(self._task_count(name))]
        return {"name": name, "config": dict(self._config(name)), "tasks": tasks, "type": self._type(name)}  # type: ignore[typeddict-item]

    def _task_state(self, name: str, task: int) -> JsonDict:
        state = self.task_states.get((name, task), _STATE_OF_TARGET[self.targets[name]])
        out: JsonDict = {"id": task, "state": state, "worker_id": WORKER_ID}
        if state == "FAILED":
            out["trace"] = "java.lang.RuntimeException: boom"
        return out

    def _validate(self, config: Mapping[str, str]) -> None:
        if not config.get("connector.class"):
            raise BadRequestError("Connector config contains no connector type")
        if config.get("tasks.max", "1") and not config.get("tasks.max", "1").isdigit():
            raise BadRequestError(
                "Connector configuration is invalid and contains the following 1 error(s):\n"
                "Invalid value x for configuration tasks.max: Not a number of type INT"
            )

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False

    async def server_info(self) -> JsonDict:
        await self._tick("server_info")
        return {"version": "4.0.0", "commit": "abc123", "kafka_cluster_id": "cluster-1"}

    async def health(self) -> tuple[int, JsonDict]:
        await self._tick("health")
        return self.health_answer

    # -- connectors --------------------------------------------------------------------------
    async def connectors(self) -> list[str]:
        await self._tick("connectors")
        return sorted(self.configs)

    async def connector_info(self, name: str) -> ConnectorInfo:
        await self._tick("connector_info", name)
        return self._info(name)

    async def connector_config(self, name: str) -> dict[str, str]:
        await self._tick("connector_config", name)
        return dict(self._config(name))

    async def put_connector_config(
        self,
        name: str,
        config: Mapping[str, str],
        *,
        allow_replace: bool,
        initial_state: TargetState = TargetState.STARTED,
    ) -> tuple[bool, ConnectorInfo]:
        await self._tick("put_connector_config", (name, dict(config), allow_replace, initial_state))
        exists = name in self.configs
        if exists and not allow_replace:
            raise AlreadyExistsError(f"Connector {name} already exists")
        self._validate(config)
        self.configs[name] = dict(config)
        if not exists:
            self.targets[name] = initial_state
        return not exists, self._info(name)

    async def patch_connector_config(self, name: str, patch: Mapping[str, str | None]) -> ConnectorInfo:
        await self._tick("patch_connector_config", (name, dict(patch)))
        merged = dict(self._config(name))
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        self._validate(merged)
        self.configs[name] = merged
        return self._info(name)

    async def delete_connector(self, name: str) -> None:
        await self._tick("delete_connector", name)
        self._config(name)
        del self.configs[name]
        self.targets.pop(name, None)
        self.active_topics.pop(name, None)

    async def connector_active_topics(self, name: str) -> JsonDict:
        await self._tick("connector_active_topics", name)
        if not self.topic_tracking:
            raise ForbiddenError("Topic tracking is disabled.")
        return {name: {"topics": sorted(self.active_topics.get(name, ()))}}

    async def reset_connector_active_topics(self, name: str) -> None:
        await self._tick("reset_connector_active_topics", name)
        if not self.topic_tracking:
            raise ForbiddenError("Topic tracking is disabled.")
        if not self.topic_tracking_reset:
            raise ForbiddenError("Topic tracking reset is disabled.")
        self.active_topics.pop(name, None)

    async def connector_status(self, name: str) -> JsonDict:
        await self._tick("connector_status", name)
        if name not in self.configs:
            raise NotFoundError(f"No status found for connector {name}")
        return {
            "name": name,
            "connector": {"state": _STATE_OF_TARGET[self.targets[name]], "worker_id": WORKER_ID},
            "tasks": [self._task_state(name, i) for i in range(self._task_count(name))],
            "type": self._type(name),
        }

    async def task_configs(self, name: str) -> list[TaskInfo]:
        await self._tick("task_configs", name)
        config = self._config(name)
        return [
            {"id": {"connector": name, "task": i}, "config": {**config, "task.id": str(i)}}
            for i in range(self._task_count(name))
        ]

    async def task_status(self, name: str, task: int) -> JsonDict:
        await self._tick("task_status", (name, task))
        if name not in self.configs or not 0 <= task < self._task_count(name):
            raise NotFoundError(f"No status found for task {name}-{task}")
        return self._task_state(name, task)

    async def restart_connector(
        self, name: str, *, include_tasks: bool = False, only_failed: bool = False
    ) -> JsonDict | None:
        await self._tick("restart_connector", (name, include_tasks, only_failed))
        self._config(name)
        if not include_tasks and not only_failed:
            return None
        status = await self.connector_status(name)
        if not only_failed or status["connector"]["state"] == "FAILED":
            status["connector"]["state"] = "RESTARTING"
        if include_tasks:
            for task in status["tasks"]:
                if not only_failed or task["state"] == "FAILED":
                    task["state"] = "RESTARTING"
        return status

    async def restart_task(self, name: str, task: int) -> None:
        await self._tick("restart_task", (name, task))
        if name not in self.configs or not 0 <= task < self._task_count(name):
            raise NotFoundError(f"Task {name}-{task} not found")
        self.task_states.pop((name, task), None)

    async def pause_connector(self, name: str) -> None:
        await self._tick("pause_connector", name)
        self._config(name)
        self.targets[name] = TargetState.PAUSED

    async def resume_connector(self, name: str) -> None:
        await self._tick("resume_connector", name)
        self._config(name)
        self.targets[name] = TargetState.STARTED

    async def stop_connector(self, name: str) -> None:
        await self._tick("stop_connector", name)
        self._config(name)
        self.targets[name] = TargetState.STOPPED

    # -- offsets -----------------------------------------------------------------------------
    async def connector_offsets(self, name: str) -> JsonDict:
        await self._tick("connector_offsets", name)
        self._config(name)
        return {"offsets": list(self.offsets.get(name, []))}

    def _require_stopped(self, name: str) -> None:
        self._config(name)
        if self.targets[name] is not TargetState.STOPPED:
            raise BadRequestError(
                f"Connectors must be in the STOPPED state before their offsets can be modified. "
                f"Connector {name} is in the {self.targets[name].value} state."
            )

    async def alter_connector_offsets(self, name: str, offsets: JsonDict) -> JsonDict:
        await self._tick("alter_connector_offsets", (name, offsets))
        self._require_stopped(name)
        self.offsets[name] = [e for e in offsets["offsets"] if e["offset"] is not None]
        return {"message": "The offsets for this connector have been altered successfully"}

    async def reset_connector_offsets(self, name: str) -> JsonDict:
        await self._tick("reset_connector_offsets", name)
        self._require_stopped(name)
        self.offsets.pop(name, None)
        return {"message": "The offsets for this connector have been reset successfully"}

    # -- plugins -----------------------------------------------------------------------------
    async def plugins(self, connectors_only: bool = True) -> list[JsonDict]:
        await self._tick("plugins", connectors_only)
        if connectors_only:
            return [p for p in _PLUGINS if p["type"] in ("source", "sink")]
        return list(_PLUGINS)

    async def plugin_config(self, plugin: str) -> list[JsonDict]:
        await self._tick("plugin_config", plugin)
        if plugin not in (SOURCE_CLASS, SINK_CLASS, "FileStreamSource", "FileStreamSink"):
            raise NotFoundError(f"Unknown plugin {plugin}.")
        return [_key_info("file", False), _key_info("name", True)]

    async def validate_connector_config(self, config: Mapping[str, str]) -> JsonDict:
        await self._tick("validate_connector_config", dict(config))
        errors = (
            []
            if config.get("topic")
            else ['Missing required configuration "topic" which has no default value.']
        )
        return {
            "name": config["connector.class"],
            "error_count": len(errors),
            "groups": ["Common"],
            "configs": [
                {
                    "definition": _key_info("topic", True),
                    "value": {
                        "name": "topic",
                        "value": config.get("topic"),
                        "recommended_values": [],
                        "errors": errors,
                        "visible": True,
                    },
                }
            ],
        }
