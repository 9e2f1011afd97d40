"""The feed builder on small in-memory posts, read back with feedparser and lxml (not with our code)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest
from tce_toolkit.feed_html import clean_post_html, html_to_text
from tce_toolkit.feed_image import FeedImage
from tce_toolkit.feeds import (
    EMPTY_FEED_DATE,
    CategoryInfo,
    FeedItem,
    FeedOptions,
    KeyTermLink,
    Person,
    SiteInfo,
    absolute_url,
    build_feeds,
    build_item,
    category_feed_path,
    check_unique_ids,
    select_items,
)
from tce_toolkit.models import Post

SITE_URL = "https://series.example/"
SITE = SiteInfo(
    url=SITE_URL,
    home=SITE_URL + "blog/",
    language="en",
    author=Person("The Editors"),
    copyright="Copyright © 2026 The Editors",
    icon=SITE_URL + "assets/logo.svg",
    logo=SITE_URL + "assets/logo.svg",
)
OPTIONS = FeedOptions(
    title="The Series",
    description="A series about service.",
    limit=20,
    full_content=True,
    rss_path="feed.xml",
    atom_path="atom.xml",
    json_path="",  # the XML feeds alone here; the JSON Feed has tests of its own below
    category_path="category/{slug}/feed.xml",
)
RFC_822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$")
BODY = (
    '<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">¶</a></h1>\n'
    '<p>The <a class="tce-glossary-term" href="../../glossary/customer/" title="Anyone you serve">customer</a> '
    'waits. See <a href="../other/">the other part</a>.</p>\n'
    "<!-- more -->\n"
    '<p><img alt="chain" src="../../assets/chain.png"></p>\n'
    '<p class="tce-worksheet-link" data-tce-chrome><a href="../../worksheets/part-1/">Print the worksheet</a></p>\n'
)


def post(part: int, *, day: int | None = None, **changes: object) -> Post:
    slug = changes.pop("slug", f"part-{part}")
    made = Post(
        src=f"docs/blog/posts/{slug}.md",
        src_uri=f"blog/posts/{slug}.md",
        title=f"Topic {part}",
        part=part,
        date=dt.datetime(2026, 1, day or part, tzinfo=dt.UTC),
        description=f"What part {part} is about.",
        categories=("Customers",),
        authors=("editors",),
        url=f"blog/{slug}/",
    )
    return dataclasses.replace(made, **changes)


def listed(*parts: int) -> list[str]:
    """The item titles feed readers should list for the helper's posts with these parts."""
    return [f"Part {part}: Topic {part}" for part in parts]


def item(p: Post, body: str = BODY) -> FeedItem:
    return build_item(p, SITE_URL, body, authors=[Person("The Editors")])


def feeds(posts: list[Post], options: FeedOptions = OPTIONS, categories=()) -> dict[str, bytes]:
    return {f.path: f.content for f in build_feeds(SITE, options, [item(p) for p in posts], categories)}


