"""Fitting the agenda to its target by trimming per-speaker boxes (domain/fitting.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peertui.domain.agenda import planned_minutes, round_speakers
from peertui.domain.fitting import MIN_SPEAKER_MINUTES, fit_to_target
from peertui.domain.models import AgendaTemplate, SegmentTemplate
from peertui.domain.templates import builtin_template


def _present(n: int) -> list[str]:
    return [f"m{i}" for i in range(n)]


def _fixed(template: AgendaTemplate) -> list[tuple[str, int, list[int]]]:
    return [(s.key, s.minutes, [p.minutes for p in s.phases])
            for s in template.segments if s.kind != "round"]


@given(st.integers(min_value=8, max_value=12), st.data())
def test_builtin_fits_the_target_for_8_to_12_present(present: int, data: st.DataObject) -> None:
    ids = _present(present)
    presenter = data.draw(st.sampled_from(ids))
    template = builtin_template()
    fit = fit_to_target(template, ids, presenter)
    assert fit.fits
    assert fit.total == planned_minutes(fit.template, ids, presenter) <= 150
    assert all(s.minutes >= MIN_SPEAKER_MINUTES
               for s in fit.template.segments if s.kind == "round")
    assert _fixed(fit.template) == _fixed(template)
    assert template.segments[2].minutes == 4  # the template given is untouched


def test_nine_present_trims_the_updates_and_says_so() -> None:
    ids = _present(9)
    fit = fit_to_target(builtin_template(), ids, ids[0])
    assert planned_minutes(builtin_template(), ids, ids[0]) == 155  # what the user saw
    assert fit.total == 146
    assert fit.message() == ("Business updates trimmed to 3 min each to fit 2 h 30 min "
                             "for 9 present.")


def test_eight_present_already_fits_and_nothing_is_said() -> None:
    ids = _present(8)
    fit = fit_to_target(builtin_template(), ids, ids[0])
    assert (fit.total, fit.trims, fit.message()) == (148, (), "")


def test_too_many_present_stops_at_the_floor_and_says_it_cannot_fit() -> None:
    ids = _present(15)
    fit = fit_to_target(builtin_template(), ids, ids[0])
    assert not fit.fits and fit.total == 153
    assert [t.after for t in fit.trims] == [2, 2]
    assert fit.message().startswith("Cannot fit 2 h 30 min for 15 present: even with "
                                    "Business updates trimmed to 2 min each")
    assert fit.message().endswith("the agenda is 2 h 33 min.")


def test_a_round_kept_by_hand_is_not_trimmed() -> None:
    ids = _present(11)
    fit = fit_to_target(builtin_template(), ids, ids[0], keep={"updates"})
    updates = next(s for s in fit.template.segments if s.key == "updates")
    assert updates.minutes == 4
    assert [t.title for t in fit.trims] == ["Recommendations"]


rounds = st.builds(
    lambda key, minutes, who: SegmentTemplate(key, key.title(), "round", minutes=minutes,
                                              round_who=who),
    st.sampled_from(["a", "b", "c"]), st.integers(1, 12),
    st.sampled_from(["present", "not_presenter"]))
singles = st.builds(lambda key, minutes: SegmentTemplate(key, key, "single", minutes=minutes),
                    st.sampled_from(["x", "y", "z"]), st.integers(1, 90))


@given(st.lists(st.one_of(rounds, singles), min_size=1, max_size=6),
       st.integers(0, 20), st.integers(30, 300))
def test_any_template_is_trimmed_only_in_its_rounds_and_never_below_the_floor(
        segments: list[SegmentTemplate], present: int, target: int) -> None:
    template = AgendaTemplate(name="t", segments=segments, target_min_minutes=1,
                              target_max_minutes=target)
    ids = _present(present)
    presenter = ids[0] if ids else None
    fit = fit_to_target(template, ids, presenter)
    assert fit.total == planned_minutes(fit.template, ids, presenter)
    assert _fixed(fit.template) == _fixed(template)
    for before, after in zip(template.segments, fit.template.segments, strict=True):
        assert after.minutes <= before.minutes
        assert after.minutes >= min(before.minutes, MIN_SPEAKER_MINUTES)
    if planned_minutes(template, ids, presenter) <= target:
        assert fit.trims == () and fit.total == planned_minutes(template, ids, presenter)
    assert fit.fits == (fit.total <= target)
    if not fit.fits:  # only when every box someone speaks in is at the floor
        assert all(a.minutes <= MIN_SPEAKER_MINUTES for a in fit.template.segments
                   if a.kind == "round" and round_speakers(a, ids, presenter))
