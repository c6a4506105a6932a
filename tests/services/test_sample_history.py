"""The sample a new user is offered carries a year of history every #14 view can show."""

from __future__ import annotations

from peertui.domain.records import status_of
from peertui.services.sample import load_sample
from peertui.store import Store
from tests.conftest import TODAY


def test_the_sample_has_a_year_of_deep_dives_with_their_follow_through(store: Store) -> None:
    group = load_sample(store, TODAY, history=True)
    summaries = store.meetings(group.id)
    assert len(summaries) == 5 and all(s.status == "ended" for s in summaries)
    assert len({s.presenter_id for s in summaries}) == 5  # five members have presented
    docs = [store.meeting_doc(s.id) for s in summaries]
    meetings = [d[0] for d in docs if d]
    items = [i for d in docs if d for i in d[1]]
    # every deep dive but the last was answered at the next meeting, recorded there
    assert [m.needs_met is not None for m in meetings] == [True] * 4 + [False]
    assert [m.needs_met.captured_in for m in meetings[:4] if m.needs_met] == \
        [m.id for m in meetings[1:]]
    # pauses and extensions for the share of voice to account for
    kinds = {e.type for m in meetings for e in m.events}
    assert {"pause", "resume", "extend"} <= kinds
    assert all(status_of(m.events) == "ended" for m in meetings)
    # recommendations tagged both ways; Plus/Delta at every wrap-up
    assert {i.tag for i in items if i.kind == "recommendation"} == {"experience", "advice"}
    for doc in docs:
        assert doc and {"plus", "delta"} <= {i.kind for i in doc[1]}
    # commitments: kept, late, moved, reassigned, still open, reported back on
    actions = [i for i in items if i.kind == "action"]
    fields = {c.field for a in actions for c in a.history}
    assert {"status", "due", "owner_id"} <= fields
    assert any(a.status != "done" for a in actions) and any(a.reports for a in actions)
    # the pulse: private, and Tom's family score fell by 3 or more at the last meeting
    tom = next(m.id for m in group.members if m.name == "Tom Becker")
    last = meetings[-1].pulse[tom]
    before = [m.pulse[tom] for m in meetings[:-1] if tom in m.pulse][-1]  # he missed one
    assert all(p.private for m in meetings for p in m.pulse.values())
    assert before.scores["family"] - last.scores["family"] >= 3
    assert all(m.rating for m in meetings)
    # the topic bank: an urgent topic waits; every deep dive links the topic it took
    saved = store.groups()[0]
    waiting = [t for t in saved.topics if not t.taken_in]
    assert "A" in {t.urgency for t in waiting}
    taken = {t.taken_in: t.id for t in saved.topics if t.taken_in}
    assert {m.id: m.topic_id for m in meetings} == taken


def test_the_short_sample_for_tests_is_unchanged(store: Store) -> None:
    group = load_sample(store, TODAY)
    assert len(store.meetings(group.id)) == 1 and store.groups()[0].topics == []