def parse(content: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def check_html(src: str, expected: str, base: str = SITE_URL + "blog/part-1/") -> None:
    assert clean_post_html(src, base) == expected


# --- cleaning the post HTML --------------------------------------------------------------------------

CLEANING = [
    (
        "permalink anchors go",
        '<h2 id="a">Who<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>',
        '<h2 id="a">Who</h2>',
    ),
    (
        "glossary links become their text",
        '<p>An <a class="tce-glossary-term" href="../../glossary/x/" title="t" id="term-x">internal customer</a>.</p>',
        "<p>An internal customer.</p>",
    ),
    (
        "worksheet link goes",
        '<p>Text.</p>\n<p class="tce-worksheet-link" data-tce-chrome>\n<a href="../../worksheets/x/">Print</a></p>',
        "<p>Text.</p>",
    ),
    (
        "series chrome goes",
        '<p class="tce-series-part" data-tce-chrome data-series-part="1">Part 1 of 3</p><p>Body.</p>'
        '<nav class="tce-series-pager" data-tce-chrome aria-label="Series"><a href="../x/">Next</a></nav>',
        "<p>Body.</p>",
    ),
    (
        "any element marked as chrome goes, its tail stays",
        '<p>One <span data-tce-chrome="">(badge)</span>two.</p>',
        "<p>One two.</p>",
    ),
    (
        "a class name alone is not chrome",
        '<p class="tce-series-part">Part of the text.</p>',
        '<p class="tce-series-part">Part of the text.</p>',
    ),
    (
        "data and aria attributes go",
        '<p data-series-part="1" aria-hidden="false" role="note" class="x">Hi</p>',
        '<p class="x">Hi</p>',
    ),
    ("leading title goes", "<h1>Title</h1>\n<p>Body.</p>", "<p>Body.</p>"),
    ("later h1 stays", "<p>Intro.</p><h1>Second</h1>", "<p>Intro.</p><h1>Second</h1>"),
    ("comments go", "<p>One.</p>\n<!-- more -->\n<p>Two.</p>", "<p>One.</p>\n\n<p>Two.</p>"),
    ("scripts go", '<p onclick="x()">Hi<script>alert(1)</script>.</p>', "<p>Hi.</p>"),
    (
        "relative links become absolute",
        '<a href="../other/">a</a><a href="#frag">b</a><a href="/root.html">c</a>',
        '<a href="https://series.example/blog/other/">a</a>'
        '<a href="https://series.example/blog/part-1/#frag">b</a>'
        '<a href="https://series.example/root.html">c</a>',
    ),
    (
        "other schemes stay",
        '<a href="mailto:e@example.org">m</a><a href="https://else.example/x">x</a>',
        '<a href="mailto:e@example.org">m</a><a href="https://else.example/x">x</a>',
    ),
    (
        "images and srcset become absolute",
        '<img alt="" src="../../img/a.png" srcset="../../img/a.png 1x, ../../img/b.png 2x">',
        '<img alt="" src="https://series.example/img/a.png" '
        'srcset="https://series.example/img/a.png 1x, https://series.example/img/b.png 2x">',
    ),
    (
        "a titled SVG diagram becomes text and a link",
        '<figure><svg viewBox="0 0 9 9" role="img"><title>The chain</title><desc>Five links.</desc>'
        '<rect class="box"></rect></svg><figcaption>Hand-offs.</figcaption></figure>',
        '<figure><p><em>Diagram: The chain.</em> Five links. <a href="https://series.example/blog/part-1/">'
        "See the diagram on the website</a>.</p><figcaption>Hand-offs.</figcaption></figure>",
    ),
    (
        "an SVG inside a paragraph becomes a span",
        '<p>See <svg aria-label="Arrow &amp; box"><path d="M0 0"></path></svg> here.</p>',
        '<p>See <span><em>Diagram: Arrow &amp; box.</em> <a href="https://series.example/blog/part-1/">'
        "See the diagram on the website</a>.</span> here.</p>",
    ),
    (
        "a decorative SVG goes",
        '<p><span class="twemoji"><svg viewBox="0 0 24 24"><path d="M0 0"></path></svg></span>Print</p>',
        '<p><span class="twemoji"></span>Print</p>',
    ),
    ("non-ASCII stays as text", "<p>Café – 😀 – مرحبا</p>", "<p>Café – 😀 – مرحبا</p>"),
    ("empty stays empty", "  ", ""),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in CLEANING], ids=[c[0] for c in CLEANING])
def test_clean_post_html(src: str, expected: str) -> None:
    check_html(src, expected)


# --- items, order, selection ---------------------------------------------------------------------------


def test_item_id_is_the_permanent_address_unless_front_matter_sets_one() -> None:
    plain = item(post(1))
    assert (plain.url, plain.id, plain.is_permalink) == (SITE_URL + "blog/part-1/", SITE_URL + "blog/part-1/", True)
    custom = item(post(1, feed_id="tag:series.example,2026:one"))
    assert (custom.id, custom.is_permalink, custom.url) == ("tag:series.example,2026:one", False, plain.url)


