"""The group's time zone in the ics and the minutes; who was absent, who took notes and
the rating in the minutes; stdout of the CLI that parses as the format it claims."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner
from msgspec.structs import replace

from peertui.cli import cli
from peertui.domain.cadence import Cadence
from peertui.domain.records import Item, Rating
from peertui.services.exports import export_meeting
from peertui.store import Store
from tests.review.conftest import SECRET
from tests.review.test_exports import STAMP

NEW_YORK = "America/New_York"


def in_new_york(store: Store, next_meeting: str = "2026-12-15") -> None:
    group = store.groups()[0]
    group.cadence = Cadence(timezone=NEW_YORK, start="16:00", minutes=150)
    group.next_meeting = next_meeting
    store.save_group(group)


def test_ics_is_the_next_meeting_in_the_groups_zone(store: Store, meeting_id: str) -> None:
    in_new_york(store)
    text = export_meeting(store, meeting_id, "ics", now=STAMP).text
    assert "DTSTART;TZID=America/New_York:20261215T160000\r\n" in text
    assert "DTEND;TZID=America/New_York:20261215T183000\r\n" in text
    calendar = icalendar.Calendar.from_ical(text)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == NEW_YORK
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == datetime(2026, 12, 15, 16, 0, tzinfo=ZoneInfo(NEW_YORK))
    assert start.utcoffset().total_seconds() == -5 * 3600  # EST in December
    assert str(event["uid"]).endswith("-2026-12-15@peertui")


def test_ics_follows_the_rhythm_in_the_groups_zone(store: Store, meeting_id: str) -> None:
    """No date set by hand: the rhythm's day, at the cadence's start there (not UTC)."""
    in_new_york(store, next_meeting="")
    event = icalendar.Calendar.from_ical(
        export_meeting(store, meeting_id, "ics", now=STAMP).text).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2027, 1, 21, 16, 0, tzinfo=ZoneInfo(NEW_YORK))


@pytest.fixture
def rated(store: Store, meeting_id: str, sample: dict[str, str]) -> dict[str, str]:
    """Kwame stayed away, two note-takers captured items, four members rated the meeting."""
    record = store.meeting(meeting_id)
    assert record is not None
    present = tuple(m for m in record.present if m != sample["Kwame"])
    ratings = {sample["Art"]: Rating(score=9, comment="More time for the discussion"),
               sample["Tom"]: Rating(score=8, comment=f"{SECRET}rating: less of Dan",
                                     private=True),
               sample["Mei"]: Rating(score=7),
               sample["Dan"]: Rating(score=10, comment="Keep the timer on the wall")}
    store.change_meeting(meeting_id, lambda m: replace(m, present=present, rating=ratings))
    items = store.items(meeting_id)
    store.change_item(meeting_id, items[0].id, lambda i: replace(i, by=sample["Grace"]))
    store.change_item(meeting_id, items[1].id, lambda i: replace(i, by="Jo (guest scribe)"))
    private = next(i for i in items if i.private)
    store.change_item(meeting_id, private.id, lambda i: replace(i, by="Secret Scribe"))
    return sample


def test_minutes_name_the_absent_the_note_takers_and_the_rating(
        store: Store, meeting_id: str, rated: dict[str, str]) -> None:
    in_new_york(store)
    result = export_meeting(store, meeting_id, "md")
    text = result.text
    assert "- **Present (7):**" in text and "- **Absent (1):** Kwame Mensah\n" in text
    assert "- **Notes taken by:** Grace Okafor, Jo (guest scribe)\n" in text
    assert "Secret Scribe" not in text  # named only by a private item
    # 16:00 UTC on 18 September is noon in New York (daylight time)
    assert "(started 12:00, ended 14:23, EDT, America/New_York)" in text
    assert "## Rating\n\n- **Average:** 8.5 / 10 from 4 members\n" in text
    assert "- More time for the discussion\n- Keep the timer on the wall\n" in text
    assert SECRET not in text
    assert result.left_out == 6  # the five private items and entries, and the comment
    full = export_meeting(store, meeting_id, "md", include_private=True).text
    assert f"🔒 {SECRET}rating: less of Dan" in full and "Secret Scribe" in full


def test_json_keeps_a_private_rating_comment_home(store: Store, meeting_id: str,
                                                  rated: dict[str, str]) -> None:
    doc = json.loads(export_meeting(store, meeting_id, "json").text)
    rating = doc["meeting"]["rating"][rated["Tom"]]
    assert rating["score"] == 8 and rating["comment"] == ""
    assert doc["left_out_private"] == 6
    assert SECRET not in json.dumps(doc)


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", str(store.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_stdout_is_pure_data_and_messages_go_to_stderr(store: Store,
                                                           meeting_id: str) -> None:
    in_new_york(store)
    code, out, err = run(store, "export", "2026-09-18", "--format", "csv")
    assert code == 0 and err == "1 private item left out of this export. " \
                                "Use --include-private to include it.\n"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["owner"] for r in rows] == ["Art Delgado", "Priya Raman"]
    assert "#" not in out and "left out" not in out
    code, out, err = run(store, "export", meeting_id, "-f", "json")
    assert code == 0 and json.loads(out)["left_out_private"] == 5 and "left out" in err
    code, out, err = run(store, "export", meeting_id, "-f", "ics")
    assert code == 0 and "left out" in err and "left out" not in out.replace("\r\n ", "")
    calendar = icalendar.Calendar.from_ical(out)
    assert calendar.walk("VEVENT")[0].decoded("dtstart").hour == 16
    code, out, err = run(store, "actions", "-f", "csv", "--today", "2026-11-27")
    assert code == 0 and "left out" in err and "#" not in out
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2
    code, out, err = run(store, "actions", "-f", "json", "--today", "2026-11-27")
    assert code == 0 and len(json.loads(out)["actions"]) == 2 and "left out" in err


def test_an_item_added_after_the_end_is_counted(store: Store, meeting_id: str) -> None:
    """The index's summary, made at the end, is a cache: the listing counts from the file."""
    before = store.meetings()[0]
    assert before.status == "ended"
    item = Item(id="after-the-end", kind="action", text="Send the slides", status="open",
                at="2026-09-19T09:00:00.000000+00:00")
    store.add_item(meeting_id, item)
    after = store.meetings()[0]
    assert after.counts["action"] == before.counts["action"] + 1
    assert after.open_actions == before.open_actions + 1
    assert Store.open(store.root).meetings()[0].counts == after.counts  # another process too
    # and it is marked as added later wherever the meeting is read
    minutes = export_meeting(store, meeting_id, "md").text
    assert "| _(added after the end)_ Send the slides |" in minutes
    assert minutes.count("added after the end") == 1  # the items said in the room: unmarked
    store.remove_item(meeting_id, item.id)
    assert store.meetings()[0].counts == before.counts


def test_absent_means_a_member_on_that_day(store: Store, meeting_id: str,
                                           sample: dict[str, str]) -> None:
    """Not everyone on today's roster: who joined later, a candidate, or who had retired
    before the meeting was not absent from it; who retired after it was."""
    from peertui.domain.minutes import expected_at
    from peertui.domain.models import Member

    group = store.groups()[0]
    group.members += [Member(name="Late Joiner", joined="2026-10-01", id="late"),
                      Member(name="Cara Candidate", status="candidate", id="cand"),
                      Member(name="Old Timer", status="retired", retired_on="2026-01-01",
                             id="old"),
                      Member(name="Just Left", status="retired", retired_on="2026-10-01",
                             id="left")]
    store.save_group(group)
    expected = expected_at(store.groups()[0], "2026-09-18")
    assert "left" in expected and not {"late", "cand", "old"} & set(expected)
    text = export_meeting(store, meeting_id, "md").text
    assert "- **Absent (1):** Just Left\n" in text
