"""The write-ahead log of one topic partition: which temp files become which committed files.

Under ``<logs.dir>/<topic>/<partition>/`` each commit writes one block file
``wal-<endOffset, 20 digits>.json`` holding the (temp, committed) pairs of the
commit and its end offset.  A block is written to ``+wal-<uuid>.tmp`` first and
renamed into place, so a ``wal-*`` file is always complete; a half-written
block is a leftover ``+wal-*`` file, which recovery deletes.  After a block is
applied (every rename done) older blocks are deleted; the newest stays and
tells recovery where the partition's committed data ends.

Decision, differing from the reference's single appended ``log`` file: no
append, so no HDFS lease outlives a crashed writer (the reference's "lease"
errors after crashes), and a block is atomic by rename rather than by
BEGIN/END markers.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass

from kconnect.connectors.hdfs.storage import Storage

__all__ = ["WalBlock", "WriteAheadLog"]

log = logging.getLogger(__name__)

_PREFIX = "wal-"
_SUFFIX = ".json"
_TMP_PREFIX = "+wal-"


@dataclass(frozen=True)
class WalBlock:
    """One commit: its end offset and (temp, committed) relative paths."""

    end_offset: int
    files: tuple[tuple[str, str], ...]

    def to_json(self) -> bytes:
        return json.dumps({"version": 1, "end_offset": self.end_offset, "files": self.files}).encode()

    @classmethod
    def from_json(cls, data: bytes) -> WalBlock:
        doc = json.loads(data)
        return cls(int(doc["end_offset"]), tuple((str(t), str(c)) for t, c in doc["files"]))


class WriteAheadLog:
    """The WAL directory of one topic partition."""

    def __init__(self, storage: Storage, logs_dir: str, topic: str, partition: int) -> None:
        self.storage = storage
        self.dir = f"{logs_dir}/{topic}/{partition}"

    def _name(self, end_offset: int) -> str:
        return f"{self.dir}/{_PREFIX}{end_offset:020d}{_SUFFIX}"

    def append(self, block: WalBlock) -> str:
        """Make ``block`` durable (write a temp file, rename it into place); its path."""
        tmp = f"{self.dir}/{_TMP_PREFIX}{uuid.uuid4().hex}.tmp"
        final = self._name(block.end_offset)
        self.storage.write_bytes(tmp, block.to_json())
        if not self.storage.rename(tmp, final):
            # a block with this end offset exists: a crash after its rename and before the
            # renames it lists; it names the same data, so keep it
            self.storage.delete(tmp)
        return final

    def latest(self) -> tuple[WalBlock | None, list[str]]:
        """The newest readable block and every other file in the WAL dir (to delete once applied)."""
        names = self.storage.list_files(self.dir)
        blocks = sorted((n for n in names if n.startswith(_PREFIX) and n.endswith(_SUFFIX)), reverse=True)
        others = [f"{self.dir}/{n}" for n in names if n not in blocks]
        found: WalBlock | None = None
        for name in blocks:
            path = f"{self.dir}/{name}"
            if found is not None:
                others.append(path)
                continue
            try:
                found = WalBlock.from_json(self.storage.read_bytes(path))
            except (ValueError, KeyError, TypeError) as e:
                log.warning("ignoring unreadable WAL block %s: %s", self.storage.url(path), e)
                others.append(path)
        return found, others

    def truncate(self, keep_end_offset: int, stale: list[str]) -> None:
        """Delete ``stale`` WAL files (never the block ending at ``keep_end_offset``)."""
        keep = self._name(keep_end_offset)
        for path in stale:
            if path != keep:
                self.storage.delete(path)
