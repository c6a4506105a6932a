"""Wrap-up: each present member rates the meeting 1-10 and says what would make it a 10."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from peertui.domain.records import Rating
from peertui.services.roster import parse_rating, save_rating
from peertui.store import StoreError
from peertui.ui.app import PeerApp
from peertui.ui.base import PeerModal
from peertui.ui.safe import plain
from peertui.ui.screen_actions import ScreenAction, bindings


class RatingForm(PeerModal[bool]):
    """Opened from the live meeting; saves into the meeting record's "rating"."""

    ACTIONS: ClassVar[tuple[ScreenAction, ...]] = (
        ScreenAction("rating-save", "ctrl+s", "save", "Save ratings", in_palette=False),
        ScreenAction("rating-cancel", "escape", "cancel", "Cancel", in_palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, meeting_id: str, present: list[tuple[str, str]],
                 existing: dict[str, Rating] | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.present = present  # (member id, name)
        self.existing = existing or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rating-form"):
            yield Label("[b]Rate this meeting[/b]: 1 to 10, and what would make it a 10")
            with VerticalScroll(id="rating-rows"):
                for member_id, name in self.present:
                    old = self.existing.get(member_id)
                    score = str(old.score) if old is not None else ""
                    comment = old.comment if old is not None else ""
                    with Horizontal(classes="rating-row"):
                        yield Label(plain(name), classes="rating-name")
                        yield Input(score, id=f"score-{member_id}", classes="rating-score",
                                    max_length=2, restrict=r"[0-9]*", compact=True,
                                    placeholder="1-10")
                        yield Input(comment, id=f"comment-{member_id}",
                                    classes="rating-comment", max_length=200, compact=True,
                                    placeholder="What would make it a 10?")
                    yield Label("", id=f"error-{member_id}", classes="error rating-error")
            yield Static(id="rating-average")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self._average()
        if self.present:
            self.query_one(f"#score-{self.present[0][0]}", Input).focus()

    def _collect(self) -> tuple[dict[str, Rating], dict[str, str]]:
        ratings: dict[str, Rating] = {}
        errors: dict[str, str] = {}
        for member_id, _ in self.present:
            score = self.query_one(f"#score-{member_id}", Input).value
            comment = self.query_one(f"#comment-{member_id}", Input).value
            try:
                value, line = parse_rating(score, comment)
            except ValueError as problem:
                errors[member_id] = str(problem)
                continue
            if value is not None:
                ratings[member_id] = Rating(score=value, comment=line)
        return ratings, errors

    @on(Input.Changed)
    def _average(self) -> None:
        ratings, _ = self._collect()
        scores = [r.score for r in ratings.values()]
        text = (f"Average [b]{sum(scores) / len(scores):.1f}[/b] from {len(scores)} of "
                f"{len(self.present)} present" if scores else "No score yet.")
        self.query_one("#rating-average", Static).update(text)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last one it saves."""
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next(Input)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        ratings, errors = self._collect()
        for member_id, _ in self.present:
            self.query_one(f"#error-{member_id}", Label).update(errors.get(member_id, ""))
        if errors:
            first = next(iter(errors))
            self.query_one(f"#score-{first}", Input).focus()
            return
        if not ratings:
            self.notify("Nobody has a score yet: type 1 to 10 beside a name.",
                        severity="warning")
            return
        try:
            save_rating(self.store, self.meeting_id, ratings)
        except (StoreError, OSError, KeyError) as problem:
            self.notify(f"Not saved, your scores are kept: {problem}", severity="error",
                        markup=False)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


def open_rating(app: PeerApp, meeting_id: str, done: Callable[[], None] | None = None) -> None:
    """Open the rating form for the members present at this meeting (the live screen's
    ctrl+r, the roster's r); *done* is called once ratings are saved."""
    group = app.group
    try:
        record = app.store.meeting(meeting_id)
    except StoreError as error:  # damaged: left as found, and said so
        app.notify(str(error), severity="error", markup=False)
        return
    if record is None or group is None:
        return
    present = [(m, group.name_of(m, "?")) for m in record.present]

    def saved(ok: bool | None) -> None:
        if ok:
            app.notify("Ratings saved with the meeting.")
            if done is not None:
                done()

    app.push_screen(RatingForm(meeting_id, present, dict(record.rating)), saved)
