"""The markdown table of one benchmark run (``benches/results/<date>-e2e.md``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from benches.e2e.ceiling import Ceiling
from benches.e2e.scenarios import Case, Result


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def table(results: Sequence[Result], ceilings: Mapping[Case, Ceiling], baseline_runtime: str = "java") -> str:
    """One row per (case, runtime); kconnect rows carry ratios to Java and to the broker ceiling."""
    rows = [
        "| direction | size | converter | runtime | records | records/s | MB/s | peak RSS MB | CPU s "
        "| vs Java rec/s | vs Java RSS | vs Java CPU | vs ceiling |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_case: dict[Case, list[Result]] = {}
    for result in results:
        by_case.setdefault(result.case, []).append(result)
    for case, case_results in by_case.items():
        java = next((r for r in case_results if r.runtime == baseline_runtime), None)
        ceiling = ceilings.get(case)
        for r in case_results:
            versus = r is not java and java is not None
            rows.append(
                f"| {case.direction} | {case.size} B | {case.converter} | {r.runtime} | {r.records:,} "
                f"| {r.records_per_s:,.0f} | {r.mb_per_s:.1f} | {r.usage.peak_rss / 1e6:,.0f} "
                f"| {r.usage.cpu_s:.1f} "
                f"| {_ratio(r.records_per_s, java.records_per_s) if versus and java else ''} "
                f"| {_ratio(r.usage.peak_rss, java.usage.peak_rss) if versus and java else ''} "
                f"| {_ratio(r.usage.cpu_s, java.usage.cpu_s) if versus and java else ''} "
                f"| {_ratio(r.records_per_s, ceiling.records_per_s) if ceiling else '-'} |"
            )
        if ceiling is not None:
            rows.append(
                f"| {case.direction} | {case.size} B | (raw bytes) | {ceiling.tool} | | "
                f"{ceiling.records_per_s:,.0f} | {ceiling.mb_per_s:.1f} | | | | | | 1.00x |"
            )
    return "\n".join(rows) + "\n"
