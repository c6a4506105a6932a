"""The sample group's year before its last meeting: four earlier deep dives, scripted.

A new user's first run should show what a group's memory is for: commitments kept and
missed (one moved, one reassigned), reports back, recommendations adopted, the pulse of each
updates round (Tom's family score falls at the last one), a quiet member, Plus/Delta, the
meeting ratings and a topic bank with an urgent topic waiting.  Everything here is written
through the same records and store calls the app uses; nothing is computed for show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from msgspec.structs import replace

from peertui.domain.agenda import default_template
from peertui.domain.clock import make_event
from peertui.domain.ids import new_id
from peertui.domain.models import Group, Topic
from peertui.domain.records import (
    Change,
    ClockEvent,
    Item,
    ItemKind,
    Meeting,
    NeedsAnswer,
    NeedsMet,
    Outcome,
    OutcomeStatus,
    Pulse,
    Rating,
    RecommendationTag,
    Report,
    Slot,
)
from peertui.domain.timesource import from_iso, to_iso
from peertui.services.meetings import create_meeting, new_meeting, refresh_summary
from peertui.store import Store

#: Seconds each member's update runs over (+) or under (-) its timebox: Dan talks long,
#: Kwame keeps it short, so the share of voice has a story to tell.
UPDATE_OVERRUN = {"Dan Novak": 95, "Kwame Mensah": -150, "Sofia Rossi": 30, "Mei Lin": -20}


@dataclass(frozen=True)
class Commitment:
    """An action item and what became of it: done (weeks after the meeting) or not."""

    owner: str
    text: str
    due_weeks: int
    done_weeks: float | None = None  # None: still open
    moved_to_weeks: int | None = None  # the due date agreed later, before it fell due
    reassigned_to: str | None = None  # a new owner, two weeks in
    report: str = ""  # said at the next meeting's follow-ups


@dataclass(frozen=True)
class Script:
    """One earlier meeting, as the sample tells it."""

    weeks_ago: int
    presenter: str
    topic: str
    framing: dict[str, str]
    recommendations: Sequence[tuple[str, str, RecommendationTag, OutcomeStatus | None]]
    commitments: Sequence[Commitment]
    plus: Sequence[str]
    delta: Sequence[str]
    ratings: Sequence[int]  # one per member present, in roster order
    needs_met: tuple[NeedsAnswer, str]  # the presenter's answer at the next meeting
    pause_minutes: int = 0  # a pause in the discussion (a fire alarm, a call)
    extend_minutes: int = 0  # the discussion extended
    absent: Sequence[str] = field(default_factory=tuple)


SCRIPTS: tuple[Script, ...] = (
    Script(
        42, "Sofia Rossi", "Our cyber-insurance premium doubled: self-insure part of it?",
        {"issue": "The renewal quote doubled and the deductible tripled.",
         "goal": "Keep cover the board trusts at a cost we can defend.",
         "tried": "One broker, one market; we sent last year's security evidence.",
         "ask": "What did your last renewal look like, and what moved the price?"},
        (("Dan Novak", "When we renewed we sent the MFA rollout evidence first; the quote "
          "fell by a fifth.", "experience", "adopted"),
         ("Art Delgado", "You should get a second broker into the market before May.",
          "advice", "adopted"),
         ("Mei Lin", "We ran a tabletop exercise with the insurer in the room; it changed "
          "their view of us.", "experience", "tried"),
         ("Tom Becker", "You should look at a captive for the first million.", "advice",
          "set_aside")),
        (Commitment("Sofia Rossi", "Get a second broker quote with the MFA evidence pack",
                    6, done_weeks=5, report="The second quote came in 22% lower; signed."),
         Commitment("Dan Novak", "Send Sofia our tabletop-exercise script", 2, done_weeks=4,
                    report="Sent, two weeks late: sorry, Sofia.")),
        ("The deep dive stayed on one decision",), ("Updates ran long: keep to four minutes",),
        (8, 7, 7, 8, 6, 7, 9, 7), ("yes", "The broker advice paid for itself."),
        absent=("Grace Okafor",)),
    Script(
        34, "Dan Novak", "Colo or cloud before the data-centre lease ends in 14 months",
        {"issue": "Our data-centre lease ends next year and the landlord wants 40% more.",
         "goal": "A decision the CFO signs by the summer.",
         "options": "Renew; move to a colo; move most of it to the cloud.",
         "ask": "What did the move really cost you, all in?"},
        (("Grace Okafor", "When we moved to a colo the network circuits took five months; "
          "order them first.", "experience", "adopted"),
         ("Priya Raman", "In my experience the cloud bill doubled in year two until we had "
          "a FinOps owner.", "experience", "adopted"),
         ("Sofia Rossi", "You should not sign anything before a three-year TCO.", "advice",
          "adopted")),
        (Commitment("Dan Novak", "Model a three-year TCO for colo against cloud", 8,
                    done_weeks=9, moved_to_weeks=10,
                    report="TCO done: colo wins by 18% over three years."),
         Commitment("Mei Lin", "Introduce Dan to our colo broker", 2, done_weeks=1,
                    report="Done; they met the week after."),
         Commitment("Grace Okafor", "Share the cloud landing-zone checklist", 4,
                    done_weeks=6, reassigned_to="Kwame Mensah",
                    report="Kwame sent it in week six.")),
        ("Clear ask from Dan", "Good experience shares"), ("We ran out of time for reflection",),
        (7, 8, 8, 7, 7, 8, 8, 7), ("partly", "The TCO help was gold; the cloud part less so."),
        extend_minutes=5),
    Script(
        26, "Mei Lin", "Building a data team when we cannot pay coastal salaries",
        {"issue": "We lost three analysts to remote jobs in a year.",
         "background": "Summit Foods is in a small town two hours from a city.",
         "tried": "Raised pay 10%; it bought us six months.",
         "ask": "How have you hired or grown data people outside the big cities?"},
        (("Tom Becker", "We started an apprenticeship with the community college; four of "
          "six stayed.", "experience", "adopted"),
         ("Kwame Mensah", "At Atlas we let analysts work remotely two days a week and the "
          "leaving stopped.", "experience", "tried"),
         ("Art Delgado", "You should outsource the reporting layer and keep two people.",
          "advice", None)),
        (Commitment("Mei Lin", "Pilot a two-day remote analyst role", 8,
                    report="Not started: the union talks took the spring."),
         Commitment("Tom Becker", "Share our apprenticeship job description", 3,
                    done_weeks=2, report="Shared with Mei and the group.")),
        ("Everyone spoke in the recommendations",), ("The fire alarm: we lost ten minutes",),
        (8, 8, 7, 8, 9, 7, 8, 8), ("yes", "The apprenticeship idea is now a budget line."),
        pause_minutes=10),
    Script(
        18, "Grace Okafor", "The board wants AI in every product line this year",
        {"issue": "The board asked for an AI plan by the next quarter.",
         "goal": "A plan that is honest about risk and still shows progress.",
         "options": "A lab team; vendor features only; a policy first and pilots after.",
         "ask": "What did you put in front of your board, and what did they push back on?"},
        (("Sofia Rossi", "When we did this we wrote the use policy first; the board relaxed "
          "once it saw the guard-rails.", "experience", "adopted"),
         ("Priya Raman", "We picked two pilots with a money number each and said no to the "
          "rest.", "experience", "adopted"),
         ("Dan Novak", "You should hire a head of AI.", "advice", "set_aside"),
         ("Mei Lin", "In my experience legal needs to be in the first meeting, not the "
          "fifth.", "experience", "adopted")),
        (Commitment("Grace Okafor", "Write a one-page AI use policy with legal", 6,
                    done_weeks=5.8, report="Policy approved by the board in March."),
         Commitment("Art Delgado", "Send Grace our vendor due-diligence questionnaire", 2,
                    done_weeks=1, report="Sent the day after.")),
        ("Grace's worksheet made the ask sharp", "More experience than advice"),
        ("Start on time: we waited for two people",),
        (9, 8, 8, 9, 8, 9, 8, 8), ("yes", "The policy-first advice is what the board took."),
        absent=("Tom Becker",)),
)

#: Each member's pulse (work, family, personal) at the four scripted meetings and the
#: last one; Tom's family falls by four at the last, which the next roll call marks.
PULSES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "Art Delgado": ((6, 7, 7), (6, 8, 7), (7, 8, 7), (7, 8, 8), (5, 8, 7)),
    "Priya Raman": ((8, 7, 6), (8, 7, 7), (7, 7, 7), (8, 8, 7), (8, 8, 8)),
    "Tom Becker": ((7, 8, 7), (7, 8, 6), (6, 8, 6), (6, 8, 6), (5, 4, 5)),
    "Grace Okafor": ((7, 8, 8), (7, 8, 8), (8, 8, 8), (6, 7, 7), (7, 8, 8)),
    "Mei Lin": ((6, 9, 8), (6, 9, 8), (5, 9, 7), (6, 9, 8), (7, 9, 8)),
    "Dan Novak": ((8, 6, 7), (7, 6, 7), (8, 7, 7), (8, 7, 8), (8, 7, 8)),
    "Sofia Rossi": ((6, 8, 8), (7, 8, 8), (7, 8, 9), (8, 8, 9), (8, 9, 9)),
    "Kwame Mensah": ((7, 7, 7), (7, 7, 6), (7, 8, 7), (7, 8, 7), (6, 8, 7)),
}

#: The topic bank: (member, issue, urgency, weeks ago added); taken ones link their meeting.
WAITING_TOPICS = (
    ("Priya Raman", "Our EHR vendor is being bought by our biggest competitor", "A", 3),
    ("Tom Becker", "Succession: nobody is ready to take over from me", "B", 12),
    ("Kwame Mensah", "Do we need a full-time CISO or is a virtual one enough?", "C", 20),
)


#: The next presenter's draft (domain/worksheet.py's questions), begun before the meeting.
PRIYA_WORKSHEET = {
    "issue": "Our EHR vendor is being bought by our biggest competitor.",
    "why": "Every clinic runs on it; the buyer will see our volumes and our prices.",
    "background": "Seven-year contract, four years left; 2,000 clinical users.",
    "tried": "Legal read the change-of-control clause: it gives us little.",
    "options": "Stay and ring-fence our data; start a two-year exit; push for a new contract.",
    "decision": "Whether to start an exit plan this quarter.",
    "want": "How you handled a vendor you no longer trusted, and what it cost.",
}


def _at(day: date, hour: int = 16) -> float:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC).timestamp()


def _events(slots: tuple[Slot, ...], start: float, names: dict[str, str], script: Script,
            ) -> tuple[list[ClockEvent], list[float]]:
    """The clock's log of a meeting that ran as scripted, and when each slot ended."""
    events = [make_event("start", start)]
    ends: list[float] = []
    now = start
    for index, slot in enumerate(slots):
        spent = float(slot.planned)
        if slot.segment_key == "updates" and slot.speaker_id:
            spent += UPDATE_OVERRUN.get(names.get(slot.speaker_id, ""), 0)
        if slot.title == "Discussion and experience share":
            if script.extend_minutes:
                events.append(make_event("extend", now + slot.planned - 60,
                                         seconds=script.extend_minutes * 60))
                spent += script.extend_minutes * 60
            if script.pause_minutes:
                events.append(make_event("pause", now + 600))
                events.append(make_event("resume", now + 600 + script.pause_minutes * 60))
                spent += script.pause_minutes * 60
        now += spent
        ends.append(now)
        events.append(make_event("next" if index < len(slots) - 1 else "end", now))
    return events, ends


