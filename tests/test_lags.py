"""Lags on dependencies: ``depends_on: [{id: ab, lag: 90d}]``. Hand-computed dates in every
schedule, the views that show the wait, and the errors of a bad lag."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import HEADER, run_cli

import mlroadmap
from mlroadmap.api import analyse, critical_path

AS_OF = "2025-12-01"  # before the period: nothing is forced to start today

# The A/B runs 4-31 Jan; its labels mature for 90 days from 1 Feb (1 Feb + 90 days is 2
# May: 27 days to 28 Feb, 31 in March, 30 in April, 2 in May), so the readout takes 2-8 May.
# The template is done by 17 Jan: its slack is 2 May - 18 Jan = 104 days.
READOUT = HEADER.replace("2026", "2027") + """\
items:
  - {id: ab, title: A/B test, track: experiments, start: 2027-01-04, duration: 4w}
  - {id: prep, title: Prepare the template, track: experiments, start: 2027-01-04, duration: 2w}
  - id: readout
    title: Readout
    track: experiments
    depends_on: [{id: ab, lag: 90d}, prep]
    duration: 1w
    due: 2027-05-10
"""


def _tasks(write, text: str, as_of: str = AS_OF, dates: str = "dependencies") -> dict:
    path = write("r.yaml", text)
    plan = analyse(mlroadmap.load(path), as_of=dt.date.fromisoformat(as_of), dates=dates).schedule  # type: ignore[arg-type]
    return plan.tasks


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_a_lag_starts_the_work_that_many_days_after_the_finish(write, dates: str) -> None:
    tasks = _tasks(write, READOUT, dates=dates)
    readout = tasks["readout"]
    assert (readout.start, readout.finish) == (dt.date(2027, 5, 2), dt.date(2027, 5, 8))
    assert (readout.driver, readout.lag) == ("ab", 90)
    assert (tasks["ab"].slack, tasks["ab"].due_slack) == (0, 2)  # the lag is on the chain: the A/B has the readout's 2 days
    assert tasks["prep"].slack == 104
    assert tasks["readout"].to_dict()["lag_days"] == 90


@pytest.mark.parametrize(("lag", "start", "days"), [
    ("0d", dt.date(2027, 2, 1), 0),   # no wait: the day after the A/B
    ("1d", dt.date(2027, 2, 2), 1),
    ("1w", dt.date(2027, 2, 8), 7),
])
def test_each_day_of_lag_is_a_calendar_day(write, lag: str, start: dt.date, days: int) -> None:
    tasks = _tasks(write, READOUT.replace("lag: 90d", f"lag: {lag}"))
    assert (tasks["readout"].start, tasks["readout"].lag) == (start, days)


def test_a_lag_after_a_milestone_counts_from_its_day(write) -> None:
    # A decision on 1 Mar: work after it may start on 1 Mar; with a 1-day lag, on 2 Mar.
    body = """\
decisions:
  - {id: go, title: Go, due: 2026-03-01}
items:
  - {id: a, title: A, track: model, depends_on: [go], duration: 1w}
  - {id: b, title: B, track: model, depends_on: [{id: go, lag: 1d}], duration: 1w}
"""
    tasks = _tasks(write, HEADER + body)
    assert (tasks["a"].start, tasks["b"].start) == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))


def test_a_lag_after_finished_work_still_runs(write) -> None:
    # The A/B finished on 20 Nov; labels mature 30 days from 21 Nov: the readout starts 21 Dec
    # and waits on the A/B until then, though it is done.
    body = """\
items:
  - {id: ab, title: A/B test, track: experiments, status: done, start: 2026-10-01, end: 2026-11-20}
  - {id: readout, title: Readout, track: experiments, depends_on: [{id: ab, lag: 30d}], duration: 1w}
"""
    path_text = HEADER + body
    assert _tasks(write, path_text, as_of="2026-12-01")["readout"].start == dt.date(2026, 12, 21)
    path = write("r.yaml", path_text)
    shown = run_cli("show", str(path), "--as-of", "2026-12-01", env={"COLUMNS": "120"}).stdout
    assert "A/B test (+30 days)" in shown
    later = run_cli("show", str(path), "--as-of", "2026-12-21", env={"COLUMNS": "120"}).stdout
    assert "A/B test (+30 days)" not in later  # the lag has run: it waits on nothing any more


@pytest.mark.parametrize(("as_of", "waits"), [("2026-03-05", True), ("2026-03-06", False)])
def test_a_done_milestone_is_waited_on_until_the_day_its_lag_ends(write, as_of: str, waits: bool) -> None:
    # Decided on 1 Mar, 5 days' lag: B may start on 6 Mar, and waits on the decision before.
    path = write("r.yaml", HEADER + """\
decisions:
  - {id: go, title: Go decision, status: done, due: 2026-03-01}
items:
  - {id: b, title: B, track: model, depends_on: [{id: go, lag: 5d}], duration: 1w}
""")
    shown = run_cli("show", str(path), "--as-of", as_of, env={"COLUMNS": "120"}).stdout
    assert ("Go decision (+5 days)" in shown) is waits


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
@pytest.mark.parametrize(("status", "start"), [
    # Cancelled: the labels it waited for never mature, so neither lag holds y back; y still
    # waits for a (cancelled work passes its predecessors' dates on): the day after 18 Jan.
    ("cancelled", dt.date(2026, 1, 19)),
    # Planned: x may start 10 days after a (29 Jan), takes 29 Jan-4 Feb, and y waits 20 days
    # more: 5 Feb + 20 days is 25 Feb.
    ("planned", dt.date(2026, 2, 25)),
])
def test_a_lag_into_or_out_of_cancelled_work_is_dropped(write, dates: str, status: str, start: dt.date) -> None:
    body = f"""\
