"""A deterministic, seeded corpus for `make bench`: a throwaway MkDocs project with N synthetic posts.

Every post is about 1,000 words of prose built from the word lists and sentence templates below,
with headings, bullet and numbered lists, links to earlier parts, a local image, an admonition now
and then, glossary terms in the text and a `## Reflect` section of 4 to 6 numbered questions. The
front matter is valid for `hooks/tce_toolkit/posts.py`. The project also gets 24 glossary entries
with aliases, a home page with the series marker, the blog index, the about page and a copy of the
project's assets, hooks, overrides and worksheet templates.

The project is written with three configuration files side by side:

- `mkdocs.yml`: the real project configuration, copied byte for byte ("toolkit");
- `plain.yml`: the same site with the toolkit removed: no `hooks:`, no `theme.custom_dir`, no
  `extra_css`, none of the toolkit's `extra:` settings, no watched toolkit folders, and no `nav:`
  entries for pages only a hook generates (such as the worksheet catalogue) ("plain");
- `speedup.yml`: `plain.yml` plus only the two compatibility hooks, `hooks/blog_speedup.py` and
  `hooks/excerpt_speedup.py` ("plain + speed-ups").

Post i (1-based) is drawn from its own random stream seeded by (seed, i), so the first 200 posts of a
1,000-post corpus are the same as a 200-post corpus. Run `python -m bench.corpus OUT --n 20` to
look at one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = 2026
FIRST_DATE = dt.date(2019, 1, 7)
CONFIGS = {"plain": "plain.yml", "plain+speed-ups": "speedup.yml", "toolkit": "mkdocs.yml"}
TOOLKIT_FOLDERS = ("hooks", "overrides", "worksheets")
TOOLKIT_EXTRA = ("feeds", "worksheets")
# The compatibility hooks: they make Material's blog plugin faster and change no byte of the site.
SPEEDUP_HOOKS = ("hooks/blog_speedup.py", "hooks/excerpt_speedup.py")
# The first Reflect question of every post holds this phrase; `edit_one_word` swaps its last word.
EDIT_WORDS = ("week", "month")
GLOSSARY_INDEX_MARKER = "<!-- glossary-index -->"
_MARKER = re.compile(r"^<!-- [a-z][a-z-]* -->$")

# --- word lists --------------------------------------------------------------------------------------

NAMES = [
    "Amara", "Bilal", "Carys", "Dominic", "Esi", "Farhan", "Greta", "Hamish", "Ines", "Jonah", "Keziah",
    "Lorcan", "Maud", "Nikhil", "Orla", "Pablo", "Quinn", "Rhiannon", "Soren", "Tamsin", "Uche", "Valentina",
    "Wendell", "Ximena", "Yusuf", "Zofia", "Anouk", "Brendan", "Celeste", "Darius",
]  # fmt: skip
ROLES = [
    "receptionist", "team leader", "warehouse supervisor", "ward nurse", "payroll clerk", "site engineer",
    "librarian", "call handler", "lab technician", "store manager", "IT technician", "dispatcher",
    "facilities officer", "account manager", "school administrator", "pharmacist", "bus driver",
    "claims assessor", "kitchen porter", "events coordinator", "data analyst", "housing officer",
]  # fmt: skip
PLACES = [
    "a dental practice", "a council office", "a hardware store", "a hotel front desk", "a parcel depot",
    "a university library", "a garden centre", "a regional bus company", "an insurance broker", "a bakery",
    "a leisure centre", "a veterinary surgery", "a housing association", "a print shop", "a small charity",
    "a bicycle repair shop", "a city museum", "a software start-up", "a water utility", "a care home",
    "a builders' merchant", "a railway ticket office", "a community pharmacy", "a furniture showroom",
]  # fmt: skip
THINGS = [
    "the weekly rota", "a delivery schedule", "the monthly invoice run", "a patient file", "the stock count",
    "a repair ticket", "the meeting notes", "a price list", "the booking diary", "a refund request",
    "the visitor log", "a training plan", "the order form", "a quarterly report", "the lost-property box",
    "a maintenance request", "the shift handbook", "a budget forecast", "the sign-up sheet", "a parts list",
]  # fmt: skip
ADJECTIVES = [
    "careful", "quiet", "patient", "clear", "hurried", "friendly", "tired", "thorough", "cheerful", "fiddly",
    "steady", "sturdy", "simple", "generous", "busy", "calm", "practical", "small", "plain", "useful",
]  # fmt: skip
TIMES = [
    "on a wet Monday morning", "just before closing time", "in the middle of the lunch rush",
    "during the first week of a new system", "late on a Friday", "at the end of a long shift",
    "on the busiest day of the year", "while half the team was on leave", "early one Tuesday",
]  # fmt: skip
FEELINGS = [
    "relieved", "ignored", "reassured", "confused", "welcome", "rushed", "respected", "uneasy", "grateful",
]  # fmt: skip
TOPICS = [
    "Hand-offs", "Waiting", "Small promises", "Bad news", "Busy days", "First impressions", "Quiet colleagues",
    "Written replies", "Second chances", "Shared desks", "Long queues", "Good questions", "Closing the loop",
    "Paper trails", "Clear signs", "Late deliveries", "New starters", "Phone manner", "Saying no",
    "Spare capacity", "The night shift", "Repeat visitors", "Plain words", "Difficult days",
]  # fmt: skip
ANGLES = [
    "what the other side sees", "a view from the counter", "why the details matter",
    "how one team changed its habits", "the cost of guessing", "what nobody writes down",
    "lessons from a quiet week", "making room to listen", "one step at a time", "the hidden customer",
    "what a good day looks like", "when the system is down", "learning from a complaint",
    "the part nobody thanks you for", "a matter of timing", "keeping the promise",
]  # fmt: skip
HEADINGS = [
    "Why {thing} matters", "What {name} noticed", "Small habits that help", "Seeing it from the other side",
    "Where it goes wrong", "A better way to start", "Questions worth asking", "The cost of silence",
    "When time is short", "Learning from the last mistake", "Who is waiting", "Making it visible",
    "A week at {place_short}", "Keeping it simple", "What changed", "The part nobody sees",
    "Before you pass it on", "Listening first", "Fixing the cause", "What good looks like",
]  # fmt: skip
CATEGORY_FALLBACK = ["Customers", "Service providers", "Service culture"]

SENTENCES = [
    "{Name} works as a {role} at {place}, and a large part of every day goes into {thing}.",
    "When {thing} arrives late, the person further along has to guess, and guessing is where mistakes begin.",
    "A good {term} makes that easier, because everyone can see what was promised and by when.",
    "Most people never think about {thing} until the day it goes wrong.",
    "It helps to ask one plain question: who is waiting for this, and what do they need from it?",
    "{Name} began keeping a short note of every {term} that came up during the week.",
    "The change cost nothing but a few minutes at the start of each shift.",
    "Customers seldom remember exactly what went wrong; they remember how the whole thing made them feel.",
    "A {adj} word at the right moment can turn an annoyed visitor into a loyal one.",
    "Nobody had ever told the {role} that {thing} was read so carefully by the next team.",
    "The team agreed to treat the {term} as something worth checking every single day.",
    "{Name} noticed that visitors who were kept informed felt {feeling}, even when the wait was long.",
    "It is easy to blame the system, but the system is mostly a set of habits that people can change.",
    "{time}, the {role} at {place} had three queries at once and no one to ask for help.",
    "Looking back, the trouble did not start at the counter but two steps earlier in the chain.",
    "The fix was not clever: a {adj} checklist pinned beside the printer did most of the work.",
    "People inside the organisation are customers too, and they notice when {thing} is sloppy.",
    "A clear {term} turns a vague hope into something a colleague can plan around.",
    "{Name} now asks every new starter to sit with the {role} for an afternoon before touching {thing}.",
    "Nothing about this needs a budget, a project plan or a new piece of software.",
    "What matters is that the next person in line can pick up the work without having to ring anyone.",
    "The visitor at the desk cannot see the queue of tasks behind it, and should not have to.",
    "Every late reply sends a message, whether or not anyone meant to send one.",
    "A {adj} explanation of the delay was worth more to the customer than a rushed apology.",
    "Within a month the number of phone calls chasing {thing} had fallen by half.",
    "{Name} says the hardest part was admitting that the old way had never really worked.",
    "Good service often looks boring from the outside: things simply arrive when they should.",
    "The {term} was written down for the first time, and suddenly everyone meant the same thing by it.",
    "When the {role} went on holiday, the rest of the team found out how much had been held in one head.",
    "It is worth asking colleagues what they do with your work once it leaves your hands.",
    "Some of the answers will be surprising, and a few will be uncomfortable to hear.",
    "The aim is not perfection but fewer surprises for the people who depend on you.",
    "Treat a complaint as free advice from someone who cared enough to speak up.",
    "A short, {adj} conversation at the start of the day prevented most of the confusion.",
    "{Name} keeps a simple rule: never pass on a problem you could have fixed in five minutes.",
    "Customers at {place} rarely asked for much; they wanted to be listened to and told the truth.",
    "The {role} learned to say what would happen next, and roughly when, at the end of every call.",
    "Even a {adj} improvement to {thing} saved the next team an hour a week.",
    "That hour went straight back into time spent with the people the team actually serves.",
    "If a promise cannot be kept, say so early, and offer something that can be kept instead.",
    "The best teams treat the {term} as a shared tool rather than a rule handed down from above.",
    "Visitors felt {feeling} when the answer came from someone who clearly understood the question.",
    "There is always a reason why something is late, but the customer still has to live with the delay.",
    "Small, visible signs of care add up over months into a reputation that is hard to shake.",
    "{Name} found that most mistakes in {thing} came from one unclear instruction on the first page.",
    "Rewriting that instruction took ten minutes; living with it had cost weeks.",
]  # fmt: skip
LINK_SENTENCES = [
    "We met a similar problem in [{title}]({target}), where the hand-off was the weak point.",
    "If this sounds familiar, [{title}]({target}) looks at the same habit from the customer's side.",
    "The idea builds on [{title}]({target}), so it may be worth reading that part first.",
]  # fmt: skip
LIST_ITEMS = [
    "check {thing} once more before it leaves your desk",
    "say when the next update will come, and keep to it",
    "write the {term} down where the whole team can see it",
    "ask the next person in the chain what they actually use",
    "thank the colleague who spotted the mistake",
    "fix the cause, not only the symptom",
    "keep a spare copy of {thing} somewhere obvious",
    "agree one name for each task so nobody talks past each other",
    "end every call by repeating what happens next",
    "look at last month's complaints together, without blame",
    "give new starters a written guide to {thing}",
    "leave a short note when you hand work over at the end of a shift",
]  # fmt: skip
ADMONITIONS = [
    ("tip", "Try this", "Spend ten minutes with the person who receives {thing} and watch what they do with it."),
    ("note", "A word on timing", "A {term} is only useful if it is agreed before the busy period, not during it."),
    ("example", "From the counter", "{Name}, a {role}, keeps a card by the till listing the three questions customers ask most."),
]  # fmt: skip
QUESTIONS = [
    "Who relies on {thing} in your own work, and how would you find out what they need from it?",
    "When did you last feel {feeling} as a customer, and what exactly caused that feeling?",
    "Which {term} in your team is understood differently by different people?",
    "What is one problem you regularly pass on that you could fix before it leaves you?",
    "How do the people you serve find out what will happen next, and when?",
    "Which small habit from this part could your team try for a fortnight?",
    "Who in your organisation never hears how their work affects the paying customer?",
    "What would a {adj} version of your busiest day look like for the people waiting on you?",
]  # fmt: skip
DESCRIPTIONS = [
    "This part looks at {topic_lower} and {angle}.",
    "{Name}, a {role} at {place}, shows how small habits around {thing} change the experience of the people waiting.",
    "It ends with questions about the {term} in your own team.",
    "A short read on why the people further along the chain notice more than we think.",
]  # fmt: skip


@dataclass(frozen=True)
class GlossarySeed:
    """One glossary entry of the corpus: the words that link to it and its one-sentence summary."""

    slug: str
    term: str
    aliases: tuple[str, ...]
    summary: str
    related: tuple[str, ...]


GLOSSARY = [
    GlossarySeed("handover-note", "Handover note", ("hand-over note",), "A short written record that lets the next person pick up a task without asking the last one.", ("root-cause", "back-office")),
    GlossarySeed("service-level-agreement", "Service level agreement", ("SLA", "service level"), "A written promise between two teams about how quickly and how well a piece of work will be done.", ("response-time", "service-promise")),
    GlossarySeed("first-contact-resolution", "First-contact resolution", ("solved first time",), "Settling a customer's request in the very first conversation, with no call back needed.", ("escalation-path", "follow-up-call")),
    GlossarySeed("service-recovery", "Service recovery", ("recovery plan",), "What a team does after a failure to win back the trust of the person it let down.", ("complaint-log", "root-cause")),
    GlossarySeed("escalation-path", "Escalation path", ("escalation route", "escalation"), "The agreed order of people to turn to when a problem is too big for the person who received it.", ("first-contact-resolution",)),
    GlossarySeed("customer-journey", "Customer journey", ("journey map",), "Every step a customer takes with an organisation, from first hearing of it to the last reply.", ("moment-of-truth", "service-blueprint")),
    GlossarySeed("moment-of-truth", "Moment of truth", ("moments of truth",), "A point in the customer journey where a single contact decides how the whole service is judged.", ("customer-journey",)),
    GlossarySeed("queue-time", "Queue time", ("waiting time",), "How long a person or a piece of work waits before anyone starts on it.", ("response-time", "peak-hours")),
    GlossarySeed("complaint-log", "Complaint log", ("complaints log",), "A shared list of every complaint received, what was done about it and what was learned.", ("service-recovery", "feedback-loop")),
    GlossarySeed("service-promise", "Service promise", ("promise to customers",), "The few things an organisation says it will always do for the people it serves.", ("service-standard",)),
    GlossarySeed("root-cause", "Root cause", ("underlying cause",), "The first thing that went wrong, which keeps causing trouble until it is fixed.", ("service-recovery",)),
    GlossarySeed("team-huddle", "Team huddle", ("morning huddle", "huddle"), "A short standing meeting at the start of a shift to share what the day will bring.", ("handover-note",)),
    GlossarySeed("feedback-loop", "Feedback loop", (), "The route by which what customers say finds its way back to the people who can change things.", ("complaint-log", "mystery-shopper")),
    GlossarySeed("response-time", "Response time", ("reply time",), "The time between a request arriving and the first real answer going back.", ("queue-time",)),
    GlossarySeed("self-service", "Self-service", ("self service",), "Letting customers do a task themselves, such as booking or tracking, without waiting for staff.", ("customer-effort",)),
    GlossarySeed("back-office", "Back office", ("back-office team",), "The work and the people that customers never see but whose results they feel.", ("front-counter",)),
    GlossarySeed("front-counter", "Front counter", ("front desk",), "The place, in person or on the phone, where customers first meet the organisation.", ("back-office", "moment-of-truth")),
    GlossarySeed("follow-up-call", "Follow-up call", ("call back",), "A call made after a problem is settled, to check that it stayed settled.", ("service-recovery",)),
    GlossarySeed("duty-of-care", "Duty of care", (), "The responsibility to avoid harm to the people who depend on your work.", ("service-promise",)),
    GlossarySeed("service-standard", "Service standard", ("house standard",), "A clear, checkable level of service that every member of a team aims to meet.", ("service-level-agreement",)),
    GlossarySeed("mystery-shopper", "Mystery shopper", ("mystery shopping",), "Someone who uses a service as an ordinary customer would, to report honestly on it.", ("feedback-loop",)),
    GlossarySeed("customer-effort", "Customer effort", ("effort score",), "How much work a customer has to do to get what they came for.", ("self-service", "customer-journey")),
    GlossarySeed("service-blueprint", "Service blueprint", ("blueprint",), "A drawing of a service that shows the customer's steps alongside the work behind the scenes.", ("customer-journey", "back-office")),
    GlossarySeed("peak-hours", "Peak hours", ("busy period", "rush hour"), "The times of day or year when demand is highest and service is most at risk.", ("queue-time",)),
]  # fmt: skip
ENTRY_SENTENCES = [
    "The idea is simple to state and surprisingly easy to forget on a busy day.",
    "{Name}, a {role} at {place}, puts it this way: if it is not written down, it did not happen.",
    "Teams that talk about it openly tend to make fewer mistakes with {thing}.",
    "It matters inside the organisation as much as at the counter.",
    "A good test is to ask a new colleague to explain it back in their own words.",
]  # fmt: skip


@dataclass(frozen=True)
class CorpusPost:
    """One generated post: where it was written and what it is called."""

    part: int
    slug: str
    title: str
    path: Path


@dataclass
class Corpus:
    """A generated bench project: its folder, its posts and the configuration file of each variant."""

    root: Path
    n: int
    seed: int
    posts: list[CorpusPost] = field(default_factory=list)
    words: int = 0

    @property
    def docs(self) -> Path:
        """The project's docs folder."""
        return self.root / "docs"

    def config(self, variant: str) -> Path:
        """The configuration file of a variant: "plain", "plain+speed-ups" or "toolkit"."""
        return self.root / CONFIGS[variant]


