"""The default agenda from DESIGN.md, and turning a template into timed slots."""

from __future__ import annotations

from collections.abc import Sequence

from peertui.domain.models import AgendaTemplate, Phase, SegmentTemplate
from peertui.domain.records import Slot
from peertui.domain.text import clean_text


def default_template() -> AgendaTemplate:
    """The meeting as peer groups run it; 8 present members come to 2 h 28 min."""
    return AgendaTemplate(
        name="Standard meeting",
        segments=[
            SegmentTemplate("welcome", "Welcome and confidentiality", "single", minutes=5,
                            hint="What is said here stays here."),
            SegmentTemplate("followups", "Follow-ups", "single", minutes=10, flexible=True,
                            hint="Last presenter: what happened since? Review open items."),
            SegmentTemplate("updates", "Business updates", "round", minutes=4, flexible=True,
                            round_who="present"),
            SegmentTemplate("break", "Break", "single", minutes=10, flexible=True),
            SegmentTemplate(
                "deepdive", "Deep dive", "deep_dive",
                phases=[
                    Phase("Presentation", 15),
                    Phase("Clarifying questions", 15),
                    Phase("Discussion and experience share", 30, flexible=True),
                ],
                hint="Presenter speaks uninterrupted; then only clarifying questions.",
            ),
            SegmentTemplate("recommendations", "Recommendations", "round", minutes=3,
                            flexible=True, round_who="not_presenter"),
            SegmentTemplate("reflection", "Reflection and commitments", "single", minutes=5,
                            hint="The presenter's commitments become action items."),
            SegmentTemplate("wrapup", "Wrap-up", "single", minutes=5,
                            hint="Next meeting date, next presenter, rating 1-10."),
        ],
    )


def round_speakers(
    segment: SegmentTemplate, present: Sequence[str], presenter: str | None
) -> list[str]:
    if segment.round_who == "not_presenter":
        return [m for m in present if m != presenter]
    return list(present)


def build_slots(
    template: AgendaTemplate,
    present: Sequence[str],
    presenter: str | None,
    names: dict[str, str],
    orders: dict[str, list[str]] | None = None,
) -> list[Slot]:
    """Flatten a template for the members present into the clock's countdowns.

    `orders` maps a round's key to the speaking order chosen at setup.
    """
    slots: list[Slot] = []
    orders = orders or {}
    for seg in template.segments:
        if seg.kind == "round":
            speakers = round_speakers(seg, present, presenter)
            chosen = [m for m in orders.get(seg.key, []) if m in speakers]
            speakers = chosen + [m for m in speakers if m not in chosen]
            for member_id in speakers:
                slots.append(Slot(segment_key=seg.key, segment_title=seg.title,
                                  title=names.get(member_id, "?"), planned=seg.minutes * 60,
                                  flexible=seg.flexible, speaker_id=member_id, round=True))
        elif seg.phases:
            for phase in seg.phases:
                speaker = presenter if phase.title == "Presentation" else None
                slots.append(Slot(segment_key=seg.key, segment_title=seg.title,
                                  title=phase.title, planned=phase.minutes * 60,
                                  flexible=phase.flexible, speaker_id=speaker))
        else:
            slots.append(Slot(segment_key=seg.key, segment_title=seg.title, title=seg.title,
                              planned=seg.minutes * 60, flexible=seg.flexible))
    return slots


def planned_minutes(template: AgendaTemplate, present: Sequence[str], presenter: str | None) -> int:
    total = 0
    for seg in template.segments:
        if seg.kind == "round":
            total += seg.minutes * len(round_speakers(seg, present, presenter))
        else:
            total += seg.total_minutes(0)
    return total


def parse_minutes(text: str) -> int:
    """Whole minutes above zero, or ValueError with a message fit to show inline."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Enter a number of minutes.")
    if not cleaned.isdigit() or not cleaned.isascii():
        shown = " ".join(clean_text(cleaned).split())[:12]  # never echo escapes into a label
        raise ValueError(f"'{shown}' is not a whole number of minutes.")
    digits = cleaned.lstrip("0") or "0"
    if len(digits) > 3:  # int() refuses over 4300 digits; 1000+ is too many anyway
        raise ValueError("At most 600 minutes.")
    minutes = int(digits)
    if minutes <= 0:
        raise ValueError("Minutes must be above 0.")
    if minutes > 600:
        raise ValueError("At most 600 minutes.")
    return minutes
