"""The pack picker on /worksheets/ in a real browser: a trainer ticks parts, a paper and an edition, and
downloads one PDF that the browser put together from the site's own sheet PDFs (docs/assets/pack-picker.js).

The pack is read back with pypdf and held against those sheet PDFs, read from the built site: its pages,
their paper, the parts' titles, the metadata and every form field. The facilitator's pack opens with a
session plan the browser draws from the plan facts the build writes (worksheets/facilitator-plan.json),
held against that file: its parts, their times, and its tags in the pack's one structure tree."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from itertools import accumulate
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pypdf
import pytest
from siteutil import ROOT, Build, FixtureSite, read_post

POSTS = [read_post(path) for path in (ROOT / "docs" / "blog" / "posts").glob("*.md")]
PUBLISHED = sorted(
    (post for post in POSTS if not post.meta.get("draft") and post.meta["date"] <= date.today()),
    key=lambda post: post.meta["part"],
)
BY_PART = {post.meta["part"]: post for post in PUBLISHED}
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
SITE_NAME = re.search(r"^site_name:\s*(.+?)\s*$", CONFIG, re.M).group(1)
SITE_URL = re.search(r"^site_url:\s*(\S+)", CONFIG, re.M).group(1)
PAPERS = {"a4": ("A4", (595, 842)), "letter": ("Letter", (612, 792))}  # points
EDITIONS = {"participant": "Participants", "facilitator": "Facilitator"}
LIBRARY = "assets/vendor/pdf-lib.min.js"
PLAN = "facilitator-plan.json"  # the session plan's facts, beside the PDFs
MULTILINE = 1 << 12  # the /Ff bit of a multiline text field
PHONE = {"width": 375, "height": 812}


@dataclass
class Tab:
    """A browser page with everything it asked for, every console error and every download."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    downloads: list[object] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests for any host but 127.0.0.1 (a blob: URL is the pack itself, made in the page)."""
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).hostname != "127.0.0.1"
        ]


def _open(browser: object, **options: object) -> tuple[object, Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, **options)
    tab = Tab(context.new_page())
    context.on("request", lambda request: tab.requests.append(request.url))
    tab.page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.page.on("download", lambda download: tab.downloads.append(download))
    return context, tab


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context, opened = _open(browser)
    yield opened
    context.close()


def _sheet(site: Path, part: int, paper: str, edition: str) -> Path:
    """A part's own sheet PDF in the built site."""
    slug = BY_PART[part].meta["slug"]
    return site / "worksheets" / f"{slug}-{'facilitator-' if edition == 'facilitator' else ''}{paper}.pdf"


def _question_fields(names: object, slug: str) -> list[str]:
    return sorted(name for name in names if re.fullmatch(rf"{re.escape(slug)}-q\d+", name))


def _plan(site: Path) -> dict[int, dict]:
    """The session plan's facts the build wrote, by part."""
    return {entry["part"]: entry for entry in json.loads((site / "worksheets" / PLAN).read_text("utf-8"))["parts"]}


def _listing(parts: tuple[int, ...]) -> str:
    """ "Part 2", "Parts 2 and 4", "Parts 2, 3 and 4" """
    numbers = [str(part) for part in parts]
    if len(numbers) == 1:
        return f"Part {numbers[0]}"
    return f"Parts {', '.join(numbers[:-1])} and {numbers[-1]}"


def _timings(entry: dict) -> str:
    """The small line of a part's timings on the session plan."""
    if not entry["has_notes"]:
        return "No facilitator notes yet: plan your own timing."
    items = [f"Opening {entry['opening_minutes']} min"] if entry["opening_minutes"] else []
    items += [f"Q{at} {minutes} min" for at, minutes in enumerate(entry["question_minutes"], start=1) if minutes]
    items += [f"not timed: Q{', Q'.join(map(str, entry['untimed']))}"] if entry["untimed"] else []
    return " · ".join(items)


def _words(text: str) -> str:
    return " ".join(text.split())


def _clock(minutes: int) -> str:
    """A start time on the session plan: 0:00, 1:29."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _structure(tree: object) -> dict[int, object]:
    """Every structure element reachable from the structure tree's root, by object number."""
    found: dict[int, object] = {}
    todo = [tree.raw_get("/K")]
    while todo:
        kid = todo.pop()
        if isinstance(kid, list):
            todo.extend(kid)
            continue
        if not isinstance(kid, pypdf.generic.IndirectObject) or kid.idnum in found:
            continue
        elem = kid.get_object()
        if isinstance(elem, dict) and "/S" in elem:
            found[kid.idnum] = elem
            if "/K" in elem:
                todo.append(elem.raw_get("/K"))
    return found


