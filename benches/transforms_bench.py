"""Transform chain throughput: records/s of ValueToKey -> ExtractField$Key -> RegexRouter.

Measured in one run on the same records (Struct values with a schema, as a JDBC source emits):

* kconnect, no transforms (the chain's fixed cost per batch);
* kconnect, the 3-transform chain (Python row path, ``TransformationChain.apply_batch``);
* Apache Kafka 4.1.1's own transforms, the same chain in a JVM (``tools/transform-vectors/
  ChainBench.java``, best of the rounds after JIT warm-up), when a JDK and the cached jars exist.

Run: ``.venv/bin/python -m benches.transforms_bench [--records N] [--rounds R]``.  Prints one
JSON object.  Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from kconnect.api.records import SourceRecord
from kconnect.data import INT64_SCHEMA, STRING_SCHEMA, SchemaBuilder, Struct
from kconnect.runtime.plugins import Plugins
from kconnect.transforms.chain import TransformationChain

REPO = Path(__file__).resolve().parents[1]
CHAIN = {
    "transforms": "key,extract,route",
    "transforms.key.type": "org.apache.kafka.connect.transforms.ValueToKey",
    "transforms.key.fields": "id",
    "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Key",
    "transforms.extract.field": "id",
    "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
    "transforms.route.regex": "(.*)",
    "transforms.route.replacement": "$1-out",
}


def make_records(n: int) -> list[SourceRecord]:
    schema = SchemaBuilder.struct().name("row").field("id", INT64_SCHEMA).field("name", STRING_SCHEMA).build()
    return [
        SourceRecord(
            "orders",
            None,
            None,
            None,
            schema,
            Struct(schema, {"id": i, "name": f"row-{i}"}),
            source_partition={"t": "rows"},
            source_offset={"id": i},
        )
        for i in range(n)
    ]


def best_rate(chain: TransformationChain[Any], records: list[SourceRecord], rounds: int, batch: int) -> float:
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(0, len(records), batch):
            out = chain.apply_batch(records[i : i + batch])
            assert len(out) == len(records[i : i + batch])
        best = max(best, len(records) / (time.perf_counter() - start))
    return best


def java_rate(n: int, rounds: int) -> dict[str, Any]:
    lib = Path(os.environ.get("KCONNECT_CACHE", Path.home() / ".cache" / "kconnect")) / "kafka-4.1.1" / "lib"
    if shutil.which("java") is None or not (lib / "connect-transforms-4.1.1.jar").exists():
        return {"java_records_per_s": None, "java_skipped": "no JDK or no cached Kafka jars"}
    source = REPO / "tools" / "transform-vectors" / "ChainBench.java"
    out = subprocess.run(
        ["java", "-cp", f"{lib}/*", str(source), str(n), str(rounds * 3)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    records = make_records(args.records)
    plugins = Plugins(load_entry_points=False)
    empty = TransformationChain.from_config({}, plugins.transform_class)
    chain = TransformationChain.from_config(CHAIN, plugins.transform_class)
    result: dict[str, Any] = {
        "records": args.records,
        "kconnect_no_transforms_records_per_s": round(best_rate(empty, records, args.rounds, args.batch)),
        "kconnect_3_transforms_records_per_s": round(best_rate(chain, records, args.rounds, args.batch)),
        "path": "python row path",
    }
    result.update(java_rate(args.records, args.rounds))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
