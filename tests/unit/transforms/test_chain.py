"""TransformationChain: order, predicates with negate, dropping, and config errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kconnect.api.records import ConnectRecord, Headers, SourceRecord
from kconnect.api.transforms import Transformation
from kconnect.data import STRING_SCHEMA
from kconnect.errors import ConfigError, DataError
from kconnect.runtime.plugins import Plugins
from kconnect.transforms.chain import SkipRecord, TransformationChain, check_aliases

PLUGINS = Plugins(load_entry_points=False)
T = "org.apache.kafka.connect.transforms."
P = "org.apache.kafka.connect.transforms.predicates."


def chain(props: Mapping[str, str]) -> TransformationChain[Any]:
    return TransformationChain.from_config(props, PLUGINS.transform_class)


def rec(topic: str = "orders", value: Any = "v", headers: Headers | None = None) -> SourceRecord:
    return SourceRecord(topic, None, None, None, STRING_SCHEMA, value, headers=headers or Headers())


ROUTE = {
    "transforms.route.type": T + "RegexRouter",
    "transforms.route.regex": "(.*)",
    "transforms.route.replacement": "$1-x",
}


def test_stages_apply_in_order() -> None:
    c = chain(
        {
            "transforms": "route,again",
            **ROUTE,
            "transforms.again.type": T + "RegexRouter",
            "transforms.again.regex": "(.*)-x",
            "transforms.again.replacement": "done-$1",
        }
    )
    out = c.apply_batch([rec("a"), rec("b")])
    assert [r.topic for r in out if r is not None] == ["done-a", "done-b"]


def test_predicate_and_negate() -> None:
    props = {
        "transforms": "route",
        **ROUTE,
        "transforms.route.predicate": "isOrders",
        "predicates": "isOrders",
        "predicates.isOrders.type": P + "TopicNameMatches",
        "predicates.isOrders.pattern": "orders",
    }
    out = chain(props).apply_batch([rec("orders"), rec("users")])
    assert [r.topic for r in out if r is not None] == ["orders-x", "users"]
    negated = chain({**props, "transforms.route.negate": "true"}).apply_batch([rec("orders"), rec("users")])
    assert [r.topic for r in negated if r is not None] == ["orders", "users-x"]


def test_filter_with_predicate_drops_only_matching_records() -> None:
    c = chain(
        {
            "transforms": "drop",
            "transforms.drop.type": "Filter",
            "transforms.drop.predicate": "tomb",
            "predicates": "tomb",
            "predicates.tomb.type": "RecordIsTombstone",
        }
    )
    out = c.apply_batch([rec(value=None), rec(value="x")])
    assert out[0] is None
    assert out[1] is not None and out[1].value == "x"


def test_dropped_record_skips_later_stages() -> None:
    seen: list[ConnectRecord] = []

    class Spy(Transformation[ConnectRecord]):
        def apply(self, record: ConnectRecord) -> ConnectRecord | None:
            seen.append(record)
            return record

    def resolve(kind: str, name: str) -> type:
        return Spy if name == "spy" else PLUGINS.transform_class(kind, name)

    c = TransformationChain.from_config(
        {"transforms": "drop,spy", "transforms.drop.type": "Filter", "transforms.spy.type": "spy"}, resolve
    )
    assert c.apply_batch([rec()]) == [None]
    assert seen == []


def test_runner_skip_drops_record_and_errors_propagate_without_runner() -> None:
    c = chain({"transforms": "x", "transforms.x.type": "ExtractField$Value", "transforms.x.field": "f"})
    with pytest.raises(DataError, match="Only Struct objects"):
        c.apply_batch([rec(value="not a map")])

    def tolerate(stage: Any, call: Any) -> Any:
        try:
            return call()
        except DataError:
            raise SkipRecord() from None

    assert c.apply_batch([rec(value="not a map"), rec(value=None)], tolerate)[0] is None


def test_empty_chain_returns_records_unchanged() -> None:
    c = chain({})
    r = rec()
    assert c.is_empty and c.apply_batch([r]) == [r]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"transforms": "a"}, 'Missing required configuration "transforms.a.type"'),
        ({"transforms": "a", "transforms.a.type": "Nope"}, "available plugins are: "),
        (
            {
                "transforms": "a",
                "transforms.a.type": "RegexRouter",
                "transforms.a.regex": "(",
                "transforms.a.replacement": "x",
            },
            "transformation 'a' (RegexRouter): Invalid value ( for configuration regex: Invalid regex",
        ),
        (
            {"transforms": "a", "transforms.a.type": "Cast$Value", "transforms.a.spec": "f:array"},
            "Cast transformation does not support casting to ARRAY",
        ),
        ({"transforms": "a", "transforms.a.type": "ValueToKey"}, 'Missing required configuration "fields"'),
        (
            {**ROUTE, "transforms": "route", "transforms.route.predicate": "nope"},
            "no predicate with this alias",
        ),
        (
            {**ROUTE, "transforms": "route", "transforms.route.negate": "true"},
            "no config 'transforms.route.predicate'",
        ),
    ],
)
def test_bad_configs_name_alias_key_and_reason(props: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        chain(props)
    assert message in str(info.value)


def test_check_aliases_reports_per_type_key() -> None:
    problems = check_aliases(
        {
            "transforms": "a,b",
            "transforms.a.type": "Nope",
            "transforms.b.type": "InsertField$Value",
            "predicates": "p",
            "predicates.p.type": "TopicNameMatches",
            "predicates.p.pattern": "[a-",
        },
        PLUGINS.transform_class,
    )
    assert "available plugins are" in problems["transforms.a.type"][0]
    assert "No field insertion configured" in problems["transforms.b.type"][0]
    assert "Invalid regex" in problems["predicates.p.type"][0]


def test_close_closes_every_transform_and_predicate() -> None:
    closed: list[str] = []

    class Closing(Transformation[ConnectRecord]):
        def apply(self, record: ConnectRecord) -> ConnectRecord | None:
            return record

        def close(self) -> None:
            closed.append("t")

    c = TransformationChain.from_config(
        {"transforms": "a", "transforms.a.type": "closing"}, lambda kind, name: Closing
    )
    c.close()
    assert closed == ["t"]