def _check_tagged_pages(reader: pypdf.PdfReader, count: int) -> dict[int, object]:
    """Every run of marked content on the first `count` pages (the session plan) is owned, through the
    page's entry in the parent tree, by a structure element reachable from the root that names it, on
    its /Pg or by a marked-content reference to the page. Returns the reachable elements."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    reachable = _structure(tree)
    for page in reader.pages[:count]:
        owners = parents[page["/StructParents"]].get_object()
        mcids = [int(n) for n in re.findall(rb"/MCID (\d+)", page.get_contents().get_data())]
        assert sorted(mcids) == list(range(len(owners))) and mcids, page["/StructParents"]
        for mcid in mcids:
            owner = owners[mcid]
            assert owner.idnum in reachable, mcid
            elem = owner.get_object()
            kids = elem["/K"] if isinstance(elem["/K"], list) else [elem["/K"]]
            on_page = elem.raw_get("/Pg").idnum == page.indirect_reference.idnum
            assert any(
                (kid == mcid and on_page)
                or (
                    isinstance(kid, dict)
                    and kid.get("/MCID") == mcid
                    and kid.raw_get("/Pg").idnum == page.indirect_reference.idnum
                )
                for kid in kids
            ), (mcid, elem)
    return reachable


def _check_session_plan(reader: pypdf.PdfReader, count: int, plan: dict[int, dict], parts: tuple[int, ...]) -> None:
    """The first `count` pages are the session plan of `parts`, as `plan` has them, and tagged: an H1 on
    page 1 first in a Part first in the Document; the page's content is reachable from the tree."""
    text = "\n".join(page.extract_text() for page in reader.pages[:count])
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "Session plan"
    total = sum(plan[part]["minutes"] for part in parts)
    assert f"{_listing(parts)} · about {total} minutes in all, breaks not included" in lines
    starts = accumulate((plan[part]["minutes"] for part in parts[:-1]), initial=0)
    rows = re.findall(r"^(\d+:\d\d)\s*^Part (\d+): (.+?)\s*^(\d+) min$", text, re.M)
    assert rows == [
        (_clock(start), str(part), plan[part]["title"], str(plan[part]["minutes"]))
        for start, part in zip(starts, parts, strict=True)
    ]
    assert rows[0][0] == "0:00"
    # Drawn in the standard fonts, nothing embedded.
    for page in reader.pages[:count]:
        fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
        assert {font["/BaseFont"] for font in fonts} == {"/Helvetica", "/Helvetica-Bold"}
        assert all("/FontDescriptor" not in font and font["/Encoding"] == "/WinAnsiEncoding" for font in fonts)
    for part in parts:
        assert _words(plan[part]["key_idea"]) in _words(text), part
        assert _timings(plan[part]) in _words(text), part
    for part, entry in plan.items():
        if part not in parts:
            assert entry["title"] not in text and f"Part {part}:" not in text, part

    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    reachable = _check_tagged_pages(reader, count)
    first = tree["/K"].get_object()["/K"][0].get_object()
    assert first["/S"] == "/Part" and first["/T"] == "Session plan"
    h1 = first["/K"][0].get_object()
    assert h1["/S"] == "/H1" and h1.raw_get("/Pg").idnum == reader.pages[0].indirect_reference.idnum
    assert {elem["/S"] for elem in reachable.values()} >= {"/H1", "/P", "/Table", "/TR", "/TH", "/TD"}
    assert sum(elem["/S"] == "/TR" for elem in reachable.values()) == len(parts) + 1  # and the headings


def _pdfinfo(path: Path) -> dict[str, str]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip() for key, value in (line.split(":", 1) for line in out.splitlines() if ":" in line)
    }


def _choose(form: object, parts: tuple[int, ...], paper: str, edition: str) -> None:
    for part in parts:
        form.get_by_role("checkbox", name=re.compile(rf"^Part {part}:")).check()
    form.get_by_role("radio", name=PAPERS[paper][0], exact=True).check()
    form.get_by_role("radio", name=EDITIONS[edition], exact=True).check()


