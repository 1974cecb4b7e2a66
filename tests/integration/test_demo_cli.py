"""The README's demos (``make demo``, ``make demo-pipeline``) as a new user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

DEMO = [sys.executable, "-m", "kconnect.cli.main", "demo"]


def test_file_demo_copies_every_line() -> None:
    result = subprocess.run(DEMO, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Copied 4 lines file -> Kafka -> file:"
    assert lines[1].strip() == "Kafka Connect for Python, with a Rust core."
    assert "héllo, 数据, ✓" in lines[4]


def test_database_demo_writes_every_order_to_parquet(tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    result = subprocess.run(
        [*DEMO, "--pipeline", "database", "--output", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Streamed 200 orders" in result.stdout
    files = sorted(out.rglob("*.parquet"))
    assert [f.name for f in files] == [
        f"shop-orders+0+{start:010d}+{start + 49:010d}.parquet" for start in (0, 50, 100, 150)
    ]
    rows = [row for f in files for row in pq.read_table(f).to_pylist()]
    assert [r["id"] for r in rows] == list(range(1, 201))
    assert str(rows[0]["price"]) == "1761.82" and rows[0]["item"] == "dock"
