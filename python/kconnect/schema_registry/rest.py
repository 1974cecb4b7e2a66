"""The registry's REST API: the Confluent Schema Registry's paths, bodies and error codes.

Responses are ``application/vnd.schemaregistry.v1+json``; request bodies are read as JSON
whatever their declared content type (the Confluent registry accepts its own types,
``application/json`` and ``application/octet-stream``).  Errors are
``{"error_code": ..., "message": ...}``.  Handlers call the blocking :class:`Registry` in a
worker thread, so a write waiting for the Kafka store never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kconnect.schema_registry.errors import InvalidSchemaError, RegistryError, SchemaNotFoundError
from kconnect.schema_registry.records import SchemaRecord
from kconnect.schema_registry.registry import Registry, parse_version, references_from_json

__all__ = ["CONTENT_TYPE", "create_registry_app"]

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
T = TypeVar("T")


def _json(body: Any, status: int = 200) -> Response:
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(text, status_code=status, media_type=CONTENT_TYPE)


def _error(status: int, code: int, message: str) -> Response:
    return _json({"error_code": code, "message": message}, status)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").lower() == "true"


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        value = json.loads(raw or b"{}")
    except ValueError as exc:
        raise HTTPException(400, f"Unexpected character in request body: {exc}") from exc
    if not isinstance(value, dict):
        raise HTTPException(400, "The request body must be a JSON object")
    return value


def _schema_request(body: dict[str, Any]) -> tuple[str, str, Any]:
    schema = body.get("schema")
    if not isinstance(schema, str):
        raise InvalidSchemaError("Empty schema" if schema is None else "The schema must be a string")
    schema_type = body.get("schemaType") or "AVRO"
    if not isinstance(schema_type, str):
        raise InvalidSchemaError("schemaType must be a string")
    return schema, schema_type.upper(), references_from_json(body.get("references"))


def _record_json(record: SchemaRecord, with_subject: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if with_subject:
        out.update(subject=record.subject, version=record.version)
    out["id"] = record.id
    if record.schema_type != "AVRO":
        out["schemaType"] = record.schema_type
    if record.references:
        out["references"] = [r.to_json() for r in record.references]
    out["schema"] = record.schema
    return out


LeaderLookup = Callable[[], "str | None"]
"""Where writes go: None to apply them here, else the leader's URL; raises UnknownLeaderError."""