def _download_pack(tab: Tab, parts: tuple[int, ...], paper: str, edition: str) -> tuple[object, pypdf.PdfReader]:
    """Ticks the parts, the paper and the edition, sends the form and reads the PDF it downloads."""
    form = tab.page.locator("form.tce-pack-picker")
    _choose(form, parts, paper, edition)
    with tab.page.expect_download(timeout=60_000) as info:
        form.get_by_role("button", name="Download the sheets").click()
    download = info.value
    assert download.failure() is None
    form.locator(".tce-pack-picker__status", has_text="Done").wait_for(timeout=30_000)
    return download, pypdf.PdfReader(download.path())


def test_form_shows_one_box_per_part_and_loads_no_pdf_library_until_asked(
    tab: Tab, site_url: str, project_build: Build
) -> None:
    tab.page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = tab.page.locator("form.tce-pack-picker")
    assert form.is_visible() and form.get_attribute("hidden") is None
    boxes = form.get_by_role("checkbox")
    assert boxes.count() == len(PUBLISHED)
    for box, post in zip(boxes.all(), PUBLISHED, strict=True):
        assert box.get_attribute("value") == post.meta["slug"] and not box.is_checked()
        label = " ".join(box.locator("xpath=..").inner_text().split())
        assert label == f"Part {post.meta['part']}: {post.title}"
        # Every PDF a box names is a file of the site.
        for paper in PAPERS:
            for suffix in ("", "-facilitator"):
                href = box.get_attribute(f"data-pdf-{paper}{suffix}")
                path = urlparse(urljoin(tab.page.url, href)).path.lstrip("/")
                assert (project_build.site / path).is_file(), href
    assert form.locator("input[name=paper]").first.is_checked()  # the site's own paper comes first
    assert form.get_by_role("radio", name="Participants", exact=True).is_checked()
    assert not any(url.endswith(LIBRARY) for url in tab.requests)  # the PDF library waits for a pack
    assert tab.errors == [] and tab.foreign() == []