def test_item_url_is_the_engines_url_under_the_site() -> None:
    dated = item(post(1, url="blog/2026/01/01/part-1/"))
    assert dated.url == dated.id == SITE_URL + "blog/2026/01/01/part-1/"
    under = build_item(post(1), "https://example.org/series", BODY)
    assert under.url == "https://example.org/series/blog/part-1/"


def test_retitled_post_keeps_its_id() -> None:
    assert item(post(1)).id == item(post(1, title="A brand new title")).id


def test_every_feed_titles_items_with_their_part_and_keeps_their_ids() -> None:
    # Parts out of order and with gaps, so a number cannot come from an item's place in the list.
    posts = [
        post(7, title="Seven & up", categories=("Customers",)),
        post(3, title="Internal customers", categories=("Customers",)),
    ]
    expected = ["Part 7: Seven & up", "Part 3: Internal customers"]
    options = dataclasses.replace(OPTIONS, json_path="feed.json")
    categories = [CategoryInfo("Customers", "customers", SITE_URL + "blog/category/customers/")]
    files = {f.path: f.content for f in build_feeds(SITE, options, [item(p) for p in posts], categories)}
    for name in ("feed.xml", "atom.xml", "category/customers/feed.xml"):
        parsed = parse(files[name])
        assert [e.title for e in parsed.entries] == expected, name
        assert [e.id for e in parsed.entries] == [SITE_URL + "blog/part-7/", SITE_URL + "blog/part-3/"], name
    data = json.loads(files["feed.json"])
    assert [i["title"] for i in data["items"]] == expected
    assert [i["id"] for i in data["items"]] == [SITE_URL + "blog/part-7/", SITE_URL + "blog/part-3/"]
    # The same posts under their old titles: the same ids, so readers see no new items.
    retitled = [item(dataclasses.replace(p, title="An old title")) for p in posts]
    before = {f.path: f.content for f in build_feeds(SITE, options, retitled, categories)}
    assert set(before) == set(files)
    for name in files:
        assert feed_ids(name, before[name]) == feed_ids(name, files[name]), name


def feed_ids(name: str, content: bytes) -> list[str]:
    """The item ids of a feed file, read with json for a JSON Feed and with feedparser otherwise."""
    if name.endswith(".json"):
        return [entry["id"] for entry in json.loads(content)["items"]]
    return [entry.id for entry in parse(content).entries]


def test_item_changed_is_its_latest_date() -> None:
    assert item(post(1)).changed == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    updated = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    assert item(post(1, updated=updated)).changed == updated
    assert item(post(5, updated=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))).changed == dt.datetime(
        2026, 1, 5, tzinfo=dt.UTC
    )


def test_shared_ids_are_reported() -> None:
    one = item(post(1, feed_id="tag:a,2026:x"))
    two = item(post(2, feed_id="tag:a,2026:x"))
    problems = check_unique_ids([one, two])
    assert [p.path for p in problems] == ["docs/blog/posts/part-2.md"]
    assert "docs/blog/posts/part-1.md" in problems[0].what


def test_newest_first_whatever_the_input_order_with_part_breaking_ties() -> None:
    posts = [post(1, day=5), post(3, day=20), post(2, day=10), post(4, day=20)]
    chosen = select_items([item(p) for p in posts])
    assert [i.post.part for i in chosen] == [4, 3, 2, 1]


def test_drafts_and_scheduled_posts_are_left_out() -> None:
    # What is published is the engine's answer (post.status), not the toolkit's reading of dates.
    posts = [post(1), post(2, draft=True, status="draft"), post(3, status="scheduled"), post(4, draft=True)]
    chosen = select_items([item(p) for p in posts])
    assert [i.post.part for i in chosen] == [4, 1]
    rss = parse(feeds(posts)["feed.xml"])
    atom = parse(feeds(posts)["atom.xml"])
    assert [e.title for e in rss.entries] == [e.title for e in atom.entries] == listed(4, 1)


