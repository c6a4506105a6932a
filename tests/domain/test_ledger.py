"""The ledger's rules: what is a commitment, when it falls due, say/do with moves and
reassignments (peertui/domain/ledger.py states each rule)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from peertui.domain.ledger import by_member, commitments, due_since, say_do, trend
from peertui.domain.records import Change, Item, Meeting, Outcome, Report

JAN, MAR, MAY = "2026-01-15", "2026-03-15", "2026-05-15"


def meeting(mid: str, day: str, presenter: str | None = None) -> Meeting:
    return Meeting(id=mid, group_id="g", date=day, presenter_id=presenter)


def action(iid: str, owner: str, due: str = "", *, status: str = "",
           history: tuple[Change, ...] = (), segment: str = "", at: str = JAN) -> Item:
    return Item(id=iid, kind="action", text=f"do {iid}", owner_id=owner, due=due,
                status=status, history=history, segment_key=segment, at=f"{at}T10:00:00Z")  # type: ignore[arg-type]


def change(day: str, field: str, old: object, new: object) -> Change:
    return Change(at=f"{day}T12:00:00Z", field=field, old=old, new=new)  # type: ignore[arg-type]


def done_on(day: str) -> Change:
    return change(day, "status", "open", "done")


def test_kept_when_done_by_its_due_date_and_missed_when_done_after() -> None:
    items = [action("a", "ann", "2026-02-01", status="done", history=(done_on("2026-01-30"),)),
             action("b", "ann", "2026-02-01", status="done", history=(done_on("2026-02-02"),)),
             action("c", "ann", "2026-02-01", status="done", history=(done_on("2026-02-01"),))]
    rows = commitments([(meeting("m1", JAN), items)])
    assert [r.kept for r in rows] == [True, False, True]
    assert say_do(rows, date(2026, 3, 1)) .words() == "2 of 3 (67%)"


def test_open_items_not_yet_due_count_in_neither() -> None:
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-02-01"),
                                             action("b", "ann", "2026-06-01")])])
    figure = say_do(rows, date(2026, 3, 1))
    assert (figure.kept, figure.fell_due) == (0, 1)
    assert say_do(rows, date(2026, 1, 20)).fell_due == 0


def test_reopened_before_due_is_not_done() -> None:
    history = (done_on("2026-01-20"), change("2026-01-25", "status", "done", "open"))
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-02-01",
                                                     history=history)])])
    assert not rows[0].kept


def test_without_due_date_falls_due_at_the_next_meeting() -> None:
    item = action("a", "ann", status="done", history=(done_on("2026-03-10"),))
    alone = commitments([(meeting("m1", JAN), [item])])
    assert alone[0].due is None and say_do(alone, date(2027, 1, 1)).fell_due == 0
    rows = commitments([(meeting("m1", JAN), [item]), (meeting("m2", MAR), [])])
    assert rows[0].due == date(2026, 3, 15) and rows[0].kept


def test_due_moved_before_it_fell_due_counts_the_new_date() -> None:
    moved = (change("2026-01-30", "due", "2026-02-01", "2026-04-01"), done_on("2026-03-20"))
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-04-01", status="done",
                                                     history=moved)])])
    assert rows[0].due == date(2026, 4, 1) and rows[0].kept
    assert say_do(rows, date(2026, 3, 1)).fell_due == 0  # not due on the old date


def test_due_moved_after_it_fell_due_does_not_rescue_it() -> None:
    late = (change("2026-02-05", "due", "2026-02-01", "2026-04-01"), done_on("2026-03-20"))
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-04-01", status="done",
                                                     history=late)])])
    assert rows[0].due == date(2026, 2, 1) and not rows[0].kept


def test_moved_twice_in_time_counts_the_last_date_agreed() -> None:
    moves = (change("2026-01-20", "due", "2026-02-01", "2026-03-01"),
             change("2026-02-25", "due", "2026-03-01", "2026-05-01"),
             change("2026-05-03", "due", "2026-05-01", "2026-07-01"))
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-07-01",
                                                     history=moves)])])
    assert rows[0].due == date(2026, 5, 1)


def test_due_moved_into_the_past_falls_due_the_day_it_was_moved() -> None:
    back = (change("2026-02-20", "due", "2026-03-01", "2026-02-10"),)
    rows = commitments([(meeting("m1", JAN), [action("a", "ann", "2026-02-10",
                                                     history=back)])])
    assert rows[0].due == date(2026, 2, 20)
    assert say_do(rows, date(2026, 2, 15)).fell_due == 0  # not due before anyone said so


def test_reassigned_counts_for_the_owner_on_the_day_it_fell_due() -> None:
    before = (change("2026-01-20", "owner_id", "ann", "bob"),)
    after = (change("2026-02-10", "owner_id", "ann", "bob"),)
    rows = commitments([(meeting("m1", JAN), [action("a", "bob", "2026-02-01", history=before),
                                             action("b", "bob", "2026-02-01", history=after)])])
    assert [r.owner_id for r in rows] == ["bob", "ann"]
    figures = by_member(rows, date(2026, 3, 1))
    assert figures["ann"].fell_due == 1 and figures["bob"].fell_due == 1


def test_presenter_commitments_and_adopted_recommendations() -> None:
    first = meeting("m1", JAN, presenter="pat")
    items = [action("a", "pat", "2026-02-01", segment="reflection"),
             action("b", "pat", "2026-02-01", segment="updates"),
             Item(id="r1", kind="recommendation", text="try X", giver_id="ann",
                  outcome=Outcome(status="adopted", at="2026-03-15T09:00:00Z"),
                  reports=(Report(at="2026-05-15T09:30:00Z", text="did X"),)),
             Item(id="r2", kind="recommendation", text="try Y", recipient_id="pat",
                  outcome=Outcome(status="adopted", at="2026-03-15T09:00:00Z")),
             Item(id="r3", kind="recommendation", text="try Z",
                  outcome=Outcome(status="set_aside", at="2026-03-15T09:00:00Z"))]
    rows = commitments([(first, items), (meeting("m2", MAR), []), (meeting("m3", MAY), [])])
    assert [(r.item.id, r.source) for r in rows] == [
        ("a", "presenter"), ("b", "action"), ("r1", "adopted"), ("r2", "adopted")]
    adopted = [r for r in rows if r.source == "adopted"]
    assert {r.owner_id for r in adopted} == {"pat"}  # the recipient: the presenter by default
    assert [r.due for r in adopted] == [date(2026, 5, 15)] * 2
    assert [r.kept for r in adopted] == [True, False]  # kept: reported back by then


def test_trend_is_the_figure_as_of_each_of_the_last_six_meetings() -> None:
    days = [f"2026-{m:02d}-01" for m in range(1, 9)]  # eight meetings
    docs = [(meeting(f"m{i}", day), [action(f"a{i}", "ann", day[:8] + "20",
                                            status="done" if i % 2 else "",
                                            history=(done_on(day[:8] + "10"),) if i % 2 else ())])
            for i, day in enumerate(days)]
    rows = commitments(docs)
    points = trend(rows, [date.fromisoformat(d) for d in days], "ann")
    assert [p[0].month for p in points] == [3, 4, 5, 6, 7, 8]
    assert [(p[1].kept, p[1].fell_due) for p in points] == [
        (1, 2), (1, 3), (2, 4), (2, 5), (3, 6), (3, 7)]


def test_due_since_the_last_meeting_and_the_group_figure() -> None:
    items = [action("a", "ann", "2026-02-01", status="done", history=(done_on("2026-01-30"),)),
             action("b", "bob", "2026-03-01"), action("c", "bob", "2026-01-10")]
    rows = commitments([(meeting("m1", JAN), items), (meeting("m2", MAR), [])])
    listed = due_since(rows, date(2026, 1, 15), date(2026, 3, 15))
    assert [r.item.id for r in listed] == ["a", "b"]
    assert say_do(rows, date(2026, 3, 15), since=date(2026, 1, 15)).words() == "1 of 2 (50%)"


owners = st.sampled_from(["ann", "bob", "cat"])
days = st.dates(min_value=date(2026, 1, 16), max_value=date(2026, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> Item:
    owner = draw(owners)
    due = draw(days)
    history: list[Change] = []
    current_owner, current_due = owner, due
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["owner_id", "due", "status"]))
        on = draw(days).isoformat()
        if kind == "owner_id":
            new_owner = draw(owners)
            history.append(change(on, kind, current_owner, new_owner))
            current_owner = new_owner
        elif kind == "due":
            new_due = draw(days)
            history.append(change(on, kind, current_due.isoformat(), new_due.isoformat()))
            current_due = new_due
        else:
            history.append(change(on, kind, "open", draw(st.sampled_from(["open", "done"]))))
    history.sort(key=lambda c: c.at)
    return action(draw(st.text("abc", min_size=1, max_size=4)), current_owner,
                  current_due.isoformat(), history=tuple(history))


@given(st.lists(histories(), max_size=8), days)
def test_kept_never_exceeds_fell_due_and_members_add_up_to_the_group(
        items: list[Item], as_of: date) -> None:
    rows = commitments([(meeting("m1", JAN), items)])
    group = say_do(rows, as_of)
    assert 0 <= group.kept <= group.fell_due <= len(items)
    members = by_member(rows, as_of).values()
    assert sum(f.fell_due for f in members) == group.fell_due
    assert sum(f.kept for f in members) == group.kept


@given(histories(), owners, days, days)
def test_reassigning_moves_the_count_never_adds(item: Item, new_owner: str, on: date,
                                                as_of: date) -> None:
    before = commitments([(meeting("m1", JAN), [item])])
    last = max([on.isoformat(), "2026-01-16", *(c.at[:10] for c in item.history)])
    moved = replace(item, owner_id=new_owner,
                    history=(*item.history, change(last, "owner_id", item.owner_id, new_owner)))
    after = commitments([(meeting("m1", JAN), [moved])])
    assert say_do(before, as_of) == say_do(after, as_of)
    total = sum(f.fell_due for f in by_member(after, as_of).values())
    assert total == say_do(after, as_of).fell_due


def test_standing_words() -> None:
    items = [action("a", "ann", "2026-02-01", status="done", history=(done_on("2026-01-30"),)),
             action("b", "ann", "2026-02-01"), action("c", "ann", "2026-03-01"),
             action("d", "ann", "2026-03-01", status="done", history=(done_on("2026-02-01"),))]
    rows = commitments([(meeting("m1", JAN), items)])
    assert [r.standing(date(2026, 2, 1)) for r in rows] == ["kept", "due today", "open", "done"]
    assert [r.standing(date(2026, 2, 2)) for r in rows] == ["kept", "missed", "open", "done"]
