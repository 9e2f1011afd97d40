"""What the corpus' text is made from: word lists, sentence templates and the glossary's entries.

Every list is drawn from with a post's own seeded random stream (`posts.Writer`), so changing a list
changes every corpus, and the figures measured on it.
"""

from __future__ import annotations

from dataclasses import dataclass

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