@pytest.mark.parametrize(
    ("parts", "paper", "edition", "file_name", "title"),
    [
        ((2, 4), "a4", "participant", "workshop-sheets-parts-2-4-a4.pdf", "Workshop sheets: parts 2 and 4"),
        (
            (2, 3, 4),
            "letter",
            "facilitator",
            "facilitator-sheets-parts-2-3-4-letter.pdf",
            "Facilitator sheets: parts 2, 3 and 4",
        ),
    ],
    ids=["parts-2-4-a4", "facilitator-parts-2-3-4-letter"],
)
def test_pack_of_chosen_parts_downloads_as_one_fillable_pdf(
    tab: Tab,
    site_url: str,
    project_build: Build,
    parts: tuple[int, ...],
    paper: str,
    edition: str,
    file_name: str,
    title: str,
) -> None:
    page = tab.page
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = page.locator("form.tce-pack-picker")
    # The button is disabled while the pack is made, and enabled again when it is done.
    form.get_by_role("button", name="Download the sheets").evaluate(
        "b => { window.tceButtonStates = []; new MutationObserver(() => window.tceButtonStates.push(b.disabled))"
        ".observe(b, {attributes: true, attributeFilter: ['disabled']}); }"
    )
    before = len(tab.requests)
    download, reader = _download_pack(tab, parts, paper, edition)
    assert download.suggested_filename == file_name
    assert page.evaluate("window.tceButtonStates") == [True, False]
    assert form.get_by_role("button", name="Download the sheets").is_enabled()

    sheets = {part: pypdf.PdfReader(_sheet(project_build.site, part, paper, edition)) for part in parts}
    pages = sum(len(sheet.pages) for sheet in sheets.values())
    facilitator = edition == "facilitator"
    front = 1 if facilitator else 0  # the session plan of three parts fits one page; none for participants
    assert len(reader.pages) == front + pages
    status = form.locator(".tce-pack-picker__status").inner_text()
    assert file_name in status and f"{front + pages} pages" in status

    # Every page on the chosen paper.
    width, height = PAPERS[paper][1]
    for number, each in enumerate(reader.pages, start=1):
        box = each.mediabox
        assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1, (number, box)

    # The chosen parts, in part order, and no other.
    text = "\n".join(each.extract_text() for each in reader.pages)
    lines = {line.strip() for line in text.splitlines()}
    for part, post in BY_PART.items():
        assert (post.title in lines) == (part in parts), (part, post.title)
    assert [int(n) for n in re.findall(r"\bPART (\d+) · (?:REFLECTION WORKSHEET|FACILITATOR SHEET)", text)] == list(
        parts
    )
    marks = ["Session plan"] if facilitator else []
    assert [item.title for item in reader.outline] == marks + [f"Part {part}: {BY_PART[part].title}" for part in parts]
    first_pages = [front + sum(len(sheets[p].pages) for p in parts[:at]) for at in range(len(parts))]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [0] * front + first_pages

    # The facilitator's pack opens with the session plan of the chosen parts; the participants' has none.
    if facilitator:
        _check_session_plan(reader, front, _plan(project_build.site), parts)
    else:
        assert "Session plan" not in reader.pages[0].extract_text()

    # Metadata: the title names the parts; the language is the page's.
    assert reader.metadata.title == f"{title} · {SITE_NAME}"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == page.evaluate("document.documentElement.lang") == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True

    # Every field of every chosen sheet, one multiline text field per question, all still fillable.
    fields = reader.get_fields() or {}
    own = {part: sheet.get_fields() or {} for part, sheet in sheets.items()}
    assert set(fields) == {name for names in own.values() for name in names}
    slugs = [BY_PART[part].meta["slug"] for part in parts]
    assert all(any(name.startswith(slug + "-") for slug in slugs) for name in fields), sorted(fields)
    for part, slug in zip(parts, slugs, strict=True):
        questions = _question_fields(fields, slug)
        assert len(questions) == len(_question_fields(own[part], slug)) == len(BY_PART[part].questions) > 0
        for name in questions:
            assert fields[name]["/FT"] == "/Tx" and int(fields[name].get("/Ff", 0)) & MULTILINE, name
    acroform = root["/AcroForm"]
    assert acroform["/NeedAppearances"].value is True
    widgets = {}
    for each in reader.pages:
        for ref in each.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                widgets[ref.idnum] = annot
                assert annot.raw_get("/P") == each.indirect_reference  # the page in the page tree
    assert sorted(ref.idnum for ref in acroform.raw_get("/Fields").get_object()) == sorted(widgets)
    assert len(widgets) == len(fields)

    # Still tagged: one structure tree whose parent tree serves every page and every annotation.
    assert root["/MarkInfo"]["/Marked"].value is True
    tree = root["/StructTreeRoot"]
    assert tree["/K"].get_object()["/S"] == "/Document"
    keys = tree["/ParentTree"]["/Nums"][::2]
    assert len(keys) == len(set(keys))
    used = [each["/StructParents"] for each in reader.pages]
    used += [ref.get_object().get("/StructParent") for each in reader.pages for ref in each.get("/Annots", [])]
    used = [key for key in used if key is not None]
    assert len(used) == len(set(used)) and set(used) <= set(keys)
    assert all("/StructParents" in each for each in reader.pages)

    # Only the library and the chosen sheets were fetched, from this site and nowhere else.
    fetched = tab.requests[before:]
    assert [url for url in fetched if url.endswith(".js")] == [site_url + LIBRARY]
    chosen = {site_url + "worksheets/" + _sheet(project_build.site, part, paper, edition).name for part in parts}
    assert {url for url in fetched if url.endswith(".pdf")} == chosen
    assert [url for url in fetched if url.endswith(".json")] == (
        [site_url + "worksheets/" + PLAN] if facilitator else []
    )
    assert tab.foreign() == []
    assert tab.errors == []
    assert len(tab.downloads) == 1

    # Poppler reads the pack as tagged too.
    assert _pdfinfo(Path(download.path()))["Tagged"] == "yes"


