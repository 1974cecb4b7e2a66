"""Forwarding of leader-only requests in distributed mode (Java: ``HerderRequestHandler``).

Routes marked ``forward=True`` ask the herder where they must run
(:meth:`Herder.forward_target`).  ``None`` means here; otherwise the request is
re-sent to that worker with the same method, body and query plus the
``forward`` hop marker: no ``forward`` -> ``forward=true``; ``forward=true`` ->
``forward=false``; ``forward=false`` and still not the right worker -> 409.
The target's status and body are relayed unchanged; an I/O failure is a 500.
Standalone herders always answer ``None``.
"""

from __future__ import annotations

import logging

import httpx
from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import ConflictError
from kconnect.rest.errors import RestError
from kconnect.runtime.herder import Herder

log = logging.getLogger(__name__)

FORWARD_TIMEOUT_S = 90.0


def _next_hop(current: str | None) -> str:
    if current is None:
        return "true"
    if current.lower() == "true":
        return "false"
    raise ConflictError("Cannot complete request because of a conflicting operation (e.g. worker rebalance)")


async def maybe_forward(request: Request, herder: Herder) -> Response | None:
    """The target's response if the request must run elsewhere, else None."""
    target = await herder.forward_target(request.method, request.url.path)
    if target is None:
        return None
    hop = _next_hop(request.query_params.get("forward"))
    params: list[tuple[str, str | int | float | bool | None]] = [
        (k, v) for k, v in request.query_params.multi_items() if k != "forward"
    ]
    params.append(("forward", hop))
    url = target.rstrip("/") + request.url.path
    body = await request.body()
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() in ("content-type", "accept") or k.lower().startswith("x-connect-")
    }
    log.debug("Forwarding %s %s to %s", request.method, request.url.path, url)
    try:
        async with httpx.AsyncClient(timeout=FORWARD_TIMEOUT_S) as client:
            reply = await client.request(request.method, url, params=params, content=body, headers=headers)
    except httpx.HTTPError as e:
        raise RestError(500, f"IO Error trying to forward REST request: {e}") from e
    relayed = {k: v for k, v in reply.headers.items() if k.lower() in ("content-type", "location")}
    return Response(reply.content, reply.status_code, headers=relayed)
