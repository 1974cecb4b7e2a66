"""The HDFS sink's view of its store: a few file operations on an fsspec filesystem, errors mapped.

``hdfs.url`` forms:

* ``webhdfs://[user@]host:http-port[/base]``: WebHDFS REST on the NameNode's HTTP port;
* ``hdfs://[user@]host[:rpc-port][/base]``: the same cluster, reached over WebHDFS on
  ``hdfs.webhdfs.port`` (no JVM or native libhdfs needed);
* ``file:///path`` or a plain path: the local filesystem (demo, quick tests);
* any other fsspec URL (``s3://bucket/base``, ``memory://``...) through fsspec as is.

The HDFS user is the URL's user, else ``$HADOOP_USER_NAME``, else the OS user,
as Hadoop's simple authentication does.

Errors: permission denied is a :class:`ConnectError` naming the path (the task
fails: retrying will not help); connection failures, timeouts, server errors
and other I/O errors are :class:`RetriableError` (the sink backs off and the
batch is redelivered); a missing file is ``FileNotFoundError`` for the caller.
"""

from __future__ import annotations

import functools
import getpass
import os
import posixpath
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any
from urllib.parse import urlsplit

import fsspec
import requests

from kconnect.errors import ConnectError, RetriableError

__all__ = ["Storage", "open_storage"]

REQUEST_TIMEOUT_S = 30.0
_COPY_CHUNK = 4 << 20


class Storage:
    """File operations under one base directory of one filesystem; paths are relative to the base."""

    def __init__(self, fs: Any, base: str, display: str) -> None:
        self.fs = fs
        self.base = base.rstrip("/") or ("/" if base.startswith("/") else "")
        self.display = display.rstrip("/")
        self._webhdfs = getattr(fs, "protocol", None) in ("webhdfs", ("webhdfs", "webHDFS"))
        self._dirs: set[str] = set()
        """Directories known to exist (created or checked by this instance): one request less each time."""

    def _ensure_parent(self, path: str) -> None:
        parent = posixpath.dirname(path)
        if parent and parent not in self._dirs:
            self.fs.makedirs(parent, exist_ok=True)
            self._dirs.add(parent)

    def path(self, rel: str) -> str:
        """The filesystem path of ``rel``."""
        return posixpath.join(self.base, rel) if self.base else rel

    def url(self, rel: str) -> str:
        """``rel`` as a full URL, for messages."""
        return f"{self.display}/{rel}"

    @contextmanager
    def errors(self, op: str, rel: str) -> Iterator[None]:
        """Map filesystem exceptions of ``op`` on ``rel`` to kconnect errors (see the module docstring)."""
        try:
            yield
        except FileNotFoundError:
            raise
        except PermissionError as e:
            raise ConnectError(f"permission denied to {op} {self.url(rel)}: {e}") from e
        except requests.HTTPError as e:
            if e.response is not None and e.response.status_code in (401, 403):
                raise ConnectError(f"permission denied to {op} {self.url(rel)}: {_remote_message(e)}") from e
            raise RetriableError(f"could not {op} {self.url(rel)}: {_remote_message(e)}") from e
        except (requests.RequestException, OSError, RuntimeError, ValueError) as e:
            raise RetriableError(f"could not {op} {self.url(rel)}: {type(e).__name__}: {e}") from e

    def exists(self, rel: str) -> bool:
        with self.errors("check", rel):
            return bool(self.fs.exists(self.path(rel)))

    def makedirs(self, rel: str) -> None:
        with self.errors("create directory", rel):
            self.fs.makedirs(self.path(rel), exist_ok=True)

    def upload(self, source: IO[bytes], rel: str) -> None:
        """Write the whole of ``source`` to a new file ``rel`` (parents created)."""
        with self.errors("write", rel):
            if not self._webhdfs:  # an HDFS create makes the parent directories itself
                self._ensure_parent(self.path(rel))
            with self.fs.open(self.path(rel), "wb") as out:
                shutil.copyfileobj(source, out, _COPY_CHUNK)

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write ``data`` to a new file ``rel`` (parents created)."""
        with self.errors("write", rel):
            if not self._webhdfs:
                self._ensure_parent(self.path(rel))
            self.fs.pipe_file(self.path(rel), data)

    def read_bytes(self, rel: str) -> bytes:
        with self.errors("read", rel):
            data: bytes = self.fs.cat_file(self.path(rel))
            return data

    def rename(self, src: str, dst: str) -> bool:
        """Rename ``src`` to ``dst`` unless ``dst`` exists; False if it did not happen."""
        with self.errors("rename", src):
            if self._webhdfs:
                self._ensure_parent(self.path(dst))
                out = self.fs._call("RENAME", method="put", path=self.path(src), destination=self.path(dst))
                return bool(out.json().get("boolean"))
            if self.fs.exists(self.path(dst)) or not self.fs.exists(self.path(src)):
                return False
            self._ensure_parent(self.path(dst))
            self.fs.mv(self.path(src), self.path(dst))
            return True

    def delete(self, rel: str) -> None:
        """Delete file ``rel`` if it exists."""
        with self.errors("delete", rel), suppress(FileNotFoundError):
            self.fs.rm_file(self.path(rel))

    def list_files(self, rel: str) -> list[str]:
        """Names of the files directly in directory ``rel`` ([] if it does not exist)."""
        with self.errors("list", rel):
            try:
                entries = self.fs.ls(self.path(rel), detail=True)
            except FileNotFoundError:
                return []
        return [posixpath.basename(e["name"].rstrip("/")) for e in entries if e.get("type") == "file"]

    def find(self, rel: str) -> list[str]:
        """Paths (relative to the base) of every file under directory ``rel`` ([] if none)."""
        with self.errors("list", rel):
            try:
                found = self.fs.find(self.path(rel))
            except FileNotFoundError:
                return []
        prefix = self.path("")
        strip = len(prefix.rstrip("/")) + 1 if prefix else 0
        return sorted(f[strip:] if strip else f for f in found)


def _remote_message(e: requests.HTTPError) -> str:
    """The RemoteException message of a WebHDFS error answer, else the HTTP error."""
    try:
        return str(e.response.json()["RemoteException"]["message"])  # type: ignore[union-attr]
    except (ValueError, KeyError, TypeError, AttributeError):
        return str(e)


def _user(url_user: str | None) -> str:
    return url_user or os.environ.get("HADOOP_USER_NAME") or getpass.getuser()


def open_storage(url: str, webhdfs_port: int = 9870) -> Storage:
    """A :class:`Storage` for ``hdfs.url`` (see the module docstring for the forms)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("webhdfs", "hdfs", "swebhdfs"):
        if not parts.hostname:
            raise ConnectError(f"hdfs.url {url!r} names no host")
        port = parts.port if scheme != "hdfs" else webhdfs_port
        fs = fsspec.filesystem(
            "webhdfs",
            host=parts.hostname,
            port=port or 9870,
            user=_user(parts.username),
            use_https=scheme == "swebhdfs",
            skip_instance_cache=True,
        )
        fs.session.request = functools.partial(fs.session.request, timeout=REQUEST_TIMEOUT_S)
        return Storage(fs, parts.path or "/", url)
    if scheme in ("", "file", "local"):
        base = parts.path if scheme else url
        return Storage(fsspec.filesystem("file"), os.path.abspath(base), f"file://{os.path.abspath(base)}")
    fs, base = fsspec.core.url_to_fs(url)
    return Storage(fs, base, url)