# --- text -------------------------------------------------------------------------------------------


class Writer:
    """Fills sentence templates from the word lists with one seeded random stream."""

    def __init__(self, rng: random.Random, terms: list[str]) -> None:
        self.rng = rng
        self.terms = terms
        self.name = rng.choice(NAMES)

    def fill(self, template: str, **extra: str) -> str:
        """One template with every slot filled; `{Name}` is the post's recurring character."""
        values = {
            "Name": self.name if self.rng.random() < 0.6 else self.rng.choice(NAMES),
            "name": self.name,
            "role": self.rng.choice(ROLES),
            "place": self.rng.choice(PLACES),
            "place_short": self.rng.choice(PLACES).split(" ", 1)[1],
            "thing": self.rng.choice(THINGS),
            "term": _as_in_sentence(self.rng.choice(self.terms)) if self.terms else "service promise",
            "adj": self.rng.choice(ADJECTIVES),
            "time": self.rng.choice(TIMES).capitalize(),
            "feeling": self.rng.choice(FEELINGS),
            **extra,
        }
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def paragraph(self, sentences: int) -> str:
        """A paragraph of distinct sentences."""
        picked = self.rng.sample(SENTENCES, sentences)
        return " ".join(self.fill(sentence) for sentence in picked)


def _as_in_sentence(form: str) -> str:
    """A glossary wording as it reads mid-sentence: lower case, except for acronyms such as SLA."""
    return form if form.isupper() else form.lower()


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=110, break_long_words=False, break_on_hyphens=False))


