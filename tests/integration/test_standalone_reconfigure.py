"""Task reconfiguration requested by a connector restarts only the tasks whose config changed."""

from __future__ import annotations

from pathlib import Path

from tests.integration.standalone_process import StandaloneProcess, consume, high_watermark, wait_for

WATCHING_SOURCE = "tests.integration.plugins_for_tests.WatchingSourceConnector"


def test_only_changed_tasks_restart(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    tables = tmp_path / "tables.txt"
    tables.write_text("a\nb\n")
    config = {
        "connector.class": WATCHING_SOURCE,
        "topic": topic,
        "tables.file": str(tables),
        "tasks.max": "3",
    }
    with StandaloneProcess(tmp_path, bootstrap_servers) as worker:
        assert worker.request("PUT", "/connectors/watch/config", json=config).status_code == 201
        worker.wait_running("watch", tasks=2)
        assert sorted(v for v, _ in consume(bootstrap_servers, topic, 2)) == ["started a", "started b"]

        tables.write_text("a\nc\nd\n")  # task 0 unchanged, task 1 changes, task 2 is new
        worker.wait_running("watch", tasks=3)
        values = [v for v, _ in consume(bootstrap_servers, topic, 4)]
        assert sorted(values[2:]) == ["started c", "started d"]

        tables.write_text("a\n")  # tasks 1 and 2 go away, task 0 keeps running
        wait_for(lambda: worker.connector_state("watch") == ("RUNNING", ["RUNNING"]), 30, "one task left")
        configs = worker.get("/connectors/watch/tasks").json()
        assert [c["config"]["table"] for c in configs] == ["a"]
    # task 0 ("a") was never restarted: it announced itself exactly once, nothing else was written
    assert high_watermark(bootstrap_servers, topic) == 4
    assert [v for v, _ in consume(bootstrap_servers, topic, 4)].count("started a") == 1
