"""Freeze windows: ``freezes:`` hold the go-live of the work they cover until the day after
they end. Hand-computed dates in both schedules, the views that say why, the rule on
planned dates inside a freeze, and the errors of a bad freeze."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import HEADER, run_cli

import mlroadmap
from mlroadmap.api import analyse

AS_OF = "2026-10-01"
# Black Friday: 16-27 Nov 2026, for the model track only.
FREEZE = """\
freezes:
  - {id: bf, title: Black Friday freeze, start: 2026-11-16, end: 2026-11-27, tracks: [model]}
"""


def _tasks(write, body: str, dates: str = "dependencies", as_of: str = AS_OF) -> dict:
    path = write("r.yaml", HEADER + body)
    return analyse(mlroadmap.load(path), as_of=dt.date.fromisoformat(as_of), dates=dates).schedule.tasks  # type: ignore[arg-type]


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
@pytest.mark.parametrize(("duration", "finish", "frozen"), [
    ("14d", dt.date(2026, 11, 15), 0),   # its last day is the day before the freeze
    ("15d", dt.date(2026, 11, 28), 12),  # on the freeze's first day: live the day after it
    ("26d", dt.date(2026, 11, 28), 1),   # on its last day
    ("27d", dt.date(2026, 11, 28), 0),   # the day after it: not held
])
def test_work_that_would_go_live_inside_a_freeze_goes_live_the_day_after(write, dates: str, duration: str,
                                                                          finish: dt.date, frozen: int) -> None:
    body = FREEZE + f"""\
people:
  - {{id: ana, name: Ana}}
items:
  - {{id: ship, title: Ship, track: model, start: 2026-11-02, duration: {duration}, assignees: [ana]}}
"""
    ship = _tasks(write, body, dates)["ship"]
    assert (ship.start, ship.finish, ship.frozen_days) == (dt.date(2026, 11, 2), finish, frozen)
    assert ship.frozen_by == ("bf" if frozen else None)


@pytest.mark.parametrize(("planned", "day"), [
    ("2026-11-15", dt.date(2026, 11, 15)),
    ("2026-11-16", dt.date(2026, 11, 28)),
    ("2026-11-27", dt.date(2026, 11, 28)),
    ("2026-11-28", dt.date(2026, 11, 28)),
])
def test_a_milestone_inside_a_freeze_moves_to_the_day_after(write, planned: str, day: dt.date) -> None:
    body = FREEZE + f"""\
items:
  - {{id: live, title: Go live, track: model, milestone: true, start: {planned}}}
"""
    live = _tasks(write, body)["live"]
    assert (live.start, live.finish) == (day, day)


def test_a_freeze_holds_only_the_tracks_and_kinds_it_names(write) -> None:
    # Every piece of work would go live on 20 Nov, inside both freezes. `bf` holds the model
    # track; `models` holds models only; no freeze holds a decision, which is a meeting.
    body = FREEZE + """\
  - {id: models, title: Model changes, start: 2026-11-16, end: 2026-11-30, kinds: [models]}
  - {id: everything, title: Everything, start: 2026-11-16, end: 2026-11-24}
models:
  - {id: gbm, title: GBM, track: data, start: 2026-11-14, end: 2026-11-20, metrics: []}
items:
  - {id: train, title: Train, track: model, start: 2026-11-14, end: 2026-11-20}
  - {id: label, title: Label, track: data, start: 2026-11-14, end: 2026-11-20}
decisions:
  - {id: go, title: Go, due: 2026-11-20}
"""
    tasks = _tasks(write, body)
    assert {node: (task.finish, task.frozen_by) for node, task in tasks.items()} == {
        "gbm": (dt.date(2026, 12, 1), "models"),    # models and everything: the later end, 30 Nov
        "train": (dt.date(2026, 11, 28), "bf"),     # bf and everything, which overlap: bf ends later
        "label": (dt.date(2026, 11, 25), "everything"),
        "go": (dt.date(2026, 11, 20), None),
    }


def test_freezes_that_touch_hold_as_one(write) -> None:
    # 16-27 Nov and 28 Nov-4 Dec: a go-live on 20 Nov waits for both, to 5 Dec.
    body = FREEZE + """\
  - {id: after, title: After, start: 2026-11-28, end: 2026-12-04}
items:
  - {id: live, title: Go live, track: model, milestone: true, start: 2026-11-20}
