"""The worksheet core's template context: inline Markdown, worksheets, packs, feed links, QR codes."""

from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit import worksheets as ws
from worksheet_samples import GLOSSARY, SITE, make_post

# --- Inline Markdown of questions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Who relies on your work each *week*?", "Who relies on your work each <em>week</em>?"),
        ("Is **this** `code`?", "Is <strong>this</strong> <code>code</code>?"),
        ("What would <b>change</b>?", "What would &lt;b&gt;change&lt;/b&gt;?"),
        ("Late & unchecked?", "Late &amp; unchecked?"),
        ("A <script>alert(1)</script> trap?", "A &lt;script&gt;alert(1)&lt;/script&gt; trap?"),
        ('Say "sorry" well?', 'Say "sorry" well?'),
        ("See [the chain](the-customer-chain.md)?", "See <span>the chain</span>?"),
        ("Visit <https://example.org>?", "Visit <span>https://example.org</span>?"),
        ("`<b>` in code?", "<code>&lt;b&gt;</code> in code?"),
        ("An ![image](x.png) here?", "An <span>image</span> here?"),
        ("Which *hand-off* goes wrong\nmost often?", "Which <em>hand-off</em> goes wrong\nmost often?"),
    ],
)
def test_render_inline_escapes_raw_html_and_keeps_markup(markdown: str, html: str) -> None:
    assert ws.render_inline(markdown) == html


# --- Template context ---------------------------------------------------------------------------


def test_worksheet_context_numbers_questions_and_links_back() -> None:
    sheet = ws.build_worksheet(make_post(questions=("First?", "*Second*?", "Third?")), site=SITE)
    assert [(q.number, q.html) for q in sheet.questions] == [(1, "First?"), (2, "<em>Second</em>?"), (3, "Third?")]
    assert all(q.lines == ws.PARTICIPANT_STEPS[0].floor for q in sheet.questions) and sheet.step == 0
    assert (sheet.part, sheet.title, sheet.date) == (2, "A second look", "2026-01-12")
    assert sheet.post_url == "https://example.org/blog/second-look/" and sheet.post_url_is_absolute
    assert sheet.post_href == "../../blog/second-look/"
    assert (sheet.page_url, sheet.pdf_name) == ("worksheets/second-look/", "second-look-a4.pdf")
    assert sheet.qr.startswith("data:image/svg+xml") and not sheet.flow


def test_no_qr_code_without_an_absolute_address() -> None:
    site = ws.SheetSite(name="S", author="A", url="")
    sheet = ws.build_worksheet(make_post(), site=site)
    assert sheet.qr == "" and sheet.post_url == "blog/second-look/" and not sheet.post_url_is_absolute
    assert ws.build_worksheet(make_post(), site=SITE, qr=False).qr == ""


def test_key_terms_in_order_of_first_use_each_once_unknown_skipped() -> None:
    slugs = ["internal-customer", "customer", "missing", "internal-customer", "service-culture"]
    sheet = ws.build_worksheet(make_post(), site=SITE, glossary=GLOSSARY, term_slugs=slugs)
    assert [t.term for t in sheet.key_terms] == ["Internal customer", "Customer", "Service culture"]
    assert sheet.key_terms[2].summary == "Shared habits &amp; &lt;b&gt;values&lt;/b&gt;."


def test_key_terms_the_questions_lean_on_come_first_most_used_first() -> None:
    slugs = ["internal-customer", "customer", "service-culture"]  # the post's order of first use
    questions = ("What does service culture mean here?", "Is our service culture shared?", "Which customer?")
    post = make_post(questions=questions)
    sheet = ws.build_worksheet(post, site=SITE, glossary=GLOSSARY, term_slugs=slugs)
    # "service culture" twice in the questions, "customer" once, "internal customer" not at all.
    assert [t.term for t in sheet.key_terms] == ["Service culture", "Customer", "Internal customer"]
    # A crowded sheet lists the first few and counts the rest.
    crowded = sheet.at_step(1)
    assert crowded.give_way.terms == 3 and len(crowded.shown_terms) == 3 and crowded.more_terms == 0
    last = sheet.at_step(len(ws.PARTICIPANT_STEPS) - 1)
    assert last.shown_terms == () and last.more_terms == 3
    assert sheet.variant(ws.PAPERS["a4"], ws.FACILITATOR).shown_terms == ()


def test_no_glossary_means_no_key_terms() -> None:
    assert ws.build_worksheet(make_post(), site=SITE, term_slugs=["customer"]).key_terms == ()


