"""One member's commitments in the member view: say/do, its trend, and the ledger table.

Read in a thread (the ledger folds every meeting file of the group) and shown when read;
private commitments show with the lock, as the review shows private items.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from peertui.domain.ledger import SOURCE_WORDS, Commitment, SayDo
from peertui.domain.minutes import LOCK
from peertui.domain.roster import counted
from peertui.domain.text import printable
from peertui.services.ledger import Ledger, read_ledger
from peertui.store import StoreError
from peertui.ui.base import PeerNode
from peertui.ui.safe import bold, line, plain
from peertui.ui.widgets.trend_chart import TrendChart

#: The worker group, for tests waiting on the read.
LOAD_GROUP = "member-ledger"


def trend_words(points: list[tuple[date, SayDo]]) -> str:
    """'Last 6 meetings: 50% 67% 75%' (a dash where nothing had fallen due)."""
    if not points:
        return "No meetings yet."
    figures = " → ".join(f"{round(100 * f.ratio)}%" if f.ratio is not None else "nothing due"
                         for _, f in points)
    return f"At each of the last {counted(len(points), 'meeting')}: {figures}"


def cells(row: Commitment, today: date) -> tuple[object, ...]:
    text = printable(row.item.text)
    reports = len(row.item.reports)
    return (row.meeting_date.isoformat(),
            row.due.isoformat() if row.due else "next meeting",
            row.standing(today),
            plain(f"{LOCK} {text}" if row.private else text),
            SOURCE_WORDS[row.source],
            str(reports) if reports else "")


class MemberLedger(Vertical, PeerNode):
    """The ledger section of the member view."""

    def __init__(self, member_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member_id = member_id
        self.ledger: Ledger | None = None

    def compose(self) -> ComposeResult:
        yield Label("Commitments and say/do", classes="section")
        yield Static("Reading the meetings…", id="ledger-figure")
        yield TrendChart(id="ledger-trend")  # a fixed 0-100% scale: 67% never looks like 0
        yield Static("", id="ledger-trend-words", classes="hint")
        yield DataTable(id="ledger-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # the long text after the short columns: at 80 columns it is what gets cut
        self.query_one(DataTable).add_columns("Agreed", "Due", "Standing", "Commitment",
                                              "Kind", "Reports")
        group = self.group
        if group is not None:
            self._read(group.id, self.today)

    @work(thread=True, exclusive=True, group=LOAD_GROUP)
    def _read(self, group_id: str, today: date) -> None:
        try:
            ledger = read_ledger(self.store, group_id)
        except StoreError as error:
            self.app.call_from_thread(self._say, f"Cannot read the meetings: {error}")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, ledger, today)

    def _say(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#ledger-figure", Static).update(plain(message))

    def _show(self, ledger: Ledger, today: date) -> None:
        if not self.is_attached:
            return
        self.ledger = ledger
        figure = ledger.figure(self.member_id, today)
        points = ledger.trend(self.member_id, today)
        self.query_one("#ledger-figure", Static).update(line(
            bold("Say/do: "), f"kept by the due date {figure.words()}"
            if figure.fell_due else "nothing has fallen due yet"))
        chart = self.query_one(TrendChart)
        values = [f.ratio for _, f in points]
        chart.show(values, 0.0, 1.0, ("100%", "0%"), rows=2)
        chart.display = sum(1 for v in values if v is not None) > 1
        self.query_one("#ledger-trend-words", Static).update(trend_words(points))
        table = self.query_one(DataTable)
        table.clear()
        rows = ledger.of(self.member_id)
        for row in reversed(rows):  # the newest first
            table.add_row(*cells(row, today), key=f"{row.meeting_id}/{row.item.id}")
        table.display = bool(rows)
        if not rows:
            self.query_one("#ledger-trend-words", Static).update(
                "No commitments yet: action items they own and recommendations they adopt "
                "show here.")
