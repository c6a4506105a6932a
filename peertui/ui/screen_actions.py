"""Each screen's actions, declared once: key, footer label, palette title and help, and who
may use them.

A screen lists its actions in one table, ``ACTIONS = (ScreenAction(...), ...)``, and sets
``BINDINGS = bindings(ACTIONS)``.  The footer shows those bindings, the command palette
(commands.py) lists the same entries with the key the binding gives, and the live screen
asks the table which actions are the clock driver's (``role``).  Nothing about an action is
typed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from textual.actions import parse
from textual.binding import Binding, BindingType

#: Who may use an action on the live screen: anyone, only the screen driving the clock, or
#: only a note-taker (taking the clock over).  Other screens leave it at "any".
Role = Literal["any", "driver", "note-taker"]


@dataclass(frozen=True)
class ScreenAction:
    """One thing a screen can do.

    id: the binding's id (what a keymap names), unique on its screen.
    key: Textual key names, comma-separated ("d,delete"); "" for a palette-only action.
    action: the action string run, e.g. "extend(60)" or "app.switch_group".
    title: the footer label; in the palette too, unless palette_title is given.
    help: a line in the palette under the title; the key is added from the binding.
    role: who may use it (see Role); the screen's check_action applies it.
    show: shown in the footer.
    priority: a priority binding (checked before the focused widget's).
    in_palette: listed in the command palette.
    """

    id: str
    key: str
    action: str
    title: str
    help: str = ""
    palette_title: str = ""
    role: Role = "any"
    show: bool = True
    priority: bool = False
    in_palette: bool = True

    @property
    def name(self) -> str:
        """The action's name without namespace or parameters: "extend" for "extend(60)"."""
        return parse(self.action)[1]

    @property
    def namespace(self) -> str:
        """"app" for an app action such as "app.switch_group", else ""."""
        return parse(self.action)[0]

    @property
    def parameters(self) -> tuple[object, ...]:
        return parse(self.action)[2]

    @property
    def palette_name(self) -> str:
        return self.palette_title or self.title

    def binding(self) -> Binding | None:
        """The Textual binding for this action, or None for a palette-only one."""
        if not self.key:
            return None
        return Binding(self.key, self.action, self.title, show=self.show,
                       priority=self.priority, id=self.id)


def bindings(actions: Iterable[ScreenAction]) -> list[BindingType]:
    """The screen's BINDINGS, made from its table (palette-only actions have none)."""
    made: list[BindingType] = []
    for entry in actions:
        binding = entry.binding()
        if binding is not None:
            made.append(binding)
    return made


def roles(actions: Iterable[ScreenAction]) -> dict[str, Role]:
    """Action name -> who may use it.  Entries sharing a name (extend(60), extend(300))
    must agree, or the table contradicts itself."""
    found: dict[str, Role] = {}
    for entry in actions:
        role = found.setdefault(entry.name, entry.role)
        if role != entry.role:
            raise ValueError(f"action {entry.name!r} is declared for both {role!r} and "
                             f"{entry.role!r}")
    return found
