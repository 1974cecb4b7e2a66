"""End-to-end benchmark: kconnect vs Apache Kafka Connect 4.1.1 on one local broker (``make bench``).

``python -m benches.run [--records N] [--records-1k N] [--sizes 100,1000] [--converters string,json]
[--directions source,sink] [--kconnect-variant LABEL:key=value,...] [--bootstrap HOST:PORT]``
(default variants: ``kconnect`` and ``kconnect-native`` = ``kconnect.kafka.client=native``)

Per (direction, size, converter): Java ConnectStandalone and each kconnect
variant run the same FileStream connector with the same worker settings, one
after the other; the broker ceiling comes from ProducerPerformance /
ConsumerPerformance.  Writes ``benches/results/<date>-e2e.md``.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from benches.e2e.ceiling import CEILING_PRODUCER_PROPS, Ceiling, consumer_ceiling, producer_ceiling
from benches.e2e.data import EndOffsets, prefill, write_lines
from benches.e2e.report import table
from benches.e2e.scenarios import Case, Result, run_sink, run_source
from benches.e2e.workers import JavaWorker, KconnectWorker, WorkerProcess

from kconnect.dev.kafka import ExternalKafkaBroker, KafkaBroker

log = logging.getLogger("benches.run")
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("kconnect", {}),  # confluent-kafka client (the default)
    ("kconnect-native", {"kconnect.kafka.client": "native"}),  # the Rust producer (source side)
)


def _variants(specs: Sequence[str]) -> list[tuple[str, dict[str, str]]]:
    """``LABEL:key=value,key=value`` -> (label, worker overrides); default one plain kconnect."""
    out: list[tuple[str, dict[str, str]]] = []
    for spec in specs:
        label, _, settings = spec.partition(":")
        pairs = [kv.split("=", 1) for kv in settings.split(",") if kv]
        out.append((label, {k: v for k, v in pairs}))
    return out or list(DEFAULT_VARIANTS)


def _workers(
    work: Path, bootstrap: str, case: Case, variants: list[tuple[str, dict[str, str]]], java: bool
) -> list[WorkerProcess]:
    tag = f"{case.direction}-{case.size}-{case.converter}"
    workers: list[WorkerProcess] = []
    if java:
        workers.append(JavaWorker(work / f"java-{tag}", bootstrap, case.converter))
    for label, overrides in variants:
        worker = KconnectWorker(work / f"{label}-{tag}", bootstrap, case.converter, overrides)
        worker.runtime = label
        workers.append(worker)
    return workers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benches.run", description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="records per run at 100 B")
    parser.add_argument("--records-1k", type=int, default=None, help="records per run at 1 KB (N/4)")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--converters", default="string,json")
    parser.add_argument("--directions", default="source,sink")
    parser.add_argument("--kconnect-variant", action="append", default=[], metavar="LABEL:k=v,...")
    parser.add_argument("--no-java", action="store_true", help="skip Java Connect (kconnect only)")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--bootstrap", default=os.environ.get("KCONNECT_BENCH_BOOTSTRAP"))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)

    sizes = [int(s) for s in args.sizes.split(",")]
    counts = {s: args.records if s < 1000 else (args.records_1k or args.records // 4) for s in sizes}
    variants = _variants(args.kconnect_variant)
    work = Path(tempfile.mkdtemp(prefix="kconnect-bench-"))
    broker = ExternalKafkaBroker(args.bootstrap) if args.bootstrap else KafkaBroker(data_dir=work / "broker")
    results: list[Result] = []
    ceilings: dict[Case, Ceiling] = {}
    loads: list[float] = []
    started = datetime.now(UTC)
    shown_argv = list(argv if argv is not None else sys.argv[1:])
    out: Path = args.out or RESULTS_DIR / f"{started.strftime('%Y-%m-%d-%H%M')}-e2e.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    run_id = started.strftime("%H%M%S")
    stack = ExitStack()
    try:
        broker.start()
        bootstrap = broker.bootstrap_servers
        offsets = EndOffsets(bootstrap)
        stack.callback(offsets.close)
        for size in sizes:
            total = counts[size]
            input_file = write_lines(work / f"lines-{size}.txt", total, size)
            for converter in args.converters.split(","):
                for direction in args.directions.split(","):
                    case = Case(direction, size, converter)
                    prefilled = f"bench-{run_id}-in-{size}-{converter}"
                    if direction == "sink":
                        broker.create_topic(prefilled, 1)
                        log.info("prefilling %s with %d records", prefilled, total)
                        prefill(bootstrap, prefilled, total, size, converter)
                    for worker in _workers(work, bootstrap, case, variants, not args.no_java):
                        loads.append(os.getloadavg()[0])
                        log.info("%s %s ... (load %.2f)", worker.runtime, case, loads[-1])
                        worker.start()
                        try:
                            if direction == "source":
                                topic = f"bench-{run_id}-{worker.runtime}-{size}-{converter}"
                                broker.create_topic(topic, 1)
                                result = run_source(
                                    worker, case, input_file, topic, total, offsets, args.timeout
                                )
                            else:
                                out_file = worker.work_dir / "sink.txt"
                                result = run_sink(worker, case, prefilled, out_file, total, args.timeout)
                        finally:
                            worker.stop()
                            (worker.work_dir / "sink.txt").unlink(missing_ok=True)
                        log.info(
                            f"  {worker.runtime}: {result.records_per_s:,.0f} records/s, "
                            f"peak RSS {result.usage.peak_rss / 1e6:.0f} MB, CPU {result.usage.cpu_s:.1f} s"
                        )
                        results.append(result)
                        out.write_text(_document(started, results, ceilings, loads, shown_argv))
                    if not args.no_ceiling:
                        if direction == "source":
                            ceilings[case] = producer_ceiling(
                                bootstrap, f"bench-{run_id}-ceiling-{size}-{converter}", total, size
                            )
                        else:
                            ceilings[case] = consumer_ceiling(bootstrap, prefilled, total, size)
                        log.info(f"  ceiling: {ceilings[case].records_per_s:,.0f} records/s")
                        out.write_text(_document(started, results, ceilings, loads, shown_argv))
    finally:
        stack.close()
        broker.close()
        shutil.rmtree(work, ignore_errors=True)

    text = _document(started, results, ceilings, loads, shown_argv)
    out.write_text(text)
    print(text)
    print(f"written to {out}")
    return 0


def _document(
    started: datetime, results: list[Result], ceilings: dict[Case, Ceiling], loads: list[float],
    argv: Sequence[str],
) -> str:  # fmt: skip
    elapsed = (datetime.now(UTC) - started).total_seconds()
    load = f"{min(loads):.2f}..{max(loads):.2f}" if loads else "-"
    return (
        f"# End-to-end benchmark {started:%Y-%m-%d %H:%M} UTC\n\n"
        f"`python -m benches.run {' '.join(argv)}` - {elapsed / 60:.1f} min; "
        f"{os.cpu_count()} cores, {platform.machine()}, 1-min load average before each run {load} "
        "(machine shared with other work).\n\n"
        "Same broker, same worker settings (defaults, `offset.flush.interval.ms=10000`), same FileStream "
        "connectors, one task. records/s from the first to the last record; CPU s from connector "
        "creation; peak RSS of the worker process tree from start. Java: ConnectStandalone 4.1.1 with "
        "connect-standalone.sh's JVM options (-Xms256M -Xmx2G, G1).\n"
        f"Ceiling: ProducerPerformance ({' '.join(CEILING_PRODUCER_PROPS)}) / ConsumerPerformance "
        "fetch rate.\n\n" + table(results, ceilings)
    )


if __name__ == "__main__":
    sys.exit(main())
