"""People who join or leave: ``joins:`` (a hire's first day) and ``leaves:`` (a contractor's
last day). Hand-computed dates in both schedules, the capacity invariants, the findings of
work booked when someone is not on the team, and the errors of bad dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import HEADER, run_cli

import mlroadmap
from mlroadmap.api import analyse

AS_OF = "2026-01-05"  # a Monday


def _analysis(write, body: str, dates: str = "capacity", as_of: str = AS_OF):
    path = write("r.yaml", HEADER + body)
    return analyse(mlroadmap.load(path), as_of=dt.date.fromisoformat(as_of), dates=dates)  # type: ignore[arg-type]


def _check(write, body: str, select: str) -> list[str]:
    path = write("r.yaml", HEADER + body)
    result = run_cli("check", str(path), "--as-of", AS_OF, "--select", select, "--format", "json")
    return [f"{p['line']}:{p['column']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]


@pytest.mark.parametrize(("joins", "start", "finish"), [
    ("2026-02-02", dt.date(2026, 2, 2), dt.date(2026, 2, 6)),  # a Monday: Monday to Friday
    ("2026-02-03", dt.date(2026, 2, 3), dt.date(2026, 2, 9)),  # a Tuesday: the fifth day is the next Monday
])
def test_work_for_a_hire_starts_on_their_first_day(write, joins: str, start: dt.date, finish: dt.date) -> None:
    body = f"""\
people:
  - {{id: bo, name: Bo, joins: {joins}}}
items:
  - {{id: a, title: Onboard the feature store, track: data, effort: 5d, assignees: [bo]}}
"""
    levelled = _analysis(write, body).schedule.tasks["a"]
    assert (levelled.start, levelled.finish, levelled.away, levelled.joins) == (start, finish, "bo", start)
    # By dependencies alone the work is counted on the days Bo is in, from today.
    planned = _analysis(write, body, "dependencies").schedule.tasks["a"]
    assert (planned.start, planned.finish) == (dt.date(2026, 1, 5), finish)
    path = write("r.yaml", HEADER + body)
    markdown = run_cli("critical-path", str(path), "--as-of", AS_OF, "-f", "markdown").stdout
    assert f"| Onboard the feature store (`a`, waits for bo to join on {start}) |" in markdown


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
@pytest.mark.parametrize(("leaves", "leaver"), [
    ("2026-03-20", None),  # her last day is the work's: she does all 15 days
    ("2026-03-19", "cy"),  # a day short: the last day is nobody's, at her rate, and still 20 Mar
    ("2026-03-13", "cy"),  # 10 of 15 days: the other 5 are nobody's, 16-20 Mar
])
def test_work_goes_on_at_the_leaver_s_rate_and_nobody_is_booked_after_they_leave(write, dates: str, leaves: str,
                                                                                  leaver: str | None) -> None:
    body = f"""\
people:
  - {{id: cy, name: Cy, leaves: {leaves}}}
items:
  - {{id: b, title: Backfill labels, track: data, start: 2026-03-02, effort: 15d, assignees: [cy]}}
"""
    analysis = _analysis(write, body, dates)
    task = analysis.schedule.tasks["b"]
    assert (task.start, task.finish) == (dt.date(2026, 3, 2), dt.date(2026, 3, 20))
    if dates == "capacity":
        assert task.leaver == leaver
        booked = analysis.schedule.bookings.load["cy"]
        assert max(booked) <= dt.date.fromisoformat(leaves).toordinal()


def test_work_only_someone_who_left_can_do_is_a_finding_not_an_overflow(write) -> None:
    # Cy left on 13 Mar; the work planned for her from 1 Apr (a Wednesday) takes her rate,
    # 5 working days, to 7 Apr, and the plan that books her then is reported.
    body = """\
people:
  - {id: cy, name: Cy, leaves: 2026-03-13}
items:
  - {id: c, title: Retrain, track: model, start: 2026-04-01, effort: 5d, assignees: [cy]}
  - {id: f, title: Fine-tune, track: model, start: 2026-06-01, duration: 2w, assignees: [cy]}