"""
    live = _tasks(write, body)["live"]
    assert (live.start, live.frozen_by, live.frozen_days) == (dt.date(2026, 12, 5), "after", 15)


# Ship's work takes 2-16 Nov and goes live on 28 Nov; the monitor (data track: not held)
# starts the day after, 29 Nov-5 Dec, due 5 Dec. Ship may start as late as 14 Nov and still
# go live on 28 Nov (its last day then is 28 Nov, after the freeze): 12 days of slack, which
# the freeze's wait does not eat. Ana is free while Ship waits: the report starts 17 Nov.
GO_LIVE = FREEZE + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: ship, title: Ship GBM v5, track: model, start: 2026-11-02, duration: 15d, assignees: [ana]}
  - {id: watch, title: Watch the launch, track: data, duration: 1w, depends_on: [ship], due: 2026-12-05}
  - {id: report, title: Peak report, track: data, start: 2026-11-17, duration: 1w, assignees: [ana]}
"""


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_a_freeze_pushes_a_go_live_and_its_dependents(write, dates: str) -> None:
    tasks = _tasks(write, GO_LIVE, dates)
    ship, watch, report = tasks["ship"], tasks["watch"], tasks["report"]
    assert (ship.finish, ship.slack, ship.latest_start, ship.due_slack) == (dt.date(2026, 11, 28), 12, dt.date(2026, 11, 14), 12)
    assert (watch.start, watch.finish, watch.driver, watch.slack) == (dt.date(2026, 11, 29), dt.date(2026, 12, 5), "ship", 0)
    assert (report.start, report.finish) == (dt.date(2026, 11, 17), dt.date(2026, 11, 23))


def test_work_waiting_for_people_waits_for_the_held_work_s_own_end(write) -> None:
    # Ana's Ship ends its work on 16 Nov and goes live on 28 Nov; her report (priority 10,
    # planned from 5 Nov) waits for her, not for the go-live: 17-23 Nov, and Z after it to
    # 30 Nov. Every day Ship's work slips moves the report, Z and the end: no slack.
    body = FREEZE + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: ship, title: Ship, track: model, start: 2026-11-02, duration: 15d, assignees: [ana]}
  - {id: report, title: Report, track: data, start: 2026-11-05, duration: 1w, assignees: [ana], priority: 10}
  - {id: z, title: Z, track: data, duration: 1w, depends_on: [report]}
"""
    tasks = _tasks(write, body, "capacity")
    assert (tasks["ship"].finish, tasks["ship"].slack, tasks["ship"].latest_finish) == (dt.date(2026, 11, 28), 0, dt.date(2026, 11, 28))
    assert (tasks["report"].start, tasks["report"].held_by, tasks["report"].slack) == (dt.date(2026, 11, 17), "ship", 0)
    assert (tasks["z"].finish, tasks["z"].slack) == (dt.date(2026, 11, 30), 0)
    path = write("r.yaml", HEADER + body)
    forecast = json.loads(run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "20", "-f", "json").stdout)
    assert {e["id"]: (e["p50"], e["criticality"]) for e in forecast["entities"]} == {
        "ship": ("2026-11-28", 1.0), "report": ("2026-11-23", 1.0), "z": ("2026-11-30", 1.0)}


def test_a_milestone_s_slack_counts_from_the_day_it_would_have_had(write) -> None:
    # Train (data: not held) ends 17 Nov; the go-live would be 18 Nov and is held to 28 Nov;
    # the readout, planned for 7-13 Dec, waits for it with a 5-day lag. The go-live may slip
    # to 2 Dec (after the freeze: not held): 14 days from 18 Nov, and Train with it.
    body = FREEZE + """\
items:
  - {id: train, title: Train, track: data, start: 2026-11-04, end: 2026-11-17}
  - {id: live, title: Go live, track: model, milestone: true, depends_on: [train]}
  - {id: readout, title: Readout, track: data, start: 2026-12-07, duration: 1w, depends_on: [{id: live, lag: 5d}]}
