"""AvroConverter configuration and failures that need no registry answer."""

from __future__ import annotations

import socket
import time

import pytest

from kconnect.converters.avro import AvroConverter
from kconnect.data import SchemaBuilder, Struct
from kconnect.errors import ConfigError, DataError, RetriableError


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"schema\.registry\.url"):
        AvroConverter().configure({}, False)
    with pytest.raises(ConfigError, match=r"value\.subject\.name\.strategy"):
        AvroConverter().configure(
            {"schema.registry.url": "http://x", "value.subject.name.strategy": "Bogus"}, False
        )
    with pytest.raises(ConfigError, match=r"basic\.auth\.credentials\.source"):
        AvroConverter().configure(
            {"schema.registry.url": "http://x", "basic.auth.credentials.source": "SASL"}, False
        )


def test_framing_errors_need_no_registry() -> None:
    converter = AvroConverter()
    converter.configure({"schema.registry.url": _closed_port_url(), "max.retries": "0"}, False)
    with pytest.raises(DataError, match="topic t: Unknown magic byte 1"):
        converter.to_connect_batch("t", [b"\x01\x00\x00\x00\x01\x02"])
    with pytest.raises(DataError, match="too short"):
        converter.to_connect_batch("t", [b"\x00\x00"])
    assert converter.to_connect_batch("t", [None])[0].value is None


def test_unreachable_registry_is_retried_with_backoff_then_retriable() -> None:
    converter = AvroConverter()
    url = _closed_port_url()
    converter.configure(
        {
            "schema.registry.url": url,
            "max.retries": "3",
            "retries.wait.ms": "50",
            "retries.max.wait.ms": "100",
        },
        False,
    )
    schema = SchemaBuilder.struct().name("a.B").field("x", SchemaBuilder.int32().build()).build()
    started = time.monotonic()
    with pytest.raises(RetriableError, match=r"unreachable .* after 4 attempts"):
        converter.from_connect_batch("t", [(schema, Struct(schema, {"x": 1}))])
    assert time.monotonic() - started >= 0.05 + 0.1 + 0.1  # waits 50, 100, 100 ms between attempts
