"""A real single-node HDFS (NameNode + DataNode in one JVM) with WebHDFS on 127.0.0.1.

Owns: which Maven artifacts make up the cluster, starting Hadoop's
``MiniHadoopClusterManager`` (option A of ``real-services.md`` section 4) as a
child process, waiting until the NameNode reports a live DataNode and has left
safe mode, and stopping it.  Used by ``kconnect dev hdfs``, the pytest
fixtures, CI and the benchmarks; it never talks to the kconnect runtime.

Why option A: ``hadoop-client-minicluster`` is one shaded jar set (about 91 MB
with the JAXB jars below) that starts in about 5 s on 2 cores, against two
JVMs and more jars for separate NameNode/DataNode daemons.  It is the real
NameNode and DataNode code (same RPC, WebHDFS, permissions, leases); only the
launcher differs.  The first start formats; later starts of the same
``data_dir`` keep the namespace, so :meth:`HdfsCluster.restart` is a real
NameNode restart with the data intact.

The shaded jar lacks ``javax.xml.bind`` (removed from the JDK in 11), which
WebHDFS's Jersey needs for every JSON answer (500 "JAXBContext not present"
otherwise), hence the JAXB artifacts.

``python -m kconnect.dev.hdfs --fetch-only`` fetches the jars and exits.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Self

from kconnect.dev.local import HOST, ChildService, die_with_parent, free_port, port_free
from kconnect.dev.maven import Artifact, cache_root, fetch_jars, require_tool
from kconnect.errors import ServiceError

__all__ = [
    "HADOOP_VERSION",
    "HdfsCluster",
    "fetch_hadoop",
    "hadoop_artifacts",
    "hadoop_home",
]

log = logging.getLogger(__name__)

HADOOP_VERSION = "3.4.1"
MAIN = "org.apache.hadoop.mapreduce.MiniHadoopClusterManager"
SUPERUSER = "root"
"""The user name the tests and the CLI use for WebHDFS: HDFS's superuser is whoever runs the NameNode."""

LOG4J_PROPERTIES = """\
log4j.rootLogger=WARN,c
log4j.appender.c=org.apache.log4j.ConsoleAppender
log4j.appender.c.layout=org.apache.log4j.PatternLayout
log4j.appender.c.layout.ConversionPattern=%d %p %c: %m%n
log4j.logger.org.apache.hadoop.hdfs.StateChange=WARN
"""

_ADD_OPENS = ("java.lang", "java.lang.reflect", "java.nio", "sun.nio.ch", "java.util", "java.io", "java.net")
JVM_OPTS = (
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseSerialGC",
    "-Djava.net.preferIPv4Stack=true",
    "-Djava.awt.headless=true",
    *(f"--add-opens=java.base/{pkg}=ALL-UNNAMED" for pkg in _ADD_OPENS),
)


def hadoop_artifacts(version: str = HADOOP_VERSION) -> list[Artifact]:
    """The minicluster, its logging binding and the JAXB jars WebHDFS needs on Java 17."""
    return [
        Artifact("org.apache.hadoop", "hadoop-client-minicluster", version),
        Artifact("org.slf4j", "slf4j-reload4j", "1.7.36"),
        Artifact("ch.qos.reload4j", "reload4j", "1.2.22"),
        Artifact("javax.xml.bind", "jaxb-api", "2.3.1"),
        Artifact("org.glassfish.jaxb", "jaxb-runtime", "2.3.9"),
        Artifact("javax.activation", "javax.activation-api", "1.2.0"),
    ]


def hadoop_home(version: str = HADOOP_VERSION) -> Path:
    """Where the jars of ``version`` are cached (``~/.cache/kconnect/hadoop-<version>``)."""
    return cache_root() / f"hadoop-{version}"


def fetch_hadoop(version: str = HADOOP_VERSION) -> Path:
    """Fetch the Hadoop jars with Maven unless already cached; return the lib dir."""
    return fetch_jars(hadoop_artifacts(version), hadoop_home(version))