class _Routes:
    """Route handlers bound to one :class:`Registry`."""

    def __init__(self, registry: Registry, leader: LeaderLookup | None) -> None:
        self.r = registry
        self.leader = leader

    def write(
        self, handler: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """``handler`` on the leader; followers forward the request to it unchanged."""

        async def routed(request: Request) -> Response:
            target = None if self.leader is None else await asyncio.to_thread(self.leader)
            if target is None:
                return await handler(request)
            return await _forward(request, target)

        return routed

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    # -- root, types, contexts ---------------------------------------------------------------
    async def root(self, request: Request) -> Response:
        return _json({})

    async def types(self, request: Request) -> Response:
        return _json(["AVRO"])

    async def contexts(self, request: Request) -> Response:
        return _json(["."])

    # -- subjects ----------------------------------------------------------------------------
    async def subjects(self, request: Request) -> Response:
        prefix = request.query_params.get("subjectPrefix", "")
        return _json(await self.call(self.r.subjects, _flag(request, "deleted"), prefix))

    async def lookup(self, request: Request) -> Response:
        subject = request.path_params["subject"]
        schema, schema_type, refs = _schema_request(await _body(request))
        record = await self.call(self.r.lookup, subject, schema, schema_type, refs, _flag(request, "deleted"))
        return _json(_record_json(record))

    async def delete_subject(self, request: Request) -> Response:
        subject = request.path_params["subject"]
        return _json(await self.call(self.r.delete_subject, subject, _flag(request, "permanent")))

    async def versions(self, request: Request) -> Response:
        subject = request.path_params["subject"]
        return _json(await self.call(self.r.versions, subject, _flag(request, "deleted")))

    async def register(self, request: Request) -> Response:
        subject = request.path_params["subject"]
        body = await _body(request)
        schema, schema_type, refs = _schema_request(body)
        schema_id, version = body.get("id"), body.get("version")
        schema_id = schema_id if isinstance(schema_id, int) and schema_id > 0 else None
        version = version if isinstance(version, int) and version > 0 else None
        done = await self.call(self.r.register, subject, schema, schema_type, refs, schema_id, version)
        return _json({"id": done.id})

    async def version(self, request: Request) -> Response:
        p = request.path_params
        record = await self.call(self.r.version, p["subject"], p["version"], _flag(request, "deleted"))
        return _json(_record_json(record))

    async def version_schema(self, request: Request) -> Response:
        p = request.path_params
        record = await self.call(self.r.version, p["subject"], p["version"], _flag(request, "deleted"))
        return Response(record.schema, media_type=CONTENT_TYPE)

    async def referenced_by(self, request: Request) -> Response:
        p = request.path_params
        return _json(await self.call(self.r.referenced_by, p["subject"], p["version"]))

    async def delete_version(self, request: Request) -> Response:
        p = request.path_params
        return _json(
            await self.call(self.r.delete_version, p["subject"], p["version"], _flag(request, "permanent"))
        )

    # -- schemas by id -----------------------------------------------------------------------
    def _id(self, request: Request) -> int:
        try:
            return int(request.path_params["id"])
        except ValueError:
            raise SchemaNotFoundError() from None

    async def schema_by_id(self, request: Request) -> Response:
        record = await self.call(self.r.schema_by_id, self._id(request))
        return _json(_id_body(record))

    async def schema_text_by_id(self, request: Request) -> Response:
        record = await self.call(self.r.schema_by_id, self._id(request))
        return Response(record.schema, media_type=CONTENT_TYPE)

    async def id_subjects(self, request: Request) -> Response:
        usages = await self.call(self.r.id_usages, self._id(request), _flag(request, "deleted"))
        return _json(sorted({u.subject for u in usages}))

    async def id_versions(self, request: Request) -> Response:
        usages = await self.call(self.r.id_usages, self._id(request), _flag(request, "deleted"))
        return _json([{"subject": u.subject, "version": u.version} for u in usages])

    async def schemas(self, request: Request) -> Response:
        prefix = request.query_params.get("subjectPrefix", "")
        deleted, latest = _flag(request, "deleted"), _flag(request, "latestOnly")
        out = []
        for subject in await self.call(self.r.subjects, deleted, prefix):
            records = (
                [await self.call(self.r.version, subject, "latest", deleted)]
                if latest
                else [
                    await self.call(self.r.version, subject, str(v), deleted)
                    for v in await self.call(self.r.versions, subject, deleted)
                ]
            )
            out += [_record_json(r) for r in records]
        return _json(out)

    # -- config and mode -------------------------------------------------------------------
    async def get_config(self, request: Request) -> Response:
        subject = request.path_params.get("subject")
        to_global = subject is None or _flag(request, "defaultToGlobal")
        return _json({"compatibilityLevel": await self.call(self.r.compatibility, subject, to_global)})

    async def put_config(self, request: Request) -> Response:
        body = await _body(request)
        level = await self.call(
            self.r.set_compatibility, request.path_params.get("subject"), body.get("compatibility")
        )
        return _json({"compatibility": level})

    async def delete_config(self, request: Request) -> Response:
        previous = await self.call(self.r.delete_compatibility, request.path_params.get("subject"))
        return _json({"compatibilityLevel": previous})

    async def get_mode(self, request: Request) -> Response:
        subject = request.path_params.get("subject")
        to_global = subject is None or _flag(request, "defaultToGlobal")
        return _json({"mode": await self.call(self.r.mode, subject, to_global)})

    async def put_mode(self, request: Request) -> Response:
        body = await _body(request)
        return _json(
            {"mode": await self.call(self.r.set_mode, request.path_params.get("subject"), body.get("mode"))}
        )

    async def delete_mode(self, request: Request) -> Response:
        return _json({"mode": await self.call(self.r.delete_mode, request.path_params["subject"])})

    # -- compatibility -----------------------------------------------------------------------
    async def compatibility(self, request: Request) -> Response:
        p = request.path_params
        version = p.get("version")
        if version is not None:
            parse_version(version)
        schema, schema_type, refs = _schema_request(await _body(request))
        messages = await self.call(
            self.r.test_compatibility, p["subject"], version, schema, schema_type, refs
        )
        body: dict[str, Any] = {"is_compatible": not messages}
        if _flag(request, "verbose"):
            body["messages"] = messages
        return _json(body)


async def _forward(request: Request, leader_url: str) -> Response:
    body = await request.body()
    query = f"?{request.url.query}" if request.url.query else ""
    target = f"{leader_url.rstrip('/')}{request.url.path}{query}"

    def send() -> tuple[int, bytes]:
        forwarded = urllib.request.Request(
            target,
            data=body or None,
            method=request.method,
            headers={"Content-Type": CONTENT_TYPE, "Accept": CONTENT_TYPE},
        )
        try:
            with urllib.request.urlopen(forwarded, timeout=60) as response:
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as exc:
            return int(exc.code), bytes(exc.read())

    try:
        status, content = await asyncio.to_thread(send)
    except (urllib.error.URLError, OSError) as exc:
        raise RegistryError(
            f"Error while forwarding the request to the leader {leader_url}: {exc}", 50003
        ) from exc
    return Response(content, status_code=status, media_type=CONTENT_TYPE)


def _id_body(record: SchemaRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if record.schema_type != "AVRO":
        out["schemaType"] = record.schema_type
    if record.references:
        out["references"] = [r.to_json() for r in record.references]
    out["schema"] = record.schema
    return out


async def _registry_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RegistryError)
    return _error(exc.http_status, exc.error_code, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.status_code == 400 else f"HTTP {exc.status_code} {exc.detail}"
    return _error(exc.status_code, exc.status_code, message)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error(500, 500, f"Internal Server Error: {exc}")


def create_registry_app(registry: Registry, leader: LeaderLookup | None = None) -> Starlette:
    """The Starlette application serving ``registry``; ``leader`` routes writes (None: all local)."""
    h = _Routes(registry, leader)
    w = h.write
    s, v = "/subjects/{subject:path}", "/versions/{version}"
    routes = [
        Route("/", h.root, methods=["GET"]),
        Route("/schemas/types", h.types, methods=["GET"]),
        Route("/contexts", h.contexts, methods=["GET"]),
        Route("/schemas", h.schemas, methods=["GET"]),
        Route("/schemas/ids/{id}", h.schema_by_id, methods=["GET"]),
        Route("/schemas/ids/{id}/schema", h.schema_text_by_id, methods=["GET"]),
        Route("/schemas/ids/{id}/subjects", h.id_subjects, methods=["GET"]),
        Route("/schemas/ids/{id}/versions", h.id_versions, methods=["GET"]),
        Route("/subjects", h.subjects, methods=["GET"]),
        Route(f"{s}/versions", h.versions, methods=["GET"]),
        Route(f"{s}/versions", w(h.register), methods=["POST"]),
        Route(f"{s}{v}/schema", h.version_schema, methods=["GET"]),
        Route(f"{s}{v}/referencedby", h.referenced_by, methods=["GET"]),
        Route(f"{s}{v}", h.version, methods=["GET"]),
        Route(f"{s}{v}", w(h.delete_version), methods=["DELETE"]),
        Route(s, h.lookup, methods=["POST"]),
        Route(s, w(h.delete_subject), methods=["DELETE"]),
        Route("/config", h.get_config, methods=["GET"]),
        Route("/config", w(h.put_config), methods=["PUT"]),
        Route("/config", w(h.delete_config), methods=["DELETE"]),
        Route("/config/{subject:path}", h.get_config, methods=["GET"]),
        Route("/config/{subject:path}", w(h.put_config), methods=["PUT"]),
        Route("/config/{subject:path}", w(h.delete_config), methods=["DELETE"]),
        Route("/mode", h.get_mode, methods=["GET"]),
        Route("/mode", w(h.put_mode), methods=["PUT"]),
        Route("/mode/{subject:path}", h.get_mode, methods=["GET"]),
        Route("/mode/{subject:path}", w(h.put_mode), methods=["PUT"]),
        Route("/mode/{subject:path}", w(h.delete_mode), methods=["DELETE"]),
        Route(f"/compatibility{s}{v}", h.compatibility, methods=["POST"]),
        Route(f"/compatibility{s}/versions", h.compatibility, methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            RegistryError: _registry_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
