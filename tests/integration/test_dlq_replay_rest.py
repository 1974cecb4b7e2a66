"""DLQ replay through the REST API and ``kconnect dlq replay`` on a real standalone worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from confluent_kafka import Producer
from tests.integration.standalone_process import StandaloneProcess, wait_for


def _produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for value in values:
        producer.produce(topic, value)
    assert producer.flush(30) == 0


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_replay_after_a_fix_over_rest_and_cli(tmp_path: Path, bootstrap_servers: str, topic: str) -> None:
    _produce(bootstrap_servers, topic, [b'"one"', b"not json", b'"three"'])
    out = tmp_path / "out.txt"
    name = f"sink-{topic}"
    config = {
        "connector.class": "FileStreamSink",
        "file": str(out),
        "topics": topic,
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": f"{topic}-dlq",
        "errors.deadletterqueue.topic.replication.factor": "1",
    }
    with StandaloneProcess(tmp_path, bootstrap_servers) as worker:
        assert worker.request("PUT", f"/connectors/{name}/config", json=config).status_code == 201
        wait_for(lambda: _lines(out) == ["one", "three"], 60, "the two good records")

        # the fix: read values as plain strings; then replay the dead letter
        fixed = {**config, "value.converter": "org.apache.kafka.connect.storage.StringConverter"}
        assert worker.request("PUT", f"/connectors/{name}/config", json=fixed).status_code == 200
        response = worker.request("POST", f"/connectors/{name}/dlq/replay")
        assert response.status_code == 200, response.text
        assert response.json() == {
            "dead_letter_queue": f"{topic}-dlq",
            "replayed": 1,
            "dropped": 0,
            "unroutable": 0,
            "by_topic": {topic: 1},
        }
        wait_for(lambda: _lines(out) == ["one", "three", "not json"], 60, "the replayed record")

        again = subprocess.run(
            [sys.executable, "-m", "kconnect.cli.main", "dlq", "replay", name, "--url", worker.url],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith(f"Replayed 0 record(s) from {topic}-dlq")

        no_dlq = worker.request(
            "PUT",
            "/connectors/plain/config",
            json={"connector.class": "FileStreamSink", "file": str(tmp_path / "p"), "topics": topic},
        )
        assert no_dlq.status_code == 201
        refused = worker.request("POST", "/connectors/plain/dlq/replay")
        assert refused.status_code == 400 and "errors.deadletterqueue.topic.name" in refused.json()["message"]
        assert worker.request("POST", "/connectors/nope/dlq/replay").status_code == 404
    assert _lines(out) == ["one", "three", "not json"]
