"""Find the Java that Spark will use and check that Spark 4 can run on it.

Spark 4 runs on Java 17 or 21. Spark's launcher uses ``$JAVA_HOME/bin/java`` when ``JAVA_HOME``
is set and ``java`` on ``PATH`` otherwise; :func:`find_java` looks in the same order, so what it
reports is what Spark would start.

``python -m graphframe_cypher._java`` checks from the command line: it prints the Java found and
exits 0, or explains the problem and how to fix it on stderr and exits 1. The Makefile runs this
file before installing anything (``python3 -P graphframe_cypher/_java.py``), so it must only
use the standard library at import time (the package's error class is imported lazily).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

SUPPORTED_MAJORS = (17, 21)
REQUIREMENT = "Spark 4 needs Java 17 or 21"

FIX_HINT = """\
To fix it, install Java 17 (or 21) and make it the one Spark uses:
  Debian/Ubuntu:  sudo apt-get install openjdk-17-jre-headless
  Fedora/RHEL:    sudo dnf install java-17-openjdk-headless
  macOS:          brew install openjdk@17
then point JAVA_HOME at it, e.g.
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64        (Debian/Ubuntu, amd64)
  export JAVA_HOME=$(/usr/libexec/java_home -v 17)            (macOS)
or put its bin/ directory first on PATH (and unset JAVA_HOME)."""

# `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_392"`.
_VERSION_RE = re.compile(r'\bversion\s+"([^"]+)"')
# The `release` file of a JDK/JRE home: JAVA_VERSION="17.0.15"
_RELEASE_RE = re.compile(r'^JAVA_VERSION="([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class JavaInfo:
    """The Java executable Spark would use and what it says about itself."""

    path: str
    source: str  # "JAVA_HOME" or "PATH"
    version: str | None  # e.g. "17.0.15", "1.8.0_392", "25"; None if it could not be read
    major: int | None  # e.g. 17, 8, 25
    output: str  # what `java -version` printed (or why it could not run)

    @property
    def supported(self) -> bool:
        return self.major in SUPPORTED_MAJORS

    def describe(self) -> str:
        where = f"{self.path} (from {self.source})"
        if self.version is None:
            return f"a Java at {where} whose version could not be read"
        return f"Java {self.major} (version {self.version}) at {where}"


def parse_java_version(output: str) -> tuple[str, int] | None:
    """Return ``(version, major)`` from ``java -version`` output, or None if there is none.

    Handles the legacy ``1.x`` numbering (``1.8.0_392`` is Java 8), plain majors (``25``),
    early-access suffixes (``26-ea``) and noise lines such as ``Picked up JAVA_TOOL_OPTIONS``.
    """
    match = _VERSION_RE.search(output)
    if match is None:
        return None
    version = match.group(1)
    major = java_major(version)
    if major is None:
        return None
    return version, major


def java_major(version: str) -> int | None:
    """The major release of a Java version string: ``1.8.0_392`` -> 8, ``17.0.15`` -> 17."""
    parts = re.findall(r"\d+", version)
    if not parts:
        return None
    first = int(parts[0])
    if first == 1 and len(parts) > 1:
        return int(parts[1])
    return first


def _java_executable(env: dict[str, str]) -> tuple[str | None, str, str]:
    """(path or None, source, explanation when None) -- in the order Spark's launcher uses."""
    java_home = env.get("JAVA_HOME", "").strip()
    if java_home:
        candidate = os.path.join(java_home, "bin", "java")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate, "JAVA_HOME", ""
        return None, "JAVA_HOME", f"JAVA_HOME is set to {java_home}, but {candidate} does not exist"
    found = shutil.which("java", path=env.get("PATH"))
    if found:
        return found, "PATH", ""
    return None, "PATH", "JAVA_HOME is not set and there is no `java` on PATH"


def _run_version(path: str) -> str:
    try:
        proc = subprocess.run(
            [path, "-version"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"could not run `{path} -version`: {exc}"
    # The JVM prints its version on stderr; some wrappers use stdout.
    return (proc.stderr or "") + (proc.stdout or "")


def find_java(env: dict[str, str] | None = None) -> JavaInfo | None:
    """The Java Spark would launch (``$JAVA_HOME/bin/java``, else ``java`` on PATH).

    Returns None when there is no such executable; otherwise a :class:`JavaInfo` whose
    ``major`` is None when ``java -version`` could not be run or understood.
    """
    env = dict(os.environ) if env is None else env
    path, source, _ = _java_executable(env)
    if path is None:
        return None
    output = _run_version(path)
    parsed = parse_java_version(output)
    version, major = parsed if parsed else (None, None)
    return JavaInfo(path=path, source=source, version=version, major=major, output=output.strip())


def _installed_supported_homes() -> list[str]:
    """Java homes of a supported version found in the usual install places (for hints)."""
    patterns = [
        "/usr/lib/jvm/*",
        "/usr/java/*",
        "/opt/java/*",
        "/Library/Java/JavaVirtualMachines/*/Contents/Home",
        "/opt/homebrew/opt/openjdk@*/libexec/openjdk.jdk/Contents/Home",
        "/usr/local/opt/openjdk@*/libexec/openjdk.jdk/Contents/Home",
    ]
    homes: list[str] = []
    seen: set[str] = set()
    for pattern in patterns:
        # Real directories before symlinks to them (java-17-openjdk-amd64, not java-1.17.0-...).
        for home in sorted(glob.glob(pattern), key=lambda h: (os.path.islink(h), h)):
            real = os.path.realpath(home)
            if real in seen or not os.path.isfile(os.path.join(home, "bin", "java")):
                continue
            seen.add(real)
            try:
                with open(os.path.join(home, "release"), encoding="utf-8") as fh:
                    match = _RELEASE_RE.search(fh.read())
            except OSError:
                continue
            if match and java_major(match.group(1)) in SUPPORTED_MAJORS:
                homes.append(home)
    return homes


def java_problem(env: dict[str, str] | None = None) -> tuple[JavaInfo | None, str | None]:
    """``(info, None)`` when Spark can run, else ``(info or None, message explaining why)``."""
    env = dict(os.environ) if env is None else env
    path, _, why_missing = _java_executable(env)
    info = find_java(env) if path is not None else None
    if info is not None and info.supported:
        return info, None
    if info is None:
        found = f"No Java found: {why_missing}."
    elif info.major is None:
        found = f"Found {info.describe()}; `java -version` said:\n  " + (
            info.output.replace("\n", "\n  ") or "(nothing)"
        )
    else:
        found = f"Found {info.describe()}."
    lines = [found, f"{REQUIREMENT}.", FIX_HINT]
    homes = _installed_supported_homes()
    if homes:
        lines.append("A supported Java is already installed here; to use it:")
        lines.extend(f"  export JAVA_HOME={home}" for home in homes)
    return info, "\n".join(lines)


def require_java(env: dict[str, str] | None = None) -> JavaInfo:
    """Return the Java Spark will use, or raise
    :class:`graphframe_cypher.errors.CypherEnvironmentError` saying how to fix it."""
    info, problem = java_problem(env)
    if problem is not None:
        from graphframe_cypher.errors import CypherEnvironmentError

        code = "JavaNotFound" if info is None else "JavaVersion"
        raise CypherEnvironmentError(problem, code=code)
    assert info is not None
    return info


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    quiet = "-q" in args or "--quiet" in args
    info, problem = java_problem()
    if problem is not None:
        print(f"Java check failed.\n{problem}", file=sys.stderr)
        return 1
    assert info is not None
    if not quiet:
        print(f"Java OK: {info.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
