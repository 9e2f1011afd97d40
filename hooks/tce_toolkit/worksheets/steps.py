"""The order in which a crowded worksheet gives way: its steps, each a floor of writing lines, how many
key terms it lists and whether its type is at the stated minimums (README, "Printing worksheets")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GiveWay:
    """How a one-page sheet is laid out at one step of the order in which a crowded sheet gives way."""

    floor: int  # writing lines under every question, at least
    terms: int | None  # key terms listed, at most (None: all of them)
    compact: bool = False  # type at the stated minimums (print.css: .ws-sheet--compact)


KEY_TERMS = 6  # key terms a sheet lists when it has room: the ones its questions and its post lean on most
# The order in which a sheet that does not fit gives way: first the key terms listed (those left out
# are counted on the sheet, which points to the glossary), then the type down to its minimums, and only
# then the writing lines below three a question, the floor a person can write a few sentences on; only
# past the last step does a sheet run onto a second page. Facilitator sheets list no key terms and are
# read more than written on, so on them the lines give way first (to one a question), then the type.
PARTICIPANT_STEPS = (
    GiveWay(3, KEY_TERMS),
    GiveWay(3, 3),
    GiveWay(3, 3, compact=True),
    GiveWay(2, 3, compact=True),
    GiveWay(2, 0, compact=True),
)
FACILITATOR_STEPS = (GiveWay(2, None), GiveWay(1, None), GiveWay(1, None, compact=True))
MIN_LINES = PARTICIPANT_STEPS[-1].floor  # writing lines under every question, at least, on a one-page worksheet
FACILITATOR_MIN_LINES = FACILITATOR_STEPS[-1].floor  # a facilitator sheet gives room to its notes first
