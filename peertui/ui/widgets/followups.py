"""The Follow-ups segment's panel: the last deep dive and the open items from earlier meetings.

It shows itself only while the clock is in the "followups" segment (bound to the live
screen's clock state), lets open items be ticked off as the room reviews them, and saves
"what happened since" into the earlier deep dive's outcome log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Checkbox, Input, Label, Static
from textual.worker import get_current_worker

from peertui.domain.clock import ClockState
from peertui.domain.minutes import LOCK, outcome_text
from peertui.domain.models import Group
from peertui.domain.text import printable
from peertui.domain.timesource import to_iso
from peertui.services.actions import ActionRow, list_actions
from peertui.services.followthrough import DeepDive, add_outcome, last_deep_dive
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.widgets.action_table import ActionTable
from peertui.ui.widgets.needs_met import NeedsMetRow
from peertui.ui.widgets.report_back import ReportBack

SEGMENT_KEY = "followups"
#: How to work the table; letters typed at it go to the note box (typed_aside.py).
TABLE_HINT = "Tab here; Enter: its actions, ctrl+d done"


def _lock(private: bool) -> str:
    return f"{LOCK} " if private else ""


def deep_dive_text(dive: DeepDive, names: dict[str, str]) -> str:
    """Topic, commitments, recommendations and what was said since, as console markup-free text."""
    who = names.get(str(dive.presenter_id), "?")
    lines = [f"{who}'s deep dive on {dive.date}: {dive.topic}"]
    if dive.commitments:
        lines.append("Commitments:")
        lines += [f"  {'✓' if c.status == 'done' else '○'} {_lock(c.private)}"
                  f"{printable(c.text)} (due {c.due or 'no date'})" for c in dive.commitments]
    if dive.recommendations:
        lines.append("Recommendations:")
        for rec in dive.recommendations:
            outcome = outcome_text(rec)
            giver = names.get(rec.giver_id or "", "?")
            lines.append(f"  {_lock(rec.private)}{giver}: {printable(rec.text)}"
                         + (f"  [{outcome}]" if outcome else ""))
    if dive.outcome_log:
        lines.append("Said since:")
        lines += [f"  {_lock(e.private)}{e.date}: {printable(e.text)}"
                  for e in dive.outcome_log]
    return "\n".join(lines)


class FollowupsPanel(Vertical, PeerNode):
    """Shown during Follow-ups only; data-bound to the live screen's clock state."""

    state: reactive[ClockState | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, meeting_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.dive: DeepDive | None = None
        self._loaded = False
        self._ticked: set[str] = set()  # items ticked off here stay listed, to undo
        self._touched: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Label("Follow-ups", classes="section", id="fu-title")
        with VerticalScroll(id="fu-dive-scroll"):
            yield Static("", id="fu-dive", markup=False)
        yield NeedsMetRow(self.meeting_id, id="fu-needs")
        yield ReportBack(self.meeting_id, id="fu-report-back")  # issue 14: the ledger
        yield Label(f"Open action items from earlier meetings ({TABLE_HINT})",
                    id="fu-actions-title", classes="hint")
        yield ActionTable(show_meeting=False, id="fu-actions")
        with Horizontal(id="fu-since-row"):
            yield Input(placeholder="What happened since? Enter saves it to the deep dive's log",
                        id="fu-since")
            yield Checkbox("Private", id="fu-private")
        yield Label("", id="fu-message", classes="error")

    def on_mount(self) -> None:
        self.display = False
        self.query_one("#fu-message").display = False

    def watch_state(self, state: ClockState | None) -> None:
        current = state.current if state is not None else None
        active = current is not None and current.slot.segment_key == SEGMENT_KEY \
            and state is not None and state.status != "setup"
        if active != self.display:
            self.display = active
        if active and not self._loaded and self.is_mounted:
            self.load()

    def load(self) -> None:
        """Read the last deep dive and the open items in a thread; the clock keeps ticking."""
        group = self.group
        if group is None:
            return
        self._loaded = True
        self._fetch(group, self.today)
        self.query_one(ReportBack).load()

    @work(thread=True, exclusive=True, group="followups-load")
    def _fetch(self, group: Group, today: date) -> None:
        store = self.store
        try:
            record = store.meeting(self.meeting_id)
            day = record.date if record else today.isoformat()
            dive = last_deep_dive(store, group.id, day, exclude_meeting=self.meeting_id)
            rows = list_actions(store, group.id, today=today, exclude_meeting=self.meeting_id,
                                open_meetings_only=True, also_meetings=self._touched)
        except StoreError as error:
            self.app.call_from_thread(self._say, f"Cannot read earlier meetings: {error}")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, group, dive, rows, today)

    def _say(self, message: str) -> None:
        """One line of feedback under the input; no line at all when there is none."""
        if self.is_attached:
            label = self.query_one("#fu-message", Label)
            label.update(Content(message))
            label.display = bool(message)

    def _show(self, group: Group, dive: DeepDive | None, rows: list[ActionRow],
              today: date) -> None:
        if not self.is_attached:
            return
        names = group.names
        self.dive = dive
        dive_text = deep_dive_text(dive, names) if dive else \
            "No earlier deep dive to follow up yet."
        self.query_one("#fu-dive", Static).update(dive_text)
        self.query_one(NeedsMetRow).show(dive, names)
        since = self.query_one("#fu-since", Input)
        since.disabled = dive is None
        if dive is not None:
            who = names.get(str(dive.presenter_id), "the presenter")
            since.placeholder = f"What happened since, {who}? Enter saves it to that deep dive"
        rows = [r for r in rows if r.status == "open" or r.id in self._ticked]
        self.query_one(ActionTable).show(rows, names, today)
        open_count = sum(1 for r in rows if r.status == "open")
        self.query_one("#fu-actions-title", Label).update(
            f"Open action items from earlier meetings: {open_count} ({TABLE_HINT})")

    @on(ActionTable.Changed)
    def _item_changed(self, event: ActionTable.Changed) -> None:
        event.stop()
        self._ticked.add(event.row.id)
        self._touched.add(event.row.meeting_id)
        self.load()
        self._say(f"“{event.row.item.text[:50]}” {event.what}.")

    @on(Input.Submitted, "#fu-since")
    def _save_since(self, event: Input.Submitted) -> None:
        event.stop()
        if self.dive is None:
            self._say("No earlier deep dive to add this to.")
            return
        try:
            add_outcome(self.store, self.dive.meeting_id, event.value, to_iso(self.time.now()),
                        captured_in=self.meeting_id,
                        private=self.query_one("#fu-private", Checkbox).value)
        except ValueError as problem:
            self._say(str(problem))
            return
        except (KeyError, StoreError, OSError) as problem:
            self._say(f"Not saved, your text is kept: {problem}")
            return
        event.input.value = ""
        self.query_one("#fu-private", Checkbox).value = False
        self._say("Saved to the deep dive's log.")
        self.load()
