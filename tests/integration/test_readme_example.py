"""The connector in README.md, run as written, in a real standalone worker."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from tests.integration.standalone_process import StandaloneProcess, consume, wait_for

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_connector_code() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, "README.md has exactly one python block: the example connector"
    return blocks[0]


def test_readme_counter_connector(
    tmp_path: Path, bootstrap_servers: str, topic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    (plugin_dir / "counter.py").write_text(readme_connector_code())
    monkeypatch.setenv("PYTHONPATH", str(plugin_dir))
    overrides = {"value.converter": "org.apache.kafka.connect.json.JsonConverter"}
    config = {"connector.class": "counter.CounterSource", "topic": topic, "count": "250"}
    with StandaloneProcess(tmp_path, bootstrap_servers, overrides=overrides) as worker:
        assert worker.request("PUT", "/connectors/counter/config", json=config).status_code == 201
        worker.wait_running("counter")
        records = consume(bootstrap_servers, topic, 250)
        first = orjson.loads(records[0][0])
        assert first["schema"]["name"] == "counter.Tick"
        assert first["payload"] == {"n": 0, "text": "tick 0"}
        assert [orjson.loads(v)["payload"]["n"] for v, _ in records] == list(range(250))
        wait_for(lambda: worker.get("/connectors/counter/offsets").json()["offsets"], 30, "committed offsets")
        assert worker.get("/connectors/counter/offsets").json()["offsets"] == [
            {"partition": {"counter": topic}, "offset": {"next": 250}}
        ]
        bad = worker.request("PUT", "/connectors/bad-counter/config", json={**config, "count": "-1"})
        assert bad.status_code == 400 and "count" in bad.json()["message"]
