"""What the benchmarks' reports share: numbers in table cells, the commit measured, and the
JSON file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def cell(value: float | None, fmt: str, width: int) -> str:
    """``value`` formatted and right-aligned in ``width``; ``-`` when there is none."""
    return format(value, fmt).rjust(width) if value is not None else "-".rjust(width)


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def write_json(report: dict[str, Any], output: Path | None) -> None:
    """Writes ``report`` to ``output`` (creating its folder); nothing when ``output`` is None."""
    if output is None:
        return
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1, default=str) + "\n")