def test_limit_keeps_the_newest() -> None:
    posts = [post(n) for n in range(1, 6)]
    parsed = parse(feeds(posts, dataclasses.replace(OPTIONS, limit=2))["feed.xml"])
    assert [e.title for e in parsed.entries] == listed(5, 4)
    assert len(parse(feeds(posts, dataclasses.replace(OPTIONS, limit=0))["atom.xml"]).entries) == 5


@pytest.mark.parametrize(
    ("limit", "category", "parts"),
    [
        (0, None, [3, 2, 1]),
        (1, None, [3]),
        (0, "Service culture", [3, 2]),
        (1, "Service culture", [3]),
        (0, "None", []),
    ],
)
def test_select_items(limit: int, category: str | None, parts: list[int]) -> None:
    posts = [post(1), post(2, categories=("Service culture",)), post(3, categories=("Customers", "Service culture"))]
    assert [i.post.part for i in select_items([item(p) for p in posts], limit, category)] == parts


# --- the documents -------------------------------------------------------------------------------------


def test_rss_channel_and_items() -> None:
    posts = [post(1), post(2, updated=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))]
    content = feeds(posts)["feed.xml"]
    parsed = parse(content)
    assert parsed.version == "rss20"
    assert parsed.feed.title == "The Series" and parsed.feed.link == SITE_URL + "blog/"
    assert parsed.feed.language == "en" and parsed.feed.rights == "Copyright © 2026 The Editors"
    tree = lxml.etree.fromstring(content)
    channel = tree.find("channel")
    ns = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}
    self_link = channel.find("atom:link", ns)
    assert self_link.attrib == {"href": SITE_URL + "feed.xml", "rel": "self", "type": "application/rss+xml"}
    # The build date is the newest change (an update counts), never the clock.
    assert channel.findtext("lastBuildDate") == "Sun, 01 Mar 2026 00:00:00 +0000"
    assert channel.findtext("pubDate") == "Fri, 02 Jan 2026 00:00:00 +0000"
    assert channel.findtext("dc:creator", namespaces=ns) == "The Editors"
    assert channel.find("image") is None  # an SVG logo is not allowed in RSS 2.0's <image>
    for element in tree.iter("item"):
        assert RFC_822.match(element.findtext("pubDate"))
        guid = element.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == element.findtext("link")
        assert element.findtext("dc:creator", namespaces=ns) == "The Editors"
    first = parsed.entries[0]
    assert first.title == "Part 2: Topic 2" and first.link == SITE_URL + "blog/part-2/"
    assert first.published_parsed[:3] == (2026, 1, 2)
    assert first.summary == "What part 2 is about."
    assert [t.term for t in first.tags] == ["Customers"]
    assert "The customer waits." in first.content[0].value


def test_atom_feed_and_entries() -> None:
    posts = [post(1), post(2, updated=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC))]
    content = feeds(posts)["atom.xml"]
    parsed = parse(content)
    assert parsed.version == "atom10"
    assert parsed.feed.id == SITE_URL + "atom.xml"
    assert parsed.feed.updated == "2026-03-01T09:30:00+00:00"
    assert parsed.feed.icon == SITE_URL + "assets/logo.svg"
    links = {(link.rel, link.get("type")): link.href for link in parsed.feed.links}
    assert links[("self", "application/atom+xml")] == SITE_URL + "atom.xml"
    assert links[("alternate", "text/html")] == SITE_URL + "blog/"
    newest, oldest = parsed.entries
    assert newest.id == SITE_URL + "blog/part-2/"
    assert newest.published == "2026-01-02T00:00:00+00:00" and newest.updated == "2026-03-01T09:30:00+00:00"
    assert oldest.updated == oldest.published == "2026-01-01T00:00:00+00:00"
    assert newest.author == "The Editors" and newest.summary == "What part 2 is about."
    assert newest.content[0].type == "text/html"