def test_pack_is_in_series_order_and_dated_by_its_newest_part() -> None:
    later = make_post("third", part=3, date=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    sheets = [ws.build_worksheet(p, site=SITE) for p in (later, make_post())]
    pack = ws.build_pack(sheets)
    assert [s.part for s in pack.sheets] == [2, 3]
    assert (pack.edition, pack.pdf_name) == ("2026-02-01", "workshop-pack.pdf")
    assert ws.PACK_NAME == "workshop-pack"


def test_pack_counts_the_page_each_sheet_starts_on_from_the_sheets_page_counts() -> None:
    sheets = [ws.build_worksheet(make_post(s, part=n), site=SITE) for n, s in ((3, "c"), (1, "a"), (2, "b"))]
    pack = ws.build_pack(sheets, pages={"a": 1, "b": 2, "c": 1}, front_pages=3)
    assert [(e.sheet.slug, e.page, e.pages) for e in pack.contents] == [("a", 4, 1), ("b", 5, 2), ("c", 7, 1)]
    assert pack.pages == 3 + 4 and pack.front_pages == 3
    assert (pack.title, pack.complete) == ("Workshop pack", True)
    default = ws.build_pack(sheets)  # without page counts: one page each, behind a cover and one contents page
    assert [e.page for e in default.contents] == [3, 4, 5] and default.pages == 5


@pytest.mark.parametrize(
    ("target", "from_dir", "href"),
    [("blog/x/", "worksheets/x/", "../../blog/x/"), ("", "worksheets/x/", "../../"), ("a.html", "b/", "../a.html")],
)
def test_relative_href(target: str, from_dir: str, href: str) -> None:
    assert ws.relative_href(target, from_dir) == href


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("feed_rss_created.xml", "../../feed_rss_created.xml"),
        ("feeds/atom.xml", "../../feeds/atom.xml"),
        ("https://example.org/feed.json", "https://example.org/feed.json"),
        ("/feed.xml", "/feed.xml"),
    ],
)
def test_feed_links_are_made_relative_to_the_worksheet_page(url: str, href: str) -> None:
    feed = ws.FeedLink(title="RSS", media_type="application/rss+xml", url=url)
    assert feed.href_from("worksheets/second-look/") == href


def test_site_has_no_feeds_unless_given() -> None:
    assert SITE.feeds == ()
    feed = ws.FeedLink("Atom", "application/atom+xml", "feed.xml")
    with pytest.raises(AttributeError):
        feed.url = "other.xml"  # type: ignore[misc]  # frozen


# --- QR codes and their disk cache ----------------------------------------------------------------


def test_qr_codes_are_kept_on_disk(tmp_path) -> None:
    cache = ws.QrCache(tmp_path / "qr")
    uri = ws.make_qr("https://example.org/blog/a/", cache)
    assert uri.startswith("data:image/svg+xml") and ws.make_qr("https://example.org/blog/a/") == uri
    (stored,) = (tmp_path / "qr").iterdir()
    stored.write_text("data:image/svg+xml,stored")  # a second build reads the file, not the encoder
    assert ws.make_qr("https://example.org/blog/a/", cache) == "data:image/svg+xml,stored"
    assert ws.make_qr("https://example.org/blog/a/", tmp_path / "qr") == "data:image/svg+xml,stored"  # a folder
    assert cache.warnings == []


def test_build_worksheet_uses_the_qr_cache_and_an_unwritable_one_is_a_note(tmp_path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "missing-target")  # a dangling link, as a moved cache leaves
    cache = ws.QrCache(tmp_path / "gone" / "qr")
    sheet = ws.build_worksheet(make_post(), site=SITE, qr_cache=cache)
    again = ws.build_worksheet(make_post("other"), site=SITE, qr_cache=cache)
    assert sheet.qr.startswith("data:image/svg+xml") and again.qr.startswith("data:image/svg+xml")
    (note,) = cache.warnings  # said once, however many codes could not be kept
    assert "cannot write the QR-code cache" in note and "encoded again next time" in note


# --- Where the worksheet link goes --------------------------------------------------------------


def test_insert_after_element_keeps_markup_and_finds_nested_end() -> None:
    html = '<svg viewBox="0 0 1 1"></svg>\n<h2 id="reflect">Reflect <em>now</em><a class="headerlink" href="#reflect">¶</a></h2>\n<ol><li>Q?</li></ol>'
    out = ws.insert_after_element(html, "h2", "reflect", "<p>LINK</p>")
    assert out == html.replace("</h2>\n", "</h2><p>LINK</p>\n")
    assert ws.insert_after_element("<h2 id='other'>x</h2>", "h2", "reflect", "<p/>") is None
    single = "<p>x</p>\n<h2 class='a' id='reflect'>R</h2>"  # other quoting: found by the parser
    assert ws.insert_after_element(single, "h2", "reflect", "<i/>") == single + "<i/>"


def test_key_terms_are_counted_by_the_whole_glossary_as_on_the_page() -> None:
    # "internal customer" in a question is that entry, as the page's linker reads it (the longest wording
    # wins), so it does not count for "customer", which the post also uses: the order of first use stays.
    post = make_post(questions=("Who is your internal customer?", "Who else?"))
    slugs = ["service-culture", "customer"]
    sheet = ws.build_worksheet(post, site=SITE, glossary=GLOSSARY, term_slugs=slugs)
    assert [t.term for t in sheet.key_terms] == ["Service culture", "Customer"]
