"""ConfigDef: types, validators, parse/validate, recommenders, REST JSON shapes, ParsedConfig."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kconnect.config import (
    NO_DEFAULT,
    CaseInsensitiveValidString,
    CompositeValidator,
    ConfigDef,
    ConfigValidationError,
    ConfigValue,
    Importance,
    LambdaValidator,
    NonEmptyString,
    NonEmptyStringWithoutControlChars,
    NonNullValidator,
    ParsedConfig,
    Password,
    Range,
    Type,
    ValidList,
    ValidString,
    Width,
    config_value_to_info,
)
from kconnect.config.types import convert_to_string, java_double_str, parse_type
from kconnect.errors import ConfigError

# --- types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "raw", "expected"),
    [
        (Type.BOOLEAN, "true", True),
        (Type.BOOLEAN, " FALSE ", False),
        (Type.BOOLEAN, "TrUe", True),
        (Type.BOOLEAN, True, True),
        (Type.STRING, "  padded  ", "padded"),
        (Type.INT, " 42 ", 42),
        (Type.INT, "-2147483648", -(2**31)),
        (Type.INT, "+7", 7),
        (Type.INT, 5, 5),
        (Type.SHORT, "32767", 32767),
        (Type.LONG, "9223372036854775807", 2**63 - 1),
        (Type.LONG, 3, 3),
        (Type.INT, "\u0661\u0662", 12),
        (Type.DOUBLE, "1.5", 1.5),
        (Type.DOUBLE, "1e3", 1000.0),
        (Type.DOUBLE, "2d", 2.0),
        (Type.DOUBLE, ".5", 0.5),
        (Type.DOUBLE, 3, 3.0),
        (Type.LIST, "a, b ,c", ["a", "b", "c"]),
        (Type.LIST, "  ", []),
        (Type.LIST, "", []),
        (Type.LIST, "a,,b,", ["a", "", "b", ""]),
        (Type.LIST, ["x", "y"], ["x", "y"]),
        (Type.CLASS, " org.example.Conv ", "org.example.Conv"),
    ],
)
def test_parse_type_accepts(type_: Type, raw: Any, expected: Any) -> None:
    assert parse_type("k", raw, type_) == expected


@pytest.mark.parametrize(
    ("type_", "raw", "reason"),
    [
        (Type.BOOLEAN, "yes", "Expected value to be either true or false"),
        (Type.BOOLEAN, 1, "Expected value to be either true or false"),
        (Type.INT, "2147483648", "Not a number of type INT"),
        (Type.INT, "12abc", "Not a number of type INT"),
        (Type.INT, "1_000", "Not a number of type INT"),
        (Type.INT, "1.0", "Not a number of type INT"),
        (Type.INT, True, "Expected value to be a 32-bit integer"),
        (Type.SHORT, "40000", "Not a number of type SHORT"),
        (Type.LONG, "9223372036854775808", "Not a number of type LONG"),
        (Type.DOUBLE, "abc", "Not a number of type DOUBLE"),
        (Type.DOUBLE, "inf", "Not a number of type DOUBLE"),
        (Type.STRING, 5, "Expected value to be a string"),
        (Type.LIST, 5, "Expected a comma separated list."),
        (Type.CLASS, "  ", "could not be found"),
    ],
)
def test_parse_type_rejects(type_: Type, raw: Any, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_type("my.key", raw, type_)
    assert str(info.value).startswith("Invalid value ")
    assert "for configuration my.key: " in str(info.value)
    assert reason in str(info.value)


def test_parse_type_none_stays_none() -> None:
    for type_ in Type:
        assert parse_type("k", None, type_) is None


def test_password_hidden() -> None:
    secret = parse_type("p", " s3cret ", Type.PASSWORD)
    assert isinstance(secret, Password)
    assert secret.value() == "s3cret"
    assert str(secret) == repr(secret) == "[hidden]"
    assert f"{secret}" == "[hidden]"
    assert secret == Password("s3cret")
    assert convert_to_string(secret, Type.PASSWORD) == "[hidden]"


@pytest.mark.parametrize(
    ("value", "type_", "expected"),
    [
        (True, Type.BOOLEAN, "true"),
        (["a", "b"], Type.LIST, "a,b"),
        ([], Type.LIST, ""),
        (5, Type.INT, "5"),
        (1.0, Type.DOUBLE, "1.0"),
        (1e7, Type.DOUBLE, "1.0E7"),
        (None, Type.STRING, None),
        ("org.x.C", Type.CLASS, "org.x.C"),
        (ConfigDef, Type.CLASS, "kconnect.config.definition.ConfigDef"),
    ],
)
def test_convert_to_string(value: Any, type_: Type, expected: str | None) -> None:
    assert convert_to_string(value, type_) == expected


def test_java_double_str() -> None:
    assert [java_double_str(v) for v in (0.001, 1.5e-5, -2.5e20, 123456789.0)] == [
        "0.001",
        "1.5E-5",
        "-2.5E20",
        "1.23456789E8",
    ]


# --- validators ------------------------------------------------------------------------------


def _error(validator: Any, value: Any) -> str:
    with pytest.raises(ConfigError) as info:
        validator.ensure_valid("k", value)
    return str(info.value)


def test_range() -> None:
    Range.at_least(1).ensure_valid("k", 1)
    Range.between(0, 10).ensure_valid("k", 10)
    assert _error(Range.at_least(1), 0) == "Invalid value 0 for configuration k: Value must be at least 1"
    assert (
        _error(Range.between(0, 10), 11)
        == "Invalid value 11 for configuration k: Value must be no more than 10"
    )
    assert _error(Range.at_least(1), None) == "Invalid value null for configuration k: Value must be non-null"
    assert str(Range.at_least(1)) == "[1,...]"
    assert str(Range.between(1, 5)) == "[1,...,5]"


def test_valid_string() -> None:
    ValidString.in_("none", "all").ensure_valid("k", "all")
    assert _error(ValidString.in_("none", "all"), "ALL") == (
        "Invalid value ALL for configuration k: String must be one of: none, all"
    )
    assert str(ValidString.in_("a", "b")) == "[a, b]"


def test_case_insensitive_valid_string() -> None:
    CaseInsensitiveValidString.in_("poll", "interval").ensure_valid("k", "POLL")
    assert "String must be one of (case insensitive): poll, interval" in _error(
        CaseInsensitiveValidString.in_("poll", "interval"), "never"
    )
    assert "null" in _error(CaseInsensitiveValidString.in_("a"), None)


def test_valid_list() -> None:
    ValidList.in_("a", "b").ensure_valid("k", ["a", "b", "a"])
    ValidList.in_("a").ensure_valid("k", [])
    assert "Invalid value c for configuration k: String must be one of: a, b" in _error(
        ValidList.in_("a", "b"), ["a", "c"]
    )


def test_non_empty_and_non_null() -> None:
    NonEmptyString().ensure_valid("k", None)
    assert "String must be non-empty" in _error(NonEmptyString(), "")
    assert (
        _error(NonNullValidator(), None) == "Invalid value null for configuration k: entry must be non null"
    )
    NonEmptyStringWithoutControlChars().ensure_valid("k", None)
    assert "String may not be empty" in _error(NonEmptyStringWithoutControlChars(), "")
    assert "had the following ASCII chars: 10, 127" in _error(NonEmptyStringWithoutControlChars(), "a\nb\x7f")


def test_lambda_and_composite_validators() -> None:
    def even(name: str, value: Any) -> None:
        if value % 2:
            raise ConfigError(f"Invalid value {value} for configuration {name}: must be even")

    lam = LambdaValidator.with_(even, lambda: "even numbers")
    assert str(lam) == "even numbers"
    assert "must be even" in _error(lam, 3)
    combo = CompositeValidator.of(Range.at_least(0), lam)
    assert "at least 0" in _error(combo, -2)
    assert str(combo) == "[0,...], even numbers"


# --- ConfigDef -------------------------------------------------------------------------------


def _def() -> ConfigDef:
    return (
        ConfigDef()
        .define("a.int", Type.INT, 5, Range.at_least(0), Importance.HIGH, "An int.")
        .define("a.req", Type.STRING, documentation="Required.")
        .define("a.bool", Type.BOOLEAN, False)
        .define("a.list", Type.LIST, "x,y")
        .define("a.pass", Type.PASSWORD, None)
        .define("a.mode", Type.STRING, "none", ValidString.in_("none", "all"))
    )


def test_define_chainable_and_ordered() -> None:
    d = _def()
    assert list(d.config_keys()) == ["a.int", "a.req", "a.bool", "a.list", "a.pass", "a.mode"]
    assert d.key("a.list").default == ["x", "y"]
    assert d.key("a.req").default is NO_DEFAULT
    assert d.key("a.int").display_name == "a.int"


def test_duplicate_define_rejected() -> None:
    with pytest.raises(ConfigError, match=r"Configuration a.int is defined twice\."):
        _def().define("a.int", Type.INT, 1)


def test_bad_default_rejected_at_define_time() -> None:
    with pytest.raises(ConfigError, match="Value must be at least 1"):
        ConfigDef().define("x", Type.INT, 0, Range.at_least(1))
    with pytest.raises(ConfigError, match="Not a number of type INT"):
        ConfigDef().define("x", Type.INT, "zz")


def test_parse_defaults_and_values() -> None:
    parsed = _def().parse({"a.req": "r", "a.int": "7", "unknown": "kept elsewhere"})
    assert parsed == {
        "a.int": 7,
        "a.req": "r",
        "a.bool": False,
        "a.list": ["x", "y"],
        "a.pass": None,
        "a.mode": "none",
    }


def test_parse_reports_every_bad_key_in_one_error() -> None:
    with pytest.raises(ConfigValidationError) as info:
        _def().parse({"a.int": "-1", "a.bool": "maybe", "a.mode": "some"})
    error = info.value
    assert isinstance(error, ConfigError)
    assert set(error.errors) == {"a.int", "a.req", "a.bool", "a.mode"}
    text = str(error)
    assert text.startswith("4 configuration errors:")
    assert "Invalid value -1 for configuration a.int: Value must be at least 0" in text
    assert 'Missing required configuration "a.req" which has no default value.' in text
    assert "Invalid value maybe for configuration a.bool: Expected value to be either true or false" in text
    assert "Invalid value some for configuration a.mode: String must be one of: none, all" in text


def test_parse_single_error_message_is_javas() -> None:
    with pytest.raises(ConfigError) as info:
        _def().parse({})
    assert str(info.value) == 'Missing required configuration "a.req" which has no default value.'


def test_validate_never_raises() -> None:
    values = _def().validate({"a.int": "abc", "a.pass": "secret"})
    by_name = {v.name: v for v in values}
    assert [v.name for v in values] == list(_def().config_keys())
    assert by_name["a.int"].errors == [
        "Invalid value abc for configuration a.int: Not a number of type INT",
        "Invalid value null for configuration a.int: Value must be non-null",
    ]
    assert by_name["a.req"].errors == ['Missing required configuration "a.req" which has no default value.']
    assert by_name["a.pass"].value == Password("secret")
    assert by_name["a.bool"].errors == []
    assert by_name["a.bool"].visible


class _ModeRecommender:
    def valid_values(self, name: str, parsed: Mapping[str, Any]) -> list[Any]:
        return ["fast", "safe"] if parsed.get("enabled") else []

    def visible(self, name: str, parsed: Mapping[str, Any]) -> bool:
        return bool(parsed.get("enabled"))


def test_recommender_and_dependents() -> None:
    d = (
        ConfigDef()
        .define("enabled", Type.BOOLEAN, False, dependents=["mode"])
        .define("mode", Type.STRING, "fast", recommender=_ModeRecommender())
    )
    off = {v.name: v for v in d.validate({})}
    assert off["mode"].visible is False
    assert off["mode"].recommended_values == []
    on = {v.name: v for v in d.validate({"enabled": "true"})}
    assert on["mode"].visible is True
    assert on["mode"].recommended_values == ["fast", "safe"]


def test_undefined_dependent() -> None:
    d = ConfigDef().define("a", Type.STRING, "", dependents=["ghost"])
    with pytest.raises(ConfigError, match="ghost"):
        d.parse({})
    ghost = {v.name: v for v in d.validate({})}["ghost"]
    assert ghost.errors == ["ghost is referred in the dependents, but not defined."]
    assert ghost.visible is False


def test_groups_merge_and_with() -> None:
    a = ConfigDef().define("x", Type.INT, 1, group="G1").define("y", Type.INT, 1, group="G2")
    b = ConfigDef().define("z", Type.INT, 1, group="G1").define("w", Type.INT, 1, group="G3")
    combined = a.with_(b)
    assert combined.names() == ["x", "y", "z", "w"]
    assert combined.groups() == ["G1", "G2", "G3"]
    assert a.names() == ["x", "y"]
    a.merge(b)
    assert a.names() == ["x", "y", "z", "w"]
    with pytest.raises(ConfigError, match="defined twice"):
        a.merge(b)


def test_embed_prefixes_keys() -> None:
    child = ConfigDef().define("field", Type.STRING, "f", dependents=["other"]).define("other", Type.INT, 1)
    d = ConfigDef().embed("transforms.x.", "Transforms: x", 1, child)
    assert d.names() == ["transforms.x.field", "transforms.x.other"]
    assert d.key("transforms.x.field").dependents == ("transforms.x.other",)
    assert d.key("transforms.x.other").order_in_group == 2
    assert d.groups() == ["Transforms: x"]


def test_plain_callable_validator() -> None:
    def no_x(name: str, value: Any) -> None:
        if "x" in value:
            raise ConfigError(f"Invalid value {value} for configuration {name}: no x")

    d = ConfigDef().define("s", Type.STRING, "ok", no_x)
    with pytest.raises(ConfigError, match="no x"):
        d.parse({"s": "xx"})


# --- REST JSON -------------------------------------------------------------------------------


def test_key_info_shape_with_default() -> None:
    d = ConfigDef().define(
        "tasks.max",
        Type.INT,
        1,
        Range.at_least(1),
        Importance.HIGH,
        "Max tasks.",
        "Common",
        3,
        Width.SHORT,
        "Tasks max",
    )
    assert d.to_key_info("tasks.max") == {
        "name": "tasks.max",
        "type": "INT",
        "required": False,
        "default_value": "1",
        "importance": "HIGH",
        "documentation": "Max tasks.",
        "group": "Common",
        "order": 3,
        "width": "SHORT",
        "display_name": "Tasks max",
        "dependents": [],
    }


def test_key_info_required_list_password_prefix() -> None:
    d = _def()
    req = d.to_key_info("a.req")
    assert req["required"] is True
    assert req["default_value"] is None
    assert req["group"] is None
    assert req["order"] == -1
    assert req["width"] == "NONE"
    assert req["display_name"] == "a.req"
    assert d.to_key_info("a.list")["default_value"] == "x,y"
    assert d.to_key_info("a.pass")["default_value"] is None
    assert d.to_key_info("a.bool")["default_value"] == "false"
    pw = ConfigDef().define("p", Type.PASSWORD, "secret")
    assert pw.to_key_info("p")["default_value"] == "[hidden]"
    assert d.to_key_info("a.int", prefix="producer.override.")["name"] == "producer.override.a.int"


def test_config_value_info_shape() -> None:
    d = _def()
    values = {v.name: v for v in d.validate({"a.list": "p, q", "a.pass": "s", "a.req": "r"})}
    assert d.config_value_to_info(values["a.list"]) == {
        "name": "a.list",
        "value": "p,q",
        "recommended_values": [],
        "errors": [],
        "visible": True,
    }
    assert d.config_value_to_info(values["a.pass"])["value"] == "[hidden]"
    assert d.config_value_to_info(values["a.int"])["value"] == "5"
    assert d.config_value_to_info(values["a.bool"])["value"] == "false"
    loose = ConfigValue("extra", "v", ["a"], ["bad"], False)
    assert config_value_to_info(loose) == {
        "name": "extra",
        "value": "v",
        "recommended_values": ["a"],
        "errors": ["bad"],
        "visible": False,
    }
    assert config_value_to_info(ConfigValue("n"))["value"] is None


# --- ParsedConfig ----------------------------------------------------------------------------


def test_parsed_config_getters_and_originals() -> None:
    cfg = ParsedConfig(
        _def(),
        {"a.req": "r", "a.int": "9", "a.pass": "pw", "producer.acks": "all", "producer.a.int": "3"},
    )
    assert cfg.get_int("a.int") == 9
    assert cfg.get_string("a.req") == "r"
    assert cfg.get_boolean("a.bool") is False
    assert cfg.get_list("a.list") == ["x", "y"]
    password = cfg.get_password("a.pass")
    assert password is not None
    assert password.value() == "pw"
    assert cfg.originals()["producer.acks"] == "all"
    assert cfg.originals_with_prefix("producer.") == {"acks": "all", "a.int": "3"}
    assert cfg.originals_with_prefix("producer.", strip=False) == {
        "producer.acks": "all",
        "producer.a.int": "3",
    }
    overridden = cfg.values_with_prefix_override("producer.")
    assert overridden["a.int"] == 3
    assert overridden["a.req"] == "r"
    assert cfg.unused_keys() == {"producer.acks", "producer.a.int"}
    with pytest.raises(TypeError):
        cfg.get_int("a.req")
    with pytest.raises(KeyError):
        cfg.get_string("producer.acks")


def test_parsed_config_raises_listing_all_errors() -> None:
    with pytest.raises(ConfigValidationError) as info:
        ParsedConfig(_def(), {"a.int": "x"})
    assert set(info.value.errors) == {"a.int", "a.req"}
