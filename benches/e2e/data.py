"""Benchmark inputs: a file of N fixed-size lines, and a topic pre-filled with the same lines encoded."""

from __future__ import annotations

import json
from pathlib import Path

from confluent_kafka import Consumer, Producer, TopicPartition

_FILLER = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


def line(index: int, size: int) -> str:
    """Line ``index`` of ``size`` characters (printable ASCII, no newline), unique per index."""
    head = f"{index:010d}"
    body_len = max(size - len(head), 0)
    start = index % len(_FILLER)
    filler = (_FILLER * (body_len // len(_FILLER) + 2))[start : start + body_len]
    return (head + filler)[:size]


def write_lines(path: Path, count: int, size: int) -> Path:
    """Write ``count`` lines of ``size`` characters plus ``\\n`` (skipped when already there)."""
    expected = count * (size + 1)
    if path.exists() and path.stat().st_size == expected:
        return path
    with path.open("w", encoding="ascii") as out:
        chunk: list[str] = []
        for i in range(count):
            chunk.append(line(i, size))
            if len(chunk) == 10_000:
                out.write("\n".join(chunk) + "\n")
                chunk.clear()
        if chunk:
            out.write("\n".join(chunk) + "\n")
    return path


def encode_value(text: str, converter: str) -> bytes:
    """What FileStreamSource's record looks like on Kafka after the worker's value converter."""
    if converter == "string":
        return text.encode()
    envelope = {"schema": {"type": "string", "optional": False}, "payload": text}
    return json.dumps(envelope, separators=(",", ":")).encode()


def prefill(bootstrap: str, topic: str, count: int, size: int, converter: str) -> None:
    """Produce ``count`` encoded lines (null keys) to partition 0 of ``topic``; wait for all acks."""
    producer = Producer(
        {"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.size": 1_000_000, "acks": "all"}
    )
    failures: list[str] = []

    def delivered(err: object, _msg: object) -> None:
        if err is not None:
            failures.append(str(err))

    for i in range(count):
        value = encode_value(line(i, size), converter)
        while True:
            try:
                producer.produce(topic, value=value, partition=0, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.1)
        if i % 10_000 == 0:
            producer.poll(0)
    producer.flush(120)
    if failures:
        raise RuntimeError(f"prefill of {topic} failed: {failures[:3]}")


class EndOffsets:
    """Reads the high watermark of partition 0 of a topic (how many records a source has written)."""

    def __init__(self, bootstrap: str) -> None:
        self._consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-watermarks"})

    def of(self, topic: str) -> int:
        _low, high = self._consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
        return int(high)

    def close(self) -> None:
        self._consumer.close()
