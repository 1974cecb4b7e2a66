"""The Python transform example of docs/transforms.md runs as documented."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kconnect.api.records import SinkRecord
from kconnect.runtime.plugins import Plugins, PluginType
from kconnect.transforms.chain import TransformationChain

DOC = Path(__file__).parents[3] / "docs" / "transforms.md"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 1, "docs/transforms.md has one Python example"
    module = ModuleType("docs_transforms_example")
    exec(compile(blocks[0], str(DOC), "exec"), module.__dict__)  # our own docs
    return module


def properties_block(index: int) -> dict[str, str]:
    blocks = re.findall(r"```properties\n(.*?)```", DOC.read_text(), re.S)
    pairs = (line.split("=", 1) for line in blocks[index].splitlines() if line and not line.startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


def record(value: Any) -> SinkRecord:
    return SinkRecord("t", 0, None, None, None, value, kafka_offset=1)


def test_example_registers_under_short_names_and_runs_with_the_documented_config(example: ModuleType) -> None:
    plugins = Plugins(load_entry_points=False)
    # what the documented entry points do
    plugins.register(
        example.UpperCaseField, plugin_type=PluginType.TRANSFORMATION, extra_aliases=["UpperCaseField"]
    )
    plugins.register(example.IsLarge, plugin_type=PluginType.PREDICATE, extra_aliases=["IsLarge"])
    chain = TransformationChain.from_config(properties_block(1), plugins.transform_class)
    out = chain.apply_batch(
        [record({"name": "ann", "size": 50}), record({"name": "bob", "size": 5}), record("x")]
    )
    assert [r.value if r else None for r in out] == [
        {"name": "ANN", "size": 50},
        {"name": "bob", "size": 5},
        "x",
    ]


def test_the_builtin_example_config_is_valid(example: ModuleType) -> None:
    plugins = Plugins(load_entry_points=False)
    chain = TransformationChain.from_config(properties_block(0), plugins.transform_class)
    assert [s.alias for s in chain.stages] == ["key", "extract", "route", "dropSkipped"]
    assert chain.stages[-1].predicate is not None
