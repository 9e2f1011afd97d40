"""The worksheets' disk cache (behind the PDF and QR-code caches) and the PDF cache on top of it."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from tce_toolkit import worksheets as ws


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
