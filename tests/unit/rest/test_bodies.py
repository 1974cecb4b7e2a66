"""Request parsing helpers."""

from __future__ import annotations

import pytest

from kconnect.errors import BadRequestError, NotFoundError
from kconnect.rest.bodies import check_and_put_name, config_map, name_errors, parse_json, task_number
from kconnect.rest.errors import RestError, status_of


def test_config_map_keeps_number_text() -> None:
    parsed = parse_json(
        b'{"a": 1, "b": 1.50, "c": 1e3, "d": -0, "e": true, "f": null, "g": "s"}', numbers_as_text=True
    )
    assert config_map(parsed) == {
        "a": "1",
        "b": "1.50",
        "c": "1e3",
        "d": "-0",
        "e": "true",
        "f": None,
        "g": "s",
    }


@pytest.mark.parametrize("raw", [b"", b"  ", b"{", b"NaN", b'{"a": Infinity}', b"\xff"])
def test_parse_json_malformed(raw: bytes) -> None:
    with pytest.raises(RestError) as info:
        parse_json(raw)
    assert info.value.http_status == 400


def test_config_map_rejects_nested() -> None:
    with pytest.raises(RestError):
        config_map({"a": [1]})
    with pytest.raises(RestError):
        config_map([])


def test_check_and_put_name() -> None:
    assert check_and_put_name("c", {"x": "1"}) == {"x": "1", "name": "c"}
    assert check_and_put_name("c", {"name": None}) == {"name": "c"}
    with pytest.raises(BadRequestError):
        check_and_put_name("c", {"name": "d"})
    with pytest.raises(BadRequestError):
        check_and_put_name("c", {"x": None})


def test_name_errors() -> None:
    assert name_errors("ok") == []
    assert name_errors("") == ["Invalid value  for configuration name: String may not be empty"]
    assert name_errors("a\nb\x85")[0].endswith("ASCII chars: 10, 133")


@pytest.mark.parametrize(("raw", "value"), [("0", 0), ("12", 12), ("+3", 3), ("-1", -1)])
def test_task_number(raw: str, value: int) -> None:
    assert task_number(raw) == value


@pytest.mark.parametrize("raw", ["", "a", "1.0", "99999999999"])
def test_task_number_invalid_is_404(raw: str) -> None:
    with pytest.raises(NotFoundError):
        task_number(raw)


def test_status_of_walks_mro() -> None:
    class Custom(NotFoundError):
        pass

    assert status_of(Custom("x")) == (404, "x")
    assert status_of(ValueError("v")) == (500, "v")
    assert status_of(RestError(418, "tea")) == (418, "tea")