def test_feed_image_is_the_rss_image_atom_logo_and_json_icon_and_email_the_managing_editor() -> None:
    image = FeedImage(SITE_URL + "assets/logo.png", 144, 48)
    site = dataclasses.replace(SITE, image=image, author=Person("The Editors", "ed@series.example"))
    options = dataclasses.replace(OPTIONS, json_path="feed.json")
    categories = [CategoryInfo("Customers", "customers", SITE_URL + "blog/category/customers/")]
    files = {f.path: f.content for f in build_feeds(site, options, [item(post(1))], categories)}
    for name in ("feed.xml", "category/customers/feed.xml"):
        channel = lxml.etree.fromstring(files[name]).find("channel")
        assert channel.findtext("image/url") == image.url
        # The validator's rules: the image's title and link are the channel's own.
        assert channel.findtext("image/title") == channel.findtext("title")
        assert channel.findtext("image/link") == channel.findtext("link")
        assert (channel.findtext("image/width"), channel.findtext("image/height")) == ("144", "48")
        parsed = parse(files[name]).feed.image
        assert parsed.href == image.url and (parsed.width, parsed.height) == (144, 48)
    channel = lxml.etree.fromstring(files["feed.xml"]).find("channel")
    assert channel.findtext("managingEditor") == "ed@series.example (The Editors)"
    assert parse(files["atom.xml"]).feed.logo == image.url
    assert json.loads(files["feed.json"])["icon"] == image.url


def test_without_a_feed_image_rss_has_none_and_atom_keeps_the_theme_logo() -> None:
    built = feeds([post(1)])
    assert lxml.etree.fromstring(built["feed.xml"]).find("channel/image") is None
    atom = lxml.etree.fromstring(built["atom.xml"])
    assert atom.findtext("{http://www.w3.org/2005/Atom}logo") == SITE.logo


def test_summary_only_setting_leaves_out_the_body() -> None:
    built = feeds([post(1)], dataclasses.replace(OPTIONS, full_content=False))
    assert b"content:encoded" not in built["feed.xml"] and b"<content" not in built["atom.xml"]
    for name in ("feed.xml", "atom.xml"):
        entry = parse(built[name]).entries[0]
        assert entry.summary == "What part 1 is about." and "content" not in entry


def test_every_link_in_the_content_is_absolute() -> None:
    for name, content in feeds([post(1), post(2)]).items():
        for entry in parse(content).entries:
            root = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
            refs = [el.get("href") for el in root.iter("a")] + [el.get("src") for el in root.iter("img")]
            assert refs and all(urlsplit(ref).scheme == "https" for ref in refs), (name, refs)
            assert SITE_URL + "assets/chain.png" in refs and SITE_URL + "blog/other/" in refs
            assert "glossary" not in entry.content[0].value and "¶" not in entry.content[0].value
            assert "worksheet" not in entry.content[0].value  # site chrome stays on the site


def test_author_text_is_escaped_and_arrives_as_text() -> None:
    nasty = post(1, title="Tom & Jerry <script>", description='Fish & chips <b>bold</b> "quoted"')
    built = feeds([nasty])
    for name in ("feed.xml", "atom.xml"):
        content = built[name]
        assert b"<script>" not in content and b"<b>" not in content
        tree = lxml.etree.fromstring(content)
        titles = [el.text for el in tree.iter("title", "{http://www.w3.org/2005/Atom}title")]
        assert "Part 1: Tom & Jerry <script>" in titles
        entry = parse(content).entries[0]
        assert entry.title == "Part 1: Tom & Jerry <script>"
        assert entry.title_detail.type == "text/plain"
        # RSS summaries reach readers as HTML (Atom's as text): either way the reader shows the markup as text.
        summary = entry.summary
        if entry.summary_detail.type == "text/html":
            html_summary = lxml.html.fragment_fromstring(summary, create_parent="div")
            assert html_summary.find(".//b") is None
            summary = html_summary.text_content()
        assert summary == 'Fish & chips <b>bold</b> "quoted"'