items:
  - {{id: a, title: A, track: data, start: 2026-01-05, duration: 2w}}
  - {{id: x, title: X, track: model, status: {status}, duration: 1w, depends_on: [{{id: a, lag: 10d}}]}}
  - {{id: y, title: Y, track: model, duration: 1w, depends_on: [{{id: x, lag: 20d}}]}}
"""
    tasks = _tasks(write, HEADER + body, dates=dates)
    assert tasks["y"].start == start
    assert tasks["y"].lag == (20 if status == "planned" else 0)


def test_the_levelled_schedule_keeps_the_lag_when_people_are_free_sooner(write) -> None:
    # Ana does both; with the lag she is free long before the readout may start.
    body = READOUT.replace("duration: 4w}", "duration: 4w, assignees: [ana]}").replace("    duration: 1w\n", "    duration: 1w\n    assignees: [ana]\n")
    body = body.replace("items:", "people:\n  - {id: ana, name: Ana}\nitems:")
    tasks = _tasks(write, body, dates="capacity")
    assert tasks["readout"].start == dt.date(2027, 5, 2)


@pytest.mark.parametrize(("start", "broken"), [
    ("2027-05-02", False),  # the first day it may start
    ("2027-05-01", True),   # a day early
])
def test_a_planned_start_inside_the_lag_breaks_the_dependency(write, start: str, broken: bool) -> None:
    path = write("r.yaml", READOUT.replace("    duration: 1w\n", f"    start: {start}\n    duration: 1w\n"))
    result = run_cli("check", str(path), "--as-of", AS_OF, "--select", "MLR155", "--format", "json")
    problems = [f"{p['line']}:{p['column']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]
    if broken:
        assert problems == ["11:12: item 'readout' is planned to start on 2027-05-01, within its 90-day lag after item 'ab' "
                            "finishes on 2027-01-31: 2027-05-02 at the earliest"]
    else:
        assert problems == []


def test_critical_path_says_the_lag_sets_the_start(write) -> None:
    path = write("r.yaml", READOUT)
    shown = run_cli("critical-path", str(path), "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| 2027-05-02 → 2027-05-08 | Readout (`readout`, starts 90 days after `ab`) |" in shown
    report = critical_path(mlroadmap.load(path), as_of=dt.date.fromisoformat(AS_OF))
    assert [task.id for task in report.chain] == ["ab", "readout"]


def test_the_graphs_show_the_lag(write) -> None:
    path = write("r.yaml", READOUT)
    gantt = run_cli("graph", str(path), "--as-of", AS_OF, "--format", "gantt").stdout
    assert "    lag 90 days after A/B test :t_readout_lag, 2027-02-01, 90d\n    Readout :crit, t_readout, 2027-05-02, 7d\n" in gantt
    flowchart = run_cli("graph", str(path), "--as-of", AS_OF, "--format", "mermaid").stdout
    assert "    t_ab -->|+90d| t_readout\n    t_prep --> t_readout\n" in flowchart
    dot = run_cli("graph", str(path), "--as-of", AS_OF, "--format", "dot").stdout
    assert '    "ab" -> "readout" [color="#c62828", penwidth=2.5, label="+90d"];' in dot
    assert '    "prep" -> "readout";' in dot
    data = json.loads(run_cli("graph", str(path), "--as-of", AS_OF, "--format", "json").stdout)
    assert {node["id"]: node["lag_days"] for node in data["nodes"]} == {"ab": 0, "prep": 0, "readout": 90}
    assert data["edges"] == [{"from": "ab", "to": "readout", "lag_days": 90}, {"from": "prep", "to": "readout", "lag_days": 0}]


def test_a_changed_lag_is_an_edit_that_moves_the_dates(write, tmp_path) -> None:
    old = write("old.yaml", READOUT)
    new = write("new.yaml", READOUT.replace("lag: 90d", "lag: 60d"))
    changes = json.loads(run_cli("diff", str(old), str(new), "--as-of", AS_OF, "-f", "json").stdout)["changes"]
    readout = next(change for change in changes if change["subject"] == "readout")
    assert (readout["old"], readout["new"], readout["days"]) == ("2027-05-08", "2027-04-08", -30)
    assert readout["edits"]["depends_on"]["new"] == [{"id": "ab", "lag": "60d"}, "prep"]


@pytest.mark.parametrize(("entry", "messages"), [
    ("{id: ab, lag: -3d}", ["9:32: lag: '-3d' is negative: a lag is how long after the work it names finishes this may start; "
                            "for work that may overlap it, drop the dependency and give a `start`"]),
    ("{id: ab, lag: 3}", ["9:32: lag: '3' is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y"]),
    ("{id: ab, lagg: 3d}", ["9:18: missing required key 'lag' in depends_on[0] of item 'readout'",
                            "9:27: unknown key 'lagg' (did you mean 'lag'?)"]),
    ("{id: ab}", ["9:18: missing required key 'lag' in depends_on[0] of item 'readout'"]),
    ("{id: abb, lag: 3d}", ["9:23: depends_on: unknown id 'abb' (did you mean 'ab'?)"]),
    ("{id: ab, lag: 3d}, ab", ["9:37: depends_on: 'ab' is listed twice"]),
])
def test_a_bad_lag_is_a_located_error(write, entry: str, messages: list[str]) -> None:
    path = write("r.yaml", HEADER + f"""\
items:
  - {{id: ab, title: A/B test, track: experiments, duration: 4w}}
  - id: readout
    title: Readout
    track: experiments
    depends_on: [{entry}]
""")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [f"{path}:{message}" for message in messages]
