"""The herder: the one async facade the REST API and the CLI call.

Mirrors Apache Kafka Connect's ``Herder`` interface, async-only.  Every method
returns JSON-ready values shaped exactly as Connect's REST entities
(``ConnectorInfo``, ``ConnectorStateInfo``, ...), so the REST layer only routes
and serialises.  Errors are :mod:`kconnect.errors` classes (``NotFoundError``
-> 404, ``AlreadyExistsError`` -> 409, ``BadRequestError``/``ConfigError`` ->
400, ``ConflictError`` -> 409); the REST layer maps them in one place.

Standalone (``kconnect.runtime.standalone.herder``) and, later, distributed
herders implement it.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Mapping
from typing import Any, TypedDict

JsonDict = dict[str, Any]

# ``GET /health`` bodies (Java: ``WorkerStatus``)
HEALTHY: JsonDict = {
    "status": "healthy",
    "message": "Worker has completed startup and is ready to handle requests.",
}
STARTING: JsonDict = {"status": "starting", "message": "Worker is still starting up."}


class TargetState(enum.Enum):
    """What the user asked a connector to be (Java: ``TargetState``)."""

    STARTED = "STARTED"
    PAUSED = "PAUSED"
    STOPPED = "STOPPED"

    @classmethod
    def from_initial_state(cls, raw: str) -> TargetState:
        """Map a REST ``initial_state`` (RUNNING|PAUSED|STOPPED, any case)."""
        mapping = {"RUNNING": cls.STARTED, "PAUSED": cls.PAUSED, "STOPPED": cls.STOPPED}
        try:
            return mapping[raw.strip().upper()]
        except KeyError:
            from kconnect.errors import BadRequestError

            raise BadRequestError(
                f"Invalid initial state {raw!r}; must be one of RUNNING, PAUSED, STOPPED"
            ) from None


class ConnectorTaskId(TypedDict):
    connector: str
    task: int


class ConnectorInfo(TypedDict):
    name: str
    config: dict[str, str]
    tasks: list[ConnectorTaskId]
    type: str


class TaskInfo(TypedDict):
    id: ConnectorTaskId
    config: dict[str, str]


class Herder(abc.ABC):
    """Lifecycle, configuration, status and offsets of the connectors of a worker/cluster."""

    # -- lifecycle of the herder itself ------------------------------------------------------
    @abc.abstractmethod
    async def start(self) -> None: ...

    @abc.abstractmethod
    async def stop(self) -> None: ...

    @abc.abstractmethod
    async def server_info(self) -> JsonDict:
        """``{"version", "commit", "kafka_cluster_id"}``."""

    @abc.abstractmethod
    async def health(self) -> tuple[int, JsonDict]:
        """HTTP status and ``{"status", "message"}`` for ``GET /health``."""

    # -- connectors --------------------------------------------------------------------------
    @abc.abstractmethod
    async def connectors(self) -> list[str]:
        """Names of all connectors, sorted."""

    @abc.abstractmethod
    async def connector_info(self, name: str) -> ConnectorInfo: ...

    @abc.abstractmethod
    async def connector_config(self, name: str) -> dict[str, str]: ...

    @abc.abstractmethod
    async def put_connector_config(
        self,
        name: str,
        config: Mapping[str, str],
        *,
        allow_replace: bool,
        initial_state: TargetState = TargetState.STARTED,
    ) -> tuple[bool, ConnectorInfo]:
        """Create or replace; returns (created, info).  Invalid config -> BadRequestError."""

    @abc.abstractmethod
    async def patch_connector_config(self, name: str, patch: Mapping[str, str | None]) -> ConnectorInfo:
        """Merge ``patch`` into the config (None deletes a key), validate, apply."""

    @abc.abstractmethod
    async def delete_connector(self, name: str) -> None: ...

    @abc.abstractmethod
    async def connector_status(self, name: str) -> JsonDict:
        """ConnectorStateInfo."""

    @abc.abstractmethod
    async def task_configs(self, name: str) -> list[TaskInfo]: ...

    @abc.abstractmethod
    async def task_status(self, name: str, task: int) -> JsonDict:
        """TaskState: ``{"id", "state", "worker_id", "trace"?}``."""

    @abc.abstractmethod
    async def restart_connector(
        self, name: str, *, include_tasks: bool = False, only_failed: bool = False
    ) -> JsonDict | None:
        """None when only the connector instance was restarted (REST 204), else the
        ConnectorStateInfo marking the restarted parts RESTARTING (REST 202)."""

    @abc.abstractmethod
    async def restart_task(self, name: str, task: int) -> None: ...

    @abc.abstractmethod
    async def pause_connector(self, name: str) -> None: ...

    @abc.abstractmethod
    async def resume_connector(self, name: str) -> None: ...

    @abc.abstractmethod
    async def stop_connector(self, name: str) -> None: ...

    # -- offsets -----------------------------------------------------------------------------
    @abc.abstractmethod
    async def connector_offsets(self, name: str) -> JsonDict:
        """``{"offsets": [{"partition": {...}, "offset": {...}}]}``."""

    @abc.abstractmethod
    async def alter_connector_offsets(self, name: str, offsets: JsonDict) -> JsonDict:
        """Connector must be STOPPED (else ConflictError/BadRequestError); returns ``{"message"}``."""

    @abc.abstractmethod
    async def reset_connector_offsets(self, name: str) -> JsonDict: ...

    # -- plugins -----------------------------------------------------------------------------
    @abc.abstractmethod
    async def plugins(self, connectors_only: bool = True) -> list[JsonDict]:
        """PluginInfo list: ``{"class", "type", "version"}``."""

    @abc.abstractmethod
    async def plugin_config(self, plugin: str) -> list[JsonDict]:
        """ConfigKeyInfo list of a connector plugin (plugin keys, then framework keys)."""

    @abc.abstractmethod
    async def validate_connector_config(self, config: Mapping[str, str]) -> JsonDict:
        """ConfigInfos: ``{"name", "error_count", "groups", "configs"}``."""

    # -- kconnect extensions -----------------------------------------------------------------
    async def replay_dead_letters(self, name: str) -> JsonDict:
        """Re-deliver the connector's dead letter queue through its current config.

        Returns ``{"dead_letter_queue", "replayed", "dropped", "unroutable", "by_topic"}``.
        """
        from kconnect.errors import BadRequestError

        raise BadRequestError("Dead letter queue replay is not supported by this worker")

    async def connector_active_topics(self, name: str) -> JsonDict:
        """``{"<name>": {"topics": [sorted active topics]}}``; 403 when topic tracking is disabled."""
        from kconnect.errors import ForbiddenError

        raise ForbiddenError("Topic tracking is disabled.")

    async def reset_connector_active_topics(self, name: str) -> None:
        """Forget the connector's active topics; 403 when tracking or its reset is disabled."""
        from kconnect.errors import ForbiddenError

        raise ForbiddenError("Topic tracking is disabled.")

    # -- distributed mode (defaults: a single worker handles everything itself) --------------
    async def forward_target(self, method: str, path: str) -> str | None:
        """Base URL of the worker that must serve this leader-only request, None for here.

        Raises ConflictError (409) when no leader is known (rebalance under way)."""
        del method, path
        return None

    async def put_task_configs(
        self, name: str, configs: list[dict[str, str]], body: bytes, headers: Mapping[str, str]
    ) -> None:
        """Internal ``POST /connectors/<c>/tasks`` (task configs sent to the leader)."""
        del configs, body, headers
        from kconnect.errors import NotFoundError

        raise NotFoundError(f"Cannot submit task configs for connector {name} outside distributed mode")

    async def fence_zombies(self, name: str, body: bytes, headers: Mapping[str, str]) -> None:
        """Internal ``PUT /connectors/<c>/fence`` (exactly-once source support)."""
        del body, headers
        from kconnect.errors import NotFoundError

        raise NotFoundError(f"Cannot fence zombie tasks of connector {name} outside distributed mode")