class HdfsCluster(ChildService):
    """One MiniDFSCluster JVM: NameNode RPC on ``port``, NameNode HTTP (WebHDFS) on ``http_port``.

    Ports of ``None``/``0`` are picked once and stay fixed across
    :meth:`restart`.  ``data_dir`` holds ``conf/``, ``data/`` and ``logs/``; by
    default a temp dir that :meth:`close` removes.  Permissions are enforced
    (``dfs.permissions.enabled=true``): the user running this process is the
    superuser, any other WebHDFS ``user.name`` is an ordinary user.
    """

    temp_prefix = "kconnect-hdfs-"
    service_name = "HDFS"

    def __init__(
        self,
        port: int | None = None,
        *,
        http_port: int | None = None,
        data_dir: Path | str | None = None,
        version: str = HADOOP_VERSION,
        overrides: Mapping[str, str] | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.version = version
        self.port = port or free_port()
        self.http_port = http_port or free_port()
        self.overrides = dict(overrides or {})
        self.startup_timeout = startup_timeout
        self._init_root(data_dir)

    # -- addresses and paths

    @property
    def webhdfs_url(self) -> str:
        """``webhdfs://127.0.0.1:<http_port>``: what ``hdfs.url`` takes to reach this cluster."""
        return f"webhdfs://{HOST}:{self.http_port}"

    @property
    def hdfs_url(self) -> str:
        """``hdfs://127.0.0.1:<port>``: the NameNode RPC address (``fs.defaultFS``)."""
        return f"hdfs://{HOST}:{self.port}"

    @property
    def http_url(self) -> str:
        """``http://127.0.0.1:<http_port>``: NameNode web UI, JMX and WebHDFS REST."""
        return f"http://{HOST}:{self.http_port}"

    @property
    def log_file(self) -> Path:
        """The cluster JVM's stdout and stderr."""
        return self.root / "logs" / "hdfs.log"

    @property
    def data_dir(self) -> Path:
        """``hdfs.minidfs.basedir``: NameNode metadata and DataNode blocks."""
        return self.root / "data"

    # -- lifecycle

    def start(self) -> Self:
        """Fetch (first run), launch (formatting a fresh data dir) and wait until ready."""
        if self.is_running():
            return self
        require_tool("java")
        lib = fetch_hadoop(self.version)
        for port in (self.port, self.http_port):
            if not port_free(port):
                raise ServiceError(f"port {port} on {HOST} is in use: stop what uses it or pick another")
        conf = self.root / "conf"
        for path in (conf, self.data_dir, self.log_file.parent):
            path.mkdir(parents=True, exist_ok=True)
        (conf / "log4j.properties").write_text(LOG4J_PROPERTIES)
        started = time.monotonic()
        self._launch(self._command(lib, conf, fresh=not any(self.data_dir.glob("name-*"))))
        try:
            self._wait_ready()
        except BaseException:
            self.stop(timeout=10)
            raise
        log.info("HDFS %s ready at %s in %.1fs", self.version, self.http_url, time.monotonic() - started)
        return self

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"{type(self).__name__}({self.http_url}, {self.version}, {state})"

    # -- readiness

    def jmx(self, bean: str) -> dict[str, object]:
        """The attributes of NameNode JMX bean ``Hadoop:service=NameNode,name=<bean>`` ({} if none)."""
        url = f"{self.http_url}/jmx?qry=Hadoop:service=NameNode,name={bean}"
        with urllib.request.urlopen(url, timeout=2) as resp:
            beans = json.load(resp).get("beans", [])
        return dict(beans[0]) if beans else {}

    def is_ready(self) -> bool:
        """Whether a DataNode is live and the NameNode has left safe mode."""
        try:
            live = self.jmx("FSNamesystemState").get("NumLiveDataNodes")
            safemode = self.jmx("NameNodeInfo").get("Safemode")
        except (OSError, ValueError, urllib.error.URLError):
            return False
        return live == 1 and safemode == ""

    # -- internals

    def _command(self, lib: Path, conf: Path, *, fresh: bool) -> list[str]:
        settings = {
            "hdfs.minidfs.basedir": str(self.data_dir),
            "dfs.permissions.enabled": "true",
            "dfs.datanode.hostname": HOST,
            "dfs.replication": "1",
            "dfs.namenode.safemode.extension": "0",
            "dfs.namenode.datanode.registration.ip-hostname-check": "false",
            "dfs.client.block.write.replace-datanode-on-failure.enable": "false",
            # close a file without waiting for the DataNode's block report: otherwise the client
            # polls from 400 ms, and every small file (WAL blocks, commits) takes ~0.4 s to close
            "dfs.namenode.file.close.num-committed-allowed": "1",
            "dfs.client.block.write.locateFollowingBlock.initial.delay.ms": "10",
            **self.overrides,
        }
        args = ["-nomr", "-nnport", str(self.port), "-nnhttpport", str(self.http_port), "-datanodes", "1"]
        if fresh:
            args.append("-format")
        for key, value in settings.items():
            args += ["-D", f"{key}={value}"]
        java = require_tool("java")
        return [
            java,
            *JVM_OPTS,
            f"-Dlog4j.configuration=file:{conf / 'log4j.properties'}",
            f"-Dhadoop.home.dir={self.root}",
            "-cp",
            os.pathsep.join([str(conf), f"{lib}/*"]),
            MAIN,
            *args,
        ]

    def _launch(self, cmd: Sequence[str]) -> None:
        with self.log_file.open("ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(),  # noqa: PLW1509 (only calls prctl, async-signal-safe)
            )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            code = self._proc.poll()
            if code is not None:
                self._proc = None
                raise ServiceError(
                    f"HDFS exited with status {code} during startup; "
                    f"log {self.log_file} ends:\n{self.log_tail()}"
                )
            if self.is_ready():
                return
            time.sleep(0.3)  # poll interval while the JVM starts
        raise ServiceError(
            f"HDFS not ready at {self.http_url} after {self.startup_timeout:.0f}s; "
            f"log {self.log_file} ends:\n{self.log_tail()}"
        )


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """``python -m kconnect.dev.hdfs --fetch-only``: fetch the jars and print the lib dir."""
    parser = argparse.ArgumentParser(prog="python -m kconnect.dev.hdfs")
    parser.add_argument("--fetch-only", action="store_true", help="fetch the jars and exit")
    parser.add_argument("--hadoop-version", default=HADOOP_VERSION)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
    if not args.fetch_only:
        parser.error("only --fetch-only is supported here; use `kconnect dev hdfs` to run a cluster")
    try:
        print(fetch_hadoop(args.hadoop_version), file=out or sys.stdout)
    except ServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
