"""One build at a time in a project folder, and a finished build swapped into site/ in one step.

`make build`, `make build-zensical`, `make deploy` and `make clean` run this module (README: "Previewing and
publishing"):

    python -m tce_site.builds lock TARGET --owner "$PPID"   # first: waits while another build runs here
    python -m tce_site.builds swap TARGET FOLDER            # last: the finished build in FOLDER becomes site/

`lock` takes the folder's lock (`.site.lock`, an `flock` on the file) for the `make` process that runs the
target (`--owner`, which a recipe line passes as `$PPID`), and keeps it until that `make` ends, so every
later line of the target and of the targets it leads to (`make deploy` publishes after `make build`)
runs while no other build can touch `.site-new*/` or `site/`. A second build waits, saying which process
it waits for; a build that is killed, however hard, frees the lock with its process (the kernel drops an
`flock` with the last process that holds it). Holding the lock, `lock` removes what killed builds left
(`.site-new*/`, `.site-old*/`), which no live build can be using.

`swap` exchanges the finished folder with site/ in one step (Linux `renameat2(RENAME_EXCHANGE)`, macOS
`renamex_np(RENAME_SWAP)`), so site/ is at every moment either the whole last site or the whole new one,
never missing: a web server or `rsync` reading site/ meanwhile sees one or the other. Where the file
system cannot exchange, it falls back to two renames, and a build killed between them has its last good
site put back by the next `lock`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = ".site.lock"
SITE_NAME = "site"
NEW_PREFIX = ".site-new"  # a build's own folder: .site-new (make build-zensical) or .site-new.<pid>
OLD_PREFIX = ".site-old"  # the last site, between the two renames of the fallback swap
POLL = 0.1  # seconds between two looks at whether the lock's owner still runs


@dataclass(frozen=True)
class Holder:
    """The `make` that holds the lock: its pid, when it started (to tell a reused pid apart) and target."""

    pid: int
    started: str
    target: str

    def line(self) -> str:
        """The holder as the lock file holds it."""
        return f"{self.pid} {self.started} {self.target}\n"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """The holder written by `line`, or None for an empty or half-written file."""
        parts = text.split()
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        return cls(int(parts[0]), parts[1], parts[2])


def process_start(pid: int) -> str | None:
    """When process `pid` started (in clock ticks since boot, from /proc), "-" where /proc is not there,
    or None when no such process runs (a zombie does not run)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # another user's process: it runs
        return "-"
    except OSError:
        return None
    # The command name (in parentheses) may hold spaces; the fields after it are plain numbers.
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20 or fields[0] in {"Z", "X"}:
        return None
    return fields[19]


def is_running(pid: int, started: str) -> bool:
    """Whether process `pid` still runs and is the one that started at `started`."""
    now = process_start(pid)
    return now is not None and (started == "-" or now == "-" or now == started)


def _read_holder(fd: int) -> Holder | None:
    with contextlib.suppress(OSError):
        return Holder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
    return None


def _open_lock(root: Path) -> int:
    return os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


