"""One small disk cache, shared by the PDF cache and the QR-code cache.

Entries are files in one folder, named by the caller (a hash of what they were made from, so they never
go stale). Each write goes to a temporary file of its own in the same folder (a name no other writer
uses, never one a reader asks for), flushed to disk and then renamed over the entry with `os.replace`:
a reader, another build writing the same entry at the same time, or a build killed half-way (even by a
power cut) leaves either the whole old entry or the whole new one, never half a file. Reading an entry
marks it as used; `prune` deletes entries unused for `max_age` seconds and the temporary files of
writers that died (older than `TEMPORARY_MAX_AGE`, which no live write takes). The cache
only saves time: a folder that cannot be written (read-only, a dangling link) costs time, never the build,
and is reported once as a note in `warnings` for the caller to show.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

CACHE_MAX_AGE = 30 * 24 * 3600  # seconds an unused cache entry is kept
TEMPORARY_MAX_AGE = 3600  # seconds after which a temporary file is a dead writer's (a write takes far less)
TEMPORARY_SUFFIX = ".tmp"


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
        # A name of this write's own (two builds, or two worker processes, may write the same entry at
        # once), opened exclusively, with the permissions any other file here gets.
        temporary = self.directory / f".{name}.{os.getpid()}.{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            with open(fd, "wb") as file:
                file.write(data)
                file.flush()
                # On disk before the name points at it: after a crash the entry is the old one or this one,
                # never an empty file under the new name.
                os.fsync(file.fileno())
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
        """Delete entries unused for `max_age` seconds, and the temporary files dead writers left (older
        than `TEMPORARY_MAX_AGE`, whatever `max_age` says: a live write's is never touched); return how
        many went."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        now = time.time()
        limit = now - (self.max_age if max_age is None else max_age)
        temporary_limit = now - TEMPORARY_MAX_AGE
        removed = 0
        try:
            for path in self.directory.iterdir():
                try:
                    oldest = temporary_limit if path.name.endswith(TEMPORARY_SUFFIX) else limit
                    if path.is_file() and path.stat().st_mtime < oldest:
                        path.unlink(missing_ok=True)
                        removed += 1
                except OSError:
                    continue  # a file another build is replacing, or a read-only folder
        except OSError:
            return removed
        return removed
