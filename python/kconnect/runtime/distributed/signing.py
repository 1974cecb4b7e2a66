"""Session keys and signed internal requests (``connect.protocol=sessioned``, KIP-507).

The leader writes a random key to the config topic (``session-key`` record) and
rotates it after ``inter.worker.key.ttl.ms``; followers sign the internal
requests they send the leader (task configs) with HMAC over the exact body
bytes: header ``X-Connect-Authorization`` = base64 signature and
``X-Connect-Request-Signature-Algorithm`` = the Java algorithm name.  Java's
Mac names map to Python's hashlib digests below.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Callable, Mapping

from kconnect.errors import BadRequestError, ConnectError
from kconnect.storage.kafka_config import SessionKey

SIGNATURE_HEADER = "X-Connect-Authorization"
ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm"

DIGESTS: dict[str, Callable[[], object]] = {
    "HmacSHA1": hashlib.sha1,
    "HmacSHA224": hashlib.sha224,
    "HmacSHA256": hashlib.sha256,
    "HmacSHA384": hashlib.sha384,
    "HmacSHA512": hashlib.sha512,
}
DEFAULT_KEY_BYTES = {"HmacSHA1": 64, "HmacSHA224": 28, "HmacSHA256": 32, "HmacSHA384": 48, "HmacSHA512": 64}
"""The JVM's default ``KeyGenerator`` sizes when ``inter.worker.key.size`` is unset."""


class ForbiddenError(ConnectError):
    http_status = 403


class KeyNotReadyError(ConnectError):
    http_status = 503


def new_session_key(algorithm: str, size_bits: int | None) -> SessionKey:
    size = (size_bits // 8) if size_bits else DEFAULT_KEY_BYTES.get(algorithm, 32)
    return SessionKey(os.urandom(size), algorithm, int(time.time() * 1000))


def expired(key: SessionKey | None, ttl_ms: int, now_ms: int | None = None) -> bool:
    now = int(time.time() * 1000) if now_ms is None else now_ms
    return key is None or key.creation_timestamp + ttl_ms <= now


def sign(key: SessionKey, body: bytes, algorithm: str) -> dict[str, str]:
    digest = hmac.new(key.key, body, DIGESTS[algorithm]).digest()  # type: ignore[arg-type]
    return {SIGNATURE_HEADER: base64.b64encode(digest).decode(), ALGORITHM_HEADER: algorithm}


def verify(key: SessionKey | None, body: bytes, headers: Mapping[str, str], allowed: list[str]) -> None:
    """Raise the error Java answers with: 400 missing/unknown algorithm, 503 no key, 403 bad signature."""
    lowered = {k.lower(): v for k, v in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER.lower())
    algorithm = lowered.get(ALGORITHM_HEADER.lower())
    if signature is None or algorithm is None:
        raise BadRequestError("Internal request missing required signature")
    if algorithm not in allowed or algorithm not in DIGESTS:
        raise BadRequestError(
            f"This worker does not support the '{algorithm}' key signing algorithm used by other workers. "
            f"This worker is currently configured to use: {allowed}. "
            "Check that all workers' configuration files permit the same set of signature algorithms, "
            "and correct any misconfigured worker and restart it."
        )
    if key is None:
        raise KeyNotReadyError(
            "This worker is still starting up and has not been able to read a session key yet"
        )
    expected = hmac.new(key.key, body, DIGESTS[algorithm]).digest()  # type: ignore[arg-type]
    try:
        given = base64.b64decode(signature)
    except ValueError:
        given = b""
    if not hmac.compare_digest(expected, given):
        raise ForbiddenError("Internal request contained invalid signature.")
