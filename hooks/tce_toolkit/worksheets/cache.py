"""One small disk cache, shared by the PDF cache and the QR-code cache.

Entries are files in one folder, named by the caller (a hash of what they were made from, so they never
go stale). Writes go through a temporary file and `os.replace`, so no reader ever sees half a file;
reading an entry marks it as used, and `prune` deletes entries unused for `max_age` seconds. The cache
only saves time: a folder that cannot be written (read-only, a dangling link) costs time, never the build,
and is reported once as a note in `warnings` for the caller to show.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

CACHE_MAX_AGE = 30 * 24 * 3600  # seconds an unused cache entry is kept


class DiskCache:
    """Files in `directory`, by name; `directory=None` turns caching off."""

    def __init__(
        self,
        directory: Path | None,
        what: str = "the cache",
        cost: str = "its entries will be made again next time",
        max_age: float = CACHE_MAX_AGE,
    ) -> None:
        self.directory = directory
        self.what = what  # how a note names this cache, e.g. "the PDF cache"
        self.cost = cost  # what a note says a failed write costs
        self.max_age = max_age
        self.warnings: list[str] = []  # notes about writes that failed, each once

    def read(self, name: str) -> bytes | None:
        """The entry `name`, marked as used; None when there is none or it cannot be read."""
        if self.directory is None:
            return None
        path = self.directory / name
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):  # a read-only cache still serves what it holds
            now = time.time()
            os.utime(path, (now, now))  # used now: pruning keeps it
        return data

    def path(self, name: str) -> Path | None:
        """Where the entry `name` is, marked as used, for copying it file to file; None when there is none."""
        if self.directory is None:
            return None
        path = self.directory / name
        try:
            now = time.time()
            os.utime(path, (now, now))  # used now: pruning keeps it
        except FileNotFoundError:
            return None
        except OSError:
            pass  # a read-only cache still serves what it holds
        return path if path.is_file() else None

    def write(self, name: str, data: bytes) -> bool:
        """Store `data` as the entry `name`; False (and a note in `warnings`) when that is not possible."""
        if self.directory is None:
            return False
        temporary = self.directory / f"{name}.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.directory / name)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            note = f"cannot write {self.what} in {self.directory} ({error.strerror or error}); {self.cost}"
            if note not in self.warnings:
                self.warnings.append(note)
            return False
        return True

    def prune(self, max_age: float | None = None) -> int:
        """Delete entries (and stray temporary files) unused for `max_age` seconds; return how many went."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        limit = time.time() - (self.max_age if max_age is None else max_age)
        removed = 0
        try:
            for path in self.directory.iterdir():
                try:
                    if path.is_file() and path.stat().st_mtime < limit:
                        path.unlink(missing_ok=True)
                        removed += 1
                except OSError:
                    continue  # a file another build is replacing, or a read-only folder
        except OSError:
            return removed
        return removed