def _make_pack(parts: tuple[int, ...], paper: str, edition: str) -> tuple[Path, pypdf.PdfReader]:
    """`make pack` of the same parts, paper and edition, as a site owner runs it; where it wrote the pack."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    variables = [f"PARTS={','.join(map(str, parts))}", f"PAPER={paper}", f"EDITION={edition}"]
    result = subprocess.run(
        ["make", "-s", "pack", *variables], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().rsplit(": ", 1)[1])
    return path, pypdf.PdfReader(path)


def _page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [_words(page.extract_text()) for page in reader.pages]


@pytest.mark.parametrize(
    ("parts", "paper", "edition"),
    [((2, 4), "a4", "participant"), ((2, 3, 4), "letter", "facilitator")],
    ids=["parts-2-4-a4", "facilitator-parts-2-3-4-letter"],
)
def test_sheets_from_the_browser_and_make_pack_differ_as_the_catalogue_says_and_never_share_a_name(
    tab: Tab, site_url: str, project_build: Build, parts: tuple[int, ...], paper: str, edition: str
) -> None:
    """The browser's file holds the session plan (facilitator edition) and the sheets; `make pack` adds a
    cover, the contents and page numbers, with its session plan laid out as the sheets are. The sheets
    are the same pages in the same order in both; the two files have different names."""
    tab.page.goto(site_url + "worksheets/", wait_until="networkidle")
    about = _words(tab.page.locator("form.tce-pack-picker").inner_text())
    assert "no cover, contents page or page numbers" in about and "complete pack" in about
    download, sheets = _download_pack(tab, parts, paper, edition)
    path, pack = _make_pack(parts, paper, edition)
    assert download.suggested_filename != path.name
    assert "-sheets-" in download.suggested_filename and "-sheets-" not in path.name

    ours, theirs = _page_texts(sheets), _page_texts(pack)
    starts = re.compile(r"\bPART \d+ · (?:REFLECTION WORKSHEET|FACILITATOR SHEET)")  # the top of every sheet
    our_front = next(at for at, text in enumerate(ours) if starts.search(text))
    their_front = next(at for at, text in enumerate(theirs) if starts.search(text))
    # The sheets: the same pages in the same order; make pack's each with its number, "5 / 6".
    assert len(ours) - our_front == len(theirs) - their_front > 0
    total = len(theirs)
    for number, (our, their) in enumerate(
        zip(ours[our_front:], theirs[their_front:], strict=True), start=their_front + 1
    ):
        assert their == f"{our} {number} / {total}", number
    assert not any(re.search(r"\b\d+ / \d+$", text) for text in ours)  # the browser numbers no page

    # Before the sheets: make pack's cover and contents, then (facilitator) its session plan; the
    # browser's session plan alone, or nothing.
    titles = [f"Part {part}: {BY_PART[part].title}" for part in parts]
    kind = "Facilitator pack" if edition == "facilitator" else "Workshop pack"
    assert kind in theirs[0] and theirs[1].startswith("Contents")
    assert all(BY_PART[part].title in theirs[1] for part in parts)
    assert not any("Contents" in text for text in ours[:our_front])
    if edition == "facilitator":
        plan = _plan(project_build.site)
        clocks = [_clock(start) for start in accumulate((plan[p]["minutes"] for p in parts[:-1]), initial=0)]
        for front in (" ".join(ours[:our_front]), " ".join(theirs[2:their_front])):
            assert front.startswith("Session plan"), front[:40]
            assert re.findall(r"\b\d+:\d\d\b", front) == clocks
            assert all(f"{plan[part]['minutes']} min" in front for part in parts)
        # The browser draws its plan in the standard Helvetica; make pack lays it out in the sheets' font.
        fonts = {font.get_object()["/BaseFont"] for font in pack.pages[2]["/Resources"]["/Font"].values()}
        assert any("DejaVu" in font for font in fonts), fonts
        assert [item.title for item in sheets.outline] == ["Session plan", *titles]
    else:
        assert our_front == 0 and their_front == 2
        assert [item.title for item in sheets.outline] == titles


def test_pack_without_a_part_asks_for_one(tab: Tab, site_url: str) -> None:
    page = tab.page
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = page.locator("form.tce-pack-picker")
    form.get_by_role("button", name="Download the sheets").click()
    form.locator(".tce-pack-picker__status", has_text="Tick at least one part").wait_for(timeout=5000)
    assert page.evaluate("document.activeElement.name") == "part"
    assert tab.downloads == []
    assert not any(url.endswith(LIBRARY) or url.endswith(".pdf") for url in tab.requests)
    assert tab.errors == []


def test_pack_whose_sheet_cannot_be_fetched_says_which(tab: Tab, site_url: str, project_build: Build) -> None:
    page = tab.page
    missing = _sheet(project_build.site, 3, "a4", "participant").name
    page.route(f"**/worksheets/{missing}", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = page.locator("form.tce-pack-picker")
    _choose(form, (2, 3), "a4", "participant")
    form.get_by_role("button", name="Download the sheets").click()
    status = form.locator(".tce-pack-picker__status", has_text="could not")
    status.wait_for(timeout=30_000)
    assert "part 3" in status.inner_text() and "404" in status.inner_text()
    assert form.get_by_role("button", name="Download the sheets").is_enabled()
    assert tab.downloads == []
    assert tab.foreign() == []


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ({"status": 404, "body": "gone"}, ["session plan could not be fetched", "404"]),
        ({"status": 200, "body": "not json", "content_type": "application/json"}, ["session plan could not be read"]),
        ({"status": 200, "body": '{"parts": []}', "content_type": "application/json"}, ["plan does not list part 2"]),
    ],
    ids=["missing", "unreadable", "without-the-part"],
)
def test_facilitator_pack_whose_session_plan_fails_says_so(
    tab: Tab, site_url: str, answer: dict[str, object], says: list[str]
) -> None:
    page = tab.page
    page.route(f"**/worksheets/{PLAN}", lambda route: route.fulfill(**answer))
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = page.locator("form.tce-pack-picker")
    _choose(form, (2, 3), "a4", "facilitator")
    form.get_by_role("button", name="Download the sheets").click()
    status = form.locator(".tce-pack-picker__status", has_text="could not be made")
    status.wait_for(timeout=30_000)
    assert all(words in status.inner_text() for words in says), status.inner_text()
    assert form.get_by_role("button", name="Download the sheets").is_enabled()
    assert tab.downloads == []
    assert tab.foreign() == []


def test_session_plan_too_long_for_a_page_goes_on_over_the_next_and_draws_any_text(
    tab: Tab, site_url: str, project_build: Build
) -> None:
    """A title with a curly apostrophe and characters Helvetica has not, a part with no notes whose key
    idea is longer than a page: the plan goes on over more pages, each tagged, and nothing throws."""
    plan = _plan(project_build.site)
    plan[1] = dict(
        plan[1],
        title="Who’s your customer? → 😀",
        key_idea=(plan[1]["key_idea"] + " Ask → listen ≠ wait; Œuvre ő 日本 ") * 3,
    )
    plan[2] = dict(plan[2], key_idea=(plan[2]["key_idea"] + " ") * 40, has_notes=False, minutes=0, opening_minutes=0)
    plan[2]["question_minutes"] = [0] * len(plan[2]["question_minutes"])
    body = json.dumps({"parts": list(plan.values())}, ensure_ascii=False)
    tab.page.route(
        f"**/worksheets/{PLAN}", lambda route: route.fulfill(status=200, body=body, content_type="application/json")
    )
    tab.page.goto(site_url + "worksheets/", wait_until="networkidle")
    parts = (1, 2, 3)
    _, reader = _download_pack(tab, parts, "a4", "facilitator")

    sheets = sum(len(pypdf.PdfReader(_sheet(project_build.site, part, "a4", "facilitator")).pages) for part in parts)
    front = reader.get_destination_page_number(reader.outline[1])  # the first sheet's page
    assert [item.title for item in reader.outline][0] == "Session plan"
    assert reader.get_destination_page_number(reader.outline[0]) == 0
    assert front >= 3 and len(reader.pages) == front + sheets  # part 2 starts a page and runs onto the next
    texts = [page.extract_text().splitlines() for page in reader.pages[:front]]
    assert texts[0][0] == "Session plan"
    heads = ["Session plan (continued)", "Start", "Part", "Minutes"]  # the column headings again
    assert all([line.strip() for line in lines[:4]] == heads for lines in texts[1:])
    assert [lines[-1] for lines in texts] == [f"Session plan · page {n} of {front}" for n in range(1, front + 1)]
    assert "Session plan" not in reader.pages[front].extract_text()  # the sheets come after, in full
    # The plan's own words, without the running heads and the page numbers.
    text = _words("\n".join("\n".join(lines[4 if at else 0 : -1]) for at, lines in enumerate(texts)))
    # Each character Helvetica cannot draw is replaced: by a stand-in, its bare letter, or "?".
    assert "Part 1: Who’s your customer? -> ?" in text
    assert "Ask -> listen != wait; Œuvre o ??" in text
    total = plan[1]["minutes"] + plan[3]["minutes"]
    assert f"about {total} minutes in all, breaks and parts without timings not included" in text
    assert "No facilitator notes yet: plan your own timing." in text
    assert _words(plan[2]["key_idea"]) in text
    minutes = plan[1]["minutes"]
    assert re.findall(r"\b\d+:\d\d\b", text) == ["0:00", _clock(minutes), _clock(minutes)]  # part 2 takes none
    assert reader.metadata.title == f"Facilitator sheets: parts 1, 2 and 3 · {SITE_NAME}"

    # Tagged on every page: what runs over is reached by marked-content references to the next page.
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    reachable = _check_tagged_pages(reader, front)
    assert any(
        isinstance(kid, dict) and kid.get("/Type") == "/MCR"
        for elem in reachable.values()
        if isinstance(elem.get("/K"), list)
        for kid in elem["/K"]
    )
    keys = tree["/ParentTree"]["/Nums"][::2]
    used = [page["/StructParents"] for page in reader.pages]
    assert len(keys) == len(set(keys)) and len(used) == len(set(used)) and set(used) <= set(keys)
    assert tab.errors == [] and tab.foreign() == []


def test_pack_picker_works_after_instant_navigation(tab: Tab, site_url: str, project_build: Build) -> None:
    page = tab.page

    # Material navigates instantly only to the addresses in sitemap.xml, which it moves to the page's
    # protocol and host name but not to its port: here the sitemap names this server, as a published
    # site's names its own.
    def sitemap_for_this_server(route: object) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(SITE_URL, site_url))

    page.route("**/sitemap.xml", sitemap_for_this_server)
    page.goto(site_url, wait_until="networkidle")
    page.evaluate("window.tceSamePage = true")
    for _ in range(2):  # there and back and there again, each time swapped in by Material
        page.locator(".md-tabs__link", has_text="Worksheets").click()
        page.wait_for_url(re.compile(r"/worksheets/$"))
        page.locator("form.tce-pack-picker").wait_for(state="visible", timeout=10_000)
        page.locator(".md-tabs__link", has_text="Home").click()
        page.wait_for_url(site_url)
    page.locator(".md-tabs__link", has_text="Worksheets").click()
    page.wait_for_url(re.compile(r"/worksheets/$"))
    assert page.evaluate("window.tceSamePage") is True  # no full page load
    form = page.locator("form.tce-pack-picker")
    form.wait_for(state="visible", timeout=10_000)
    paper = form.locator("input[name=paper]:checked").get_attribute("value")
    download, reader = _download_pack(tab, (1,), paper, "participant")
    assert download.suggested_filename == f"workshop-sheets-part-1-{paper}.pdf"
    assert len(reader.pages) == len(pypdf.PdfReader(_sheet(project_build.site, 1, paper, "participant")).pages)
    assert reader.metadata.title == f"Workshop sheets: part 1 · {SITE_NAME}"
    page.wait_for_timeout(300)  # a second handler on the same form would have started a second download
    assert len(tab.downloads) == 1
    assert tab.errors == [] and tab.foreign() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pack_picker_reads_well_on_a_phone_and_shows_keyboard_focus(
    browser: object, site_url: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, tab = _open(browser, color_scheme=scheme)
    try:
        page = tab.page
        page.set_viewport_size(PHONE)
        page.goto(site_url + "worksheets/", wait_until="networkidle")
        form = page.locator("form.tce-pack-picker")
        assert form.is_visible()
        width = page.evaluate("innerWidth")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        box = form.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # One part a line on a phone, each box with its words a target of at least 24 px.
        parts = form.locator(".tce-pack-picker__part")
        lefts = {round(part.bounding_box()["x"]) for part in parts.all()}
        assert len(lefts) == 1
        for label in form.locator("label").all():
            area = label.bounding_box()
            assert area["height"] >= 24 and area["x"] + area["width"] <= width, label.inner_text()
        # Focus moved by the keyboard shows, on a box and on the button.
        form.locator("input[name=part]").first.focus()
        page.keyboard.press("Tab")
        focused = "getComputedStyle(document.activeElement)"
        assert page.evaluate("document.activeElement.name") == "part"
        assert page.evaluate(f"{focused}.outlineStyle") == "solid" and page.evaluate(f"{focused}.outlineWidth") == "2px"
        form.get_by_role("radio", name="Facilitator", exact=True).focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        assert page.evaluate(f"{focused}.outlineStyle") == "solid"
        # Sent with no part ticked: the message says so, legibly.
        page.keyboard.press("Enter")
        form.locator(".tce-pack-picker__status", has_text="Tick at least one part").wait_for(timeout=5000)
        results = Axe().run(page, context="form.tce-pack-picker")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == []
        assert tab.errors == [] and tab.foreign() == []
    finally:
        context.close()


def test_without_javascript_the_form_stays_hidden_and_the_complete_packs_remain(
    browser: object, site_url: str, project_build: Build
) -> None:
    context, tab = _open(browser, java_script_enabled=False)
    try:
        tab.page.goto(site_url + "worksheets/", wait_until="networkidle")
        form = tab.page.locator("form.tce-pack-picker")
        assert form.count() == 1 and form.is_hidden()
        for name in (
            "workshop-pack-a4.pdf",
            "workshop-pack-letter.pdf",
            "facilitator-pack-a4.pdf",
            "facilitator-pack-letter.pdf",
        ):
            link = tab.page.locator(f"article a[href$='{name}']")
            assert link.count() == 1 and link.is_visible(), name
            assert (
                project_build.site / urlparse(urljoin(tab.page.url, link.get_attribute("href"))).path.lstrip("/")
            ).is_file()
        assert not any(url.endswith(LIBRARY) for url in tab.requests)
        assert tab.foreign() == []
    finally:
        context.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a free port of 127.0.0.1, as a static host serves a site."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _notes(time: str, words: str) -> str:
    """A question's facilitator block, indented under it; `time` empty leaves the Time line out."""
    lines = [f"Time: {time}"] if time else []
    lines += [f"Draw out: {words}", "Prompt: Ask the group for one example each."]
    return "   <!-- facilitator\n" + "".join(f"   {line}\n" for line in lines) + "   -->\n"


