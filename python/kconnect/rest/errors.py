"""Exception -> HTTP response mapping: the one place (Java: ``ConnectExceptionMapper``).

Every error answer is ``{"error_code": <status>, "message": "..."}``.  The status comes from
walking the exception's MRO: :class:`kconnect.errors.ConnectError` subclasses carry
``http_status``; Starlette's ``HTTPException`` (unknown path 404, wrong method 405) keeps its
status with Jersey's message text (``"HTTP 404 Not Found"``); anything else is 500 with the
exception's message.

Malformed request bodies (invalid JSON, wrong JSON types): Java answers **500**, because
Connect's catch-all mapper turns Jackson's parse exceptions (not ``WebApplicationException``)
into 500; Jackson's own 400 mapper is not registered.  kconnect deliberately answers **400**
(:data:`MALFORMED_BODY_STATUS`): a 5xx tells clients to retry a request that can never
succeed, and no client relies on the 500.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Callable

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kconnect.errors import ConnectError

__all__ = [
    "MALFORMED_BODY_STATUS",
    "RestError",
    "error_response",
    "handle_exception",
    "jersey_message",
    "status_of",
]

log = logging.getLogger(__name__)

MALFORMED_BODY_STATUS = 400
"""Status for unparseable or mistyped JSON bodies (Java: 500; see the module docstring)."""


class RestError(ConnectError):
    """An error with an explicit HTTP status (Java: ``ConnectRestException``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.http_status = status


def jersey_message(status: int) -> str:
    """Jersey's default text for a bare status, e.g. ``"HTTP 404 Not Found"``."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
    return f"HTTP {status} {phrase}"


def _connect_status(exc: BaseException) -> tuple[int, str]:
    assert isinstance(exc, ConnectError)
    return exc.http_status, str(exc)


def _http_status(exc: BaseException) -> tuple[int, str]:
    assert isinstance(exc, HTTPException)
    return exc.status_code, jersey_message(exc.status_code)


_RESOLVERS: dict[type[BaseException], Callable[[BaseException], tuple[int, str]]] = {
    ConnectError: _connect_status,
    HTTPException: _http_status,
}


def status_of(exc: BaseException) -> tuple[int, str]:
    """(status, message) for ``exc``, walking its MRO; unknown exceptions are 500."""
    for cls in type(exc).__mro__:
        resolver = _RESOLVERS.get(cls)
        if resolver is not None:
            return resolver(exc)
    return 500, str(exc)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The JSON error body Connect answers with."""
    body = orjson.dumps({"error_code": status, "message": message})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def handle_exception(request: Request, exc: Exception) -> Response:
    """Starlette exception handler for every exception type (registered once per root class).

    Unexpected exceptions (registered as ``Exception``) go through Starlette's
    ``ServerErrorMiddleware``, which re-raises them after this response is sent, so the ASGI
    server logs their traceback once.
    """
    status, message = status_of(exc)
    if status >= 500 and isinstance(exc, ConnectError | HTTPException):
        log.error("Error in REST call to %s: %s", request.url.path, message, exc_info=exc)
    elif status < 500:
        log.debug("REST call to %s failed: %s", request.url.path, message)
    headers = None
    if isinstance(exc, HTTPException) and exc.headers:
        headers = dict(exc.headers)
    return error_response(status, message, headers)
