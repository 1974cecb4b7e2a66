"""Reading worker and connector files: encodings, OS errors, JSON and properties connector files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kconnect.config.files import load_connector_file, load_connector_request, load_properties
from kconnect.errors import ConfigError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "kafka-config"


def test_load_properties_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.properties"
    path.write_bytes("name=café\n".encode())
    assert load_properties(path) == {"name": "café"}


def test_load_properties_latin1_fallback(tmp_path: Path) -> None:
    path = tmp_path / "w.properties"
    path.write_bytes("name=caf\xe9\n".encode("latin-1"))
    assert load_properties(path) == {"name": "café"}


def test_missing_file_names_path_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "nope.properties"
    with pytest.raises(ConfigError) as info:
        load_properties(path)
    assert str(path) in str(info.value)
    assert "No such file or directory" in str(info.value)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=str(tmp_path)):
        load_properties(tmp_path)


def test_bad_escape_in_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.properties"
    path.write_text("a=1\nb=\\uXYZW\n")
    with pytest.raises(ConfigError, match=rf"{path}:2:"):
        load_properties(path)


def test_kafka_sample_connector_properties_files() -> None:
    assert load_connector_file(FIXTURES / "connect-file-source.properties")["name"] == "local-file-source"
    request = load_connector_request(FIXTURES / "connect-file-sink.properties")
    assert request.name == "local-file-sink"
    assert request.config["topics"] == "connect-test"
    assert request.initial_state is None


def _write(tmp_path: Path, text: str, name: str = "c.json") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_flat_json_with_coercion(tmp_path: Path) -> None:
    doc = '{"name": "n", "connector.class": "C", "tasks.max": 3, "x.ratio": 1.50, "flag": true, "off": false}'
    assert load_connector_file(_write(tmp_path, doc)) == {
        "name": "n",
        "connector.class": "C",
        "tasks.max": "3",
        "x.ratio": "1.50",
        "flag": "true",
        "off": "false",
    }


def test_create_request_json_merges_name(tmp_path: Path) -> None:
    doc = {"name": "n", "config": {"connector.class": "C", "tasks.max": 2}, "initial_state": "paused"}
    request = load_connector_request(_write(tmp_path, json.dumps(doc)))
    assert request.name == "n"
    assert request.config == {"connector.class": "C", "tasks.max": "2", "name": "n"}
    assert request.initial_state == "PAUSED"
    assert load_connector_file(_write(tmp_path, json.dumps(doc)))["name"] == "n"


def test_create_request_name_mismatch(tmp_path: Path) -> None:
    doc = {"name": "n", "config": {"name": "other"}}
    with pytest.raises(ConfigError, match="doesn't match"):
        load_connector_file(_write(tmp_path, json.dumps(doc)))


def test_create_request_bad_initial_state(tmp_path: Path) -> None:
    doc = {"name": "n", "config": {}, "initial_state": "SLEEPING"}
    with pytest.raises(ConfigError, match="initial_state"):
        load_connector_file(_write(tmp_path, json.dumps(doc)))


@pytest.mark.parametrize(
    "doc",
    [
        '{"connector.class": "C"}',
        '{"config": {"connector.class": "C"}}',
    ],
)
def test_missing_name_rejected(tmp_path: Path, doc: str) -> None:
    with pytest.raises(ConfigError, match="missing the mandatory 'name'"):
        load_connector_file(_write(tmp_path, doc))


def test_properties_connector_without_name_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing the mandatory 'name'"):
        load_connector_file(_write(tmp_path, "connector.class=C\n", "c.properties"))


def test_null_value_rejected_naming_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'topics' has a null value"):
        load_connector_file(_write(tmp_path, '{"name": "n", "topics": null}'))


def test_nested_value_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'topics' must be a string"):
        load_connector_file(_write(tmp_path, '{"name": "n", "topics": ["a"]}'))


def test_json_array_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be a JSON object"):
        load_connector_request(_write(tmp_path, '  [{"name": "n"}]'))


def test_malformed_json_reports_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "name": "n",\n  "tasks.max": ,\n}')
    with pytest.raises(ConfigError) as info:
        load_connector_file(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3" in message
    assert "column 16" in message


def test_json_with_bom_and_leading_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b'\xef\xbb\xbf\n  {"name": "n"}')
    assert load_connector_file(path) == {"name": "n"}
