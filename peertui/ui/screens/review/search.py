"""Search every meeting's notes as you type; Enter opens the meeting at the item.

The search runs in a thread worker after a short pause in typing, so keys are never held
up by it; a newer search supersedes an older one.  A meeting whose file cannot be read is
named above the results, which come from every other meeting.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, Label, Select
from textual.worker import get_current_worker

from peertui.domain.minutes import LOCK
from peertui.domain.text import clean_text, printable
from peertui.services.search import SearchHit, index_for
from peertui.store import StoreError
from peertui.ui.base import PeerScreen
from peertui.ui.screen_actions import ScreenAction, bindings
from peertui.ui.screens.review.router import open_view
from peertui.ui.widgets.damaged_line import DamagedLine, unreadable_meetings
from peertui.ui.widgets.fitted_footer import FittedFooter
from peertui.ui.widgets.result_list import Column, ResultList, Row

DEBOUNCE_SECONDS = 0.2
#: Results shown at first, newest first. Each refill of the table costs a repaint and
#: garbage in proportion, so the list stays short while typing; ctrl+n shows more.
RESULT_LIMIT = 50
MEETING_CHOICES = 60  # newest meetings offered in the filter; older ones by date range
KIND_LABEL = {"note": "note", "recommendation": "rec", "action": "action",
              "decision": "decision", "plus": "plus", "delta": "delta"}
COLUMNS = (Column("Date", 10), Column("Kind", 8), Column("Segment", 16, hide_below=100),
           Column("Speaker", 14), Column("Text"))
KIND_CHOICES = [("Notes", "note"), ("Recommendations", "recommendation"),
                ("Action items", "action"), ("Decisions", "decision"),
                ("Plus (worked)", "plus"), ("Delta (change)", "delta")]


NOTICEABLE_S = 0.05  # a search this slow says how long it took


@dataclass(frozen=True)
class Query:
    text: str
    member_id: str | None
    kind: str | None
    date_from: str | None
    date_to: str | None
    meeting_id: str | None
    group_id: str | None
    limit: int = RESULT_LIMIT


def read_day(text: str, label: str) -> str | None:
    """An ISO date or None for empty; ValueError with a message for anything else."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned).isoformat()
    except ValueError:
        shown = " ".join(clean_text(cleaned).split())[:20]  # no escapes echoed into a label
        raise ValueError(f"{label}: '{shown}' is not a date like 2026-09-17.") from None


WARM_PAUSE = 0.002  # between files while warming, so the screen stays quick
WARM_DELAY = 1.0  # after the screen and its first results are up


def warm_index(screen: PeerScreen[None]) -> None:
    """Read every meeting in a thread, so the first search for a rare word does not wait."""
    index = index_for(screen.store)

    def warm() -> None:
        # The index lives as long as the app. Left to the garbage collector, its 100,000s
        # of new objects set off full passes that stall the screen for 100+ ms while it
        # loads; so collection waits for the few seconds of loading, and the loaded index
        # is then moved out of the collector's sight for good.
        enabled = gc.isenabled()
        gc.disable()
        try:
            index.warm(WARM_PAUSE)
        finally:
            gc.freeze()
            if enabled:
                gc.enable()

    screen.run_worker(warm, thread=True, group="search-warm", exclusive=True,
                      exit_on_error=False)


def date_span(query: Query) -> str:
    """'from all time', 'from 2026-01-01 on', ...: the dates searched, in words."""
    if query.date_from and query.date_to:
        return f"from {query.date_from} to {query.date_to}"
    if query.date_from:
        return f"from {query.date_from} on"
    if query.date_to:
        return f"up to {query.date_to}"
    return "from all time"


