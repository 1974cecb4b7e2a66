"""``kconnect.dev.maven``: pom rendering, the cache dir and the fetch-once logic, with a fake ``mvn``."""

from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kconnect.dev.maven import (
    DEPENDENCY_PLUGIN,
    MARKER,
    Artifact,
    cache_root,
    fetch_jars,
    render_pom,
    require_tool,
)
from kconnect.errors import ServiceError

POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
A = Artifact("org.example", "alpha", "1.0")
B = Artifact("org.example", "beta", "2.0")
MISSING = Artifact("org.example", "missing", "9.9")

# Writes one jar per <artifactId> of the pom into -DoutputDirectory=..., logs each call,
# and fails like Maven when the pom names the artifact "missing".
FAKE_MVN = """#!/bin/sh
echo "$@" >> "{calls}"
for arg in "$@"; do
  case "$arg" in
    -f) next=pom ;;
    -DoutputDirectory=*) out="${{arg#-DoutputDirectory=}}" ;;
    *) [ "$next" = pom ] && pom="$arg"; next= ;;
  esac
done
if grep -q '<artifactId>missing</artifactId>' "$pom"; then
  echo "[ERROR] Could not find artifact org.example:missing:jar:9.9 in central"; exit 1
fi
for a in $(sed -n 's:.*<artifactId>\\(.*\\)</artifactId>.*:\\1:p' "$pom" | grep -v '^fetch$'); do
  touch "$out/$a.jar"
done
"""


@pytest.fixture
def fake_mvn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``mvn`` on an otherwise empty PATH; returns the file its calls are logged to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "mvn-calls.log"
    script = bin_dir / "mvn"
    script.write_text(FAKE_MVN.format(calls=calls))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    return calls


def _calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_pom_lists_the_artifacts_as_dependencies() -> None:
    root = ET.fromstring(render_pom([A, B]))
    deps = [
        tuple(dep.findtext(f"m:{tag}", namespaces=POM_NS) for tag in ("groupId", "artifactId", "version"))
        for dep in root.iterfind("m:dependencies/m:dependency", POM_NS)
    ]
    assert deps == [("org.example", "alpha", "1.0"), ("org.example", "beta", "2.0")]
    assert root.findtext("m:packaging", namespaces=POM_NS) == "pom"


def test_pom_escapes_xml() -> None:
    root = ET.fromstring(render_pom([Artifact("g", "a<b&c", "1")]))
    assert root.findtext("m:dependencies/m:dependency/m:artifactId", namespaces=POM_NS) == "a<b&c"


def test_cache_root_honours_kconnect_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KCONNECT_CACHE", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv("KCONNECT_CACHE")
    assert cache_root() == Path.home() / ".cache" / "kconnect"


def test_missing_tool_is_a_one_line_service_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServiceError) as err:
        require_tool("mvn")
    assert str(err.value) == "mvn not found: install Maven (apt-get install maven)"


def test_fetch_runs_maven_once(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "cache" / "thing-1.0"
    lib = fetch_jars([A, B], target)
    assert lib == target / "lib"
    assert sorted(p.name for p in lib.iterdir()) == ["alpha.jar", "beta.jar"]
    assert (target / MARKER).is_file()
    [call] = _calls(fake_mvn)
    assert f"{DEPENDENCY_PLUGIN}:copy-dependencies" in call
    assert "-DincludeScope=runtime" in call
    assert fetch_jars([A, B], target) == lib
    assert len(_calls(fake_mvn)) == 1


def test_half_done_fetch_is_redone(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    (target / "lib").mkdir(parents=True)
    (target / "lib" / "partial.jar").touch()
    (target / "lib-abandoned").mkdir()
    lib = fetch_jars([A], target)
    assert sorted(p.name for p in lib.iterdir()) == ["alpha.jar"]
    assert not (target / "lib-abandoned").exists()
    assert len(_calls(fake_mvn)) == 1


def test_changed_artifact_list_fetches_again(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    fetch_jars([A], target)
    lib = fetch_jars([A, B], target)
    assert sorted(p.name for p in lib.iterdir()) == ["alpha.jar", "beta.jar"]
    assert len(_calls(fake_mvn)) == 2


def test_unresolvable_optional_artifact_is_left_out(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    lib = fetch_jars([A], target, optional=[MISSING])
    assert sorted(p.name for p in lib.iterdir()) == ["alpha.jar"]
    assert len(_calls(fake_mvn)) == 2
    fetch_jars([A], target, optional=[MISSING])
    assert len(_calls(fake_mvn)) == 2


def test_failed_fetch_reports_maven_output_and_leaves_no_marker(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    with pytest.raises(ServiceError, match=r"Could not find artifact org\.example:missing"):
        fetch_jars([A, MISSING], target)
    assert not (target / MARKER).exists()
    assert not (target / "lib").exists()
    assert list(target.glob("lib-*")) == []


def test_cached_fetch_needs_no_maven(fake_mvn: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t"
    fetch_jars([A], target)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert fetch_jars([A], target) == target / "lib"
    (target / MARKER).unlink()
    with pytest.raises(ServiceError, match="mvn not found"):
        fetch_jars([A], target)


def test_deleted_lib_dir_is_fetched_again(fake_mvn: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    lib = fetch_jars([A], target)
    for jar in lib.iterdir():
        jar.unlink()
    assert [p.name for p in fetch_jars([A], target).iterdir()] == ["alpha.jar"]
    assert len(_calls(fake_mvn)) == 2
