"""Worker logger levels for ``/admin/loggers``, on Python's :mod:`logging` (Java: ``Loggers``).

Level names are log4j's (``OFF FATAL ERROR WARN INFO DEBUG TRACE ALL``), case-insensitive;
Python's ``WARNING``/``CRITICAL`` are accepted as aliases.  ``TRACE`` is level 5, ``ALL`` 1,
``OFF`` 100.  Levels are reported with log4j names; explicitly set loggers only in the listing,
effective level for a single logger.  Setting a namespace sets every existing logger whose name
starts with it (plain prefix, as Java), creating the named logger if needed; ``root`` (any case)
means every logger plus the root.  ``last_modified`` is the epoch-ms time this registry last
changed a logger, else null.
"""

from __future__ import annotations

import logging
import threading
import time

__all__ = ["ROOT_LOGGER_NAME", "LoggerLevels", "parse_level"]

ROOT_LOGGER_NAME = "root"
TRACE = 5
ALL = 1
OFF = 100

_BY_NAME = {
    "OFF": OFF,
    "FATAL": logging.CRITICAL,
    "CRITICAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARN": logging.WARNING,
    "WARNING": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
    "TRACE": TRACE,
    "ALL": ALL,
}
_BY_VALUE = {
    OFF: "OFF",
    logging.CRITICAL: "FATAL",
    logging.ERROR: "ERROR",
    logging.WARNING: "WARN",
    logging.INFO: "INFO",
    logging.DEBUG: "DEBUG",
    TRACE: "TRACE",
    ALL: "ALL",
}


def parse_level(raw: str) -> int | None:
    """The numeric level for a log4j (or Python) level name, None if unknown."""
    return _BY_NAME.get(raw.strip().upper())


def _level_name(level: int) -> str:
    return _BY_VALUE.get(level) or logging.getLevelName(level)


def _existing_loggers() -> list[logging.Logger]:
    return [lg for lg in list(logging.Logger.manager.loggerDict.values()) if isinstance(lg, logging.Logger)]


class LoggerLevels:
    """The logger levels of this worker, with last-modified times."""

    def __init__(self) -> None:
        self._last_modified: dict[str, int] = {}
        self._lock = threading.Lock()

    def _info(self, logger: logging.Logger) -> dict[str, object]:
        level = logger.level or logger.getEffectiveLevel()
        return {"level": _level_name(level), "last_modified": self._last_modified.get(logger.name)}

    def all_levels(self) -> dict[str, dict[str, object]]:
        """Loggers with an explicitly set level (root included), sorted by name."""
        with self._lock:
            out = {lg.name: self._info(lg) for lg in _existing_loggers() if lg.level != logging.NOTSET}
            root = logging.getLogger()
            if root.level != logging.NOTSET:
                out[ROOT_LOGGER_NAME] = self._info(root)
            return dict(sorted(out.items()))

    def level(self, name: str) -> dict[str, object] | None:
        """Level of an existing logger (effective if not set), None if no such logger."""
        with self._lock:
            if name.lower() == ROOT_LOGGER_NAME:
                return self._info(logging.getLogger())
            found = logging.Logger.manager.loggerDict.get(name)
            return self._info(found) if isinstance(found, logging.Logger) else None

    def set_level(self, namespace: str, level: int) -> list[str]:
        """Set ``namespace`` and its descendants to ``level``; the affected names, sorted."""
        with self._lock:
            targets = self._targets(namespace)
            now = int(time.time() * 1000)
            for logger in targets:
                current = logger.level or logger.getEffectiveLevel()
                if current != level:
                    logger.setLevel(level)
                    self._last_modified[logger.name] = now
            return sorted(lg.name for lg in targets)

    @staticmethod
    def _targets(namespace: str) -> list[logging.Logger]:
        if namespace.lower() == ROOT_LOGGER_NAME:
            return [*_existing_loggers(), logging.getLogger()]
        loggers = [lg for lg in _existing_loggers() if lg.name.startswith(namespace)]
        if not any(lg.name == namespace for lg in loggers):
            loggers.append(logging.getLogger(namespace))
        return loggers