class SearchScreen(PeerScreen[None]):
    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("search-focus", "ctrl+f", "focus_search", "Search box",
                     palette_title="Focus the search box"),
        ScreenAction("search-results-focus", "f2", "focus_results", "Results",
                     palette_title="Go to the results",
                     help="Tab from the search box does the same"),
        ScreenAction("search-clear", "ctrl+r", "clear_filters", "Clear filters",
                     palette_title="Clear the filters",
                     help="Member, kind, dates and meeting back to all"),
        ScreenAction("search-more", "ctrl+n", "more", "More results",
                     palette_title="Show more results",
                     help=f"{RESULT_LIMIT} more, older ones"),
        ScreenAction("search-back", "escape", "app.pop_screen", "Back", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None
        self.shown_query: Query | None = None  # the query whose results are on screen

    def compose(self) -> ComposeResult:
        group = self.group
        members = [(Text(m.name), m.id) for m in group.members] if group else []
        meetings = self.store.meetings(group.id) if group else []
        meeting_choices = [(Text(printable(f"{m.date} {m.topic}"[:50])), m.id)
                           for m in list(reversed(meetings))[:MEETING_CHOICES]]
        yield Header()
        yield Input(self.initial, placeholder="Search every meeting's notes (words in any order)",
                    id="search-text")
        with Horizontal(id="search-filters"):
            yield Select[str](members, prompt="Any member", id="search-member", compact=True)
            yield Select[str](KIND_CHOICES, prompt="Any kind", id="search-kind", compact=True)
            # Empty means all time: the placeholders say so rather than show a sample year,
            # which read as a filter already set to the current year.
            yield Input(placeholder="From: any date", id="search-from", compact=True,
                        tooltip="A date like 2026-01-31; empty searches from the first meeting")
            yield Input(placeholder="To: any date", id="search-to", compact=True,
                        tooltip="A date like 2026-12-31; empty searches to the latest meeting")
            yield Select[str](meeting_choices, prompt="Any meeting", id="search-meeting",
                              compact=True)
        yield Label("", id="search-status")
        yield DamagedLine(id="search-damaged")
        yield ResultList(COLUMNS, id="search-results")
        yield FittedFooter()  # whole keys only, never one cut at the edge

    def on_mount(self) -> None:
        group = self.group
        self.names = {m.id: m.name for m in group.members} if group else {}
        self.sub_title = f"{group.name} · search" if group else "search"
        self.query_one("#search-text", Input).focus()
        self._schedule(0)
        self.set_timer(WARM_DELAY, partial(warm_index, self))

    # running the search --------------------------------------------------

    def _query(self) -> Query:
        """What the filters say; ValueError for a date that does not read."""
        def picked(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else None

        return Query(
            text=self.query_one("#search-text", Input).value,
            member_id=picked("#search-member"), kind=picked("#search-kind"),
            date_from=read_day(self.query_one("#search-from", Input).value, "From"),
            date_to=read_day(self.query_one("#search-to", Input).value, "To"),
            meeting_id=picked("#search-meeting"),
            group_id=self.peer.group_id,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._schedule(DEBOUNCE_SECONDS)

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(delay, self._start_search) if delay else None
        if not delay:
            self._start_search()

    def _start_search(self, limit: int = RESULT_LIMIT) -> None:
        try:
            query = replace(self._query(), limit=limit)
        except ValueError as problem:
            self.query_one("#search-status", Label).update(Text(str(problem), style="bold red"))
            return
        self.run_search(query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: Query) -> None:
        started = time.perf_counter()
        index = index_for(self.store)
        try:
            hits = index.search(
                query.text, member_id=query.member_id, kind=query.kind,
                date_from=query.date_from, date_to=query.date_to, meeting_id=query.meeting_id,
                group_id=query.group_id, limit=query.limit)
        except StoreError as error:
            self.app.call_from_thread(self._failed, error)
            return
        elapsed = time.perf_counter() - started
        # Not searched: left out of the listing (the store), or failed to read (the index).
        damaged = unreadable_meetings(self.store, list(index.unreadable.values()))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, hits, elapsed, damaged)

    def _failed(self, error: StoreError) -> None:
        self.query_one("#search-status", Label).update(
            Text(f"Search stopped: {error}", style="bold red"))

    def _show(self, query: Query, hits: list[SearchHit], elapsed: float,
              damaged: list[StoreError]) -> None:
        if not self.is_attached:
            return
        self.query_one(DamagedLine).show_errors(damaged, self.store.root)
        self.hits = hits
        self.shown_query = query
        self.query_one("#search-results", ResultList).set_rows([self._row(hit) for hit in hits])
        count = f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if hits else "No results"
        more = f" (the newest {query.limit}: ctrl+n shows more, or add words or filters)" \
            if len(hits) >= query.limit else ""
        hint = "  ·  Tab to the results, Enter opens the meeting at the item" if hits else ""
        # The time is said only when a person could notice it (a search of the sample
        # takes under a millisecond: "in 0 ms" read oddly, and flipped snapshots to "1 ms").
        took = f" in {elapsed * 1000:.0f} ms" if elapsed >= NOTICEABLE_S else ""
        self.query_one("#search-status", Label).update(
            f"{count} {date_span(query)}{more}{took}{hint}")

    def _row(self, hit: SearchHit) -> Row:
        item = hit.item
        who = item.giver_id or item.speaker_id or item.owner_id
        lock = f"{LOCK} " if item.private else ""
        marks = tuple((start + len(lock), end + len(lock)) for start, end in hit.spans)
        return Row((hit.meeting_date, KIND_LABEL.get(hit.kind, hit.kind), item.segment_title,
                    self.names.get(who, "") if who else "", lock + hit.snippet), marks)

    # using the results -----------------------------------------------------

    @on(ResultList.Selected, "#search-results")
    def _open(self, event: ResultList.Selected) -> None:
        if not 0 <= event.index < len(self.hits):
            return
        hit = self.hits[event.index]
        open_view(self.app, "meeting", meeting_id=hit.meeting_id, item_id=hit.item_id)

    @on(Input.Submitted, "#search-text")
    def _submitted(self) -> None:
        self.action_focus_results()

    def action_focus_search(self) -> None:
        self.query_one("#search-text", Input).focus()

    def action_focus_results(self) -> None:
        self.query_one("#search-results", ResultList).focus()

    def action_more(self) -> None:
        """The same search with room for more (older) results."""
        shown = self.shown_query.limit if self.shown_query else RESULT_LIMIT
        if len(self.hits) < shown:
            self.notify("That is every match.")
            return
        self._start_search(shown + RESULT_LIMIT)

    def action_clear_filters(self) -> None:
        for selector in ("#search-member", "#search-kind", "#search-meeting"):
            self.query_one(selector, Select).clear()
        for selector in ("#search-from", "#search-to"):
            self.query_one(selector, Input).value = ""
