"""The pack picker on /worksheets/ in a real browser: a trainer ticks parts, a paper and an edition, and
downloads one PDF that the browser put together from the site's own sheet PDFs (docs/assets/pack-picker.js).

The pack is read back with pypdf and held against those sheet PDFs, read from the built site: its pages,
their paper, the parts' titles, the metadata and every form field."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pypdf
import pytest
from siteutil import ROOT, Build, read_post

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
        form.get_by_role("button", name="Download the pack").click()
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
        ((2, 4), "a4", "participant", "workshop-pack-parts-2-4-a4.pdf", "Workshop pack: parts 2 and 4"),
        (
            (2, 3, 4),
            "letter",
            "facilitator",
            "facilitator-pack-parts-2-3-4-letter.pdf",
            "Facilitator pack: parts 2, 3 and 4",
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
    form.get_by_role("button", name="Download the pack").evaluate(
        "b => { window.tceButtonStates = []; new MutationObserver(() => window.tceButtonStates.push(b.disabled))"
        ".observe(b, {attributes: true, attributeFilter: ['disabled']}); }"
    )
    before = len(tab.requests)
    download, reader = _download_pack(tab, parts, paper, edition)
    assert download.suggested_filename == file_name
    assert page.evaluate("window.tceButtonStates") == [True, False]
    assert form.get_by_role("button", name="Download the pack").is_enabled()

    sheets = {part: pypdf.PdfReader(_sheet(project_build.site, part, paper, edition)) for part in parts}
    pages = sum(len(sheet.pages) for sheet in sheets.values())
    assert len(reader.pages) == pages
    status = form.locator(".tce-pack-picker__status").inner_text()
    assert file_name in status and f"{pages} pages" in status

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
    assert [int(n) for n in re.findall(r"\bPART (\d+) OF \d+\b", text)] == list(parts)
    assert [item.title for item in reader.outline] == [f"Part {part}: {BY_PART[part].title}" for part in parts]
    first_pages = [sum(len(sheets[p].pages) for p in parts[:at]) for at in range(len(parts))]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == first_pages

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

    # Only the library and the chosen sheets were fetched, from this site and nowhere else.
    fetched = tab.requests[before:]
    assert [url for url in fetched if url.endswith(".js")] == [site_url + LIBRARY]
    chosen = {site_url + "worksheets/" + _sheet(project_build.site, part, paper, edition).name for part in parts}
    assert {url for url in fetched if url.endswith(".pdf")} == chosen
    assert tab.foreign() == []
    assert tab.errors == []
    assert len(tab.downloads) == 1


def test_pack_without_a_part_asks_for_one(tab: Tab, site_url: str) -> None:
    page = tab.page
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    form = page.locator("form.tce-pack-picker")
    form.get_by_role("button", name="Download the pack").click()
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
    form.get_by_role("button", name="Download the pack").click()
    status = form.locator(".tce-pack-picker__status", has_text="could not")
    status.wait_for(timeout=30_000)
    assert "part 3" in status.inner_text() and "404" in status.inner_text()
    assert form.get_by_role("button", name="Download the pack").is_enabled()
    assert tab.downloads == []
    assert tab.foreign() == []


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
    assert download.suggested_filename == f"workshop-pack-part-1-{paper}.pdf"
    assert len(reader.pages) == len(pypdf.PdfReader(_sheet(project_build.site, 1, paper, "participant")).pages)
    assert reader.metadata.title == f"Workshop pack: part 1 · {SITE_NAME}"
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
