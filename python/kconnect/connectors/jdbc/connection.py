"""A cached database connection with ``connection.attempts`` tries, ``connection.backoff.ms`` apart."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from kconnect.connectors.jdbc.dialect import Dialect
from kconnect.errors import ConnectError

log = logging.getLogger(__name__)


class ConnectionProvider:
    """Hands out one live connection; reconnects after :meth:`invalidate`."""

    def __init__(
        self, dialect: Dialect, attempts: int, backoff_ms: int, stop: threading.Event | None = None
    ) -> None:
        self.dialect = dialect
        self.attempts = max(1, attempts)
        self.backoff_s = backoff_ms / 1000.0
        self._stop = stop or threading.Event()
        self._conn: Any = None

    def get(self) -> Any:
        """The current connection, connecting first if needed; ConnectError after the last attempt."""
        if self._conn is not None:
            return self._conn
        errors = self.dialect.driver_errors()
        for attempt in range(1, self.attempts + 1):
            try:
                self._conn = self.dialect.connect()
                if attempt > 1:
                    log.info("Connected to %s on attempt %d", self.dialect.redacted_url(), attempt)
                return self._conn
            except errors as e:
                reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                if attempt == self.attempts:
                    raise ConnectError(
                        f"Could not connect to {self.dialect.redacted_url()} after {self.attempts} "
                        f"attempt(s) (connection.attempts): {reason}"
                    ) from e
                log.warning(
                    "Connection attempt %d/%d to %s failed: %s; retrying in %.1fs",
                    attempt, self.attempts, self.dialect.redacted_url(), reason, self.backoff_s,
                )  # fmt: skip
                if self._stop.wait(self.backoff_s):
                    raise ConnectError("stopped while connecting") from e
        raise AssertionError("unreachable")

    def invalidate(self) -> None:
        """Drop the current connection (after an error)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    close = invalidate