@pytest.mark.parametrize(
    "title",
    [
        "Café crème, naïve façade",
        "Service with a smile 😀👍",
        "خدمة العملاء من منظورهم",
        "お客様の目線で",
        "Ünïcödé ‘quotes’ — dash",
    ],
)
def test_non_ascii_titles_come_through_intact(title: str) -> None:
    built = feeds([post(1, title=title, description=f"About {title}.")])
    for content in built.values():
        assert title.encode() in content  # real UTF-8, not character references
        parsed = parse(content)
        assert parsed.encoding.lower() == "utf-8"
        assert parsed.entries[0].title == f"Part 1: {title}"


def test_empty_series_gives_valid_empty_feeds() -> None:
    categories = [CategoryInfo("Customers", "customers", SITE_URL + "blog/")]
    built = feeds([], categories=categories)
    assert set(built) == {"feed.xml", "atom.xml", "category/customers/feed.xml"}
    for content in built.values():
        parsed = parse(content)
        assert parsed.entries == [] and parsed.feed.title.startswith("The Series")
    assert parse(built["atom.xml"]).feed.updated == EMPTY_FEED_DATE.isoformat()
    assert feeds([post(1, status="draft")], categories=categories) == built


def test_category_feeds_hold_only_their_posts() -> None:
    posts = [post(1), post(2, categories=("Service culture",)), post(3, categories=("Customers", "Service culture"))]
    categories = [
        CategoryInfo("Service culture", "service-culture", SITE_URL + "blog/category/service-culture/"),
        CategoryInfo("Customers", "customers", SITE_URL + "blog/category/customers/"),
    ]
    files = build_feeds(SITE, OPTIONS, [item(p) for p in posts], categories)
    assert [(f.path, f.kind, f.label) for f in files] == [
        ("feed.xml", "rss", "RSS"),
        ("atom.xml", "atom", "Atom"),
        ("category/customers/feed.xml", "rss", "Customers"),
        ("category/service-culture/feed.xml", "rss", "Service culture"),
    ]
    culture = parse(files[3].content)
    assert culture.feed.title == "The Series: Service culture"
    assert culture.feed.link == SITE_URL + "blog/category/service-culture/"
    assert [e.title for e in culture.entries] == listed(3, 2)
    assert [e.title for e in parse(files[2].content).entries] == listed(3, 1)
    assert files[3].url == SITE_URL + "category/service-culture/feed.xml" and files[3].category == "Service culture"
    assert files[0].media_type == "application/rss+xml" and files[1].media_type == "application/atom+xml"
    assert not build_feeds(SITE, dataclasses.replace(OPTIONS, category_path=""), [], categories)[2:]


def test_feeds_are_deterministic_whatever_the_input_order() -> None:
    posts = [post(2), post(1), post(3, updated=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))]
    first = feeds(posts)
    assert feeds(list(reversed(posts))) == first
    assert feeds(posts) == first


