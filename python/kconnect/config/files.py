"""Loading worker and connector configuration files from disk.

Connector files given to ``connect-standalone`` follow ``ConnectStandalone``: a flat JSON object of
strings (must contain ``name``), a ``CreateConnectorRequest`` JSON object (``name``, ``config``,
optional ``initial_state``), or a Java ``.properties`` file (must contain ``name``).

Decisions where Java is loose:

* Java's ``Utils.loadProps`` reads ``.properties`` bytes as ISO-8859-1.  kconnect decodes UTF-8
  first and falls back to ISO-8859-1: ASCII files (with ``\\uXXXX`` escapes) read identically,
  Latin-1 files still work, and UTF-8 files give the text their authors wrote rather than
  mojibake.
* Java tries JSON first and silently falls back to ``.properties`` when JSON parsing fails, so a
  JSON file with a typo is read as garbage properties.  kconnect treats any file whose first
  non-blank character is ``{`` or ``[`` as JSON and reports a malformed one with file, line and column.
* JSON numbers and booleans become strings the way Jackson coerces them into ``Map<String,
  String>``: numbers keep their source text (``1.50`` stays ``"1.50"``), booleans become
  ``"true"``/``"false"``.  ``null`` values and nested objects/arrays are rejected.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kconnect.config.properties import parse_properties
from kconnect.errors import ConfigError

__all__ = ["ConnectorFile", "load_connector_file", "load_connector_request", "load_properties", "read_text"]

_INITIAL_STATES = {"RUNNING", "PAUSED", "STOPPED"}


@dataclass(frozen=True)
class ConnectorFile:
    """A connector configuration read from a file: its name, config and optional initial state."""

    name: str
    config: dict[str, str]
    initial_state: str | None = None


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a file as UTF-8, falling back to Latin-1; OS errors become :class:`ConfigError`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"Could not read configuration file '{os.fspath(path)}': {exc.strerror or exc}"
        ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def load_properties(path: str | os.PathLike[str]) -> dict[str, str]:
    """Load a Java ``.properties`` file (``Utils.loadProps``)."""
    return parse_properties(read_text(path), source=os.fspath(path))


def _string_value(key: str, value: Any, source: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if value is None:
        raise ConfigError(f"{source}: configuration '{key}' has a null value; values must be strings")
    raise ConfigError(
        f"{source}: configuration '{key}' must be a string, number or boolean, not {type(value).__name__}"
    )


def _string_map(obj: dict[str, Any], source: str) -> dict[str, str]:
    return {key: _string_value(key, value, source) for key, value in obj.items()}


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"Malformed JSON in connector configuration '{source}' at line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg}"
        ) from exc


def _from_json(doc: Any, source: str) -> ConnectorFile:
    if not isinstance(doc, dict):
        raise ConfigError(f"Connector configuration '{source}' must be a JSON object")
    if isinstance(doc.get("config"), dict):
        name = doc.get("name")
        if not isinstance(name, str):
            raise ConfigError(
                f"Connector configuration at '{source}' is missing the mandatory 'name' configuration"
            )
        config = _string_map(doc["config"], source)
        if "name" in config and config["name"] != name:
            raise ConfigError(
                "Connector name configuration in 'config' doesn't match the one specified in 'name' "
                f"at '{source}'"
            )
        config["name"] = name
        state = doc.get("initial_state")
        if state is not None:
            if not isinstance(state, str) or state.upper() not in _INITIAL_STATES:
                raise ConfigError(
                    f"{source}: invalid initial_state {state!r}; expected RUNNING, PAUSED or STOPPED"
                )
            state = state.upper()
        return ConnectorFile(name, config, state)
    return _with_name(_string_map(doc, source), source)


def _with_name(config: dict[str, str], source: str) -> ConnectorFile:
    if "name" not in config:
        raise ConfigError(
            f"Connector configuration at '{source}' is missing the mandatory 'name' configuration"
        )
    return ConnectorFile(config["name"], config)


def load_connector_request(path: str | os.PathLike[str]) -> ConnectorFile:
    """Load a connector file (JSON or ``.properties``) with its name and initial state."""
    source = os.fspath(path)
    text = read_text(path)
    if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return _from_json(_parse_json(text.lstrip("\ufeff"), source), source)
    return _with_name(parse_properties(text, source=source), source)


def load_connector_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """Load a connector file (JSON or ``.properties``) as a flat string map including ``name``."""
    return load_connector_request(path).config