def _title(rng: random.Random, taken: set[str]) -> str:
    """A title not used yet: "Topic: angle", with "take 2", "take 3"... once the pairs run out."""
    title = f"{rng.choice(TOPICS)}: {rng.choice(ANGLES)}"
    for _ in range(20):
        if title not in taken:
            break
        title = f"{rng.choice(TOPICS)}: {rng.choice(ANGLES)}"
    base, take = title, 1
    while title in taken:
        take += 1
        title = f"{base}, take {take}"
    taken.add(title)
    return title


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_post(part: int, slug: str, title: str, earlier: list[CorpusPost], categories: list[str], seed: int) -> str:
    """The Markdown of post `part`: front matter, about 1,000 words, a Reflect section."""
    rng = random.Random(f"{seed}-post-{part}")
    terms = [form for entry in GLOSSARY for form in (entry.term, *entry.aliases)]
    writer = Writer(rng, terms)
    date = FIRST_DATE + dt.timedelta(days=part - 1)
    description = ""
    while not description or len(description) > 300:
        picked = rng.sample(DESCRIPTIONS, 2)
        description = " ".join(
            writer.fill(sentence, topic_lower=title.split(":")[0].lower(), angle=title.split(": ", 1)[1].rstrip("."))
            for sentence in picked
        )
    chosen = rng.sample(categories, k=1 if rng.random() < 0.7 else min(2, len(categories)))
    front = {
        "date": date.isoformat(),
        "part": part,
        "slug": slug,
        "description": description,
        "categories": chosen,
        "authors": ["editors"],
    }
    lines = [
        "---",
        f"date: {front['date']}",
        f"part: {part}",
        f"slug: {slug}",
        "description: >-",
        textwrap.indent(_wrap(description), "  "),
        "categories:",
        *[f"  - {name}" for name in chosen],
        "authors:",
        "  - editors",
        "---",
        "",
        f"# {title}",
        "",
        _wrap(writer.paragraph(4)),
        "",
        _wrap(writer.paragraph(3)),
        "",
        "<!-- more -->",
        "",
    ]
    headings = rng.sample(HEADINGS, 6)
    for index, heading in enumerate(headings):
        lines += [f"## {writer.fill(heading)}", ""]
        lines += [_wrap(writer.paragraph(rng.randint(3, 5))), ""]
        if index == 1:
            items = rng.sample(LIST_ITEMS, rng.randint(4, 5))
            lines += [f"- {writer.fill(item)};" for item in items[:-1]]
            lines += [f"- {writer.fill(items[-1])}.", ""]
        elif index == 2:
            figure = (part % 8) + 1
            lines += [
                f"![A sketch of work passing from one desk to the next, figure {figure}](../../assets/bench/figure-{figure}.svg)",
                "",
            ]
            if earlier:
                previous = earlier[-1]
                lines += [
                    _wrap(writer.fill(rng.choice(LINK_SENTENCES), title=previous.title, target=previous.path.name)),
                    "",
                ]
        elif index == 3:
            steps = rng.sample(LIST_ITEMS, 3)
            lines += [f"{number}. {writer.fill(step)}." for number, step in enumerate(steps, 1)]
            lines += [""]
        elif index == 4 and rng.random() < 0.5:
            kind, label, body = rng.choice(ADMONITIONS)
            lines += [f'!!! {kind} "{label}"', "", "    " + writer.fill(body), ""]
        if index == 4 and len(earlier) > 3:
            other = earlier[rng.randrange(0, len(earlier) - 1)]
            lines += [_wrap(writer.fill(rng.choice(LINK_SENTENCES), title=other.title, target=other.path.name)), ""]
        lines += [_wrap(writer.paragraph(rng.randint(2, 4))), ""]
    questions = rng.sample(QUESTIONS, rng.randint(4, 6))
    lines += [
        "## Reflect",
        "",
        "Answer in writing, on your own or with a colleague.",
        "",
        f"1. What is one thing you could change about {rng.choice(THINGS)} this {EDIT_WORDS[0]}?",
    ]
    lines += [f"{number}. {writer.fill(question)}" for number, question in enumerate(questions[1:], 2)]
    return "\n".join(lines) + "\n"


