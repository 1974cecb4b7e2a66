"""FileStreamSource through a real standalone worker on the native (Rust) producer."""

from __future__ import annotations

from pathlib import Path

from tests.integration.standalone_process import StandaloneProcess, consume, wait_for, write_properties

from kconnect.storage import offset_codec
from kconnect.storage.offsets import FileOffsetBackingStore

NATIVE = {"kconnect.kafka.client": "native", "offset.flush.interval.ms": "500"}


def _committed_position(offsets_path: Path, key: bytes) -> int:
    if not offsets_path.exists():
        return 0
    store = FileOffsetBackingStore(offsets_path)
    store.start()
    value = offset_codec.decode_value(store.get([key]).get(key))
    return int(value["position"]) if value else 0


def test_lines_arrive_in_order_and_offsets_resume_without_duplicates(
    tmp_path: Path, bootstrap_servers: str, topic: str
) -> None:
    lines = [f"{i:06d} native héllo {'x' * (i % 50)}" for i in range(50_000)]
    source_file = tmp_path / "input.txt"
    source_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    source = write_properties(
        tmp_path / "source.properties",
        {"name": "src", "connector.class": "FileStreamSource", "file": str(source_file), "topic": topic},
    )
    key = offset_codec.encode_key("src", {"filename": str(source_file)})
    offsets_path = tmp_path / "connect.offsets"
    size = source_file.stat().st_size

    with StandaloneProcess(tmp_path, bootstrap_servers, [source], NATIVE) as worker:
        assert [v for v, _ in consume(bootstrap_servers, topic, len(lines))] == lines
        wait_for(lambda: _committed_position(offsets_path, key) == size, 30, "the last offset committed")
        assert worker.stop() == 0
    assert "Producing with the native client" in worker.log_path.read_text()

    more = [f"after restart {i}" for i in range(1_000)]
    with source_file.open("a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in more))
    with StandaloneProcess(tmp_path, bootstrap_servers, [source], NATIVE):
        values = [v for v, _ in consume(bootstrap_servers, topic, len(lines) + len(more))]
        wait_for(
            lambda: _committed_position(offsets_path, key) == source_file.stat().st_size,
            30,
            "the appended lines' offset committed",
        )
    assert values == lines + more, "resumed at the committed offset: nothing lost, nothing repeated"
