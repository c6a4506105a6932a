"""Loading and saving groups; the first group is the one the app opens on."""

from __future__ import annotations

from peertui.domain.agenda import default_template
from peertui.domain.models import Group
from peertui.domain.text import clean_text
from peertui.store import Store


def load_groups(store: Store) -> list[Group]:
    return store.groups()


def load_group(store: Store, group_id: str) -> Group | None:
    return store.group(group_id)


def save_group(store: Store, group: Group) -> None:
    if group.template is None:
        group.template = default_template()
    store.save_group(group)


def new_group(store: Store, name: str) -> Group:
    cleaned = " ".join(clean_text(name).split())  # no escape sequence reaches a title bar
    if not cleaned:
        raise ValueError("A group needs a name.")
    if len(cleaned) > 80:
        raise ValueError("Keep the group name under 80 characters.")
    group = Group(name=cleaned, template=default_template())
    save_group(store, group)
    return group