def _stamp(kind: ItemKind, text: str, at: float, index: int, slot: Slot, **fields: object
           ) -> Item:
    item = Item(id=new_id(), kind=kind, text=text, at=to_iso(at), slot_index=index,
                segment_key=slot.segment_key, segment_title=slot.segment_title,
                speaker_id=slot.speaker_id, status="open" if kind == "action" else "")
    return replace(item, **fields) if fields else item


def _slot_of(slots: tuple[Slot, ...], ends: list[float], key: str,
             speaker: str | None = None) -> tuple[int, Slot, float]:
    for index, slot in enumerate(slots):
        if slot.segment_key == key and (speaker is None or slot.speaker_id == speaker):
            return index, slot, ends[index]
    raise LookupError(key)


def _commitment(c: Commitment, ids: dict[str, str], held: float, index: int, slot: Slot,
                at: float, next_meeting: tuple[str, str]) -> Item:
    """An action item with the history a year of follow-through gave it."""
    week = 7 * 86400.0
    due = datetime.fromtimestamp(held + c.due_weeks * week, UTC).date()
    item = _stamp("action", c.text, at, index, slot, owner_id=ids[c.owner],
                  due=due.isoformat(), speaker_id=None)
    history: list[Change] = []
    if c.moved_to_weeks is not None:
        moved = datetime.fromtimestamp(held + c.moved_to_weeks * week, UTC).date().isoformat()
        history.append(Change(at=to_iso(held + (c.due_weeks - 1) * week), field="due",
                              old=item.due, new=moved))
        item = replace(item, due=moved)
    if c.reassigned_to is not None:
        history.append(Change(at=to_iso(held + 2 * week), field="owner_id",
                              old=item.owner_id, new=ids[c.reassigned_to]))
        item = replace(item, owner_id=ids[c.reassigned_to])
    if c.done_weeks is not None:
        history.append(Change(at=to_iso(held + c.done_weeks * week), field="status",
                              old="open", new="done"))
        item = replace(item, status="done")
    reports: tuple[Report, ...] = ()
    if c.report:
        day, meeting_id = next_meeting
        reports = (Report(at=to_iso(_at(date.fromisoformat(day)) + 1200), text=c.report,
                          captured_in=meeting_id),)
    return replace(item, history=tuple(history), reports=reports)