@pytest.fixture(scope="module")
def untimed_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture site with facilitator notes: part 2 times its opening and questions 1 and 3, has notes
    without a time on question 2 and none on question 4; part 3 times everything."""
    site = FixtureSite(tmp_path_factory.mktemp("untimed") / "project")
    shutil.copy(ROOT / "docs" / "assets" / "pack-picker.js", site.docs / "assets" / "pack-picker.js")
    shutil.copytree(ROOT / "docs" / "assets" / "vendor", site.docs / "assets" / "vendor")
    part = "<!-- facilitator\nKey idea: {idea}\nOpening: {opening} min. Start with a story.\n-->\n\n1. "
    second = "blog/posts/second-look.md"
    site.edit(second, "## Reflect\n\n1. ", "## Reflect\n\n" + part.format(idea="Every hand-off counts.", opening=5))
    site.edit(second, "most often?\n", "most often?\n" + _notes("6 min", "The hand-offs that fail."))
    site.edit(second, "after you?\n", "after you?\n" + _notes("", "A name, not a team."))
    site.edit(second, "good shape?\n", "good shape?\n" + _notes("4 min", "How each person hears back."))
    third = "blog/posts/third-part.md"
    site.edit(third, "## Reflect\n\n1. ", "## Reflect\n\n" + part.format(idea="Habits make culture.", opening=3))
    for question, minutes in (("unhappy?", 2), ("to start?", 3), ("your team?", 4), ("taken root?", 5)):
        site.edit(third, question + "\n", f"{question}\n" + _notes(f"{minutes} min", "One habit."))
    build = site.build()
    assert build.returncode == 0, build.output
    return build


@pytest.mark.pdf
def test_session_plan_says_how_many_questions_it_could_not_count(tab: Tab, untimed_site: Build) -> None:
    plan = {entry["part"]: entry for entry in json.loads(untimed_site.read(f"worksheets/{PLAN}"))["parts"]}
    assert plan[2]["untimed"] == [2, 4] and plan[3]["untimed"] == []  # the build wrote what the posts hold
    with _serve(untimed_site.site) as url:
        tab.page.goto(url + "worksheets/", wait_until="networkidle")
        _, reader = _download_pack(tab, (2, 3), "a4", "facilitator")
        raw = reader.pages[0].extract_text()
        text = _words(raw)
        assert text.startswith("Session plan")
        rows = re.findall(r"^(\d+:\d\d)\s*^Part (\d+): (.+?)\s*^(\d+) min$", raw, re.M)
        assert rows == [("0:00", "2", "A second look", "15"), ("0:15", "3", "The third part", "17")]
        assert (
            "Parts 2 and 3 · about 32 minutes in all, breaks not included; 2 questions with no time are not counted"
            in text
        )
        assert "Opening 5 min · Q1 6 min · Q3 4 min · not timed: Q2, Q4" in text
        assert "Opening 3 min · Q1 2 min · Q2 3 min · Q3 4 min · Q4 5 min" in text
        assert text.count("not timed") == 1  # part 3 has a time for every question

        # One question without a time is counted in the singular.
        body = json.dumps({"parts": [dict(plan[2], untimed=[4]), plan[3]]})
        tab.page.route(
            f"**/worksheets/{PLAN}", lambda route: route.fulfill(status=200, body=body, content_type="application/json")
        )
        tab.page.goto(url + "worksheets/", wait_until="networkidle")
        _, reader = _download_pack(tab, (2,), "letter", "facilitator")
        text = _words(reader.pages[0].extract_text())
        assert "Part 2 · about 15 minutes, breaks not included; 1 question with no time is not counted" in text
        assert "Opening 5 min · Q1 6 min · Q3 4 min · not timed: Q4" in text
    assert tab.errors == [] and tab.foreign() == []
