"""Worksheets in real `mkdocs build --strict` runs, read back with pypdf and lxml (not with the hook's code)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pypdf
import pytest
from siteutil import ROOT, Build, FixtureSite, read_post

POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
A4 = (595, 842)  # points, rounded
LETTER = (612, 792)


def sources(docs: Path = ROOT / "docs") -> list[tuple[int, str, str, list[str]]]:
    """(part, slug, title, questions) of every post, read straight from the Markdown files."""
    found = []
    for path in sorted((docs / "blog" / "posts").glob("*.md")):
        doc = read_post(path)
        found.append((doc.meta["part"], doc.meta["slug"], doc.title, doc.questions))
    return sorted(found)


def squash(text: str) -> str:
    """Text without whitespace or Markdown emphasis, to compare across line breaks in a PDF."""
    return re.sub(r"[\s*`_]+", "", text)


def read_pdf(path: Path) -> pypdf.PdfReader:
    assert path.is_file(), f"{path} is missing"
    return pypdf.PdfReader(path)


def page_size(page: pypdf.PageObject) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def embedded_fonts(reader: pypdf.PdfReader) -> list[tuple[str, bool]]:
    """(font name, embedded?) of every font the PDF uses."""
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts.append(
                (str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            )
    return fonts


def log_counts(output: str) -> tuple[int, int]:
    match = re.search(r"worksheets: (\d+) PDFs rendered, (\d+) from cache", output)
    assert match, output
    return int(match.group(1)), int(match.group(2))


# --- The project -------------------------------------------------------------------------------


def test_worksheet_pages_share_one_stylesheet_for_the_sites_paper(project_build: Build) -> None:
    css = project_build.read("worksheets/worksheet.css")
    assert "@page { size: 210mm 297mm; }" in css and ".ws-sheet" in css and "bookmark-level" not in css
    for _, slug, _, _ in sources():
        assert ".ws-answer__field {" not in project_build.read(f"worksheets/{slug}/index.html"), "linked, not inline"


def test_every_worksheet_pdf_is_one_a4_page_with_title_and_questions(project_build: Build) -> None:
    folder = project_build.site / "worksheets"
    for part, slug, title, questions in sources():
        reader = read_pdf(folder / f"{slug}-a4.pdf")
        assert len(reader.pages) == 1, f"{slug}-a4.pdf has {len(reader.pages)} pages"
        assert page_size(reader.pages[0]) == A4
        text = squash(reader.pages[0].extract_text())
        # "Part N" alone: a sheet shows nothing that changes when another part is published.
        kicker = squash(f"Part {part} ·").lower()
        assert squash(title) in text and kicker in text.lower() and f"part{part}of" not in text.lower()
        for question in questions:
            assert squash(question) in text, f"{slug}-a4.pdf lacks {question!r}"
        assert squash(f"https://customers-eyes.example/blog/{slug}/") in text
        assert reader.metadata.title.startswith(f"Part {part}: {title}")
        assert reader.metadata.author == "The Editors"
        fonts = embedded_fonts(reader)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert any("DejaVu" in name for name, _ in fonts)


def test_workshop_pack_has_cover_contents_and_every_worksheet(project_build: Build) -> None:
    reader = read_pdf(project_build.site / "worksheets" / "workshop-pack-a4.pdf")
    posts = sources()
    assert len(reader.pages) == len(posts) + 2
    assert {page_size(page) for page in reader.pages} == {A4}
    cover = squash(reader.pages[0].extract_text())
    assert "Workshoppack" in cover and f"/{len(posts) + 2}" not in cover  # no number on the cover
    contents = squash(reader.pages[1].extract_text())
    for index, (part, _, title, questions) in enumerate(posts):
        # The contents page gives each worksheet's page number; the page shows that part.
        assert re.search(re.escape(squash(f"Part {part}{title}")) + r"\.*" + str(index + 3), contents), contents
        text = squash(reader.pages[index + 2].extract_text())
        assert squash(title) in text and all(squash(q) in text for q in questions)
        assert f"{index + 3}/{len(posts) + 2}" in text  # the page number at its foot
    assert reader.metadata.title.startswith("Workshop pack") and reader.metadata.author == "The Editors"


def test_worksheet_pages_are_standalone_print_pages(project_build: Build) -> None:
    for _part, slug, title, questions in sources():
        html = project_build.read(f"worksheets/{slug}/index.html")
        tree = lxml.html.fromstring(html)
        assert not tree.find_class("md-header") and not tree.find_class("md-search"), "theme chrome on paper"
        assert tree.find_class("ws-title")[0].text_content() == title
        items = tree.find_class("ws-question__text")
        assert [" ".join(li.text_content().split()).split(" ", 1)[0] for li in items] == [
            f"{n}." for n in range(1, len(questions) + 1)
        ]
        assert tree.xpath("//link[@rel='stylesheet']/@href")[0].startswith("../worksheet.css?v=")
        assert tree.find_class("ws-toolbar")[0].xpath(".//a/@href") == [f"../../blog/{slug}/", f"../{slug}-a4.pdf"]


def test_post_pages_link_to_their_worksheet_after_the_reflect_heading(project_build: Build) -> None:
    for _, slug, _, _ in sources():
        tree = lxml.html.fromstring(project_build.read(f"blog/{slug}/index.html"))
        heading = tree.xpath("//h2[@id='reflect']")[0]
        link = heading.getnext()
        assert "tce-worksheet-link" in link.get("class"), lxml.html.tostring(link)
        assert "Print the worksheet" in link.text_content()
        assert link.xpath(".//a/@href") == [f"../../worksheets/{slug}/", f"../../worksheets/{slug}-a4.pdf"]
        assert len(tree.find_class("tce-worksheet-link")) == 1


def test_catalogue_page_lists_every_worksheet_and_the_pack(project_build: Build) -> None:
    tree = lxml.html.fromstring(project_build.read("worksheets/index.html"))
    assert tree.find_class("md-header"), "the catalogue is a themed page"
    hrefs = tree.xpath("//article//a/@href")
    assert "workshop-pack-a4.pdf" in hrefs
    for _, slug, _, _ in sources():
        assert f"{slug}/" in hrefs and f"{slug}-a4.pdf" in hrefs
        assert (project_build.site / "worksheets" / slug / "index.html").is_file()
    assert "Worksheets" in [" ".join(a.text_content().split()) for a in tree.xpath("//nav//a")]


# --- The fixture site ----------------------------------------------------------------------------


def test_author_text_is_escaped_on_paper_and_on_screen(fixture_build: Build) -> None:
    # first-steps.md asks: "What would <b>change</b> if your report came a day late & unchecked?"
    html = fixture_build.read("worksheets/first-steps/index.html")
    assert "&lt;b&gt;change&lt;/b&gt;" in html and "<b>change" not in html
    assert "late &amp; unchecked" in html and "<em>week</em>" in html
    text = squash(read_pdf(fixture_build.site / "worksheets" / "first-steps-a4.pdf").pages[0].extract_text())
    assert squash("What would <b>change</b> if your report came a day late & unchecked?") in text


def test_unchanged_rebuild_renders_nothing_and_one_word_renders_one(fixture_site: FixtureSite) -> None:
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    # Every worksheet on A4 and on Letter, in both editions, and a pack of each kind.
    sheets = 4 * len(sources(fixture_site.docs))
    total = sheets + 4
    assert log_counts(first.output) == (total, 0)
    # A cold render says how it goes, up to the end: one layout a worksheet, each fitting its page,
    # and one for each pack's cover and contents, laid out beside them.
    layouts = sheets + 4
    assert re.search(rf"worksheets: {layouts} of {layouts} layouts \(100%\), [\d.]+ s", first.output)
    assert (fixture_site.root / ".cache" / "worksheets").is_dir()
    assert not (fixture_site.docs / ".cache").exists()
    pack_before = (first.site / "worksheets" / "workshop-pack-a4.pdf").read_bytes()

    again = fixture_site.build()
    assert again.returncode == 0, again.output
    assert log_counts(again.output) == (0, total)
    assert " layouts (" not in again.output  # nothing to lay out, nothing to report

    fixture_site.edit("blog/posts/second-look.md", "most often?", "most frequently?")
    changed = fixture_site.build("--verbose")
    assert changed.returncode == 0, changed.output
    # Exactly that post's sheet, once per paper and edition, and every pack put together again.
    remade = {
        "second-look-a4.pdf",
        "second-look-letter.pdf",
        "second-look-facilitator-a4.pdf",
        "second-look-facilitator-letter.pdf",
        "workshop-pack-a4.pdf",
        "workshop-pack-letter.pdf",
        "facilitator-pack-a4.pdf",
        "facilitator-pack-letter.pdf",
    }
    assert log_counts(changed.output) == (len(remade), total - len(remade))
    line = re.search(r"worksheets: rendered (.+)$", changed.output, re.M)
    assert line is not None and set(line.group(1).split(", ")) == remade
    text = squash(read_pdf(changed.site / "worksheets" / "second-look-a4.pdf").pages[0].extract_text())
    assert "mostfrequently?" in text
    assert (changed.site / "worksheets" / "workshop-pack-a4.pdf").read_bytes() != pack_before


def test_letter_paper(fixture_site: FixtureSite) -> None:
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    paper: a4" in text
    config.write_text(text.replace("    paper: a4", "    paper: letter"), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    posts = sources(fixture_site.docs)
    # Both papers are always made; the site's paper decides which the pages offer first.
    for paper, size in (("letter", LETTER), ("a4", A4)):
        for _, slug, title, _ in posts:
            reader = read_pdf(build.site / "worksheets" / f"{slug}-{paper}.pdf")
            assert len(reader.pages) == 1 and page_size(reader.pages[0]) == size
            assert squash(title) in squash(reader.pages[0].extract_text())
        pack = read_pdf(build.site / "worksheets" / f"workshop-pack-{paper}.pdf")
        assert len(pack.pages) == len(posts) + 2 and {page_size(p) for p in pack.pages} == {size}
    assert "@page { size: 8.5in 11in; }" in build.read("worksheets/worksheet.css")
    # The first addresses, <slug>.pdf and workshop-pack.pdf, give the site's paper.
    folder = build.site / "worksheets"
    for _, slug, _, _ in posts:
        assert (folder / f"{slug}.pdf").read_bytes() == (folder / f"{slug}-letter.pdf").read_bytes(), slug
    assert (folder / "workshop-pack.pdf").read_bytes() == (folder / "workshop-pack-letter.pdf").read_bytes()
    post = lxml.html.fromstring(build.read("blog/first-steps/index.html"))
    hrefs = post.find_class("tce-worksheet-link")[0].xpath(".//a/@href")
    assert hrefs == ["../../worksheets/first-steps/", "../../worksheets/first-steps-letter.pdf"]
    catalogue = lxml.html.fromstring(build.read("worksheets/index.html"))
    packs = [a.text_content() for a in catalogue.find_class("tce-worksheets__packs")[0].iter("a")]
    assert packs[0] == "Workshop pack, Letter" and "Workshop pack, A4" in packs


def test_pdfs_can_be_switched_off(fixture_site: FixtureSite) -> None:
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    pdf: auto", "    pdf: false"), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert "PDFs skipped by extra.worksheets.pdf: false" in build.output
    assert not list((build.site / "worksheets").glob("*.pdf"))
    assert (build.site / "worksheets" / "first-steps" / "index.html").is_file()
    post = lxml.html.fromstring(build.read("blog/first-steps/index.html"))
    assert post.find_class("tce-worksheet-link")[0].xpath(".//a/@href") == ["../../worksheets/first-steps/"]
    assert "PDFs are not built" in build.read("worksheets/index.html")


@pytest.mark.parametrize(
    ("name", "old", "new", "what"),
    [
        ("worksheet.html.j2", "{{ worksheet.title }}", "{{ worksheet.title }", "template syntax error"),
        ("sheet.html.j2", "{{ worksheet.description }}", "{{ worksheet.summary }}", "does not exist"),
    ],
    ids=["syntax", "undefined"],
)
def test_template_error_stops_the_build_naming_file_and_line(
    fixture_site: FixtureSite, name: str, old: str, new: str, what: str
) -> None:
    path = fixture_site.root / "worksheets" / name
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "1 problem to fix" in build.output
    assert any(f"worksheets/{name}:{line}: " in out and what in out for out in build.output.splitlines()), build.output


def test_settings_are_checked(fixture_site: FixtureSite) -> None:
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    paper: a4", "    paper: a5"), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    line = config.read_text(encoding="utf-8").splitlines().index("    paper: a5   # a4 or letter") + 1
    assert f"mkdocs.yml:{line}: extra.worksheets.paper" in build.output and "'a5'" in build.output


def test_unknown_setting_fails_the_strict_build(fixture_site: FixtureSite) -> None:
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    paper: a4", "    papr: a4"), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "papr:" in text)
    assert f"mkdocs.yml:{line}: extra.worksheets.papr is not a setting" in build.output
    assert "use one of: paper" in build.output


def test_a_stylesheet_mistake_is_an_author_error_with_pdfs_off_too(fixture_site: FixtureSite) -> None:
    # With no PDF to make, the worksheet pages' stylesheet is the only place paper.css is rendered.
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    pdf: auto", "    pdf: false"), encoding="utf-8")
    paper = fixture_site.root / "worksheets" / "paper.css"
    text = paper.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "{{ site.paper.width }}" in row)
    paper.write_text(text.replace("{{ site.paper.width }}", "{{ site.paper.depth }}", 1), encoding="utf-8")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert f"worksheets/paper.css:{line}: the template uses something that does not exist" in build.output
