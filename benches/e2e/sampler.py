"""Peak RSS and CPU seconds of a process tree, sampled in a background thread (psutil)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class Usage:
    """What a worker used: peak resident set (bytes) and CPU seconds (user + system)."""

    peak_rss: int
    cpu_s: float


class ResourceSampler:
    """Samples RSS of ``pid`` and its children every ``interval_s``; CPU from the cumulative counters."""

    def __init__(self, pid: int, interval_s: float = 0.05) -> None:
        self._proc = psutil.Process(pid)
        self._interval_s = interval_s
        self._peak_rss = 0
        self._cpu_mark = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> ResourceSampler:
        self._thread.start()
        return self

    def mark_cpu(self) -> None:
        """Start counting CPU seconds from now (e.g. when the connector is created)."""
        self._cpu_mark = self._cpu_total()

    def stop(self) -> Usage:
        """Stop sampling; the usage since :meth:`mark_cpu` (CPU) and since start (peak RSS)."""
        cpu = self._cpu_total() - self._cpu_mark
        self._stop.set()
        self._thread.join()
        return Usage(self._peak_rss, cpu)

    def _tree(self) -> list[psutil.Process]:
        return [self._proc, *self._proc.children(recursive=True)]

    def _cpu_total(self) -> float:
        total = 0.0
        for proc in self._tree():
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            rss = 0
            try:
                for proc in self._tree():
                    rss += proc.memory_info().rss
            except psutil.Error:
                return
            self._peak_rss = max(self._peak_rss, rss)