def add_history(store: Store, group: Group, today: date, last_meeting: Meeting) -> Group:
    """Write the scripted meetings before *last_meeting* and give it the same depth
    (pulse, ratings, tags, Plus/Delta); fill the topic bank.  Returns the group as saved."""
    ids = {m.name: m.id for m in group.members}
    names = {m.id: m.name for m in group.members}
    template = group.template or default_template()
    days = [today - timedelta(weeks=s.weeks_ago) for s in SCRIPTS] + \
        [date.fromisoformat(last_meeting.date)]
    plans = [new_meeting(group, template,
                         [m.id for m in group.members if m.name not in script.absent],
                         ids[script.presenter], script.topic, days[number],
                         framing=script.framing)
             for number, script in enumerate(SCRIPTS)]
    following = [*(p.id for p in plans[1:]), last_meeting.id]  # where each was reported on
    made: list[Meeting] = []
    for number, (script, planned) in enumerate(zip(SCRIPTS, plans, strict=True)):
        present = list(planned.present)
        held = _at(days[number])
        events, ends = _events(planned.slots, held, names, script)
        pulse = {ids[name]: Pulse(scores=dict(zip(group.life_areas, scores[number],
                                                 strict=False)),
                                  at=to_iso(held + 1800))
                 for name, scores in PULSES.items() if ids[name] in present}
        ratings = {member: Rating(score=score) for member, score in
                   zip(present, script.ratings, strict=False)}
        answer, why = script.needs_met
        needs = NeedsMet(answer=answer, comment=why, at=to_iso(_at(days[number + 1]) + 900),
                         captured_in=following[number])
        meeting = replace(planned, events=tuple(events), pulse=pulse, rating=ratings,
                          needs_met=needs)
        create_meeting(store, meeting)
        later = (days[number + 1].isoformat(), following[number])
        after = (days[number + 2].isoformat(), following[number + 1]) \
            if number + 1 < len(following) else None
        for item in _items(script, meeting.slots, ends, ids, held, later, after):
            store.add_item(meeting.id, item)
        refresh_summary(store, meeting.id)
        made.append(meeting)
    _deepen_last(store, group, last_meeting, ids)
    taken = [Topic(member_id=ids[s.presenter], issue=s.topic, urgency="A" if n == 3 else "B",
                   added=(days[n] - timedelta(weeks=6)).isoformat(), taken_in=m.id)
             for n, (s, m) in enumerate(zip(SCRIPTS, made, strict=True))]
    waiting = [Topic(member_id=ids[name], issue=issue, urgency=urgency,  # type: ignore[arg-type]
                     added=(today - timedelta(weeks=weeks)).isoformat())
               for name, issue, urgency, weeks in WAITING_TOPICS]
    last_topic = Topic(member_id=last_meeting.presenter_id or "", issue=last_meeting.topic,
                       urgency="B", added=(days[-1] - timedelta(weeks=9)).isoformat(),
                       taken_in=last_meeting.id)
    for meeting, topic in zip([*made, last_meeting], [*taken, last_topic], strict=True):
        _link(store, meeting.id, topic.id)
    group.topics = [*taken, last_topic, *waiting]
    priya = group.member(ids["Priya Raman"])
    if priya is not None:  # she has drafted her worksheet for the urgent topic
        priya.worksheet = dict(PRIYA_WORKSHEET)
    return group


