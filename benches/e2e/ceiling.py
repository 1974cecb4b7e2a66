"""The broker ceiling: Kafka's own ProducerPerformance and ConsumerPerformance at the same sizes."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from kconnect.dev.kafka import java_command

CEILING_PRODUCER_PROPS = ("acks=all", "linger.ms=5", "batch.size=131072")


@dataclass(frozen=True, slots=True)
class Ceiling:
    """Records/s and MB/s a Kafka tool reached."""

    tool: str
    records_per_s: float
    mb_per_s: float


def producer_ceiling(bootstrap: str, topic: str, records: int, size: int) -> Ceiling:
    """``ProducerPerformance --throughput -1``; parses its final summary line."""
    cmd = java_command(
        "org.apache.kafka.tools.ProducerPerformance",
        "--topic", topic, "--num-records", str(records), "--record-size", str(size), "--throughput", "-1",
        "--producer-props", f"bootstrap.servers={bootstrap}", *CEILING_PRODUCER_PROPS,
    )  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=1800).stdout
    # "N records sent, X records/sec (Y MB/sec), ... avg latency, ..."
    summary = [ln for ln in out.splitlines() if "records sent" in ln][-1]
    rate = float(summary.split(",")[1].split("records/sec")[0])
    return Ceiling("ProducerPerformance", rate, rate * size / 1e6)


def consumer_ceiling(bootstrap: str, topic: str, records: int, size: int) -> Ceiling:
    """``ConsumerPerformance``: fetch records/s (excludes the group join), from its CSV line."""
    cmd = java_command(
        "org.apache.kafka.tools.ConsumerPerformance",
        "--bootstrap-server", bootstrap, "--topic", topic, "--messages", str(records),
        "--timeout", "120000", "--group", f"ceiling-{topic}",
    )  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=1800).stdout
    lines = [ln for ln in out.splitlines() if ln.strip()]
    header = [h.strip() for h in lines[-2].split(",")]
    values = [v.strip() for v in lines[-1].split(",")]
    row = dict(zip(header, values, strict=False))
    rate = float(row["fetch.nMsg.sec"])
    return Ceiling("ConsumerPerformance", rate, rate * size / 1e6)