def render_entry(entry: GlossarySeed, seed: int) -> str:
    """The Markdown of one glossary entry, in the project's docs/glossary/ format."""
    rng = random.Random(f"{seed}-entry-{entry.slug}")
    writer = Writer(rng, [])
    lines = ["---", f"term: {entry.term}"]
    if entry.aliases:
        lines += ["aliases:", *[f"  - {alias}" for alias in entry.aliases]]
    lines += [f"summary: {entry.summary}"]
    if entry.related:
        lines += ["related:", *[f"  - {slug}" for slug in entry.related]]
    lines += ["---", "", f"# {entry.term}", "", _wrap(entry.summary), ""]
    lines += [_wrap(" ".join(writer.fill(s) for s in rng.sample(ENTRY_SENTENCES, 4))), ""]
    return "\n".join(lines)


def edit_one_word(path: Path) -> str:
    """Change one word of the post's first Reflect question (week <-> month); returns the new word."""
    text = path.read_text(encoding="utf-8")
    old, new = EDIT_WORDS
    if f" this {old}?" not in text:
        old, new = new, old
    path.write_text(text.replace(f" this {old}?", f" this {new}?", 1), encoding="utf-8")
    return new


# --- configuration ------------------------------------------------------------------------------------


class _Tagged:
    """A YAML value with a custom tag (`!ENV`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    """Safe loading that keeps unknown tags instead of failing on them."""


class _Dumper(yaml.SafeDumper):
    """Safe dumping that writes kept tags back."""


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def load_config(path: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (custom tags kept)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """The same site without the toolkit: no hooks, overrides, extra CSS, toolkit settings or watches."""
    plain = dict(config)
    plain.pop("hooks", None)
    plain.pop("extra_css", None)
    theme = plain.get("theme")
    if isinstance(theme, dict):
        plain["theme"] = {key: value for key, value in theme.items() if key != "custom_dir"}
    extra = plain.get("extra")
    if isinstance(extra, dict):
        extra = {key: value for key, value in extra.items() if key not in TOOLKIT_EXTRA}
        if extra:
            plain["extra"] = extra
        else:
            plain.pop("extra")
    watch = [
        item
        for item in plain.get("watch") or []
        if not (isinstance(item, str) and item.strip("/").split("/")[0] in TOOLKIT_FOLDERS)
    ]
    if watch:
        plain["watch"] = watch
    else:
        plain.pop("watch", None)
    return plain


def speedup_config(config: dict[str, Any]) -> dict[str, Any]:
    """The plain site plus only the compatibility hooks that speed the blog plugin up."""
    speedup = plain_config(config)
    speedup["hooks"] = list(SPEEDUP_HOOKS)
    return speedup


def prune_nav(nav: Any, docs: Path) -> Any:
    """`nav` without the pages that only a hook would generate (absent from `docs`): plain has no hooks."""
    if isinstance(nav, list):
        kept = [prune_nav(item, docs) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: prune_nav(value, docs) for title, value in nav.items()}
        return {title: value for title, value in kept.items() if value not in (None, [], {})} or None
    if isinstance(nav, str) and nav.endswith(".md") and "://" not in nav:
        return nav if (docs / nav).is_file() else None
    return nav


def dump_config(config: dict[str, Any]) -> str:
    """YAML for a configuration made by `plain_config` or `speedup_config`."""
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def categories_allowed(config: dict[str, Any]) -> list[str]:
    """The categories the blog plugin allows (its `categories_allowed`), or the series' three."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict):
            for name, options in plugin.items():
                if name in ("blog", "material/blog") and isinstance(options, dict):
                    allowed = options.get("categories_allowed")
                    if allowed:
                        return list(allowed)
    return list(CATEGORY_FALLBACK)


