"""Fetch jars from Maven Central into a cache directory outside the repository.

Owns: the throwaway pom, running ``mvn dependency:copy-dependencies``, the
"fetch completed" marker and the per-directory lock.  It knows nothing of what
the jars are for; ``kconnect.dev.kafka`` (and later HDFS, Hive) say which
artifacts they need.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from kconnect.errors import ServiceError

__all__ = [
    "DEPENDENCY_PLUGIN",
    "Artifact",
    "cache_root",
    "fetch_jars",
    "render_pom",
    "require_tool",
]

log = logging.getLogger(__name__)

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
"""Pinned so that a fresh machine resolves the same plugin every time."""

MARKER = ".fetch-complete"
_INSTALL_HINTS = {
    "java": "install a JDK 17 (apt-get install openjdk-17-jdk-headless)",
    "mvn": "install Maven (apt-get install maven)",
}


@dataclass(frozen=True)
class Artifact:
    """A Maven dependency: ``group:artifact:version``."""

    group: str
    artifact: str
    version: str

    @property
    def coordinates(self) -> str:
        """``group:artifact:version``."""
        return f"{self.group}:{self.artifact}:{self.version}"


def cache_root() -> Path:
    """The kconnect cache directory: ``$KCONNECT_CACHE`` or ``~/.cache/kconnect``."""
    override = os.environ.get("KCONNECT_CACHE")
    return Path(override).expanduser() if override else Path.home() / ".cache" / "kconnect"


def require_tool(name: str) -> str:
    """The absolute path of executable ``name`` on ``PATH``, or a one-line :class:`ServiceError`."""
    found = shutil.which(name)
    if found is None:
        hint = _INSTALL_HINTS.get(name, f"install {name}")
        raise ServiceError(f"{name} not found: {hint}")
    return found


def render_pom(artifacts: Sequence[Artifact]) -> str:
    """A minimal ``pom.xml`` whose only content is ``artifacts`` as dependencies."""
    deps = "\n".join(
        "    <dependency>\n"
        f"      <groupId>{escape(a.group)}</groupId>\n"
        f"      <artifactId>{escape(a.artifact)}</artifactId>\n"
        f"      <version>{escape(a.version)}</version>\n"
        "    </dependency>"
        for a in artifacts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <groupId>dev.kconnect.fetch</groupId>\n"
        "  <artifactId>fetch</artifactId>\n"
        "  <version>0</version>\n"
        "  <packaging>pom</packaging>\n"
        "  <dependencies>\n"
        f"{deps}\n"
        "  </dependencies>\n"
        "</project>\n"
    )


def fetch_jars(
    artifacts: Sequence[Artifact],
    target: Path,
    optional: Sequence[Artifact] = (),
) -> Path:
    """Copy ``artifacts`` and their runtime dependencies into ``target/lib``; return that lib dir.

    Runs Maven only the first time: a marker file records a completed fetch of
    the same artifact list, and an interrupted fetch is redone from scratch.
    ``optional`` artifacts are dropped (with a warning) if they do not resolve.
    """
    lib = target / "lib"
    wanted = [*artifacts, *optional]
    if _is_complete(target, wanted):
        return lib
    target.mkdir(parents=True, exist_ok=True)
    with _locked(target / ".lock"):
        if _is_complete(target, wanted):
            return lib
        (target / MARKER).unlink(missing_ok=True)
        for stale in target.glob("lib-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            _copy_dependencies(wanted, target)
        except ServiceError:
            if not optional:
                raise
            log.warning("retrying without optional %s", ", ".join(a.coordinates for a in optional))
            _copy_dependencies(artifacts, target)
        (target / MARKER).write_text(_fingerprint(wanted) + "\n")
    return lib


def _fingerprint(artifacts: Sequence[Artifact]) -> str:
    return hashlib.sha256(render_pom(artifacts).encode()).hexdigest()


def _is_complete(target: Path, artifacts: Sequence[Artifact]) -> bool:
    marker = target / MARKER
    return (
        marker.is_file()
        and marker.read_text().strip() == _fingerprint(artifacts)
        and any((target / "lib").glob("*.jar"))
    )


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``: concurrent fetches of one directory wait for each other."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _copy_dependencies(artifacts: Sequence[Artifact], target: Path) -> None:
    """Run ``mvn dependency:copy-dependencies`` into a scratch dir, then move it to ``target/lib``."""
    mvn = require_tool("mvn")
    pom = target / "pom.xml"
    pom.write_text(render_pom(artifacts))
    scratch = Path(tempfile.mkdtemp(prefix="lib-", dir=target))
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom),
        f"{DEPENDENCY_PLUGIN}:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={scratch}",
    ]
    log.info("fetching %d artifacts with Maven into %s", len(artifacts), target)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
        raise ServiceError(f"Maven fetch into {target} failed (exit {proc.returncode}):\n{tail}")
    lib = target / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    scratch.rename(lib)
