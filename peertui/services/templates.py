"""A group's agenda templates in the store: save (checked), copy, delete, choose the default."""

from __future__ import annotations

from peertui.domain.models import AgendaTemplate, Group
from peertui.domain.templates import (
    BUILTIN_ID,
    all_templates,
    builtin_template,
    copy_of,
    find_template,
    is_builtin,
    problems,
)
from peertui.domain.text import clean_text
from peertui.services.roster import editing
from peertui.store import Store


def templates_of(group: Group) -> list[AgendaTemplate]:
    """The built-in default first, then the group's own."""
    return all_templates(group.templates)


def default_for(group: Group) -> AgendaTemplate:
    """The template setup starts from: the chosen default, else the built-in."""
    return find_template(group.templates, group.default_template_id) or builtin_template()


def _other_names(group: Group, template_id: str) -> list[str]:
    return [t.name for t in group.templates if t.id != template_id]


def save_template(store: Store, group_id: str, template: AgendaTemplate,
                  ) -> tuple[AgendaTemplate | None, dict[str, str]]:
    """Insert or replace one of the group's templates if it passes every check.

    The built-in is never overwritten: saving it stores a copy with a new id.
    """
    with editing(store, group_id) as group:
        if is_builtin(template):
            template = copy_of(template, [t.name for t in group.templates])
        template.name = " ".join(clean_text(template.name).split())
        for seg in template.segments:
            seg.title = " ".join(clean_text(seg.title).split())
            for phase in seg.phases:
                phase.title = " ".join(clean_text(phase.title).split())
        found = problems(template, _other_names(group, template.id))
        if found:
            return None, found
        for index, existing in enumerate(group.templates):
            if existing.id == template.id:
                group.templates[index] = template
                break
        else:
            group.templates.append(template)
    return template, {}


def copy_template(store: Store, group_id: str, template_id: str) -> AgendaTemplate:
    with editing(store, group_id) as group:
        source = find_template(group.templates, template_id)
        if source is None:
            raise ValueError("That template is no longer there.")
        twin = copy_of(source, [t.name for t in group.templates])
        group.templates.append(twin)
    return twin


def delete_template(store: Store, group_id: str, template_id: str) -> AgendaTemplate:
    if is_builtin(template_id):
        raise ValueError("The built-in template stays; copy it to make your own.")
    with editing(store, group_id) as group:
        gone = next((t for t in group.templates if t.id == template_id), None)
        if gone is None:
            raise ValueError("That template is no longer there.")
        group.templates = [t for t in group.templates if t.id != template_id]
        if group.default_template_id == template_id:
            group.default_template_id = ""
    return gone


def set_default(store: Store, group_id: str, template_id: str) -> None:
    with editing(store, group_id) as group:
        if find_template(group.templates, template_id) is None:
            raise ValueError("That template is no longer there.")
        group.default_template_id = "" if template_id == BUILTIN_ID else template_id
