"""Dead letter queue replay (a kconnect extension; Java Connect has no such endpoint).

``POST /connectors/{connector}/dlq/replay`` re-delivers the records in the connector's dead
letter queue that were not replayed before, through the connector's *current* converters and
transforms, and answers with what it did.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kconnect.rest.routing import Api, Reply, RouteSpec, connector_param, error_reply, json_response
from kconnect.rest.schemas import JsonSchema

__all__ = ["ROUTES"]


async def _replay_dead_letters(request: Request, api: Api) -> Response:
    return json_response(await api.call(api.herder.replay_dead_letters(request.path_params["connector"])))


_COUNT: JsonSchema = {"type": "integer"}
_RESULT: JsonSchema = {
    "type": "object",
    "properties": {
        "dead_letter_queue": {"type": "string"},
        "replayed": _COUNT,
        "dropped": _COUNT,
        "unroutable": _COUNT,
        "by_topic": {"type": "object", "additionalProperties": _COUNT},
    },
}

ROUTES = (
    RouteSpec(
        "POST",
        "/connectors/{connector}/dlq/replay",
        _replay_dead_letters,
        "Replay the connector's dead letter queue through its current configuration (kconnect extension)",
        {
            200: Reply("What the replay did", _RESULT),
            400: error_reply("The connector has no dead letter queue"),
            404: error_reply("Connector not found"),
        },
        params=(connector_param(),),
    ),
)
