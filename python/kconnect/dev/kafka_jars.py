"""The Apache Kafka jars: which Maven artifacts, where they are cached, how to run a main from them.

One lib dir per version holds broker, tools (ProducerPerformance, ...) and
Kafka Connect, like the release tarball's ``libs/``, so the broker, the
benchmarks and the Java reference Connect worker run from the same jars.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kconnect.dev.maven import Artifact, cache_root, fetch_jars, require_tool

__all__ = [
    "JVM_OPTS",
    "KAFKA_VERSION",
    "LOG4J_VERSION",
    "SLF4J_VERSION",
    "fetch_kafka",
    "java_classpath",
    "java_command",
    "kafka_artifacts",
    "kafka_home",
    "kafka_lib_dir",
]

KAFKA_VERSION = "4.1.1"
LOG4J_VERSION = "2.24.3"
SLF4J_VERSION = "2.0.16"
"""kafka-clients declares slf4j-api 1.7 at runtime; the log4j2 bridge needs the 2.x API."""

JVM_OPTS = (
    "-Xms512m",
    "-Xmx1g",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
)


def kafka_artifacts(version: str = KAFKA_VERSION) -> tuple[list[Artifact], list[Artifact]]:
    """The (required, optional) Maven artifacts of broker, tools, Connect and the log4j2 bridge."""
    kafka = [
        Artifact("org.apache.kafka", name, version)
        for name in ("kafka_2.13", "kafka-tools", "connect-runtime", "connect-file")
    ]
    logging_jars = [
        Artifact("org.apache.logging.log4j", name, LOG4J_VERSION)
        for name in ("log4j-api", "log4j-core", "log4j-slf4j2-impl")
    ]
    slf4j = [Artifact("org.slf4j", "slf4j-api", SLF4J_VERSION)]
    optional = [Artifact("org.apache.kafka", "connect-test-plugins", version)]
    return [*kafka, *logging_jars, *slf4j], optional


def kafka_home(version: str = KAFKA_VERSION) -> Path:
    """The cache directory of one Kafka version: ``<cache>/kafka-<version>``."""
    return cache_root() / f"kafka-{version}"


def kafka_lib_dir(version: str = KAFKA_VERSION) -> Path:
    """The lib dir holding every jar of ``version`` (not fetched by this call)."""
    return kafka_home(version) / "lib"


def fetch_kafka(version: str = KAFKA_VERSION) -> Path:
    """Fetch the Kafka jars with Maven unless already cached; return the lib dir."""
    required, optional = kafka_artifacts(version)
    return fetch_jars(required, kafka_home(version), optional)


def java_classpath(version: str = KAFKA_VERSION, conf_dir: Path | None = None) -> str:
    """A ``java -cp`` value for the jars of ``version`` (fetching them first), ``conf_dir`` first."""
    lib = fetch_kafka(version)
    entries = [str(conf_dir)] if conf_dir is not None else []
    return os.pathsep.join([*entries, f"{lib}/*"])


def java_command(
    main: str,
    *args: str,
    version: str = KAFKA_VERSION,
    conf_dir: Path | None = None,
    jvm_opts: Sequence[str] = JVM_OPTS,
) -> list[str]:
    """``java ... -cp <conf>:<lib>/* MAIN ARGS`` over the Kafka jars (fetched first).

    E.g. ``org.apache.kafka.tools.ProducerPerformance`` or
    ``org.apache.kafka.connect.cli.ConnectStandalone`` for benchmarks.  A
    ``conf_dir`` goes first on the classpath and its ``log4j2.properties``
    configures logging (write ``kconnect.dev.kafka.LOG4J2_PROPERTIES`` there).
    Raises :class:`~kconnect.errors.ServiceError` if ``java`` is missing.
    """
    java = require_tool("java")
    log4j = [] if conf_dir is None else [f"-Dlog4j2.configurationFile={conf_dir / 'log4j2.properties'}"]
    return [java, *jvm_opts, *log4j, "-cp", java_classpath(version, conf_dir), main, *args]
