"""Exactly once the hard way: kill -9 the worker at random moments during a steady stream into real HDFS.

``KCONNECT_HDFS_KILLS`` sets the number of kills (20 by default, as CI runs it).
Afterwards every offset of every partition is in exactly one committed file,
with no gap, each file holds exactly the records its name says, and no temp
file or unapplied WAL block is left.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from pathlib import Path

from confluent_kafka import Producer
from tests.conftest import TopicFactory
from tests.integration.hdfs.hdfs_harness import (
    committed,
    files_under,
    hdfs_fs,
    sink_config,
    worker,
    write_connector,
)
from tests.integration.standalone_process import wait_for

from kconnect.dev.hdfs import HdfsCluster

KILLS = int(os.environ.get("KCONNECT_HDFS_KILLS", "20"))
PARTITIONS = 2


class SteadyProducer(threading.Thread):
    """Sends ``<partition>-<seq>`` values to each partition in turn until stopped; counts what was acked."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        super().__init__(daemon=True)
        self.topic = topic
        self.producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": True})
        self.sent = [0] * PARTITIONS
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for p in range(PARTITIONS):
                self.producer.produce(self.topic, value=f"{p}-{self.sent[p]}", partition=p)
                self.sent[p] += 1
            self.producer.poll(0)
            self.done.wait(0.008)  # a steady stream of ~100 records/s per partition
        assert self.producer.flush(30) == 0


def test_kill_dash_nine_loop_exactly_once(
    hdfs_running: HdfsCluster, bootstrap_servers: str, topic_factory: TopicFactory, tmp_path: Path
) -> None:
    topic = topic_factory(partitions=PARTITIONS)
    root = f"/eos/{topic}"
    config = sink_config(
        f"{hdfs_running.webhdfs_url}{root}",
        topic,
        **{"format.class": "String", "flush.size": "37", "rotate.interval.ms": "1500"},
    )
    connector = write_connector(tmp_path / "c.json", f"eos-{topic}", config)
    overrides = {"consumer.group.instance.id": f"eos-{topic}", "consumer.session.timeout.ms": "10000"}
    fs = hdfs_fs(hdfs_running)
    producer = SteadyProducer(bootstrap_servers, topic)
    producer.start()
    rng = random.Random(7)
    try:
        for _ in range(KILLS):
            proc = worker(tmp_path, bootstrap_servers, [connector], **overrides).start()
            time.sleep(rng.uniform(0.2, 2.5))  # the kill lands at a random moment, commits included
            proc.kill()
    finally:
        producer.done.set()
        producer.join(60)
    total = sum(producer.sent)
    with worker(tmp_path, bootstrap_servers, [connector], **overrides) as proc:
        proc.wait_running(f"eos-{topic}")

        def all_committed() -> bool:
            return sum(e - s + 1 for _, _, s, e in committed(fs, root, topic)) >= total

        wait_for(all_committed, 90, f"{total} records committed")
    files = committed(fs, root, topic)
    for p in range(PARTITIONS):
        spans = sorted((s, e, path) for path, part, s, e in files if part == p)
        expect = 0
        for start, end, path in spans:
            assert start == expect, f"partition {p}: file {path} starts at {start}, expected {expect}"
            lines = fs.cat_file(path).decode().splitlines()
            assert lines == [f"{p}-{i}" for i in range(start, end + 1)], f"content of {path}"
            expect = end + 1
        assert expect == producer.sent[p], (
            f"partition {p}: committed up to {expect}, produced {producer.sent[p]}"
        )
    assert files_under(fs, f"{root}/topics/+tmp") == []
    if KILLS >= 10:  # some kill landed inside a commit: recovery had leftovers to finish or delete
        recoveries = "".join(log.read_text() for log in tmp_path.glob("worker-*.log"))
        leftovers = re.findall(r"\((\d+) file\(s\) committed from the WAL, (\d+) temp file\(s\)", recoveries)
        assert any(int(a) + int(b) > 0 for a, b in leftovers), "no kill interrupted a commit"
    for p in range(PARTITIONS):
        wal = [w.rsplit("/", 1)[-1] for w in files_under(fs, f"{root}/logs/{topic}/{p}")]
        assert len(wal) == 1 and wal[0].startswith("wal-"), wal
