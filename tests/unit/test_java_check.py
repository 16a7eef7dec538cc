"""The Java detector: version parsing and messages. Needs neither Java nor Spark."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from graphframe_cypher import _java
from graphframe_cypher.errors import CypherError, CypherEnvironmentError

JAVA_8 = """\
openjdk version "1.8.0_392"
OpenJDK Runtime Environment (Temurin)(build 1.8.0_392-b08)
OpenJDK 64-Bit Server VM (Temurin)(build 25.392-b08, mixed mode)
"""
ORACLE_8 = """\
java version "1.8.0_202"
Java(TM) SE Runtime Environment (build 1.8.0_202-b08)
Java HotSpot(TM) 64-Bit Server VM (build 25.202-b08, mixed mode)
"""
JAVA_11 = """\
openjdk version "11.0.21" 2023-10-17
OpenJDK Runtime Environment (build 11.0.21+9-post-Ubuntu-0ubuntu122.04)
OpenJDK 64-Bit Server VM (build 11.0.21+9-post-Ubuntu-0ubuntu122.04, mixed mode, sharing)
"""
JAVA_17 = """\
openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)
"""
JAVA_17_TOOL_OPTIONS = """\
Picked up JAVA_TOOL_OPTIONS: -Xmx2g -Dfile.encoding=UTF-8
openjdk version "17" 2021-09-14
OpenJDK Runtime Environment (build 17+35-2724)
OpenJDK 64-Bit Server VM (build 17+35-2724, mixed mode, sharing)
"""
JAVA_21 = """\
openjdk version "21.0.2" 2024-01-16 LTS
OpenJDK Runtime Environment Corretto-21.0.2.13.1 (build 21.0.2+13-LTS)
OpenJDK 64-Bit Server VM Corretto-21.0.2.13.1 (build 21.0.2+13-LTS, mixed mode, sharing)
"""
JAVA_25 = """\
openjdk version "25.0.3" 2026-04-21 LTS
OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)
OpenJDK 64-Bit Server VM Temurin-25.0.3+9 (build 25.0.3+9-LTS, mixed mode, sharing)
"""
JAVA_26_EA = """\
openjdk version "26-ea" 2026-03-17
OpenJDK Runtime Environment (build 26-ea+5-456)
OpenJDK 64-Bit Server VM (build 26-ea+5-456, mixed mode, sharing)
"""


@pytest.mark.parametrize(
    ("output", "version", "major"),
    [
        (JAVA_8, "1.8.0_392", 8),
        (ORACLE_8, "1.8.0_202", 8),
        (JAVA_11, "11.0.21", 11),
        (JAVA_17, "17.0.15", 17),
        (JAVA_17_TOOL_OPTIONS, "17", 17),
        (JAVA_21, "21.0.2", 21),
        (JAVA_25, "25.0.3", 25),
        (JAVA_26_EA, "26-ea", 26),
    ],
)
def test_parse_java_version(output, version, major):
    assert _java.parse_java_version(output) == (version, major)


@pytest.mark.parametrize("output", ["", "bash: java: command not found", "Error: no JVM"])
def test_parse_java_version_garbage(output):
    assert _java.parse_java_version(output) is None


@pytest.mark.parametrize(
    ("version", "major"),
    [("1.8.0_392", 8), ("1.7.0", 7), ("9", 9), ("17.0.15", 17), ("21", 21), ("25-ea", 25)],
)
def test_java_major(version, major):
    assert _java.java_major(version) == major


def _fake_java_home(tmp_path, output: str) -> str:
    """A JAVA_HOME whose bin/java prints `output` on stderr, like the real one."""
    home = tmp_path / "jdk"
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\ncat >&2 <<'EOF'\n{output}EOF\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(home)


needs_posix_sh = pytest.mark.skipif(os.name != "posix", reason="fake java is a shell script")


@needs_posix_sh
@pytest.mark.parametrize(("output", "major", "ok"), [(JAVA_17, 17, True), (JAVA_21, 21, True)])
def test_supported_java_from_java_home(tmp_path, output, major, ok):
    home = _fake_java_home(tmp_path, output)
    info = _java.require_java({"JAVA_HOME": home, "PATH": ""})
    assert info.major == major
    assert info.supported is ok
    assert info.source == "JAVA_HOME"
    assert info.path == os.path.join(home, "bin", "java")


@needs_posix_sh
@pytest.mark.parametrize(("output", "major"), [(JAVA_8, 8), (JAVA_11, 11), (JAVA_25, 25)])
def test_unsupported_java_is_explained(tmp_path, output, major):
    home = _fake_java_home(tmp_path, output)
    info = _java.find_java({"JAVA_HOME": home, "PATH": ""})
    assert info is not None and info.major == major and not info.supported
    with pytest.raises(CypherEnvironmentError) as excinfo:
        _java.require_java({"JAVA_HOME": home, "PATH": ""})
    message = str(excinfo.value)
    assert isinstance(excinfo.value, CypherError)
    assert f"Java {major}" in message  # what was found
    assert "Spark 4 needs Java 17 or 21" in message  # what is needed
    assert "openjdk-17-jre-headless" in message and "brew install openjdk@17" in message
    assert "JAVA_HOME" in message


def test_java_home_without_java(tmp_path):
    env = {"JAVA_HOME": str(tmp_path / "missing"), "PATH": ""}
    assert _java.find_java(env) is None
    with pytest.raises(CypherEnvironmentError) as excinfo:
        _java.require_java(env)
    message = str(excinfo.value)
    assert "JAVA_HOME is set to" in message
    assert "Spark 4 needs Java 17 or 21" in message


def test_no_java_anywhere(tmp_path):
    env = {"PATH": str(tmp_path)}  # an empty directory: no java on PATH, no JAVA_HOME
    assert _java.find_java(env) is None
    with pytest.raises(CypherEnvironmentError) as excinfo:
        _java.require_java(env)
    assert "no `java` on PATH" in str(excinfo.value)
    assert excinfo.value.code == "JavaNotFound"


@needs_posix_sh
def test_java_on_path(tmp_path):
    home = _fake_java_home(tmp_path, JAVA_21)
    info = _java.find_java({"PATH": os.path.join(home, "bin")})
    assert info is not None and info.source == "PATH" and info.major == 21


@needs_posix_sh
def test_unreadable_version(tmp_path):
    home = _fake_java_home(tmp_path, "Error: could not open `jvm.cfg'\n")
    info = _java.find_java({"JAVA_HOME": home})
    assert info is not None and info.major is None and not info.supported
    with pytest.raises(CypherEnvironmentError) as excinfo:
        _java.require_java({"JAVA_HOME": home})
    assert "could not open" in str(excinfo.value)


@needs_posix_sh
@pytest.mark.parametrize(("output", "rc"), [(JAVA_17, 0), (JAVA_11, 1)])
def test_module_cli(tmp_path, output, rc):
    home = _fake_java_home(tmp_path, output)
    env = {**os.environ, "JAVA_HOME": home}
    proc = subprocess.run(
        [sys.executable, "-m", "graphframe_cypher._java"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == rc, proc.stderr
    assert "Traceback" not in proc.stderr
    if rc == 0:
        assert "Java OK" in proc.stdout
    else:
        assert "Spark 4 needs Java 17 or 21" in proc.stderr
