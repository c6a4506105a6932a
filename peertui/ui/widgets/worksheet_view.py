"""The presenter's worksheet as the projector shows it during the presentation: as many
answers as the room's screen has rows for, in the worksheet's order, each wrapped whole."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from textual.content import Content

from peertui.domain.records import Meeting, Slot
from peertui.domain.text import printable
from peertui.domain.worksheet import answered
from peertui.ui.safe import Part, bold, line

DEEP_DIVE = "deepdive"


def in_presentation(slots: tuple[Slot, ...], index: int) -> bool:
    """The deep dive's first part (the presentation): its slot is the segment's first."""
    if not 0 <= index < len(slots) or slots[index].segment_key != DEEP_DIVE:
        return False
    return index == 0 or slots[index - 1].segment_key != DEEP_DIVE


def worksheet_rows(topic: str, framing: Mapping[str, str], width: int,
                   rows: int) -> Content:
    """The topic and the answers that fit in *rows* rows of *width* columns; what does not
    fit is counted on a last line, so the room knows there is more."""
    width = max(20, width)
    parts: list[Part] = []
    used = 0
    if topic:
        head = textwrap.wrap(printable(topic), width)
        parts.append(bold("\n".join(head)))
        used = len(head)
    found = answered(framing)
    shown = 0
    for question, text in found:
        wrapped = textwrap.wrap(f"{question.label}: {printable(text)}", width)
        left = len(found) - shown - 1
        if used + len(wrapped) + (1 if left else 0) > rows:
            break
        label, _, first = wrapped[0].partition(": ")
        parts += ["\n" if parts else "", bold(f"{label}: "), "\n".join([first, *wrapped[1:]])]
        used += len(wrapped)
        shown += 1
    if shown < len(found):
        more = len(found) - shown
        parts += ["\n" if parts else "",
                  (f"… {more} more on the worksheet" if more > 1 else
                   "… 1 more on the worksheet", "dim")]
    return line(*parts)


def presentation_worksheet(record: Meeting, index: int, width: int, rows: int) -> Content:
    """What the projector shows under the clock now: the worksheet in the presentation."""
    if not in_presentation(record.slots, index) or rows < 2:
        return Content("")
    return worksheet_rows(record.topic, record.framing, width, rows)
