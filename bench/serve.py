"""`mkdocs serve`: how long the rebuild after a one-word edit takes, for each variant."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .builds import child_env
from .corpus import Corpus, edit_one_word
from .results import Record, Results

SERVE_VARIANTS = ("plain", "plain+speed-ups", "toolkit")
SERVE_TIMEOUT = 900.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeSession:
    """`mkdocs serve` on a free 127.0.0.1 port, its log lines read with the time they arrived."""

    def __init__(self, project: Path, config: Path) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, text: str, timeout: float = SERVE_TIMEOUT) -> float:
        """The arrival time of the next log line containing `text`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"mkdocs serve: no {text!r} in {timeout:.0f} s:\n" + "\n".join(self.log[-20:]))
            try:
                stamp, line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError("mkdocs serve stopped:\n" + "\n".join(self.log[-20:])) from None
                continue
            self.log.append(line)
            if "An error happened during the rebuild" in line:
                raise RuntimeError("mkdocs serve: the rebuild failed:\n" + "\n".join(self.log[-20:]))
            if text in line:
                return stamp

    def drain(self) -> None:
        """Forget log lines that have arrived so far."""
        while True:
            try:
                self.log.append(self.lines.get_nowait()[1])
            except queue.Empty:
                return

    def stop(self) -> None:
        """Ctrl+C, as a person would stop it; kill it if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=10)


def bench_serve(corpus: Corpus, runs: int, edits: int, results: Results, say: Callable[[str], None]) -> None:
    """Under `mkdocs serve`, change one word of one post and time the rebuild, interleaving variants."""
    post = corpus.posts[len(corpus.posts) // 2]
    original = post.path.read_text(encoding="utf-8")
    records = {variant: Record(f"serve: rebuild after an edit, {variant}", corpus.n, []) for variant in SERVE_VARIANTS}
    try:
        for round_number in range(1, runs + 1):
            for variant in SERVE_VARIANTS:
                session = ServeSession(corpus.root, corpus.config(variant))
                try:
                    session.wait_for("Serving on")
                    for _ in range(edits):
                        time.sleep(1.0)  # let the watcher settle after the last build
                        session.drain()
                        written = time.perf_counter()
                        edit_one_word(post.path)
                        started = session.wait_for("Building documentation")
                        done = session.wait_for("Reloading browsers")
                        records[variant].times.append(done - started)
                        say(
                            f"  serve {round_number}/{runs} {variant:<15} rebuild {done - started:6.2f} s"
                            f" (edit to reload {done - written:6.2f} s)"
                        )
                finally:
                    session.stop()
    finally:
        post.path.write_text(original, encoding="utf-8")
    results.records += records.values()
