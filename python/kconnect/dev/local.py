"""Loopback ports, child processes and polling: shared by every local service in ``kconnect.dev``."""

from __future__ import annotations

import abc
import ctypes
import ctypes.util
import logging
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from kconnect.errors import ServiceError

__all__ = ["HOST", "die_with_parent", "free_port", "port_free", "port_open", "wait_for"]

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def port_free(port: int) -> bool:
    """Whether a server socket could bind ``port`` (with ``SO_REUSEADDR``, as the JVM does)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def port_open(port: int) -> bool:
    """Whether something accepts TCP connections on ``port``."""
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll ``condition`` every ``interval`` seconds until true; :class:`ServiceError` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise ServiceError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` asking Linux to SIGTERM the child when this process dies.

    Only from the main thread: Linux sends the signal when the *thread* that
    started the child exits, which would stop a service started from a worker thread.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)

    return preexec


class ChildService(abc.ABC):
    """A local service run as one child process: stop, kill, restart, close, ``with``, log tail.

    Subclasses call :meth:`_init_root` in ``__init__``, set ``_proc`` when they launch,
    and implement :meth:`start` and :attr:`log_file`.
    """

    service_name = "service"
    temp_prefix = "kconnect-service-"
    _proc: subprocess.Popen[bytes] | None
    _root: Path | None
    _owns_dir: bool

    def _init_root(self, data_dir: Path | str | None) -> None:
        """Use ``data_dir``, or a temp dir created on first use and removed by :meth:`close`."""
        self._owns_dir = data_dir is None
        self._root = Path(data_dir).resolve() if data_dir is not None else None
        self._proc = None

    @property
    def root(self) -> Path:
        """Holds ``conf/``, ``data/`` and ``logs/``; a new temp dir unless ``data_dir`` was given."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix=self.temp_prefix)).resolve()
        return self._root

    @abc.abstractmethod
    def start(self) -> Self:
        """Launch and wait until ready."""

    @property
    @abc.abstractmethod
    def log_file(self) -> Path:
        """The process's stdout and stderr."""

    @property
    def pid(self) -> int | None:
        """The process id while it runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def is_running(self) -> bool:
        """Whether the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (a controlled shutdown), wait up to ``timeout`` seconds, then SIGKILL."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                logging.getLogger(type(self).__module__).warning(
                    "%s did not stop in %.0fs; killing it", self.service_name, timeout
                )
                proc.kill()
                proc.wait()
        self._proc = None

    def kill(self) -> None:
        """SIGKILL at once (crash tests); the data stays for :meth:`restart`."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def restart(self, timeout: float = 30.0) -> Self:
        """Stop (if running) and start again on the same ports with the same data."""
        self.stop(timeout)
        return self.start()

    def close(self) -> None:
        """Stop, and remove the data dir if this service created it."""
        self.stop()
        if self._owns_dir and self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the log."""
        try:
            text = self.log_file.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
