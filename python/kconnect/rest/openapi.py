"""The OpenAPI 3.1 document, generated from the same :class:`~kconnect.rest.routing.RouteSpec`
table that builds the routes, and the ``GET /openapi.json`` route serving it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

import kconnect
from kconnect.rest.routing import Api, Param, Reply, RouteSpec, json_response
from kconnect.rest.schemas import SCHEMAS, ref

__all__ = ["ROUTE", "build_document"]

JsonDict = dict[str, Any]

_FORWARD = Param(
    "forward",
    "query",
    "Internal leader-forwarding flag; accepted and ignored (standalone never forwards)",
    {"type": "boolean"},
)
_DEFAULT_ERRORS = {500: Reply("Unexpected error, or the herder request timed out", ref("ErrorMessage"))}


def _parameter(param: Param) -> JsonDict:
    out: JsonDict = {
        "name": param.name,
        "in": param.location,
        "description": param.description,
        "required": param.required or param.location == "path",
        "schema": param.schema,
    }
    if param.style_form_repeat:
        out["style"] = "form"
        out["explode"] = True
    return out


def _response(reply: Reply) -> JsonDict:
    out: JsonDict = {"description": reply.description}
    if reply.schema is not None:
        out["content"] = {"application/json": {"schema": reply.schema}}
    if reply.headers:
        out["headers"] = {
            name: {"description": text, "schema": {"type": "string"}} for name, text in reply.headers.items()
        }
    return out


def _operation(spec: RouteSpec) -> JsonDict:
    params = [*spec.params, _FORWARD] if spec.forward else list(spec.params)
    op: JsonDict = {"operationId": spec.operation_id, "summary": spec.summary, "tags": [spec.tag]}
    if params:
        op["parameters"] = [_parameter(p) for p in params]
    if spec.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": spec.body}}}
    replies = {**_DEFAULT_ERRORS, **spec.responses}
    op["responses"] = {str(status): _response(replies[status]) for status in sorted(replies)}
    if spec.deprecated:
        op["deprecated"] = True
    return op


def build_document(specs: Sequence[RouteSpec]) -> JsonDict:
    """The OpenAPI 3.1 document describing ``specs``."""
    paths: dict[str, JsonDict] = {}
    for spec in specs:
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kconnect REST API",
            "version": kconnect.__version__,
            "description": "Apache Kafka Connect compatible REST API. Every error body is ErrorMessage.",
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


async def _openapi(request: Request, api: Api) -> Response:
    return json_response(api.openapi)


ROUTE = RouteSpec(
    "GET",
    "/openapi.json",
    _openapi,
    "This OpenAPI document",
    {200: Reply("OpenAPI 3.1 document", {"type": "object"})},
    tag="root",
)