"""
    tasks = _analysis(write, body).schedule.tasks
    assert (tasks["c"].finish, tasks["c"].leaver) == (dt.date(2026, 4, 7), "cy")
    assert (tasks["f"].finish, tasks["f"].leaver) == (dt.date(2026, 6, 14), "cy")
    assert _check(write, body, "MLR301") == [
        "7:86: Cy leaves on 2026-03-13 but is booked on 5 working days from 2026-04-01 to 2026-04-07, by this work alone",
        "8:90: Cy leaves on 2026-03-13 but is booked on 10 working days from 2026-06-01 to 2026-06-12, by this work alone",
    ]


@pytest.mark.parametrize(("off", "found"), [
    # The week off inside a fixed fortnight: its ten days of effort fall on the other five.
    ("{start: 2026-01-19, end: 2026-01-23}", ["7:98: Ana is booked up to 200% of capacity on 5 working days from 2026-01-12 to 2026-01-16, "
                                              "by this work alone: its effort falls on the days around Ana's time off (2026-01-19 to "
                                              "2026-01-23); lengthen it, or lower its effort"]),
    ("{start: 2026-01-26, end: 2026-01-30}", []),  # the week after its last day: nothing squeezed
])
def test_one_piece_of_work_squeezed_by_time_off_says_so(write, off: str, found: list[str]) -> None:
    """It blamed the booking ("by this work alone"), when the time off did it."""
    body = f"""\
people:
  - {{id: ana, name: Ana, off: [{off}]}}
items:
  - {{id: clean, title: Clean the data, track: data, start: 2026-01-12, duration: 2w, assignees: [ana]}}
"""
    assert _check(write, body, "MLR301") == found


@pytest.mark.parametrize(("joins", "found"), [
    ("2026-01-05", []),  # the work's first day
    ("2026-01-06", ["7:90: Bo joins on 2026-01-06 but is booked on 1 working day 2026-01-05, by this work alone"]),
])
def test_work_planned_before_a_hire_joins_is_a_finding(write, joins: str, found: list[str]) -> None:
    body = f"""\
people:
  - {{id: bo, name: Bo, joins: {joins}}}
items:
  - {{id: d, title: Dashboards, track: data, start: 2026-01-05, duration: 1w, assignees: [bo]}}
"""
    assert _check(write, body, "MLR301") == found


def test_any_of_goes_to_someone_who_stays(write) -> None:
    # Cy is listed first but leaves before the work is done: Dee does it.
    body = """\
people:
  - {id: cy, name: Cy, leaves: 2026-03-13}
  - {id: dee, name: Dee}
items:
  - {id: g, title: Evaluate, track: model, start: 2026-03-09, effort: 10d, any_of: [cy, dee]}
"""
    task = _analysis(write, body).schedule.tasks["g"]
    assert (task.done_by, task.finish, task.leaver) == ("dee", dt.date(2026, 3, 20), None)
    staying = _analysis(write, body.replace("leaves: 2026-03-13", "leaves: 2026-03-20")).schedule.tasks["g"]
    assert staying.done_by == "cy"  # there to the end: the first listed


def test_a_skill_only_someone_gone_has_is_missing_for_the_work_after_they_leave(write) -> None:
    body = """\
people:
  - {id: cy, name: Cy, leaves: 2026-03-13, skills: [sql]}
items:
  - {id: before, title: Before, track: data, start: 2026-03-09, duration: 1w, skills: [sql]}
  - {id: after, title: After, track: data, start: 2026-04-06, duration: 1w, skills: [sql]}
"""
    assert _check(write, body, "MLR302") == [
        "8:86: needs skill 'sql', which only Cy (leaves 2026-03-13) has, not on the team on its dates (2026-04-06 to 2026-04-12); "
        "add it to someone's skills, or plan it under training_needs:"]


def test_a_hire_gives_a_quarter_only_the_days_after_they_join(write) -> None:
    # Bo joins on 2 Mar: 22 working days in March are all Q1 gets from the one who has sql.
    body = """\
people:
  - {id: bo, name: Bo, joins: 2026-03-02, skills: [sql]}
