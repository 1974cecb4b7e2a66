"""Java ``.properties`` syntax: every rule of ``Properties.load`` plus round trips."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kconnect.config.properties import format_properties, parse_properties
from kconnect.errors import ConfigError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "kafka-config"
_VECTORS = json.loads((FIXTURES / "java-properties-vectors.json").read_text())["vectors"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=b", {"a": "b"}),
        ("a:b", {"a": "b"}),
        ("a b", {"a": "b"}),
        ("a\tb", {"a": "b"}),
        ("a\fb", {"a": "b"}),
        ("a = b", {"a": "b"}),
        ("a  :  b", {"a": "b"}),
        ("a = = b", {"a": "= b"}),
        ("a  b = c", {"a": "b = c"}),
        ("   a=b", {"a": "b"}),
        ("a=b   ", {"a": "b   "}),
        ("a=", {"a": ""}),
        ("a", {"a": ""}),
        ("a   ", {"a": ""}),
        ("a :", {"a": ""}),
        ("=b", {"": "b"}),
        ("a=b=c", {"a": "b=c"}),
        ("a=b:c", {"a": "b:c"}),
        ("url=http://host:8083/x", {"url": "http://host:8083/x"}),
    ],
)
def test_separators_and_whitespace(text: str, expected: dict[str, str]) -> None:
    assert parse_properties(text) == expected


@pytest.mark.parametrize("marker", ["#", "!"])
def test_comment_lines(marker: str) -> None:
    text = f"{marker} comment=1\n   {marker} indented\na=b {marker} not a comment\n"
    assert parse_properties(text) == {"a": f"b {marker} not a comment"}


def test_blank_lines_and_line_endings() -> None:
    assert parse_properties("a=1\r\n\r\n  \t\nb=2\rc=3\n") == {"a": "1", "b": "2", "c": "3"}


def test_continuation_drops_leading_whitespace() -> None:
    text = "key = first, \\\n        second, \\\n\tthird\nnext=1"
    assert parse_properties(text) == {"key": "first, second, third", "next": "1"}


def test_continuation_across_crlf() -> None:
    assert parse_properties("a=x\\\r\n   y\r\n") == {"a": "xy"}


def test_even_backslashes_do_not_continue() -> None:
    assert parse_properties("a=x\\\\\nb=y") == {"a": "x\\", "b": "y"}


def test_continuation_line_after_content_is_not_a_comment() -> None:
    assert parse_properties("a=x\\\n  # still value\n") == {"a": "x# still value"}


def test_comment_line_does_not_continue() -> None:
    assert parse_properties("# comment \\\na=b") == {"a": "b"}


def test_continuation_into_blank_line_ends_value() -> None:
    assert parse_properties("a=x\\\n\nb=y") == {"a": "x", "b": "y"}


def test_dangling_backslash_at_end_of_input_is_dropped() -> None:
    assert parse_properties("a=x\\") == {"a": "x"}
    assert parse_properties("a=x\\\n") == {"a": "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\", {"": ""}),
        ("\\\n", {"": ""}),
        ("\\\r", {"": ""}),
        ("\\\r\n", {}),
        ("\\\n  ", {}),
        ("# c\\", {}),
    ],
)
def test_lone_backslash_at_end_of_input_like_java(text: str, expected: dict[str, str]) -> None:
    assert parse_properties(text) == expected


def test_continuation_with_nothing_gathered_starts_afresh() -> None:
    assert parse_properties("\\\n  # comment\nb=1") == {"b": "1"}
    assert parse_properties("   \\\n\n!c\na=1") == {"a": "1"}


def test_continued_key() -> None:
    assert parse_properties("ke\\\n  y=v") == {"key": "v"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"a=\t\n\r\f", {"a": "\t\n\r\f"}),
        (r"a=c:\\dir\\file", {"a": "c:\\dir\\file"}),
        (r"a=\u0041\u00e9\u20AC", {"a": "Aé€"}),
        (r"a=\q\z\ ", {"a": "qz "}),
        (r"a=\ \ lead", {"a": "  lead"}),
        (r"a\=b=c", {"a=b": "c"}),
        (r"a\:b:c", {"a:b": "c"}),
        (r"a\ b c", {"a b": "c"}),
        (r"\#notcomment=1", {"#notcomment": "1"}),
        (r"\!x=1", {"!x": "1"}),
        (r"k\u003dv=x", {"k=v": "x"}),
        (r"a=\uD83D\uDE00", {"a": "\U0001f600"}),
    ],
)
def test_escapes(text: str, expected: dict[str, str]) -> None:
    assert parse_properties(text) == expected


@pytest.mark.parametrize("bad", [r"a=\u12", r"a=\uZZZZ", r"a=\u", "x=1\nb=\\u00G1"])
def test_malformed_unicode_escape_names_source_and_line(bad: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_properties(bad, source="worker.properties")
    line = bad.count("\n") + 1
    assert f"worker.properties:{line}:" in str(info.value)
    assert "uxxxx" in str(info.value)


def test_error_line_is_where_logical_line_starts() -> None:
    with pytest.raises(ConfigError, match=r"f\.properties:3:"):
        parse_properties("a=1\n\nb=x\\\n  \\u12", source="f.properties")


def test_later_keys_override_earlier() -> None:
    assert parse_properties("a=1\nb=2\na=3") == {"a": "3", "b": "2"}
    assert list(parse_properties("a=1\nb=2\na=3")) == ["b", "a"]


def test_non_ascii_text_kept() -> None:
    assert parse_properties("grüße=日本語") == {"grüße": "日本語"}


def test_kafka_sample_worker_file() -> None:
    props = parse_properties((FIXTURES / "connect-standalone.properties").read_text())
    assert props == {
        "bootstrap.servers": "localhost:9092",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "true",
        "value.converter.schemas.enable": "true",
        "offset.storage.file.filename": "/tmp/connect.offsets",
        "offset.flush.interval.ms": "10000",
    }


def test_kafka_sample_connector_files() -> None:
    source = parse_properties((FIXTURES / "connect-file-source.properties").read_text())
    sink = parse_properties((FIXTURES / "connect-file-sink.properties").read_text())
    assert source == {
        "name": "local-file-source",
        "connector.class": "FileStreamSource",
        "tasks.max": "1",
        "file": "test.txt",
        "topic": "connect-test",
    }
    assert sink == {
        "name": "local-file-sink",
        "connector.class": "FileStreamSink",
        "tasks.max": "1",
        "file": "test.sink.txt",
        "topics": "connect-test",
    }


@pytest.mark.parametrize(
    "props",
    [
        {"": ""},
        {"a b": " lead and trail "},
        {"#k": "!v"},
        {"k=:": "=:#!"},
        {"path": "C:\\temp\\x"},
        {"multi": "line1\nline2\r\n\tend"},
        {"ctl": "\x00\x1f\x7f\x85"},
        {"uni": "é€\U0001f600"},
    ],
)
def test_format_examples_round_trip(props: dict[str, str]) -> None:
    assert parse_properties(format_properties(props)) == props


def test_format_shape() -> None:
    assert format_properties({"a b": " x", "c": "d"}) == "a\\ b=\\ x\nc=d\n"


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_text, _text, max_size=8))
def test_format_then_parse_is_identity(props: dict[str, str]) -> None:
    assert parse_properties(format_properties(props)) == props


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_unexpectedly(text: str) -> None:
    with contextlib.suppress(ConfigError):
        parse_properties(text)


@pytest.mark.parametrize("vector", _VECTORS, ids=[str(i) for i in range(len(_VECTORS))])
def test_matches_java_properties_load(vector: dict[str, Any]) -> None:
    """Golden vectors recorded from ``java.util.Properties.load``."""
    if vector["error"]:
        with pytest.raises(ConfigError):
            parse_properties(vector["input"])
    else:
        assert parse_properties(vector["input"]) == vector["props"]
