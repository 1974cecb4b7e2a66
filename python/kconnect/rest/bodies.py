"""Request parsing: JSON bodies, config maps, query flags and path numbers, the way Jersey/Jackson read them.

* Config maps are ``Map<String, String>``: JSON strings stay, numbers keep their literal text
  (``1.50`` -> ``"1.50"``, as Jackson does), booleans become ``"true"``/``"false"``; objects and
  arrays are rejected.  ``null`` is kept as ``None`` here; callers decide (PATCH deletes, others
  reject with Connect's validation message).
* Boolean query parameters follow ``Boolean.valueOf``: only ``true`` (any case) is true; absent
  uses the default, present-but-empty is false.
* Malformed bodies raise :class:`kconnect.rest.errors.RestError` with
  :data:`~kconnect.rest.errors.MALFORMED_BODY_STATUS`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

from kconnect.errors import BadRequestError, NotFoundError
from kconnect.rest.errors import MALFORMED_BODY_STATUS, RestError, jersey_message

__all__ = [
    "NULL_VALUE_MESSAGE",
    "check_and_put_name",
    "config_map",
    "invalid_config_error",
    "name_errors",
    "parse_json",
    "query_flag",
    "read_json",
    "task_number",
]

NULL_VALUE_MESSAGE = "Null value can not be supplied as the configuration value."
_INT_RE = re.compile(r"[+-]?[0-9]+")
_JAVA_INT_MAX = 2**31 - 1


class _Number(str):
    """A JSON number kept as its literal text (only while parsing config maps)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"Non-standard token '{name}'")


def parse_json(raw: bytes, *, numbers_as_text: bool = False) -> Any:
    """Parse a request body; ``numbers_as_text`` keeps numbers as their literal text."""
    if not raw.strip():
        raise RestError(MALFORMED_BODY_STATUS, "Request body is missing; a JSON document is required")
    try:
        text = raw.decode("utf-8")
        if numbers_as_text:
            return json.loads(text, parse_int=_Number, parse_float=_Number, parse_constant=_reject_constant)
        return json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RestError(MALFORMED_BODY_STATUS, f"Invalid JSON in request body: {exc}") from exc


async def read_json(request: Request, *, numbers_as_text: bool = False) -> Any:
    """Read and parse the request body."""
    return parse_json(await request.body(), numbers_as_text=numbers_as_text)


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def _config_value(key: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):  # _Number is a str
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise RestError(
        MALFORMED_BODY_STATUS,
        f"Invalid value for configuration '{key}': expected a string, number or boolean, "
        f"got {_type_name(value)}",
    )


def config_map(value: Any, what: str = "request body") -> dict[str, str | None]:
    """Coerce a parsed JSON object into a string->string map (``None`` kept for nulls)."""
    if not isinstance(value, dict):
        raise RestError(MALFORMED_BODY_STATUS, f"The {what} must be a JSON object, got {_type_name(value)}")
    return {str(k): _config_value(str(k), v) for k, v in value.items()}


def invalid_config_error(errors: list[str]) -> BadRequestError:
    """Connect's 400 for a config with validation errors."""
    lines = "".join(f"\n{e}" for e in errors)
    return BadRequestError(
        f"Connector configuration is invalid and contains the following {len(errors)} error(s):{lines}"
        "\nYou can also find the above list of errors at the endpoint "
        "`/connector-plugins/{connectorType}/config/validate`"
    )


def name_errors(name: str) -> list[str]:
    """Connect's ``name`` validation (non-empty, no ISO control characters) as error lines."""
    if not name:
        return [f"Invalid value {name} for configuration name: String may not be empty"]
    controls = [str(ord(c)) for c in name if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
    if controls:
        return [
            f"Invalid value {name} for configuration name: String may not contain control sequences "
            f"but had the following ASCII chars: {', '.join(controls)}"
        ]
    return []


def check_and_put_name(name: str, config: dict[str, str | None]) -> dict[str, str]:
    """Validate the connector name against the config's ``name`` (added when absent or null),
    then reject ``null`` values, as Connect's create/put path does."""
    included = config.get("name")
    if included is not None and included != name:
        raise BadRequestError(
            f"Connector name configuration ({included}) doesn't match connector name in the URL ({name})"
        )
    config["name"] = name
    nulls = [k for k, v in config.items() if v is None]
    errors = name_errors(name) + [NULL_VALUE_MESSAGE] * len(nulls)
    if errors:
        raise invalid_config_error(errors)
    return {k: v for k, v in config.items() if v is not None}


def query_flag(request: Request, name: str, default: bool) -> bool:
    """A boolean query parameter, parsed like Java's ``Boolean.valueOf``."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    return raw.strip().lower() == "true"


def task_number(raw: str) -> int:
    """A ``{task}`` path segment as Jersey parses ``Integer``: unparseable -> 404."""
    if not _INT_RE.fullmatch(raw) or abs(int(raw)) > _JAVA_INT_MAX:
        raise NotFoundError(jersey_message(404))
    return int(raw)
