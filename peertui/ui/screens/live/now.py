"""Keeps the live screen's now panel told: the facts it chooses from, set as one NowState.

The screen holds the clock, the meeting and its items; the open items due from earlier
meetings are read here in a thread, on entering the follow-ups and then once a minute while
they last (an item ticked off in the follow-ups panel leaves this list within a minute).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from peertui.domain.ledger import SayDo
from peertui.services.actions import ActionRow, list_actions
from peertui.services.ledger import read_ledger
from peertui.store import StoreError
from peertui.ui.widgets.now_panel import Due, NowPanel, now_state

if TYPE_CHECKING:
    from peertui.ui.screens.live.screen import LiveScreen

FOLLOWUPS = "followups"
WRAPUP = "wrapup"


def kept_words(figure: SayDo) -> str:
    """The wrap-up's line on the group's commitments since the last meeting."""
    if not figure.fell_due:
        return "Commitments kept since the last meeting: none fell due."
    return f"Commitments kept since the last meeting: {figure.kept} of {figure.fell_due}"


def due_items(rows: list[ActionRow], names: dict[str, str], today: date) -> tuple[Due, ...]:
    """Open items whose date has come (or that have none), the oldest first."""
    due = [r for r in rows if r.status == "open" and (r.due is None or r.due <= today)]
    due.sort(key=lambda r: (r.due or today, r.meeting_date))
    return tuple(Due(names.get(r.item.owner_id or "", "?"), r.item.due, r.item.text)
                 for r in due)


class NowFeed:
    """Builds the panel's state from the screen; the panel compares and repaints."""

    def __init__(self, screen: LiveScreen) -> None:
        self.screen = screen
        self.due: tuple[Due, ...] = ()
        self.kept = ""  # read once on entering the wrap-up
        self._panel: NowPanel | None = None

    def _find_panel(self) -> NowPanel | None:
        """The screen's now panel, looked up once: a DOM query at every note and clock key
        walked the whole live screen (a few ms a change on a follower, bench bar 7)."""
        if self._panel is None or not self._panel.is_attached:
            panels = self.screen.query(NowPanel)  # none before the screen is composed
            self._panel = panels.first() if panels else None
        return self._panel

    def show(self, minute_passed: bool = False) -> None:
        screen = self.screen
        panel = self._find_panel()
        if panel is None:
            return
        state = screen.minute_state
        current = state.current if state is not None else None
        if minute_passed and current is not None and current.slot.segment_key == FOLLOWUPS \
                and state is not None and state.status != "setup":
            screen.run_worker(self._read_due, thread=True, exclusive=True, group="now-due")
        if minute_passed and not self.kept and current is not None \
                and current.slot.segment_key == WRAPUP:
            screen.run_worker(self._read_kept, thread=True, exclusive=True, group="now-kept")
        panel.now = now_state(state, screen.live.record, screen.live.items,
                                       screen.names, self.due, self.kept)

    def _read_due(self) -> None:
        screen = self.screen
        group, today = screen.group, screen.today
        if group is None:
            return
        try:
            rows = list_actions(screen.store, group.id, today=today, status="open",
                                exclude_meeting=screen.meeting_id)
        except StoreError:  # the follow-ups panel says so, where its list is
            return
        due = due_items(rows, group.names, today)
        screen.app.call_from_thread(self._due_read, due)

    def _due_read(self, due: tuple[Due, ...]) -> None:
        self.due = due
        self.show()

    def _read_kept(self) -> None:
        """The group's say/do since the last meeting, as of this meeting's date."""
        screen = self.screen
        group = screen.group
        if group is None:
            return
        try:
            ledger = read_ledger(screen.store, group.id)
        except StoreError:  # the figure is a courtesy; the wrap-up runs without it
            return
        day = date.fromisoformat(screen.live.record.date)
        words = kept_words(ledger.kept_since_last(day))
        screen.app.call_from_thread(self._kept_read, words)

    def _kept_read(self, words: str) -> None:
        self.kept = words
        self.show()
        if self.screen.has_class("-narrow"):  # the now panel is folded away: say it once
            self.screen.notify(words, markup=False)
