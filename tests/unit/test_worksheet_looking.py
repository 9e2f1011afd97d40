"""Proof by looking: sheets at the promised limits fit one page and pass the geometry checks.

A stress corpus of posts at every limit at once (six questions of the longest length, the longest title
and description, notes on every question, many key terms, right-to-left text, a question without a
time) is laid out on A4 and Letter in both editions. Each page is read back with pdfplumber
(`looking.py`): nothing in the margins, no two words on top of each other, no ruled line through a word,
every shaded box holding its own text. The sheets whose lines were added to the laid-out boxes must
match a full second layout pixel for pixel.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from looking import look_at_pdf
from tce_toolkit import worksheets as ws
from tce_toolkit.models import Question, QuestionNotes, SessionNotes
from tce_toolkit.worksheets import grow
from tce_toolkit.worksheets.limits import LIMITS, beyond_limits, untimed_questions, worksheet_notes
from test_worksheet_grow import pixels
from worksheet_samples import SITE, TEMPLATES, entry, make_post, pdf_pages, squash

pytestmark = pytest.mark.pdf

WORDS = [
    "customer",
    "chain",
    "service",
    "colleague",
    "handover",
    "promise",
    "quality",
    "feedback",
    "listen",
    "reply",
    "team",
    "trust",
    "early",
    "warehouse",
    "invoice",
    "manager",
    "frontline",
    "request",
    "delivery",
    "apology",
]


def text(length: int, seed: int, end: str = "?") -> str:
    """Plain words, exactly `length` characters with `end`, different for each seed."""
    words = itertools.cycle(WORDS[seed % len(WORDS) :] + WORDS[: seed % len(WORDS)])
    out = ""
    while len(out) < length:
        out += next(words) + " "
    return out[: length - len(end)].rstrip() + end


GLOSSARY = {
    f"term-{n}": entry(
        f"term-{n}", f"Longer glossary term {n}", "One plain sentence that defines the term, as long as summaries get."
    )
    for n in range(20)
}


def at_limits(slug: str, questions: int, *, notes: int, timed: bool = True, rtl: bool = False):
    """A post at every promised limit, with `questions` questions and notes of `notes` characters each."""
    title = text(LIMITS.title, 1, end="")
    asked = [text(LIMITS.question, n) for n in range(questions)]
    if rtl:
        # Right-to-left text, at the same lengths: Hebrew and Arabic words, which DejaVu draws.
        title = ("שירות לקוחות " * 10)[: LIMITS.title].strip()
        asked = [("من هو العميل الداخلي في فريقك " * 8)[: LIMITS.question - 1].strip() + "؟" for _ in asked]
    post = make_post(
        slug, part=3, title=title, description=text(LIMITS.description, 2, end="."), questions=tuple(asked)
    )
    half = notes // 2
    questions_with_notes = tuple(
        Question(
            q.number,
            q.markdown,
            q.line,
            QuestionNotes(
                12 if timed or q.number != 2 else None, text(half, 5 + q.number, "."), text(notes - half, 7, ".")
            ),
        )
        for q in post.questions
    )
    session = SessionNotes(text(LIMITS.key_idea, 3, "."), text(LIMITS.opening, 4, "."), 5)
    return dataclasses.replace(post, questions=questions_with_notes, session_notes=session)


CORPUS = [
    at_limits("six-questions", 6, notes=LIMITS.notes_for(6)),
    at_limits("five-questions", 5, notes=LIMITS.notes_for(5)),
    at_limits("right-to-left", 6, notes=LIMITS.notes_for(6), rtl=True),
    at_limits("untimed", 4, notes=LIMITS.notes_for(4), timed=False),
]


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


@pytest.fixture(scope="module")
def stress(templates: ws.Templates) -> ws.PdfBuild:
    sheets = []
    for paper in ("a4", "letter"):
        site = dataclasses.replace(SITE, paper=ws.PAPERS[paper])
        for post in CORPUS:
            base = ws.build_worksheet(post, site=site, glossary=GLOSSARY, term_slugs=list(GLOSSARY))
            sheets += [base.variant(ws.PAPERS[paper], audience) for audience in ws.AUDIENCES]
    return ws.build_pdfs(templates, sheets, SITE, ws.PdfCache(None), workers=2)


def test_the_corpus_is_within_the_limits_and_at_them() -> None:
    for post in CORPUS:
        assert beyond_limits(post) == [], post.slug
        assert len(post.title) == LIMITS.title and max(len(q.markdown) for q in post.questions) == LIMITS.question


def test_every_sheet_at_the_limits_fits_one_page_and_looks_right(stress: ws.PdfBuild) -> None:
    assert len(stress.sheets) == len(CORPUS) * 4
    for sheet in stress.sheets:
        rendered = stress.pdfs[sheet.pdf_name]
        assert rendered.pages == 1 and not sheet.flow, f"{sheet.pdf_name} runs onto {rendered.pages} pages"
        assert look_at_pdf(rendered.pdf) == [], sheet.pdf_name
        assert len({q.lines for q in sheet.questions}) == 1 and sheet.questions[0].lines >= sheet.min_lines
        page = pdf_pages(rendered.pdf)[0]
        post = next(p for p in CORPUS if p.slug == sheet.slug)
        for question in post.questions:
            assert squash(question.markdown)[:40] in page or sheet.slug == "right-to-left", sheet.pdf_name
        if not sheet.facilitator:
            # The terms left out are counted, and what is listed is the start of the ranked list.
            assert sheet.more_terms == len(GLOSSARY) - len(sheet.shown_terms) > 0
            assert f"{sheet.more_terms}more" in page or f"The{sheet.more_terms}" in page


def test_grown_sheets_at_the_limits_match_a_full_layout(templates: ws.Templates, stress: ws.PdfBuild, tmp_path) -> None:
    for sheet in stress.sheets:
        site = dataclasses.replace(SITE, paper=sheet.paper)
        again = ws.render_checked_pdf(ws.render_sheet_html(templates, sheet, site, for_pdf=True))[0]
        grown = stress.pdfs[sheet.pdf_name].pdf
        name = sheet.pdf_name.removesuffix(".pdf")
        assert pixels(grown, tmp_path, f"{name}-grown") == pixels(again.pdf, tmp_path, f"{name}-again"), name


def test_the_session_plan_says_how_many_questions_it_cannot_count(stress: ws.PdfBuild) -> None:
    sheet = next(s for s in stress.sheets if s.slug == "untimed" and s.facilitator)
    assert sheet.untimed == (2,)
    assert "1questionnottimed" in pdf_pages(stress.pdfs[sheet.pdf_name].pdf)[0].lower()
    (note,) = untimed_questions(CORPUS[-1])
    assert note.path == "docs/blog/posts/untimed.md" and note.line == CORPUS[-1].questions[1].line
    assert "question 2 has no time" in note.what and "Time:" in note.fix


def test_a_post_beyond_the_limits_is_named_with_what_to_shorten() -> None:
    post = CORPUS[0]
    longer = dataclasses.replace(
        post,
        title=post.title + "xyz",
        questions=(
            dataclasses.replace(post.questions[0], markdown=post.questions[0].markdown + " and more words"),
            *post.questions[1:],
        ),
    )
    notes = worksheet_notes(longer)
    whats = [n.what for n in notes]
    assert any(w.startswith(f"the title is {LIMITS.title + 3} characters") for w in whats)
    question = next(n for n in notes if "Reflect question 1" in n.what)
    assert question.line == post.questions[0].line and f"over the {LIMITS.question}" in question.what


def test_the_looking_checks_see_a_shading_left_behind(templates: ws.Templates, monkeypatch: pytest.MonkeyPatch) -> None:
    # With the backgrounds not placed again after lines are added, the tinted note boxes stay where
    # the first layout put them: the check must see it (it is what shipped once).
    monkeypatch.setattr(grow, "place_backgrounds", lambda *_: None)
    post = CORPUS[1]
    sheet = ws.build_worksheet(post, site=SITE).variant(ws.PAPERS["a4"], ws.FACILITATOR)
    result = ws.build_pdfs(templates, [sheet], SITE, ws.PdfCache(None))
    (final,) = result.sheets
    assert final.gap > 0 or any(q.lines > final.min_lines for q in final.questions), "something moved"
    problems = look_at_pdf(result.pdfs[final.pdf_name].pdf)
    assert any("shaded box" in p for p in problems), problems


def test_a_long_session_plan_keeps_each_parts_row_on_one_page(templates: ws.Templates, stress: ws.PdfBuild) -> None:
    # Sixteen parts at the limits (their sheets' PDFs borrowed): the plan runs over pages, and a row
    # broken between two would leave a part's key idea on one page and its title on the next.
    base = next(s for s in stress.sheets if s.slug == "six-questions" and s.facilitator and s.paper.name == "a4")
    sheets = [
        dataclasses.replace(base, slug=f"part-{n}", part=n, title=f"Part title {n} " + base.title[14:])
        for n in range(1, 17)
    ]
    pdfs = {sheet.pdf_name: stress.pdfs[base.pdf_name] for sheet in sheets}
    made = ws.make_pack(sheets, pdfs, SITE, templates, complete=True, audience=ws.FACILITATOR)
    pages = [squash(page) for page in pdf_pages(made.pdf.pdf)[: made.pack.front_pages]]
    plan = [n for n, page in enumerate(pages) if "Sessionplan" in page]
    assert plan and len(pages) - plan[0] >= 2, "the plan runs onto a second page"
    idea = squash(base.key_idea)[:40]
    for sheet in sheets:
        title = squash(f"Part {sheet.part}: Part title {sheet.part} ")
        where = [n for n, page in enumerate(pages) if title in page and n >= plan[0]]
        assert len(where) == 1, sheet.part
        # The row's key idea and its timings (the last question's) on the page where its title is,
        # before the next part's title.
        following = squash(f"Part {sheet.part + 1}: Part title {sheet.part + 1} ")
        row = pages[where[0]].split(title, 1)[1].split(following, 1)[0]
        last = sheet.questions[-1]
        assert idea in row and f"Q{last.number}{last.notes.minutes}min" in row, f"part {sheet.part}: its row is cut"