def test_feed_paths_from_the_settings() -> None:
    options = dataclasses.replace(
        OPTIONS, rss_path="feeds/rss.xml", atom_path="feeds/atom.xml", category_path="feeds/{slug}.xml"
    )
    categories = [CategoryInfo("Service culture", "service-culture", SITE_URL + "blog/")]
    files = build_feeds(SITE, options, [item(post(1))], categories)
    assert [(f.path, f.url) for f in files] == [
        ("feeds/rss.xml", SITE_URL + "feeds/rss.xml"),
        ("feeds/atom.xml", SITE_URL + "feeds/atom.xml"),
        ("feeds/service-culture.xml", SITE_URL + "feeds/service-culture.xml"),
    ]
    self_link = lxml.etree.fromstring(files[0].content).find("channel/{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == SITE_URL + "feeds/rss.xml"


@pytest.mark.parametrize(
    ("path", "slug", "expected"),
    [("category/{slug}/feed.xml", "customers", "category/customers/feed.xml"), ("./c/{slug}.xml", "a", "c/a.xml")],
)
def test_category_feed_path(path: str, slug: str, expected: str) -> None:
    assert category_feed_path(dataclasses.replace(OPTIONS, category_path=path), slug) == expected


@pytest.mark.parametrize(
    ("site_url", "path", "url"),
    [
        ("https://series.example/", "feed.xml", "https://series.example/feed.xml"),
        ("https://series.example/sub", "feed.xml", "https://series.example/sub/feed.xml"),
        ("https://series.example/", "https://else.example/x", "https://else.example/x"),
    ],
)
def test_absolute_url(site_url: str, path: str, url: str) -> None:
    assert absolute_url(site_url, path) == url


@pytest.mark.parametrize(
    ("markup", "text"),
    [("<p>Fish &amp; <b>chips</b>\n now</p>", "Fish & chips now"), ("", ""), ("   ", "")],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


# --- JSON Feed 1.1 and the Key terms of an item ----------------------------------------------------

JSON_OPTIONS = dataclasses.replace(OPTIONS, json_path="feed.json")


def _json_feed(posts: list[Post]) -> tuple[dict, feedparser.FeedParserDict]:
    files = {f.path: f for f in build_feeds(SITE, JSON_OPTIONS, [item(p) for p in posts])}
    assert files["feed.json"].media_type == "application/feed+json" and files["feed.json"].label == "JSON Feed"
    return json.loads(files["feed.json"].content), parse(files["feed.xml"].content)


def test_json_feed_has_the_rss_items_in_the_same_order_with_the_same_ids() -> None:
    data, rss = _json_feed([post(1), post(2), post(3)])
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "The Series" and data["feed_url"] == SITE_URL + "feed.json"
    assert [i["id"] for i in data["items"]] == [e.id for e in rss.entries]
    assert [i["title"] for i in data["items"]] == [e.title for e in rss.entries]
    for entry in data["items"]:
        assert set(entry) >= {"id", "url", "date_published"} and entry["url"].startswith("https://")
        assert dt.datetime.fromisoformat(entry["date_published"].replace("Z", "+00:00")).tzinfo is not None
        assert ("content_html" in entry) or ("content_text" in entry)  # the spec asks for one of the two
        assert None not in entry.values() and "" not in entry.values()


def test_json_feed_leaves_empty_fields_out_and_is_deterministic() -> None:
    site = dataclasses.replace(SITE, language=None, icon=None, logo=None)
    files = build_feeds(site, JSON_OPTIONS, [item(post(1))])
    data = json.loads(next(f for f in files if f.kind == "json").content)
    assert "language" not in data and "icon" not in data and "favicon" not in data
    again = build_feeds(site, JSON_OPTIONS, [item(post(1))])
    assert [f.content for f in files] == [f.content for f in again]


def test_feed_items_end_with_the_key_terms_they_use() -> None:
    terms = [KeyTermLink("Internal customer", "A colleague <who> relies on you.", SITE_URL + "glossary/ic/")]
    built = build_item(post(1), SITE_URL, BODY, key_terms=terms)
    tail = lxml.html.fragment_fromstring(built.html, create_parent="div")
    heading = tail.xpath("//h2[.='Key terms']")
    assert heading, built.html
    link = tail.xpath("//h2[.='Key terms']/following-sibling::ul/li/a")[0]
    assert link.get("href") == SITE_URL + "glossary/ic/" and link.text == "Internal customer"
    assert link.getparent().text_content() == "Internal customer: A colleague <who> relies on you."
    assert "Key terms" not in build_item(post(1), SITE_URL, BODY).html
