"""Internal request signatures: what the leader accepts and the errors Java answers with."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from kconnect.errors import BadRequestError
from kconnect.runtime.distributed.signing import (
    ForbiddenError,
    KeyNotReadyError,
    expired,
    new_session_key,
    sign,
    verify,
)
from kconnect.storage.kafka_config import SessionKey

KEY = SessionKey(b"k" * 32, "HmacSHA256", 1000)


def test_signature_is_base64_hmac_of_the_exact_body() -> None:
    headers = sign(KEY, b'[{"a":"b"}]', "HmacSHA256")
    expected = base64.b64encode(hmac.new(b"k" * 32, b'[{"a":"b"}]', hashlib.sha256).digest()).decode()
    assert headers == {
        "X-Connect-Authorization": expected,
        "X-Connect-Request-Signature-Algorithm": "HmacSHA256",
    }
    verify(KEY, b'[{"a":"b"}]', headers, ["HmacSHA256"])


def test_missing_signature_is_400() -> None:
    with pytest.raises(BadRequestError, match="missing required signature"):
        verify(KEY, b"[]", {}, ["HmacSHA256"])


def test_unlisted_algorithm_is_400() -> None:
    with pytest.raises(BadRequestError, match="HmacSHA512"):
        verify(KEY, b"[]", sign(KEY, b"[]", "HmacSHA512"), ["HmacSHA256"])


def test_no_key_is_503_and_bad_signature_403() -> None:
    headers = sign(KEY, b"[]", "HmacSHA256")
    with pytest.raises(KeyNotReadyError):
        verify(None, b"[]", headers, ["HmacSHA256"])
    with pytest.raises(ForbiddenError, match="invalid signature"):
        verify(KEY, b"[1]", headers, ["HmacSHA256"])


def test_key_generation_and_expiry() -> None:
    key = new_session_key("HmacSHA256", None)
    assert len(key.key) == 32 and not expired(key, 3_600_000)
    assert expired(KEY, 500, now_ms=1500) and not expired(KEY, 501, now_ms=1500)