def _link(store: Store, meeting_id: str, topic_id: str) -> None:
    """The meeting's deep dive took this bank topic."""
    def link(meeting: Meeting) -> Meeting:
        return replace(meeting, topic_id=topic_id)

    store.change_meeting(meeting_id, link)
    refresh_summary(store, meeting_id)


def _items(script: Script, slots: tuple[Slot, ...], ends: list[float], ids: dict[str, str],
           held: float, next_meeting: tuple[str, str],
           after_next: tuple[str, str] | None) -> list[Item]:
    """The meeting's items; *next_meeting* (its date, its id) is where they were followed up,
    and where the presenter adopted recommendations, which they report on *after_next*
    (all but Mei, whose spring went to the union talks)."""
    items: list[Item] = []
    index, slot, end = _slot_of(slots, ends, "deepdive")
    items.append(_stamp("note", script.framing["issue"], end - 400, index, slot))
    for giver, text, tag, outcome in script.recommendations:
        index, slot, end = _slot_of(slots, ends, "recommendations", ids[giver])
        rec = _stamp("recommendation", text, end - 60, index, slot, giver_id=ids[giver],
                     recipient_id=ids[script.presenter], tag=tag)
        if outcome is not None:
            rec = replace(rec, outcome=Outcome(
                status=outcome, at=to_iso(_at(date.fromisoformat(next_meeting[0])) + 900)))
            if outcome == "adopted" and after_next is not None and \
                    script.presenter != "Mei Lin":
                day, meeting_id = after_next
                rec = replace(rec, reports=(Report(
                    at=to_iso(_at(date.fromisoformat(day)) + 1500), captured_in=meeting_id,
                    text="Done, and it worked as you said it would."),))
        items.append(rec)
    index, slot, end = _slot_of(slots, ends, "reflection")
    for number, commitment in enumerate(script.commitments):
        items.append(_commitment(commitment, ids, held, index, slot, end - 200 + number,
                                 next_meeting))
    index, slot, end = _slot_of(slots, ends, "wrapup")
    items += [_stamp("plus", text, end - 120 + n, index, slot)
              for n, text in enumerate(script.plus)]
    items += [_stamp("delta", text, end - 60 + n, index, slot)
              for n, text in enumerate(script.delta)]
    return items


