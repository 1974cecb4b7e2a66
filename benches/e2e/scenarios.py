"""One measured run: a worker moves N records source -> Kafka or Kafka -> sink; time, RSS, CPU.

The clock starts when the first record arrives (first record on the topic, or
the first bytes in the sink file) so connector start-up is not counted, and
stops when the last one has arrived; CPU seconds count from connector
creation, peak RSS from worker start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benches.e2e.data import EndOffsets
from benches.e2e.sampler import ResourceSampler, Usage
from benches.e2e.workers import WorkerProcess

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector"


@dataclass(frozen=True, slots=True)
class Case:
    """What is measured: direction (``source``/``sink``), record size in bytes, converter."""

    direction: str
    size: int
    converter: str


@dataclass(frozen=True, slots=True)
class Result:
    """One runtime's figures for one case."""

    case: Case
    runtime: str
    records: int
    seconds: float
    usage: Usage

    @property
    def records_per_s(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.records_per_s * self.case.size / 1e6


def _measure(
    worker: WorkerProcess,
    name: str,
    config: Mapping[str, str],
    progress: Callable[[], int],
    total: int,
    timeout_s: float,
) -> tuple[int, float, Usage]:
    """Create the connector, wait until ``progress()`` reaches ``total``; (records timed, seconds, usage)."""
    assert worker.proc is not None
    sampler = ResourceSampler(worker.proc.pid).start()
    try:
        sampler.mark_cpu()
        worker.create_connector(name, config)
        deadline = time.monotonic() + timeout_s
        first_t: float | None = None
        first_n = 0
        done = 0
        while done < total:
            done = progress()
            now = time.monotonic()
            if first_t is None and done > 0:
                first_t, first_n = now, done
            if now > deadline:
                raise RuntimeError(f"{worker.runtime} {name}: {done}/{total} after {timeout_s}s")
            worker.check_alive()
            if done < total:
                failed = worker.failed_tasks(name) if int(now * 10) % 20 == 0 else None
                if failed:
                    raise RuntimeError(f"{worker.runtime} {name} task failed: {failed[:2000]}")
                time.sleep(0.02)
        end_t = time.monotonic()
    finally:
        usage = sampler.stop()
    assert first_t is not None
    return total - first_n, end_t - first_t, usage


def run_source(
    worker: WorkerProcess, case: Case, input_file: Path, topic: str, total: int, offsets: EndOffsets,
    timeout_s: float,
) -> Result:  # fmt: skip
    """FileStreamSource reads ``input_file`` (``total`` lines) into ``topic``."""
    config = {"connector.class": FILE_SOURCE, "tasks.max": "1", "file": str(input_file), "topic": topic}
    records, seconds, usage = _measure(
        worker, f"src-{topic}", config, lambda: offsets.of(topic), total, timeout_s
    )
    return Result(case, worker.runtime, records, seconds, usage)


def run_sink(
    worker: WorkerProcess, case: Case, topic: str, output_file: Path, total: int, timeout_s: float
) -> Result:
    """FileStreamSink writes the ``total`` records of ``topic`` to ``output_file`` (one line each)."""
    line_bytes = case.size + 1

    def written() -> int:
        try:
            return output_file.stat().st_size // line_bytes
        except FileNotFoundError:
            return 0

    config = {"connector.class": FILE_SINK, "tasks.max": "1", "file": str(output_file), "topics": topic}
    records, seconds, usage = _measure(
        worker, f"sink-{worker.runtime}-{topic}", config, written, total, timeout_s
    )
    return Result(case, worker.runtime, records, seconds, usage)
