"""AvroConverter throughput vs fastavro and JsonConverter, and registry lookups/s.

Measured in one run, on batches of 1,000 struct records of about 100 B and 1 KB (the
benches/micro converter records):

* AvroConverter ``from_connect_batch`` / ``to_connect_batch`` (Confluent framing, warm caches;
  the Rust codec when built), and its Python codec (compiled converters over fastavro);
* fastavro ``schemaless_writer``/``schemaless_reader`` on the equivalent dicts, same Avro schema
  (no Connect conversion: the floor a Python Avro path can reach);
* JsonConverter (``schemas.enable=true``) on the same records;
* registry: ``GET /schemas/ids/{id}`` answered by kconnect's registry (warm, keep-alive client),
  and the converter's cached id lookups.

Needs a broker for the registry's store: ``--bootstrap host:port`` or ``KCONNECT_BOOTSTRAP_SERVERS``,
else a throwaway ``kconnect dev kafka`` broker is started.  Run:
``.venv/bin/python -m benches.avro_bench [--rounds R]``.  Prints one JSON object.  Not part of CI.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import fastavro
import httpx
from benches.micro.test_converters_bench import RECORDS

from kconnect.converters import JsonConverter
from kconnect.converters.avro import AvroConverter
from kconnect.converters.avro_codec import NATIVE_AVRO, PythonValueCodec
from kconnect.converters.avro_data import codec_schema, to_avro_schema
from kconnect.data import Struct
from kconnect.schema_registry import SchemaRegistryServer, parse_registry_config


def _rate(fn: Callable[[], Any], count: int, rounds: int) -> float:
    """Best records/s over ``rounds`` runs of ``fn`` (each handling ``count`` records)."""
    fn()
    best = min(_timed(fn) for _ in range(rounds))
    return round(count / best)


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _as_dict(value: Struct) -> dict[str, Any]:
    return dict(value.items())


@contextlib.contextmanager
def _registry(bootstrap: str) -> Iterator[str]:
    topic = f"_schemas-bench-{uuid.uuid4().hex[:8]}"
    server = SchemaRegistryServer(
        parse_registry_config(
            {
                "kafkastore.bootstrap.servers": bootstrap,
                "kafkastore.topic": topic,
                "listeners": "http://127.0.0.1:0",
                "schema.registry.group.id": f"g-{topic}",
            }
        )
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(120)
    try:
        yield server.urls()[0].rstrip("/")
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@contextlib.contextmanager
def _broker(bootstrap: str | None) -> Iterator[str]:
    if bootstrap:
        yield bootstrap
        return
    from kconnect.dev.kafka import KafkaBroker

    with KafkaBroker() as broker:
        yield broker.bootstrap_servers


def _converters(url: str, prefix: str, rounds: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size, (schema, records) in RECORDS.items():
        topic = f"{prefix}-{size}"  # one subject per record schema
        items = [(schema, r) for r in records]
        avro = AvroConverter()
        avro.configure({"schema.registry.url": url}, False)
        encoded = avro.from_connect_batch(topic, items)
        js = JsonConverter()
        js.configure({"schemas.enable": "true"}, False)
        js_encoded = js.from_connect_batch(topic, items)
        parsed = fastavro.parse_schema(codec_schema(to_avro_schema(schema)))
        python_codec = PythonValueCodec(schema, to_avro_schema(schema))
        framed = python_codec.encode(records, b"\x00\x00\x00\x00\x01")
        dicts = [_as_dict(r) for r in records]

        def fa_write(parsed: Any = parsed, dicts: list[dict[str, Any]] = dicts) -> list[bytes]:
            out = []
            for d in dicts:
                buf = io.BytesIO()
                fastavro.schemaless_writer(buf, parsed, d)
                out.append(buf.getvalue())
            return out

        fa_bytes = fa_write()

        def fa_read(parsed: Any = parsed, payloads: list[bytes] = fa_bytes) -> list[Any]:
            return [fastavro.schemaless_reader(io.BytesIO(p), parsed, None) for p in payloads]

        n = len(records)
        results[size] = {
            "avro_bytes_per_record": sum(len(e or b"") for e in encoded) // n,
            "json_bytes_per_record": sum(len(e or b"") for e in js_encoded) // n,
            "encode_records_per_s": {
                "kconnect_avro": _rate(
                    lambda a=avro, i=items, t=topic: a.from_connect_batch(t, i), n, rounds
                ),
                "kconnect_avro_python_codec": _rate(
                    lambda c=python_codec, r=records: c.encode(r, b"\x00\x00\x00\x00\x01"), n, rounds
                ),
                "fastavro_dicts": _rate(fa_write, n, rounds),
                "kconnect_json": _rate(lambda j=js, i=items, t=topic: j.from_connect_batch(t, i), n, rounds),
            },
            "decode_records_per_s": {
                "kconnect_avro": _rate(
                    lambda a=avro, e=encoded, t=topic: a.to_connect_batch(t, e), n, rounds
                ),
                "kconnect_avro_python_codec": _rate(
                    lambda c=python_codec, f=framed: c.decode(f, 5), n, rounds
                ),
                "fastavro_dicts": _rate(fa_read, n, rounds),
                "kconnect_json": _rate(
                    lambda j=js, e=js_encoded, t=topic: j.to_connect_batch(t, e), n, rounds
                ),
            },
        }
    return results


def _lookups(url: str, rounds: int) -> dict[str, int]:
    schema_id = httpx.post(f"{url}/subjects/bench-lookup/versions", json={"schema": '"string"'}).json()["id"]
    count = 2000
    with httpx.Client() as client:

        def get() -> None:
            for _ in range(count):
                client.get(f"{url}/schemas/ids/{schema_id}").raise_for_status()

        rest = _rate(get, count, rounds)
    avro = AvroConverter()
    avro.configure({"schema.registry.url": url}, False)
    payload = b"\x00" + schema_id.to_bytes(4, "big") + b"\x02a"
    batch = [payload] * 1000
    cached = _rate(lambda: avro.to_connect_batch("t", batch), len(batch), rounds)
    return {"registry_rest_get_schema_by_id_per_s": rest, "converter_cached_decodes_per_s": cached}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", default=os.environ.get("KCONNECT_BOOTSTRAP_SERVERS"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with _broker(args.bootstrap) as bootstrap, _registry(bootstrap) as url:
        report = {
            "batch": 1000,
            "native_avro_codec": NATIVE_AVRO,
            "converters": _converters(url, "bench", args.rounds),
            "lookups": _lookups(url, args.rounds),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