items:
  - {id: x, title: Migrate the queries, track: data, start: 2026-01-05, end: 2026-03-27, effort: 30d, skills: [sql]}
"""
    assert _check(write, body, "MLR304") == ["7:112: 2026-Q1 needs 30 person-days of 'sql' (x), but the people who have it can give 22"]


def test_leaving_before_joining_is_a_located_error(write) -> None:
    path = write("r.yaml", HEADER + "people:\n  - {id: bo, name: Bo, joins: 2026-03-02, leaves: 2026-03-01}\n")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (f"{path}:5:51: leaves 2026-03-01 is before joins 2026-03-02: "
                                             "leaves is their last day on the team, joins their first")


# From the review. Cy (full-time) leaves on Wednesday 7 Jan, Dd on Friday 9 Jan.
@pytest.mark.parametrize(("body", "expected"), [
    # 10 days of effort in a week: she gives 5-7 Jan (3 days), the other 7 go on at her rate
    # (a day a day, not the 2 a day the week would need), 8-16 Jan: as if she had stayed.
    ("""\
people: [{id: cy, name: Cy, leaves: 2026-01-07}]
items: [{id: a, title: A, track: data, effort: 10d, duration: 1w, assignees: [cy]}]
""", {"a": ("2026-01-05", "2026-01-16", None, "cy")}),
    # She is busy on P to her last day, 16 Jan: nothing of N is booked, and N starts on the
    # Monday after, 19 Jan, its 10 days at her rate to 30 Jan.
    ("""\
people: [{id: cy, name: Cy, leaves: 2026-01-16}]
items:
  - {id: p, title: P, track: data, effort: 10d, assignees: [cy]}
  - {id: n, title: N, track: data, effort: 10d, assignees: [cy]}
""", {"p": ("2026-01-05", "2026-01-16", None, None), "n": ("2026-01-19", "2026-01-30", None, "cy")}),
    # Both candidates leave: Cy is busy to 16 Jan (N would end 30 Jan); Dd gives 5-9 Jan and
    # the rest ends 16 Jan: whoever finishes first, Dd, though Cy is listed first.
    ("""\
people: [{id: cy, name: Cy, leaves: 2026-01-16}, {id: dd, name: Dd, leaves: 2026-01-09}]
items:
  - {id: p, title: P, track: data, effort: 10d, assignees: [cy], priority: 90}
  - {id: n, title: N, track: data, effort: 10d, any_of: [cy, dd]}
""", {"p": ("2026-01-05", "2026-01-16", None, None), "n": ("2026-01-05", "2026-01-16", "dd", "dd")}),
    # A team goes on with who is left: Cy and Bo do 10 days in 5-9 Jan, Bo the other 10 to 23 Jan.
    ("""\
people: [{id: cy, name: Cy, leaves: 2026-01-09}, {id: bo, name: Bo}]
teams: [{id: crew, name: Crew, members: [cy, bo]}]
items: [{id: a, title: A, track: data, effort: 20d, assignees: [crew]}]
""", {"a": ("2026-01-05", "2026-01-23", None, None)}),
])
def test_leavers_take_their_rate_and_the_schedules_agree(write, body: str, expected: dict) -> None:
    tasks = _analysis(write, body).schedule.tasks
    assert {node: (str(task.start), str(task.finish), task.done_by, task.leaver) for node, task in tasks.items()} == expected
    if "teams" in body:  # nobody else competes for them: by dependencies alone, the same finish
        assert str(_analysis(write, body, "dependencies").schedule.tasks["a"].finish) == "2026-01-23"


def test_a_hire_joining_on_a_saturday_is_waited_for_until_monday(write) -> None:
    body = """\
people: [{id: bo, name: Bo, joins: 2026-02-07}]
items: [{id: a, title: A, track: data, effort: 5d, assignees: [bo]}]
"""
    task = _analysis(write, body).schedule.tasks["a"]
    assert (task.start, task.finish, task.away, task.joins) == (dt.date(2026, 2, 9), dt.date(2026, 2, 13), "bo", dt.date(2026, 2, 7))