def _deepen_last(store: Store, group: Group, meeting: Meeting, ids: dict[str, str]) -> None:
    """The last meeting gains what the app would have captured: the pulse (Tom's family
    score fell), ratings, recommendation tags and a Plus/Delta round."""
    present = list(meeting.present)
    start = _at(date.fromisoformat(meeting.date))
    pulse = {ids[name]: Pulse(scores=dict(zip(group.life_areas, scores[-1], strict=False)),
                              at=to_iso(start + 1800))
             for name, scores in PULSES.items() if ids[name] in present}
    ratings = {member: Rating(score=score, comment="More time for the recommendations"
                              if score < 8 else "")
               for member, score in zip(present, (9, 8, 7, 9, 8, 9, 8, 8), strict=False)}
    store.change_meeting(meeting.id, lambda m: replace(m, pulse=pulse, rating=ratings))
    for item in store.items(meeting.id):
        if item.kind == "recommendation":
            tag: RecommendationTag = "experience" if "ours" in item.text else "advice"
            store.change_item(meeting.id, item.id, _tagged(tag))
    wrapup = next(i for i, s in enumerate(meeting.slots) if s.segment_key == "wrapup")
    slot = meeting.slots[wrapup]
    last = from_iso(max(e.at for e in meeting.events))
    store.add_item(meeting.id, _stamp("plus", "Art's worksheet: we knew the ask from minute one",
                                      last - 100, wrapup, slot))
    store.add_item(meeting.id, _stamp("delta", "The updates round ran over again",
                                      last - 50, wrapup, slot))
    refresh_summary(store, meeting.id)


def _tagged(tag: RecommendationTag) -> Callable[[Item], Item]:
    def change(item: Item) -> Item:
        return replace(item, tag=tag)
    return change
