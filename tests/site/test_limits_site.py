"""A post beyond the promised limits is named, by `make check` and by the build, and still publishes.

The limits (README, "Printing worksheets") are a promise, not a rule: a longer question only risks a
longer sheet. `make check` and `make build` name what is over with its file and line and what to
shorten, and a strict build does not fail for it. A question without a time in a part with facilitator
notes is named the same way, and the session plan says how many it could not count.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from siteutil import ROOT, copy_project, run_make
from tce_toolkit.worksheets.limits import LIMITS

pytestmark = pytest.mark.pdf

QUESTION = "1. Which hand-off in your week goes wrong most often?"


def test_a_post_beyond_the_limits_is_named_and_still_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    post = project / "docs" / "blog" / "posts" / "second-look.md"
    text = post.read_text(encoding="utf-8")
    assert QUESTION in text
    longer = QUESTION[:-1] + ", and what does it cost" + " the people after you in the chain" * 6 + "?"
    length = len(longer) - len("1. ")
    assert length > LIMITS.question
    notes = (
        "\n   <!-- facilitator\n   Draw out: where work waits.\n   -->\n"
        "2. Who is the next link after you?\n   <!-- facilitator\n   Time: 5 min\n   -->"
    )
    text = text.replace("2. Who is the next link after you?\n", "", 1).replace(QUESTION, longer + notes)
    post.write_text(text, encoding="utf-8")
    line = text.splitlines().index(longer) + 1
    shutil.copy2(ROOT / "requirements.lock", project / "requirements.lock")

    check = run_make(project, "check")
    out = check.stdout + check.stderr
    assert check.returncode == 0, out
    over = f"docs/blog/posts/second-look.md:{line}: Reflect question 1 is {length} characters long, over the {LIMITS.question}"
    assert over in out and "shorten it" in out
    # Questions 1 (notes without a time), 3 and 4 (no notes) have no time in a part that has notes.
    untimed = [f"question {n} has no time" for n in (1, 3, 4)]
    assert all(u in out for u in untimed) and "question 2 has no time" not in out and "Traceback" not in out

    build = run_make(project, "build")
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert over in log and all(u in log for u in untimed) and "WARNING" not in log
    sheet = project / "site" / "worksheets" / "second-look-facilitator-a4.pdf"
    plan = " ".join(pypdf.PdfReader(sheet).pages[0].extract_text().split()).lower()
    assert "about 5 minutes, 3 questions not timed" in plan
