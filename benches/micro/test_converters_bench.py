"""Micro-benchmarks: JsonConverter batch encode/decode vs pure-Python references.

Not part of the test run (``testpaths = ["tests"]``).  Run with::

    .venv/bin/python -m pytest benches/micro/test_converters_bench.py --benchmark-enable -p no:cacheprovider

Each benchmark converts a batch of 1,000 struct records of about 100 B or 1 KB (JSON
payload size).  Encoding: kconnect with ``schemas.enable=false`` (payload only) and
``true`` (the Connect envelope, schema included) vs the Python references struct ->
dict -> ``orjson.dumps``/``json.dumps`` (payload only).  Decoding: kconnect reads the
envelope into ``Struct``s vs ``orjson.loads``/``json.loads`` -> ``Struct`` (validated,
as a sink connector would get it); and schemaless bytes -> dicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from kconnect.converters import JsonConverter
from kconnect.data import (
    BOOLEAN_SCHEMA,
    FLOAT64_SCHEMA,
    INT64_SCHEMA,
    STRING_SCHEMA,
    Schema,
    SchemaAndValue,
    SchemaBuilder,
    Struct,
)

BATCH = 1000

SMALL = (
    SchemaBuilder.struct()
    .name("bench.Small")
    .field("id", INT64_SCHEMA)
    .field("name", STRING_SCHEMA)
    .field("score", FLOAT64_SCHEMA)
    .field("active", BOOLEAN_SCHEMA)
    .field("ts", INT64_SCHEMA)
    .build()
)
LARGE = (
    SchemaBuilder.struct()
    .name("bench.Large")
    .field("id", INT64_SCHEMA)
    .field("name", STRING_SCHEMA)
    .field("score", FLOAT64_SCHEMA)
    .field("active", BOOLEAN_SCHEMA)
    .field("ts", INT64_SCHEMA)
    .field("description", STRING_SCHEMA)
    .field("tags", SchemaBuilder.array(STRING_SCHEMA).build())
    .field("attrs", SchemaBuilder.map(STRING_SCHEMA, INT64_SCHEMA).build())
    .build()
)


def small(i: int) -> Struct:
    name = f"customer-{i:08d}-abcdefghijklmnopq"
    return Struct(
        SMALL, {"id": i, "name": name, "score": i * 0.25, "active": i % 2 == 0, "ts": 1700000000000 + i}
    )


def large(i: int) -> Struct:
    s = Struct(LARGE)
    for k, v in small(i).items():
        s.put(k, v)
    s.put("description", ("lorem ipsum dolor sit amet " * 23)[:600])
    s.put("tags", [f"tag-{j}" for j in range(10)])
    s.put("attrs", {f"attr-{j}": j * i for j in range(10)})
    return s


RECORDS = {
    "100B": (SMALL, [small(i) for i in range(BATCH)]),
    "1KB": (LARGE, [large(i) for i in range(BATCH)]),
}


def to_dict(value: Struct) -> dict[str, Any]:
    return dict(value.items())


def ref_encode(dumps: Callable[[Any], bytes]) -> Callable[[list[Struct]], list[bytes]]:
    return lambda values: [dumps(to_dict(v)) for v in values]


def ref_decode(
    loads: Callable[[bytes], Any], schema: Schema
) -> Callable[[list[bytes]], list[SchemaAndValue]]:
    return lambda data: [SchemaAndValue(schema, Struct(schema, loads(b))) for b in data]


def json_dumps(v: Any) -> bytes:
    return json.dumps(v, separators=(",", ":")).encode()


def converter(schemas: bool) -> JsonConverter:
    c = JsonConverter()
    c.configure({"schemas.enable": schemas}, False)
    return c


@pytest.mark.parametrize("size", list(RECORDS))
def test_size_of_records(size: str) -> None:
    schema, values = RECORDS[size]
    raw = converter(False).from_connect_data("t", schema, values[0])
    assert raw is not None
    print(f"{size}: {len(raw)} B payload")


@pytest.mark.parametrize("size", list(RECORDS))
@pytest.mark.parametrize("impl", ["kconnect", "kconnect-envelope", "orjson", "json"])
def test_encode_batch(benchmark: Any, size: str, impl: str) -> None:
    schema, values = RECORDS[size]
    benchmark.group = f"encode {size}"
    if impl.startswith("kconnect"):
        c = converter(impl == "kconnect-envelope")
        items = [(schema, v) for v in values]
        out = benchmark(c.from_connect_batch, "t", items)
    else:
        fn = ref_encode(orjson.dumps if impl == "orjson" else json_dumps)
        out = benchmark(fn, values)
    assert len(out) == BATCH


@pytest.mark.parametrize("size", list(RECORDS))
@pytest.mark.parametrize("impl", ["kconnect-envelope", "orjson", "json"])
def test_decode_batch(benchmark: Any, size: str, impl: str) -> None:
    """Bytes -> ``SchemaAndValue(schema, Struct)``: what a sink task receives."""
    schema, values = RECORDS[size]
    benchmark.group = f"decode {size}"
    if impl == "kconnect-envelope":
        c = converter(True)
        data = c.from_connect_batch("t", [(schema, v) for v in values])
        out = benchmark(c.to_connect_batch, "t", data)
        assert out[0].value == values[0]
    else:
        data = [orjson.dumps(to_dict(v)) for v in values]
        fn = ref_decode(orjson.loads if impl == "orjson" else json.loads, schema)
        out = benchmark(fn, data)
    assert len(out) == BATCH


@pytest.mark.parametrize("size", list(RECORDS))
@pytest.mark.parametrize("impl", ["kconnect-schemaless", "orjson", "json"])
def test_decode_schemaless_batch(benchmark: Any, size: str, impl: str) -> None:
    """Bytes -> plain dicts (``schemas.enable=false``)."""
    _, values = RECORDS[size]
    benchmark.group = f"decode-schemaless {size}"
    data = [orjson.dumps(to_dict(v)) for v in values]
    if impl == "kconnect-schemaless":
        out = benchmark(converter(False).to_connect_batch, "t", data)
    else:
        loads = orjson.loads if impl == "orjson" else json.loads
        out = benchmark(lambda: [SchemaAndValue(None, loads(b)) for b in data])
    assert len(out) == BATCH


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("op", ["encode", "decode"])
def test_threads_share_the_work(benchmark: Any, threads: int, op: str) -> None:
    """8 batches of 1 KB records split over 1 or 2 threads: the GIL is released while
    JSON is written or parsed, so 2 threads finish sooner (on an otherwise idle machine)."""
    from concurrent.futures import ThreadPoolExecutor

    schema, values = RECORDS["1KB"]
    c = converter(True)
    items = [(schema, v) for v in values]
    data = c.from_connect_batch("t", items)
    benchmark.group = f"threads {op} 8x1000 1KB"

    def one() -> None:
        if op == "encode":
            c.from_connect_batch("t", items)
        else:
            c.to_connect_batch("t", data)

    with ThreadPoolExecutor(threads) as pool:

        def run() -> None:
            for f in [pool.submit(one) for _ in range(8)]:
                f.result()

        benchmark.pedantic(run, rounds=10, warmup_rounds=1)
