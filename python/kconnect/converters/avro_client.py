"""A small Schema Registry client for the AvroConverter: ids, schemas, caches, retries.

Speaks the Confluent REST API over ``urllib`` (no extra dependency).  ``schema.registry.url``
may list several URLs; a connection failure moves to the next one.  Connection errors and 5xx
answers are retried ``max.retries`` times with exponential backoff (``retries.wait.ms``,
doubling, capped at ``retries.max.wait.ms``), then raise :class:`RetriableError`; 4xx answers
raise :class:`DataError` carrying the registry's ``error_code`` and message at once.

Caches (unbounded per converter, as the schemas of one connector are few): schema text by id,
id by (subject, schema text), latest version by subject.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kconnect.errors import ConfigError, DataError, RetriableError

__all__ = ["RegistryClient", "RegistryRequestError"]

_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"


class RegistryRequestError(DataError):
    """The registry answered a request with an error (``status``, ``error_code``)."""

    def __init__(self, message: str, status: int, error_code: int) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code


@dataclass(frozen=True)
class RegisteredSchema:
    id: int
    version: int
    schema: str


class RegistryClient:
    """Thread-safe client with id/schema caches."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        user_info: str | None = None,
        max_retries: int = 3,
        retry_wait_ms: int = 1000,
        retry_max_wait_ms: int = 20000,
        timeout_s: float = 30.0,
    ) -> None:
        if not urls:
            raise ConfigError(
                'Missing required configuration "schema.registry.url" which has no default value.'
            )
        self._urls = [u.rstrip("/") for u in urls]
        self._headers = {"Content-Type": _CONTENT_TYPE, "Accept": _CONTENT_TYPE}
        if user_info:
            token = base64.b64encode(user_info.encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"
        self._max_retries = max_retries
        self._wait_s = retry_wait_ms / 1000
        self._max_wait_s = retry_max_wait_ms / 1000
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._schema_by_id: dict[int, str] = {}
        self._id_by_schema: dict[tuple[str, str], int] = {}
        self._versions: dict[tuple[str, str], int | None] = {}

    # -- cached operations ---------------------------------------------------------------
    def schema_by_id(self, schema_id: int) -> str:
        with self._lock:
            cached = self._schema_by_id.get(schema_id)
        if cached is not None:
            return cached
        body = self._request("GET", f"/schemas/ids/{schema_id}")
        text = str(body["schema"])
        with self._lock:
            self._schema_by_id[schema_id] = text
        return text

    def schema_with_references(self, schema_id: int) -> tuple[str, list[str], list[Any]]:
        """The schema of ``schema_id``, the texts of the schemas it references (dependencies first)
        and its ``references`` as the registry lists them."""
        body = self._request("GET", f"/schemas/ids/{schema_id}")
        refs = list(body.get("references") or [])
        texts: list[str] = []
        self._collect_references(refs, texts, set())
        return str(body["schema"]), texts, refs

    def _collect_references(self, refs: list[Any], texts: list[str], seen: set[tuple[str, int]]) -> None:
        for ref in refs:
            key = (str(ref["subject"]), int(ref["version"]))
            if key in seen:
                continue
            seen.add(key)
            quoted = urllib.parse.quote(key[0], safe="")
            body = self._request("GET", f"/subjects/{quoted}/versions/{key[1]}")
            self._collect_references(body.get("references") or [], texts, seen)
            texts.append(str(body["schema"]))

    def register(self, subject: str, schema: str) -> int:
        """The id of ``schema`` under ``subject``, registering it if needed (cached)."""
        return self._id_for(subject, schema, register=True)

    def lookup(self, subject: str, schema: str) -> int:
        """The id of ``schema`` if it is already registered under ``subject`` (cached)."""
        return self._id_for(subject, schema, register=False)

    def _id_for(self, subject: str, schema: str, register: bool) -> int:
        key = (subject, schema)
        with self._lock:
            cached = self._id_by_schema.get(key)
        if cached is not None:
            return cached
        quoted = urllib.parse.quote(subject, safe="")
        if register:
            body = self._request("POST", f"/subjects/{quoted}/versions", {"schema": schema})
        else:
            body = self._request("POST", f"/subjects/{quoted}", {"schema": schema})
        schema_id = int(body["id"])
        with self._lock:
            self._id_by_schema[key] = schema_id
            self._schema_by_id.setdefault(schema_id, schema)
        return schema_id

    def version_of(self, subject: str, schema: str, references: list[Any] | None = None) -> int | None:
        """The version of ``schema`` under ``subject`` (cached), or None if it is not registered there."""
        key = (subject, schema)
        with self._lock:
            if key in self._versions:
                return self._versions[key]
        quoted = urllib.parse.quote(subject, safe="")
        try:
            body = {"schema": schema, **({"references": references} if references else {})}
            version: int | None = int(self._request("POST", f"/subjects/{quoted}", body)["version"])
        except RegistryRequestError as exc:
            if exc.status != 404:
                raise
            version = None
        with self._lock:
            self._versions[key] = version
        return version

    def latest(self, subject: str) -> RegisteredSchema:
        """The latest version of ``subject`` (not cached: ``use.latest.version`` follows evolution)."""
        body = self._request("GET", f"/subjects/{urllib.parse.quote(subject, safe='')}/versions/latest")
        record = RegisteredSchema(int(body["id"]), int(body["version"]), str(body["schema"]))
        with self._lock:
            self._schema_by_id.setdefault(record.id, record.schema)
        return record

    # -- HTTP --------------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        wait = self._wait_s
        last: Exception | None = None
        for attempt in range(self._max_retries + 1):
            for base in self._urls:
                try:
                    return self._once(method, base + path, data)
                except RegistryRequestError as exc:
                    if exc.status < 500:
                        raise
                    last = exc
                except (urllib.error.URLError, OSError) as exc:
                    last = exc
            if attempt < self._max_retries:
                time.sleep(wait)
                wait = min(wait * 2, self._max_wait_s)
        raise RetriableError(
            f"Schema registry {', '.join(self._urls)} unreachable for {method} {path} after "
            f"{self._max_retries + 1} attempts: {last}"
        )

    def _once(self, method: str, url: str, data: bytes | None) -> Any:
        request = urllib.request.Request(url, data=data, method=method, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                err = json.loads(raw)
                code, message = int(err.get("error_code", exc.code)), str(err.get("message", ""))
            except (ValueError, AttributeError):
                code, message = exc.code, raw.decode(errors="replace")[:200]
            raise RegistryRequestError(
                f"Schema registry error {exc.code}/{code} for {method} {url}: {message}", exc.code, code
            ) from None
