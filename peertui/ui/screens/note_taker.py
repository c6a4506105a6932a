"""Who is taking notes in this browser: asked once, when `peertui serve` opens the app for a
browser session, so the others see "Priya (browser)" rather than a process number.

The answer is saved into the session's record (peertui/web/sessions.py), where the live
screen reads it and the driver's list of browser sessions shows it.  The question itself
(NameChooser) is also the one a terminal asks of its machine (screens/who_is_here.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from peertui.domain.text import clean_name
from peertui.store import StoreError
from peertui.ui.app import PeerApp
from peertui.ui.base import PeerModal
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.web.sessions import SessionRegistry, own_session

SOMEONE_ELSE = "someone-else"
#: Every name question's one key: Esc skips it (each screen class states its own table).
NAME_ACTIONS: tuple[ScreenAction, ...] = (
    ScreenAction("who-skip", "escape", "skip", "Skip", in_palette=False),
)


class NameChooser(PeerModal[str | None]):
    """Asks who someone is: the roster's names, or "someone else" and a name typed.
    Dismisses with the name saved, or None when skipped (Esc).  What the name is saved as
    (a browser session, this machine) is the subclass's `save_name`."""

    DEFAULT_CSS = "NameChooser { align: center middle; }"
    QUESTION = "Who are you?"
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = NAME_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[str, str] = {}  # option id -> member's name

    def compose(self) -> ComposeResult:
        group = self.group
        members = group.active_members if group is not None else []
        options = [Option(plain(m.name), id=f"member-{n}") for n, m in enumerate(members)]
        options.append(Option("Someone else (type the name below)", id=SOMEONE_ELSE))
        self._names = {f"member-{n}": m.name for n, m in enumerate(members)}
        with Vertical(classes="dialog", id="who-takes-notes"):
            yield Label(self.QUESTION)
            yield OptionList(*options, id="who-list")
            yield Input(placeholder="Your name", id="who-name", max_length=80)
            yield Label("", id="who-error", classes="error")
            yield Label("Enter chooses · Esc skips", classes="hint")

    def on_mount(self) -> None:
        choices = self.query_one("#who-list", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == SOMEONE_ELSE:
            self.query_one("#who-name", Input).focus()
            return
        self._save(self._names[event.option.id or ""])

    @on(Input.Submitted, "#who-name")
    def typed(self, event: Input.Submitted) -> None:
        try:
            name = clean_name(event.value, "name")
        except ValueError as problem:
            self.query_one("#who-error", Label).update(str(problem))
            return
        self._save(name)

    def _save(self, name: str) -> None:
        try:
            self.save_name(name)
        except (StoreError, OSError, ValueError) as problem:
            self.query_one("#who-error", Label).update(f"Not saved: {problem}")
            return
        self.dismiss(name)

    def save_name(self, name: str) -> None:
        """Keep *name* where the others read it; raises to say it could not."""
        raise NotImplementedError

    def action_skip(self) -> None:
        self.dismiss(None)


class WhoTakesNotes(NameChooser):
    """Who takes notes in this browser: saved in its session record."""

    QUESTION = "[b]Who is taking notes in this browser?[/b] The others see the name."
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = NAME_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, registry: SessionRegistry, session_id: str) -> None:
        super().__init__()
        self.registry = registry
        self.session_id = session_id

    def save_name(self, name: str) -> None:
        self.registry.set_name(self.session_id, name)


def ask_who_takes_notes(app: PeerApp, then: Callable[[], None]) -> bool:
    """Ask, if this app serves a browser session not named yet; *then* runs once answered.
    False (and nothing asked) for a terminal or a session already named."""
    found = own_session(app.store.root, app.store.locked)
    if found is None or found[1].name:
        return False
    registry, session = found
    app.push_screen(WhoTakesNotes(registry, session.id), lambda _name: then())
    return True