# --- the project ----------------------------------------------------------------------------------


def _markers(path: Path) -> list[str]:
    """The `<!-- name -->` marker lines of one of the project's pages (for the hooks that fill them)."""
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if _MARKER.match(line.strip())]


def _figure(number: int) -> str:
    width = 60 + 20 * number
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120" viewBox="0 0 480 120">'
        f'<rect x="10" y="30" width="{width}" height="60" rx="8" fill="#00897b"/>'
        f'<rect x="{width + 40}" y="30" width="120" height="60" rx="8" fill="#ff7043"/>'
        f'<path d="M{width + 12} 60h24" stroke="#333" stroke-width="4"/></svg>\n'
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy_extra_docs(source: Path, docs: Path) -> None:
    """Pages of the project outside the posts and the glossary (a later nav entry keeps working)."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if (
            path.is_dir()
            or rel.parts[0] in ("blog", "glossary", "assets")
            or rel.as_posix() in ("index.md", "about.md")
        ):
            continue
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def generate(target: Path, n: int, seed: int = SEED, project: Path = ROOT) -> Corpus:
    """Write a bench project with `n` posts into `target` (which must not exist or be empty)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    config_path = project / "mkdocs.yml"
    config = load_config(config_path)
    categories = categories_allowed(config)
    corpus = Corpus(root=target, n=n, seed=seed)
    docs = corpus.docs
    source_docs = project / config.get("docs_dir", "docs")

    for name in TOOLKIT_FOLDERS:
        if (project / name).is_dir():
            shutil.copytree(project / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(config_path, target / CONFIGS["toolkit"])

    if (source_docs / "assets").is_dir():
        shutil.copytree(source_docs / "assets", docs / "assets")
    for number in range(1, 9):
        _write(docs / "assets" / "bench" / f"figure-{number}.svg", _figure(number))
    _copy_extra_docs(source_docs, docs)
    authors = source_docs / "blog" / ".authors.yml"
    if authors.exists():
        _write(docs / "blog" / ".authors.yml", authors.read_text(encoding="utf-8"))
    else:
        _write(
            docs / "blog" / ".authors.yml",
            "authors:\n  editors:\n    name: The Editors\n    description: Editors\n    avatar: assets/logo.svg\n",
        )

    home_markers = _markers(source_docs / "index.md") or ["<!-- series-list -->"]
    _write(
        docs / "index.md",
        "---\ntitle: Bench series\ndescription: A generated series for measuring build times.\n---\n\n"
        "# Bench series\n\nA generated series of posts about everyday service at work, used to time the site build.\n\n"
        "## The series\n\n" + "\n\n".join(home_markers) + "\n",
    )
    blog_markers = _markers(source_docs / "blog" / "index.md")
    _write(
        docs / "blog" / "index.md", "# The series\n\nEvery part, newest first.\n\n" + "\n\n".join(blog_markers) + "\n"
    )
    _write(
        docs / "about.md",
        "# About\n\nThis generated site exists to time the build of a long series. Its posts are made from word\n"
        "lists and sentence templates, so they read like ordinary writing about service at work without\n"
        "saying anything new.\n",
    )
    _write(
        docs / "glossary" / "index.md",
        f"# Glossary\n\nThe ideas the generated series keeps coming back to.\n\n{GLOSSARY_INDEX_MARKER}\n",
    )
    for entry in GLOSSARY:
        _write(docs / "glossary" / f"{entry.slug}.md", render_entry(entry, seed))

    taken: set[str] = set()
    posts_dir = docs / "blog" / "posts"
    for part in range(1, n + 1):
        title = _title(random.Random(f"{seed}-title-{part}"), taken)
        slug = f"{_slugify(title)}-{part}"
        path = posts_dir / f"{slug}.md"
        text = render_post(part, slug, title, corpus.posts, categories, seed)
        _write(path, text)
        corpus.words += len(text.split())
        corpus.posts.append(CorpusPost(part, slug, title, path))

    for variant, make in (("plain", plain_config), ("plain+speed-ups", speedup_config)):
        variant_config = make(config)
        if "nav" in variant_config:
            variant_config["nav"] = prune_nav(variant_config["nav"], docs)
        _write(target / CONFIGS[variant], dump_config(variant_config))
    return corpus


def main() -> None:
    """`python -m bench.corpus OUT --n 20`: write a corpus to look at."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    corpus = generate(args.target, args.n, args.seed)
    print(f"{corpus.n} posts, {corpus.words} words ({corpus.words // max(corpus.n, 1)} a post) in {corpus.root}")


if __name__ == "__main__":
    main()
