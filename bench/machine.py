"""Where the figures come from: the machine, the Python and package versions, and the commit measured."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from . import ROOT


def _git(*args: str) -> str | None:
    """Output of a read-only git command in the project, or None outside a repository."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=ROOT,
            env=dict(os.environ, GIT_OPTIONAL_LOCKS="0"),  # `git status` then never rewrites the index
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def machine() -> dict[str, Any]:
    """Where the figures come from, and which code they measure."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1

    status = _git("status", "--porcelain", "--untracked-files=no")

    def version(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu,
        "cores": cores,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "weasyprint": version("weasyprint"),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": None if status is None else bool(status),
    }