"""
    tasks = _tasks(write, body)
    live = tasks["live"]
    assert (live.start, live.frozen_days, live.slack, live.latest_start) == (dt.date(2026, 11, 28), 10, 14, dt.date(2026, 12, 2))
    assert tasks["train"].slack == 14


def test_the_views_say_a_freeze_holds_the_go_live(write) -> None:
    path = write("r.yaml", HEADER + GO_LIVE)
    markdown = run_cli("critical-path", str(path), "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| 2026-11-02 → 2026-11-28 | Ship GBM v5 (`ship`, goes live after the freeze `bf`) |" in markdown
    assert ("The freeze bf sets this chain's dates: ship goes live on 2026-11-28, the day after it ends: "
            "it may slip 12 days and still go live then.") in markdown
    shown = run_cli("show", str(path), "--as-of", AS_OF, "--track", "model", env={"COLUMNS": "160"}).stdout
    assert "Black Friday freeze (freeze, to 27 Nov 2026)" in shown
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", AS_OF, "-f", "json").stdout)["nodes"]}
    assert (nodes["ship"]["frozen_by"], nodes["ship"]["frozen_days"]) == ("bf", 12)
    assert (nodes["watch"]["frozen_by"], nodes["watch"]["frozen_days"]) == (None, 0)
    exec_report = run_cli("report", str(path), "--as-of", AS_OF, "--audience", "product", "-f", "markdown").stdout
    assert "Ship GBM v5 (live after Black Friday freeze) → Watch the launch" in exec_report


@pytest.mark.parametrize(("end", "found"), [("2026-11-15", False), ("2026-11-16", True)])
def test_planned_dates_inside_a_freeze_are_a_warning(write, end: str, found: bool) -> None:
    path = write("r.yaml", HEADER + FREEZE + f"""\
items:
  - {{id: ship, title: Ship, track: model, start: 2026-11-02, end: {end}}}
""")
    result = run_cli("check", str(path), "--as-of", AS_OF, "--select", "MLR158", "--format", "json")
    problems = [f"{p['line']}:{p['column']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]
    assert problems == (["7:67: item 'ship' is planned to finish on 2026-11-16, inside the freeze 'bf' "
                         "(2026-11-16 to 2026-11-27): it goes live on 2026-11-28"] if found else [])


@pytest.mark.parametrize(("entry", "message"), [
    ("{id: f, title: F, start: 2026-11-16, end: 2026-11-15}",
     "5:47: end 2026-11-15 is before start 2026-11-16: a freeze's end is its last day"),
    ("{id: f, title: F, start: 2026-11-16, end: 2026-11-27, tracks: [modle]}",
     "5:68: tracks: unknown track 'modle' (did you mean 'model'?); the standard tracks are model, data, ethics, "
     "monitoring, experiments, team, custom ones are declared under 'tracks:'"),
    ("{id: f, title: F, start: 2026-11-16, end: 2026-11-27, kinds: [decisions]}",
     "5:67: kinds: 'decisions' is not one of items, models, datasets, audits, mitigations, privacy_assessments, "
     "policies, monitors, experiments, tools, training_needs: a freeze never holds decisions, whose date is the day they "
     "happen, not a change going live"),
])
def test_a_bad_freeze_is_a_located_error(write, entry: str, message: str) -> None:
    path = write("r.yaml", HEADER + f"freezes:\n  - {entry}\n" + "items:\n  - {id: a, title: A, track: model, duration: 1w}\n")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:{message}"


def test_the_report_timelines_draw_the_freeze_and_say_what_it_holds(write) -> None:
    path = write("r.yaml", HEADER + GO_LIVE)
    markdown = run_cli("report", str(path), "--as-of", AS_OF, "--audience", "product", "-f", "markdown").stdout
    assert "    Ship GBM v5 (live after Black Friday freeze) :" in markdown  # the bar says why it ends there
    assert "    section Freezes (no go-live)\n    Black Friday freeze :freeze0, 2026-11-16, 12d\n" in markdown
    html = run_cli("report", str(path), "--as-of", AS_OF, "--audience", "product", "-f", "html").stdout
    assert 'id="timeline-chart-freeze-0"' in html  # the band, behind the bars
    assert "grey bands: freezes, in which the work they cover does not go live." in html


def test_the_gantt_draws_each_freeze(write) -> None:
    path = write("r.yaml", HEADER + GO_LIVE)
    gantt = run_cli("graph", str(path), "--as-of", AS_OF, "-f", "gantt").stdout
    assert gantt.endswith("    section Freezes (no go-live)\n    Black Friday freeze :freeze0, 2026-11-16, 12d\n")


@pytest.mark.parametrize("levelled", [[], ["--levelled"]])
def test_nobody_is_booked_while_the_go_live_waits(write, levelled: list[str]) -> None:
    # Ship is Ana's work from Monday 2 to Monday 16 Nov, 11 working days; it goes live on 28 Nov.
    path = write("r.yaml", HEADER + FREEZE + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: ship, title: Ship, track: model, start: 2026-11-02, duration: 15d, assignees: [ana]}
""")
    report = json.loads(run_cli("capacity", str(path), "--as-of", AS_OF, "--by", "week", "--quarter", "2026-Q4", "-f", "json",
                                *levelled).stdout)
    load = report["people"][0]["load"]
    assert {week: load[week]["booked_days"] for week in ("W45", "W46", "W47", "W48")} == {"W45": 5.0, "W46": 5.0, "W47": 1.0, "W48": 0.0}