def _same_file(fd: int, path: Path) -> bool:
    """Whether `fd` is still the file at `path` (`make clean` may have removed it while we waited)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def acquire(root: Path, owner: int, target: str, say: Callable[[str], object] = print) -> tuple[int, Holder] | None:
    """Take the lock of `root` for the `make` process `owner`, waiting for another build to end.

    Returns the locked file descriptor and what it now names as its holder, or None when `owner` holds the
    lock already (`make deploy` after its own `make build`). `say` gets the lines that tell a waiting user why.
    """
    me = Holder(owner, process_start(owner) or "-", target)
    waited = False
    while True:
        fd = _open_lock(root)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            if holder is not None and holder.pid == me.pid and holder.started == me.started:
                os.close(fd)
                return None
            if not waited:
                who = f"pid {holder.pid}, make {holder.target}" if holder else "pid unknown"
                say(f"make {target}: another build is running in this folder ({who}); waiting for it to finish")
                waited = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        if not _same_file(fd, root / LOCK_NAME):
            os.close(fd)  # the file we waited on was removed: lock the one that is there now
            continue
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.line().encode("utf-8"), 0)
        if waited:
            say(f"make {target}: the other build has finished; going on")
        return fd, me


def clear_leftovers(root: Path) -> list[str]:
    """Remove the folders killed builds left; return their names. Only while holding the lock.

    A last good site that a build killed in the middle of a fallback swap left as `.site-old*` is put back
    as site/ first when site/ is missing.
    """
    olds = sorted(
        (p for p in root.glob(f"{OLD_PREFIX}*") if p.is_dir() and not p.is_symlink()),
        key=lambda p: p.stat().st_mtime,
    )
    if olds and not os.path.lexists(root / SITE_NAME):
        os.rename(olds.pop(), root / SITE_NAME)
    removed = []
    for path in [*root.glob(f"{NEW_PREFIX}*"), *olds]:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path.name)
    return sorted(removed)


def keep_until_gone(fd: int, owner: Holder) -> None:
    """Hold the lock on `fd` in a child process until the `make` process `owner` ends, then let it go.

    The child is in the same process group as `make`, so killing the group (Ctrl-C, or a SIGKILL to the
    group) ends it with the build; it checks every `POLL` seconds whether `make` still runs.
    """
    if os.fork() != 0:
        os.close(fd)  # the child's copy of the descriptor keeps the lock
        return
    # The child: no output (make and anyone reading its pipes must not wait for it), no other descriptors.
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(null, std)
        os.closerange(3, fd)
        os.closerange(fd + 1, 1 << 16)
        while is_running(owner.pid, owner.started):
            time.sleep(POLL)
    finally:
        os._exit(0)


def _exchange(a: Path, b: Path) -> None:
    """Swap the names `a` and `b` in one step; OSError where the system or file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "renameat2"):  # Linux (glibc 2.28 and later, musl)
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    elif hasattr(libc, "renamex_np"):  # macOS
        rename_swap = 2
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), rename_swap)
    else:
        raise OSError(errno.ENOSYS, "no atomic exchange of two names on this system")
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def swap_in(root: Path, folder: Path) -> None:
    """Make `folder` (a finished build) the site/ of `root`, with site/ never missing; remove the old site."""
    site = root / SITE_NAME
    if not os.path.lexists(site):
        os.rename(folder, site)
        return
    try:
        _exchange(folder, site)
        old = folder
    except OSError:
        # No exchange here (an old kernel, a network file system): two renames, a moment without
        # site/, which only this build can see since it holds the lock; `clear_leftovers` repairs a kill.
        old = root / f"{OLD_PREFIX}.{os.getpid()}"
        os.rename(site, old)
        try:
            os.rename(folder, site)
        except OSError:
            os.rename(old, site)
            raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            old.unlink()


def main(argv: list[str] | None = None) -> int:
    """The command line behind the Makefile's build targets; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m tce_site.builds", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lock = commands.add_parser("lock", help="wait for the folder's lock and hold it until make ends")
    lock.add_argument("target", help="the make target, for messages (build, deploy, ...)")
    lock.add_argument("--owner", type=int, default=os.getppid(), help="the make process (a recipe's $PPID)")
    swap = commands.add_parser("swap", help="make a finished build folder site/")
    swap.add_argument("target", help="the make target, for messages")
    swap.add_argument("folder")
    args = parser.parse_args(argv)
    root = Path.cwd()
    try:
        if args.command == "lock":
            held = acquire(root, args.owner, args.target, say=lambda line: print(line, flush=True))
            if held is not None:
                clear_leftovers(root)
                keep_until_gone(*held)
            return 0
        folder = root / args.folder
        if not folder.is_dir():
            print(f"make {args.target}: {args.folder} is not there, so there is no new site; site/ is unchanged")
            return 1
        swap_in(root, folder)
        return 0
    except OSError as error:
        what = "take this folder's build lock" if args.command == "lock" else "swap the new site into site/"
        print(f"make {args.target}: cannot {what} ({error.strerror or error}); site/ is unchanged")
        return 1


if __name__ == "__main__":
    sys.exit(main())
