"""Connect-style logging: ``[time] LEVEL [connector|task-N] message (logger)`` on stderr.

Each task/connector thread sets its context once with :func:`set_context`;
a logging filter adds it to every record logged from that thread, as Java
Connect does with its MDC ``connector.context``.
"""

from __future__ import annotations

import logging
import sys
import threading

_local = threading.local()

FORMAT = "[%(asctime)s] %(levelname)s %(connect_context)s%(message)s (%(name)s)"


def set_context(connector: str | None, task: int | None = None) -> None:
    """Tag log lines from the current thread with ``[connector|task-N] ``."""
    if connector is None:
        _local.context = ""
    elif task is None:
        _local.context = f"[{connector}|worker] "
    else:
        _local.context = f"[{connector}|task-{task}] "


class ContextFilter(logging.Filter):
    """Adds ``connect_context`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.connect_context = getattr(_local, "context", "")
        return True


def configure(level: int | str = logging.INFO) -> None:
    """Send logs to stderr in Connect's format (idempotent)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "_kconnect", False):
            return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(ContextFilter())
    handler._kconnect = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)
