"""The worksheets' disk cache (behind the PDF and QR-code caches) and the PDF cache on top of it."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.worksheets.cache import TEMPORARY_MAX_AGE


def age(folder: Path, seconds: float) -> None:
    """Make every file in `folder` look unused for `seconds`."""
    then = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (then, then))


def test_disk_cache_round_trip_replaces_whole_files_and_leaves_no_temporary(tmp_path: Path) -> None:
    cache = ws.DiskCache(tmp_path / "c")
    assert cache.read("a.txt") is None
    assert cache.write("a.txt", b"first") and cache.read("a.txt") == b"first"
    assert cache.write("a.txt", b"second") and cache.read("a.txt") == b"second"
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["a.txt"]
    assert cache.warnings == []


def test_reading_an_entry_keeps_it_from_pruning(tmp_path: Path) -> None:
    cache = ws.DiskCache(tmp_path / "c")
    cache.write("used.txt", b"u")
    cache.write("unused.txt", b"x")
    (tmp_path / "c" / "stray.txt.123.tmp").write_bytes(b"half")  # left by a build that was killed
    age(tmp_path / "c", ws.CACHE_MAX_AGE + 10)
    assert cache.read("used.txt") == b"u"
    assert cache.prune() == 2
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["used.txt"]
    assert cache.prune(max_age=-1) == 1 and cache.read("used.txt") is None


def test_no_directory_means_no_caching() -> None:
    cache = ws.DiskCache(None)
    assert not cache.write("a", b"x") and cache.read("a") is None and cache.prune() == 0
    assert cache.warnings == []


def test_unwritable_cache_is_a_note_returned_as_data_never_a_log_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "missing-target")  # a dangling link, as a moved cache leaves
    cache = ws.PdfCache(tmp_path / "gone" / "worksheets")
    with caplog.at_level(logging.DEBUG):
        cache.put("k", ws.RenderedPdf(b"%PDF", 1, (2,), False, ()))
        cache.put("k2", ws.RenderedPdf(b"%PDF", 1, (2,), False, ()))
    assert caplog.records == []
    assert cache.get("k") is None
    (note,) = cache.warnings
    assert note.startswith(f"cannot write the PDF cache in {tmp_path / 'gone' / 'worksheets'} (")
    assert note.endswith("PDFs will be rendered again next time")


def test_pdf_cache_round_trip_keys_and_pruning(tmp_path: Path) -> None:
    cache = ws.PdfCache(tmp_path / "cache")
    key = cache.key("<p>a</p>")
    assert cache.get(key) is None and key != cache.key("<p>b</p>") and key == cache.key("<p>a</p>")
    cache.put(key, ws.RenderedPdf(b"%PDF-1.7", 1, (3, 4), False, ("note",)))
    assert cache.get(key) == ws.RenderedPdf(b"%PDF-1.7", 1, (3, 4), False, ("note",))
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [f"{key}.json", f"{key}.pdf"]
    age(tmp_path / "cache", ws.CACHE_MAX_AGE + 10)
    assert cache.prune() == 2 and cache.get(key) is None


def test_a_damaged_pdf_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ws.PdfCache(tmp_path / "cache")
    key = cache.key("<p>a</p>")
    cache.put(key, ws.RenderedPdf(b"%PDF-1.7", 2, (3,), True))
    (tmp_path / "cache" / f"{key}.json").write_text('{"pages": 2}')
    assert cache.get(key) is None


def test_pdf_cache_off() -> None:
    cache = ws.PdfCache(None)
    cache.put("k", ws.RenderedPdf(b"x", 1))
    assert cache.get("k") is None and cache.prune() == 0 and cache.directory is None


def test_pdf_cache_keeps_anchors_and_versioned_slots(tmp_path: Path) -> None:
    cache = ws.PdfCache(tmp_path / "cache")
    front = ws.RenderedPdf(b"%PDF-front", 3, anchors=(("pack-entry-a", 1, 10.0, 20.0, 30.0, 40.5),))
    cache.put("front", front)
    assert cache.get("front") == front
    # A slot holds one version at a time: the workshop pack, replaced by each new version of itself.
    cache.put("pack", ws.RenderedPdf(b"%PDF-one", 5), version="v1")
    assert cache.get("pack", version="v1") == ws.RenderedPdf(b"%PDF-one", 5)
    assert cache.get("pack", version="v2") is None
    cache.put("pack", ws.RenderedPdf(b"%PDF-two", 6), version="v2")
    assert cache.get("pack", version="v1") is None and cache.get("pack", version="v2").pdf == b"%PDF-two"
    assert len(list((tmp_path / "cache").iterdir())) == 4  # front and pack: two files each
    (tmp_path / "cache" / "pack.pdf").write_bytes(b"%PDF-three")  # another build wrote its PDF, not yet its facts
    assert cache.get("pack", version="v2") is None


def test_writers_of_one_entry_at_once_leave_a_whole_entry_every_time(tmp_path: Path) -> None:
    # Two builds storing the same sheet: each write is a different whole payload, and every read taken
    # meanwhile, and the entry at the end, is exactly one of them.
    payloads = [bytes([n]) * 400_000 for n in range(1, 5)]
    seen: list[bytes | None] = []
    done = threading.Event()

    def write(payload: bytes) -> None:
        cache = ws.DiskCache(tmp_path / "c")  # a cache object per writer, as two builds have
        for _ in range(15):
            assert cache.write("sheet.pdf", payload), cache.warnings

    def read() -> None:
        cache = ws.DiskCache(tmp_path / "c")
        while not done.is_set():
            seen.append(cache.read("sheet.pdf"))

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(payload,)) for payload in payloads]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    assert (tmp_path / "c" / "sheet.pdf").read_bytes() in payloads
    assert {data for data in seen if data is not None} <= set(payloads)
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["sheet.pdf"]


class _Crash(BaseException):
    """Stands for the process dying: nothing after it runs, no clean-up either."""


def test_a_write_that_dies_before_its_rename_leaves_the_old_entry_and_no_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ws.DiskCache(tmp_path / "c")
    assert cache.write("kept.pdf", b"%PDF-old")

    def die(fd: int) -> None:
        raise _Crash

    monkeypatch.setattr(os, "fsync", die)
    for name, data in (("kept.pdf", b"%PDF-new"), ("new.pdf", b"%PDF-half")):
        with pytest.raises(_Crash):
            cache.write(name, data)
    monkeypatch.undo()
    assert cache.read("kept.pdf") == b"%PDF-old"
    assert cache.read("new.pdf") is None and cache.path("new.pdf") is None
    # The dead writes' temporary files stay until a later build's prune finds them old enough, and a
    # live write's (just made) is left alone.
    left = sorted(p.name for p in (tmp_path / "c").iterdir() if p.name != "kept.pdf")
    assert len(left) == 2 and all(name.endswith(".tmp") for name in left)
    assert cache.prune() == 0
    age(tmp_path / "c", TEMPORARY_MAX_AGE + 10)
    live = tmp_path / "c" / ".other.pdf.1.abc.tmp"
    live.write_bytes(b"being written")
    assert cache.prune() == 2
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [live.name, "kept.pdf"]


_KILLED_WRITER = """
import sys
from pathlib import Path
from tce_toolkit.worksheets import DiskCache

cache = DiskCache(Path(sys.argv[1]))
n = 0
while True:
    n = n % 250 + 1
    cache.write("sheet.pdf", bytes([n]) * 3_000_000)
    print(n, flush=True)
"""


def test_a_writer_killed_at_any_moment_leaves_an_entry_that_is_whole_or_none(tmp_path: Path) -> None:
    # A real process, killed with SIGKILL while it writes one entry again and again: whatever is under
    # the entry's name afterwards is one whole payload, and what it was writing is only a temporary file.
    hooks = Path(ws.__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(hooks))
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(tmp_path / "c")], env=env, stdout=subprocess.PIPE
    )
    assert writer.stdout is not None
    for _ in range(3):
        writer.stdout.readline()  # three writes done: the next one is under way
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()
    data = ws.DiskCache(tmp_path / "c").read("sheet.pdf")
    assert data is not None and len(data) == 3_000_000 and data == data[:1] * len(data)
    assert {p.name for p in (tmp_path / "c").iterdir() if not p.name.endswith(".tmp")} == {"sheet.pdf"}
