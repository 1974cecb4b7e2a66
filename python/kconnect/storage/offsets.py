"""Offset backing stores: where committed source offsets live.

One interface (:class:`OffsetBackingStore`, Java's ``OffsetBackingStore``) over
raw key/value bytes as encoded by :mod:`kconnect.storage.offset_codec`;
standalone mode uses :class:`FileOffsetBackingStore`, tests may use
:class:`MemoryOffsetBackingStore`, distributed mode a Kafka-topic store.

File format: the offsets file is byte-compatible with Apache Kafka Connect's
``offset.storage.file.filename`` (a Java-serialized ``HashMap<byte[], byte[]>``,
see :mod:`kconnect.storage.java_serialization`), so files move between Java
Connect and kconnect.  Unlike Java, which treats an unreadable file as empty,
kconnect refuses to start on a corrupt file (the offsets would silently reset
and every source would re-read from the beginning).  A missing or empty file
is an empty store.  Writes are atomic: temp file in the same directory, fsync,
rename, fsync of the directory.
"""

from __future__ import annotations

import abc
import os
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from kconnect.errors import ConnectError
from kconnect.storage.java_serialization import OffsetFileFormatError, dump_byte_map, load_byte_map


class OffsetBackingStore(abc.ABC):
    """Raw offset storage: key bytes -> value bytes (None = deleted)."""

    @abc.abstractmethod
    def start(self) -> None: ...

    @abc.abstractmethod
    def stop(self) -> None: ...

    @abc.abstractmethod
    def get(self, keys: Iterable[bytes]) -> dict[bytes, bytes | None]:
        """Stored values for those ``keys`` that have one."""

    @abc.abstractmethod
    def set(self, values: Mapping[bytes, bytes | None]) -> None:
        """Store ``values`` durably (blocking); None values delete the key."""

    @abc.abstractmethod
    def items(self) -> dict[bytes, bytes | None]:
        """Everything stored (used to list a connector's offsets)."""


class MemoryOffsetBackingStore(OffsetBackingStore):
    """Offsets in memory only (tests, and the base of the file store)."""

    def __init__(self) -> None:
        self._data: dict[bytes, bytes | None] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def get(self, keys: Iterable[bytes]) -> dict[bytes, bytes | None]:
        with self._lock:
            return {k: self._data[k] for k in keys if k in self._data}

    def set(self, values: Mapping[bytes, bytes | None]) -> None:
        with self._lock:
            self._apply(values)
            self._save()

    def items(self) -> dict[bytes, bytes | None]:
        with self._lock:
            return dict(self._data)

    def _apply(self, values: Mapping[bytes, bytes | None]) -> None:
        for key, value in values.items():
            if value is None:
                self._data.pop(key, None)
            else:
                self._data[key] = value

    def _save(self) -> None:
        """Persist ``self._data``; called with the lock held."""


class FileOffsetBackingStore(MemoryOffsetBackingStore):
    """Offsets in ``offset.storage.file.filename``, rewritten atomically on each set."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)

    def start(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            raise ConnectError(f"Cannot read offsets file {self.path}: {e.strerror}") from e
        if not raw:
            return
        try:
            loaded = load_byte_map(raw, str(self.path))
        except OffsetFileFormatError as e:
            raise ConnectError(
                f"{e}. Refusing to start: the committed source offsets would be lost. "
                "Restore the file or move it away to start from scratch."
            ) from e
        with self._lock:
            self._data = {k: v for k, v in loaded.items()}

    def _save(self) -> None:
        payload = dump_byte_map(self._data)
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
