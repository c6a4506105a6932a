"""A group's agenda templates: the built-in default that cannot be broken, copies, checks.

The built-in template is never stored: it is rebuilt from DESIGN.md's agenda each time,
so no edit can damage it. Editing it produces a copy with a new id.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence

from peertui.domain.agenda import default_template, planned_minutes
from peertui.domain.ids import new_id
from peertui.domain.models import AgendaTemplate, SegmentTemplate
from peertui.domain.text import MAX_NAME_CHARS, clean_text

BUILTIN_ID = "builtin-standard"
BUILTIN_NAME = "Standard meeting (built in)"
MAX_SEGMENT_MINUTES = 600
MAX_SPEAKER_MINUTES = 60
MAX_SEGMENTS = 40


def builtin_template() -> AgendaTemplate:
    template = default_template()
    template.id = BUILTIN_ID
    template.name = BUILTIN_NAME
    return template


def is_builtin(template: AgendaTemplate | str) -> bool:
    ident = template if isinstance(template, str) else template.id
    return ident == BUILTIN_ID


def all_templates(own: Sequence[AgendaTemplate]) -> list[AgendaTemplate]:
    """The built-in first, then the group's own (a stored copy of the built-in id is ignored)."""
    return [builtin_template()] + [t for t in own if not is_builtin(t)]


def find_template(own: Sequence[AgendaTemplate], template_id: str) -> AgendaTemplate | None:
    return next((t for t in all_templates(own) if t.id == template_id), None)


def unique_name(wanted: str, taken: Iterable[str]) -> str:
    """'Short meeting (copy)', then '(copy 2)', … so names never collide."""
    names = {n.casefold() for n in taken}
    base = wanted[:MAX_NAME_CHARS - 10]
    if base.casefold() not in names:
        return base
    for n in range(2, 1000):
        name = f"{base} ({n})"
        if name.casefold() not in names:
            return name
    return f"{base} {new_id()[:6]}"


def copy_of(template: AgendaTemplate, taken: Iterable[str]) -> AgendaTemplate:
    """A deep copy with a new id and a name of its own; the original is untouched."""
    twin = copy.deepcopy(template)
    twin.id = new_id()
    base = template.name.removesuffix(" (built in)")
    twin.name = unique_name(f"{base} (copy)", taken)
    return twin


def new_key(title: str, taken: Iterable[str]) -> str:
    """A segment key from its title, unique within the template."""
    slug = re.sub(r"[^a-z0-9]+", "", title.casefold())[:20] or "segment"
    keys = set(taken)
    key, n = slug, 2
    while key in keys:
        key, n = f"{slug}{n}", n + 1
    return key


def new_segment(title: str, kind: str, minutes: int, taken: Iterable[str]) -> SegmentTemplate:
    if kind == "round":
        return SegmentTemplate(new_key(title, taken), title, "round", minutes=minutes,
                               flexible=True, round_who="present")
    return SegmentTemplate(new_key(title, taken), title, "single", minutes=minutes)


# checks ------------------------------------------------------------------------

def row_id(seg_index: int, phase_index: int | None = None) -> str:
    """The id a form row and its problem share: 's2' or 's4p1'."""
    return f"s{seg_index}" if phase_index is None else f"s{seg_index}p{phase_index}"


def _minutes_problem(minutes: object, high: int) -> str:
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        return "Minutes must be a whole number."
    if minutes <= 0:
        return "Minutes must be above 0."
    if minutes > high:
        return f"At most {high} minutes."
    return ""


def _title_problem(title: str) -> str:
    cleaned = clean_text(title)
    if not cleaned:
        return "The name cannot be empty."
    if len(cleaned) > MAX_NAME_CHARS:
        return f"Keep it under {MAX_NAME_CHARS} characters."
    return ""


def problems(template: AgendaTemplate, other_names: Iterable[str] = ()) -> dict[str, str]:
    """Everything wrong with a template, keyed by where to show it ('name', 'target', 's2'…).

    Empty means the template can be saved and run.
    """
    found: dict[str, str] = {}
    name_problem = _title_problem(template.name)
    if not name_problem:
        taken = {n.casefold() for n in other_names} | {BUILTIN_NAME.casefold()}
        if clean_text(template.name).casefold() in taken:
            name_problem = "Another template has this name."
    if name_problem:
        found["name"] = name_problem
    low, high = template.target_min_minutes, template.target_max_minutes
    target = (_minutes_problem(low, 24 * 60) or _minutes_problem(high, 24 * 60)
              or ("The shortest target is above the longest." if low > high else ""))
    if target:
        found["target"] = target
    if not template.segments:
        found["segments"] = "A meeting needs at least one segment."
    if len(template.segments) > MAX_SEGMENTS:
        found["segments"] = f"At most {MAX_SEGMENTS} segments."
    keys = [s.key for s in template.segments]
    for index, seg in enumerate(template.segments):
        where = row_id(index)
        problem = _title_problem(seg.title)
        if not problem and keys.count(seg.key) > 1:
            problem = "Two segments share a key."
        if not problem and seg.kind == "deep_dive" and not seg.phases:
            problem = "A deep dive needs at least one phase."
        if not problem and not seg.phases:
            limit = MAX_SPEAKER_MINUTES if seg.kind == "round" else MAX_SEGMENT_MINUTES
            problem = _minutes_problem(seg.minutes, limit)
        if problem:
            found[where] = problem
        for p_index, phase in enumerate(seg.phases):
            problem = (_title_problem(phase.title)
                       or _minutes_problem(phase.minutes, MAX_SEGMENT_MINUTES))
            if problem:
                found[row_id(index, p_index)] = problem
    return found


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def total_verdict(template: AgendaTemplate, present: int) -> tuple[int, str]:
    """Planned minutes with `present` members (one presents), and 'within'/'over'/'under'."""
    ids = [f"m{i}" for i in range(max(present, 0))]
    total = planned_minutes(template, ids, ids[0] if ids else None)
    low, high = template.target_min_minutes, template.target_max_minutes
    verdict = "within" if low <= total <= high else "over" if total > high else "under"
    return total, verdict

