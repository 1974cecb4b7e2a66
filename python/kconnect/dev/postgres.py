"""A real throwaway PostgreSQL server on 127.0.0.1 from the Debian ``postgresql`` package.

Owns: finding the server binaries (``/usr/lib/postgresql/<v>/bin``), creating a
fresh cluster with ``initdb`` under a temp dir, running ``postgres`` as a child
process on a free port, waiting until it accepts connections, creating
databases, and stopping it.  Used by ``kconnect dev postgres``, the pytest
fixtures and the benchmarks; it never talks to the kconnect runtime.

``initdb`` and ``postgres`` refuse to run as root, so when this process is root
the cluster belongs to the ``postgres`` system user (created by the Debian
package) and the server runs as that user.  The superuser ``postgres`` has a
password (TCP logins use ``scram-sha-256``, so wrong credentials really fail);
durability is off (``fsync``, ``synchronous_commit``): it is a test server.
"""

from __future__ import annotations

import argparse
import logging
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from kconnect.dev.local import HOST, die_with_parent, free_port, wait_for
from kconnect.errors import ServiceError

__all__ = ["PG_ROOT", "PostgresServer", "find_bin_dir"]

log = logging.getLogger(__name__)

PG_ROOT = Path("/usr/lib/postgresql")
SERVICE_USER = "postgres"
DEFAULT_PASSWORD = "kconnect"
SETTINGS = {
    "listen_addresses": HOST,
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "128MB",
}


def find_bin_dir() -> Path:
    """The newest installed ``/usr/lib/postgresql/<v>/bin`` holding ``pg_ctl`` and ``initdb``."""
    candidates = []
    if PG_ROOT.is_dir():
        for child in PG_ROOT.iterdir():
            if child.name.isdigit() and (child / "bin" / "initdb").exists():
                candidates.append(child)
    if not candidates:
        raise ServiceError(
            f"PostgreSQL server binaries not found under {PG_ROOT}: "
            "install them with `apt-get install -y postgresql`"
        )
    return max(candidates, key=lambda p: int(p.name)) / "bin"


def _user_args(user: pwd.struct_passwd | None) -> dict[str, Any]:
    """``Popen`` arguments running the child as ``user`` (if any) and dying with this process.

    ``Popen`` switches user before it calls ``preexec_fn``, which matters: changing
    credentials clears the parent-death signal that ``die_with_parent`` sets.
    """
    args: dict[str, Any] = {"preexec_fn": die_with_parent()}
    if user is not None:
        args.update(user=user.pw_uid, group=user.pw_gid, extra_groups=[])
    return args


class PostgresServer:
    """One ``postgres`` child process serving a fresh cluster on 127.0.0.1.

    ``port`` of ``None``/``0`` picks a free port.  ``data_dir`` holds ``data/``
    (the cluster) and ``server.log``; by default a temp dir :meth:`close` removes.
    When running as root, ``data_dir`` and its parents must be reachable by the
    ``postgres`` user.  :meth:`stop` then :meth:`start` restarts the same cluster.
    """

    def __init__(
        self,
        port: int | None = None,
        *,
        data_dir: Path | str | None = None,
        password: str = DEFAULT_PASSWORD,
        settings: Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.port = port or free_port()
        self.user = SERVICE_USER
        self.password = password
        self._settings = {**SETTINGS, **(settings or {})}
        self._startup_timeout = startup_timeout
        self._owned_dir = data_dir is None
        self.root = Path(data_dir) if data_dir is not None else Path(tempfile.mkdtemp(prefix="kconnect-pg-"))
        self.data = self.root / "data"
        self.log_file = self.root / "server.log"
        self._bin = find_bin_dir()
        self._run_as = pwd.getpwnam(SERVICE_USER) if os.geteuid() == 0 else None
        self._proc: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------------ urls

    @property
    def host(self) -> str:
        return HOST

    def url(self, database: str = "postgres") -> str:
        """A libpq URL with credentials (``postgresql://user:pw@127.0.0.1:port/db``)."""
        return f"postgresql://{self.user}:{self.password}@{HOST}:{self.port}/{database}"

    def jdbc_url(self, database: str = "postgres") -> str:
        """The JDBC-style URL the reference connector takes (credentials go in separate keys)."""
        return f"jdbc:postgresql://{HOST}:{self.port}/{database}"

    # ------------------------------------------------------------- lifecycle

    def _chown(self, path: Path) -> None:
        if self._run_as is not None:
            os.chown(path, self._run_as.pw_uid, self._run_as.pw_gid)

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            args, capture_output=True, text=True, check=False, cwd="/", **_user_args(self._run_as)
        )
        if result.returncode != 0:
            raise ServiceError(f"{Path(args[0]).name} failed ({result.returncode}): {result.stderr.strip()}")

    def _init_cluster(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self._chown(self.root)
        if (self.data / "PG_VERSION").exists():
            return
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        self._chown(pwfile)
        try:
            self._run(
                str(self._bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
        finally:
            pwfile.unlink(missing_ok=True)

    def start(self) -> None:
        """initdb (first time), start ``postgres`` and wait until it accepts logins."""
        if self.is_running():
            return
        self._init_cluster()
        args = [str(self._bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root)]
        for key, value in self._settings.items():
            args += ["-c", f"{key}={value}"]
        log_fd = os.open(self.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            self._proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log_fd,
                stderr=log_fd,
                cwd="/",
                **_user_args(self._run_as),
            )
        finally:
            os.close(log_fd)
        try:
            wait_for(self._ready, self._startup_timeout, f"PostgreSQL on port {self.port}", interval=0.1)
        except ServiceError as exc:
            self.stop()
            raise ServiceError(f"{exc}; server log ends:\n{self.log_tail()}") from None
        log.info("PostgreSQL ready on %s:%d (data %s)", HOST, self.port, self.data)

    def _ready(self) -> bool:
        if self._proc is None or self._proc.poll() is not None:
            raise ServiceError(f"PostgreSQL exited during startup; log ends:\n{self.log_tail()}")
        result = subprocess.run(
            [str(self._bin / "pg_isready"), "-q", "-h", HOST, "-p", str(self.port), "-t", "1"],
            check=False,
            capture_output=True,
        )
        return result.returncode == 0

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """Fast shutdown (SIGINT: roll back open transactions); SIGKILL after ``timeout``."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def close(self) -> None:
        """Stop the server and remove the temp dir (if this object created it)."""
        self.stop()
        if self._owned_dir:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # ------------------------------------------------------------- databases

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` with ``psql`` (stops at the first error) and return its output."""
        env = {**os.environ, "PGPASSWORD": self.password}
        result = subprocess.run(
            [
                str(self._bin / "psql"),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                self.user,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            raise ServiceError(f"psql failed on {database}: {result.stderr.strip()}")
        return result.stdout

    def create_database(self, name: str) -> str:
        """Create database ``name`` (dropping an old one) and return its libpq URL."""
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)


def main(argv: list[str] | None = None) -> int:
    """``python -m kconnect.dev.postgres``: start a server, print its URL, run until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    with PostgresServer(args.port) as server:
        print(server.url(), flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


if __name__ == "__main__":
    sys.exit(main())
