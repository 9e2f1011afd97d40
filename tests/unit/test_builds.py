"""One build at a time in a project folder (the lock) and the swap of a finished build into site/."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tce_site import builds


def make_site(folder: Path, text: str) -> Path:
    """A stand-in for a built site: an index page and a page in a subfolder."""
    (folder / "blog").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "blog" / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_swap_puts_the_new_site_in_place_and_removes_the_old(tmp_path: Path) -> None:
    make_site(tmp_path / "site", "old")
    make_site(tmp_path / ".site-new.7", "new")
    builds.swap_in(tmp_path, tmp_path / ".site-new.7")
    assert (tmp_path / "site" / "blog" / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_first_swap_needs_no_site_before_it(tmp_path: Path) -> None:
    make_site(tmp_path / ".site-new", "first")
    builds.swap_in(tmp_path, tmp_path / ".site-new")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_reader_of_site_never_finds_it_missing_during_swaps(tmp_path: Path) -> None:
    make_site(tmp_path / "site", "0")
    misses: list[str] = []
    seen: set[str] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen.add((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
            except FileNotFoundError as error:
                misses.append(str(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(1, 60):
            make_site(tmp_path / f".site-new.{n}", str(n))
            builds.swap_in(tmp_path, tmp_path / f".site-new.{n}")
    finally:
        done.set()
        reader.join()
    assert misses == []
    assert seen <= {str(n) for n in range(60)} and len(seen) > 1
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "59"


def test_where_no_exchange_is_possible_two_renames_do_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot(a: Path, b: Path) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(builds, "_exchange", cannot)
    make_site(tmp_path / "site", "old")
    make_site(tmp_path / ".site-new", "new")
    builds.swap_in(tmp_path, tmp_path / ".site-new")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_killed_builds_go_and_a_last_good_site_comes_back(tmp_path: Path) -> None:
    # A build killed between the two renames of the fallback swap: no site/, the last good one aside.
    make_site(tmp_path / ".site-old.41", "last good")
    make_site(tmp_path / ".site-new.41", "half")
    make_site(tmp_path / ".site-new", "half too")
    (tmp_path / "docs").mkdir()
    assert builds.clear_leftovers(tmp_path) == [".site-new", ".site-new.41"]
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]


def test_with_a_site_in_place_leftover_old_sites_are_removed(tmp_path: Path) -> None:
    make_site(tmp_path / "site", "current")
    make_site(tmp_path / ".site-old.3", "older")
    assert builds.clear_leftovers(tmp_path) == [".site-old.3"]
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "current"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123 4567 build\n", builds.Holder(123, "4567", "build")),
        ("9 - deploy", builds.Holder(9, "-", "deploy")),
        ("", None),
        ("12 34", None),  # half written
        ("x 1 build", None),
    ],
)
def test_the_lock_file_names_its_holder(text: str, expected: builds.Holder | None) -> None:
    assert builds.Holder.parse(text) == expected
    if expected is not None:
        assert builds.Holder.parse(expected.line()) == expected


def test_a_process_that_ended_is_not_running() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    assert builds.process_start(child.pid) is None
    me = builds.process_start(os.getpid())
    assert me is not None and builds.is_running(os.getpid(), me)
    if me != "-":  # where /proc tells when a process started, a reused pid is told apart
        assert not builds.is_running(os.getpid(), str(int(me) + 1))


def test_a_second_build_waits_for_the_first_and_says_for_whom(tmp_path: Path) -> None:
    owner = os.getpid()
    first = builds.acquire(tmp_path, owner, "deploy")
    assert first is not None
    fd, holder = first
    assert holder.pid == owner and (tmp_path / builds.LOCK_NAME).read_text().split()[::2] == [str(owner), "deploy"]
    # The same make asking again (make deploy after its own make build) holds it already.
    assert builds.acquire(tmp_path, owner, "build") is None

    said: list[str] = []
    got: list[tuple[int, builds.Holder] | None] = []
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # another make
    try:
        waiter = threading.Thread(target=lambda: got.append(builds.acquire(tmp_path, other.pid, "build", said.append)))
        waiter.start()
        deadline = time.monotonic() + 10
        while not said and time.monotonic() < deadline:
            time.sleep(0.01)
        assert said == [
            f"make build: another build is running in this folder (pid {owner}, make deploy); waiting for it to finish"
        ]
        assert waiter.is_alive() and got == []
        os.close(fd)  # the first build ends
        waiter.join(timeout=10)
        assert not waiter.is_alive()
        assert said[1] == "make build: the other build has finished; going on"
        (result,) = got
        assert result is not None and result[1].pid == other.pid
        assert (tmp_path / builds.LOCK_NAME).read_text().split()[::2] == [str(other.pid), "build"]
        os.close(result[0])
    finally:
        other.kill()
        other.wait(timeout=30)


def test_the_lock_is_free_once_the_make_that_took_it_has_ended(tmp_path: Path) -> None:
    # The command line as a recipe line runs it, for a stand-in make that then ends: the lock outlives
    # the command (held for the make) and goes with the make.
    make = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    hooks = Path(builds.__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(hooks))
    command = [sys.executable, "-m", "tce_site.builds", "lock", "build", "--owner", str(make.pid)]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""

    def is_free() -> bool:
        fd = os.open(tmp_path / builds.LOCK_NAME, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)
        return True

    assert not is_free()
    assert make.stdin is not None
    make.stdin.close()
    make.wait(timeout=30)
    deadline = time.monotonic() + 10
    while not is_free() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert is_free()


def test_swapping_a_folder_that_is_not_there_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_site(tmp_path / "site", "kept")
    monkeypatch.chdir(tmp_path)
    assert builds.main(["swap", "build", ".site-new.5"]) == 1
    assert (
        capsys.readouterr().out == "make build: .site-new.5 is not there, so there is no new site; site/ is unchanged\n"
    )
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "kept"
