"""The life areas a group rates itself on in the updates round (Group.life_areas)."""

from __future__ import annotations

from peertui.domain.text import clean_text

MAX_AREAS = 6
MAX_AREA_CHARS = 20


def parse_areas(typed: str) -> list[str]:
    """'health, wealth, love, happiness' as the group's areas; ValueError says what is wrong.
    Each is one lower-case word or short phrase: it is typed after p: in the note box."""
    areas: list[str] = []
    for part in clean_text(typed).split(","):
        area = " ".join(part.split()).lower()
        if not area:
            continue
        if area.isdigit() or " " in area:
            raise ValueError(f"'{area}': an area is one word (it is typed after p:, "
                             "as in p: work 7).")
        if len(area) > MAX_AREA_CHARS:
            raise ValueError(f"'{area[:MAX_AREA_CHARS]}…' is long: at most "
                             f"{MAX_AREA_CHARS} letters.")
        if area in areas:
            raise ValueError(f"'{area}' is there twice.")
        areas.append(area)
    if not areas:
        raise ValueError("Name at least one area, e.g. work, family, personal.")
    if len(areas) > MAX_AREAS:
        raise ValueError(f"{len(areas)} areas: at most {MAX_AREAS}, so a pulse stays quick.")
    return areas
