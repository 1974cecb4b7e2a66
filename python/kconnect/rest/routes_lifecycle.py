"""Connector status, tasks and lifecycle endpoints (Java: ``ConnectorsResource``, part 2).

Status, tasks, task status/restart, restart (``includeTasks``/``onlyFailed``), pause, resume,
stop, and the topic-tracking routes (active topics; 403 "Topic tracking is disabled." with
``topic.tracking.enable=false``, 403 "Topic tracking reset is disabled." for a reset with
``topic.tracking.allow.reset=false``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kconnect.rest.bodies import query_flag, task_number
from kconnect.rest.routing import Api, Param, Reply, RouteSpec, connector_param, error_reply, json_response
from kconnect.rest.schemas import array_of, ref

__all__ = ["ROUTES"]


async def _connector_status(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.connector_status(request.path_params["connector"])))


async def _task_configs(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.task_configs(request.path_params["connector"])))


async def _tasks_config(request: Request, api: Api) -> Response:
    tasks = await api.call(api.herder.task_configs(request.path_params["connector"]))
    return json_response({f"{t['id']['connector']}-{t['id']['task']}": t["config"] for t in tasks})


async def _task_status(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    task = task_number(request.path_params["task"])
    return json_response(await api.call(api.herder.task_status(name, task)))


async def _restart_task(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    task = task_number(request.path_params["task"])
    await api.call(api.herder.restart_task(name, task))
    return Response(status_code=204)


async def _restart_connector(request: Request, api: Api) -> Response:
    name: str = request.path_params["connector"]
    include_tasks = query_flag(request, "includeTasks", False)
    only_failed = query_flag(request, "onlyFailed", False)
    state = await api.call(
        api.herder.restart_connector(name, include_tasks=include_tasks, only_failed=only_failed)
    )
    if not include_tasks and not only_failed:
        return Response(status_code=204)
    if state is None:  # a herder may restart "only the connector" and report nothing
        state = await api.call(api.herder.connector_status(name))
    return json_response(state, 202)


async def _pause_connector(request: Request, api: Api) -> Response:
    await api.call(api.herder.pause_connector(request.path_params["connector"]))
    return Response(status_code=202)


async def _resume_connector(request: Request, api: Api) -> Response:
    await api.call(api.herder.resume_connector(request.path_params["connector"]))
    return Response(status_code=202)


async def _stop_connector(request: Request, api: Api) -> Response:
    await api.call(api.herder.stop_connector(request.path_params["connector"]))
    return Response(status_code=204)


async def _active_topics(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.connector_active_topics(request.path_params["connector"])))


async def _reset_active_topics(request: Request, api: Api) -> Response:
    await api.call(api.herder.reset_connector_active_topics(request.path_params["connector"]))
    return Response(status_code=202)


_C = connector_param()
_T = Param("task", "path", "Task number", {"type": "integer"}, required=True)
_NOT_FOUND = error_reply("No such connector or task")
_FLAG = {"type": "boolean", "default": False}

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "GET",
        "/connectors/{connector}/status",
        _connector_status,
        "Get the status for the specified connector",
        {200: Reply("Status", ref("ConnectorStateInfo")), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}/tasks",
        _task_configs,
        "List all tasks and their configurations for the specified connector",
        {200: Reply("Tasks", array_of(ref("TaskInfo"))), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}/tasks-config",
        _tasks_config,
        "Get the configuration of all tasks for the specified connector",
        {200: Reply("Task configs keyed by <connector>-<task>", ref("TasksConfig")), 404: _NOT_FOUND},
        params=(_C,),
        deprecated=True,
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}/tasks/{task}/status",
        _task_status,
        "Get the state of the specified task for the specified connector",
        {200: Reply("Task state", ref("TaskState")), 404: _NOT_FOUND},
        params=(_C, _T),
    ),
    RouteSpec(
        "POST",
        "/connectors/{connector}/tasks/{task}/restart",
        _restart_task,
        "Restart the specified task for the specified connector",
        {204: Reply("Restarted"), 404: _NOT_FOUND},
        params=(_C, _T),
        forward=True,
    ),
    RouteSpec(
        "POST",
        "/connectors/{connector}/restart",
        _restart_connector,
        "Restart the specified connector",
        {
            202: Reply("Restart requested; targets marked RESTARTING", ref("ConnectorStateInfo")),
            204: Reply("Connector instance restarted (both flags false)"),
            404: _NOT_FOUND,
        },
        params=(
            _C,
            Param("includeTasks", "query", "Whether to also restart tasks", _FLAG),
            Param("onlyFailed", "query", "Whether to only restart failed tasks/connectors", _FLAG),
        ),
        forward=True,
    ),
    RouteSpec(
        "PUT",
        "/connectors/{connector}/pause",
        _pause_connector,
        "Pause the specified connector",
        {202: Reply("Pause requested"), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "PUT",
        "/connectors/{connector}/resume",
        _resume_connector,
        "Resume the specified connector",
        {202: Reply("Resume requested"), 404: _NOT_FOUND},
        params=(_C,),
    ),
    RouteSpec(
        "PUT",
        "/connectors/{connector}/stop",
        _stop_connector,
        "Stop the specified connector",
        {204: Reply("Stopped"), 404: _NOT_FOUND},
        params=(_C,),
        forward=True,
    ),
    RouteSpec(
        "GET",
        "/connectors/{connector}/topics",
        _active_topics,
        "Get the list of topics actively used by the specified connector",
        {
            200: Reply("Active topics, sorted (empty for an unknown connector)", ref("ActiveTopics")),
            403: error_reply("Topic tracking is disabled."),
        },
        params=(_C,),
    ),
    RouteSpec(
        "PUT",
        "/connectors/{connector}/topics/reset",
        _reset_active_topics,
        "Reset the list of topics actively used by the specified connector",
        {
            202: Reply("Active topics reset"),
            403: error_reply("Topic tracking or its reset is disabled."),
        },
        params=(_C,),
    ),
)
