"""The date rules of the README, each on a small hand-computed roadmap, in both projections.

Every case is asserted on `graph --format json` (the dates every view shows), with
`--dates dependencies` and `--dates capacity`: where the people are free, the two agree.
Cases sit on the boundaries, so that flipping a `<` to `<=` in the schedule fails one.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import HEADER, run_cli

PROJECTIONS = ("dependencies", "capacity")
# Two people, one per piece of work, so capacity never moves a date in these cases.
PEOPLE = """\
people:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
  - {id: cy, name: Cy}
"""


def dates(path, as_of: str, projection: str) -> dict[str, tuple[str, str, str | None]]:
    """id -> (projected start, last day, driver) as every view shows them."""
    result = run_cli("graph", str(path), "--as-of", as_of, "--dates", projection, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["dates"] == projection
    return {node["id"]: (node["start"], node["finish"], node["driver"]) for node in document["nodes"]}


# --- work under way waits for an unfinished predecessor -----------------------------------------
#
# b started on Mon 12 Jan and was planned to take two weeks (12-25 Jan). On Mon 19 Jan,
# its as-of day, it has five working days of its plan left (19-23 Jan). It depends on a:
# while a is unfinished, b pauses, and its five working days run from the day after a
# finishes; its start stays 12 Jan. Not paused, it keeps its planned finish.

UNDER_WAY = HEADER + PEOPLE + """\
items:
  - {id: a, title: A, track: data, assignees: [ana], %(a)s}
  - {id: b, title: B, track: model, assignees: [ben], status: %(b_status)s, start: %(b_start)s, duration: %(b_duration)s, depends_on: [a]}
  - {id: c, title: C, track: team, assignees: [cy], duration: 1w, depends_on: [b]}
"""


@pytest.mark.parametrize("projection", PROJECTIONS)
@pytest.mark.parametrize(("a", "b", "expected"), [
    # a runs to Sun 1 Feb: b's five working days run Mon 2 - Fri 6 Feb, and a sets b's finish.
    ("status: in-progress, start: 2026-01-05, duration: 4w", ("in-progress", "2026-01-12", "2w"),
     {"b": ("2026-01-12", "2026-02-06", "a"), "c": ("2026-02-07", "2026-02-13", "b")}),
    # a finishes on the as-of day itself (5-19 Jan): b resumes on Tue 20 Jan and its five
    # working days end on Mon 26 Jan.
    ("status: in-progress, start: 2026-01-05, duration: 15d", ("in-progress", "2026-01-12", "2w"),
     {"b": ("2026-01-12", "2026-01-26", "a"), "c": ("2026-01-27", "2026-02-02", "b")}),
    # a is overdue (planned to 18 Jan): it takes the as-of day, so b resumes on 20 Jan.
    ("status: blocked, start: 2026-01-05, duration: 2w", ("in-progress", "2026-01-12", "2w"),
     {"b": ("2026-01-12", "2026-01-26", "a"), "c": ("2026-01-27", "2026-02-02", "b")}),
    # a finished the day before the as-of day: b keeps its planned finish, nothing drives it.
    ("status: done, start: 2026-01-05, end: 2026-01-18", ("in-progress", "2026-01-12", "2w"),
     {"b": ("2026-01-12", "2026-01-25", None), "c": ("2026-01-26", "2026-02-01", "b")}),
    # b started on the as-of day: under way, it keeps that start; all ten working days wait.
    ("status: in-progress, start: 2026-01-05, duration: 4w", ("at-risk", "2026-01-19", "2w"),
     {"b": ("2026-01-19", "2026-02-13", "a"), "c": ("2026-02-14", "2026-02-20", "b")}),
    # b is to start the day after: not under way, it starts when a finishes.
    ("status: in-progress, start: 2026-01-05, duration: 4w", ("in-progress", "2026-01-20", "2w"),
     {"b": ("2026-02-02", "2026-02-15", "a"), "c": ("2026-02-16", "2026-02-22", "b")}),
    # b planned to end on the as-of day (13-19 Jan) has one day left: it ends on 19 Jan...
    ("status: done, start: 2026-01-05, end: 2026-01-09", ("in-progress", "2026-01-13", "1w"),
     {"b": ("2026-01-13", "2026-01-19", None), "c": ("2026-01-20", "2026-01-26", "b")}),
    # ...and so does b overdue since 11 Jan: at least one day, the as-of day.
    ("status: done, start: 2026-01-05, end: 2026-01-09", ("blocked", "2026-01-05", "1w"),
     {"b": ("2026-01-05", "2026-01-19", None), "c": ("2026-01-20", "2026-01-26", "b")}),
    # b planned to end the day after the as-of day has two days left.
    ("status: done, start: 2026-01-05, end: 2026-01-09", ("in-progress", "2026-01-14", "1w"),
     {"b": ("2026-01-14", "2026-01-20", None), "c": ("2026-01-21", "2026-01-27", "b")}),
])
def test_work_under_way_pauses_for_an_unfinished_predecessor(write, projection: str, a: str, b: tuple, expected: dict) -> None:
    status, start, duration = b
    path = write("r.yaml", UNDER_WAY % {"a": a, "b_status": status, "b_start": start, "b_duration": duration})
    got = dates(path, "2026-01-19", projection)
    assert {node: got[node] for node in expected} == expected


def test_work_under_way_with_an_effort_books_only_what_it_has_left_after_the_pause(write) -> None:
    # b: 10 days of Ben's effort planned over 12-25 Jan (ten working days, one a day). On
    # Mon 19 Jan five of them are left (19-23 Jan); they wait for a (to Sun 1 Feb) and are
    # booked Mon 2 - Fri 6 Feb.
    path = write("r.yaml", HEADER + PEOPLE + """\
items:
  - {id: a, title: A, track: data, assignees: [ana], status: in-progress, start: 2026-01-05, duration: 4w}
  - {id: b, title: B, track: model, assignees: [ben], status: in-progress, start: 2026-01-12, duration: 2w, effort: 2w, depends_on: [a]}
""")
    assert dates(path, "2026-01-19", "capacity")["b"] == ("2026-01-12", "2026-02-06", "a")
    assert dates(path, "2026-01-19", "dependencies")["b"] == ("2026-01-12", "2026-02-06", "a")
    for levelled, expected in ((False, {"Jan": 5.0, "Feb": 5.0}), (True, {"Feb": 5.0})):
        # The plan's load: the week that has passed at its plan's rate, then the five days
        # left after the pause, not a second fortnight. The levelled load books from today.
        load = json.loads(run_cli("capacity", str(path), "--as-of", "2026-01-19", "--format", "json",
                                  *(["--levelled"] if levelled else [])).stdout)
        ben = next(person for person in load["people"] if person["id"] == "ben")
        assert {month: cell["booked_days"] for month, cell in ben["load"].items() if cell["booked_days"]} == expected


def test_the_day_paused_work_resumes_is_in_every_view(write) -> None:
    path = write("r.yaml", UNDER_WAY % {"a": "status: in-progress, start: 2026-01-05, duration: 4w",
                                         "b_status": "in-progress", "b_start": "2026-01-12", "b_duration": "2w"})
    for projection in PROJECTIONS:
        nodes = json.loads(run_cli("graph", str(path), "--as-of", "2026-01-19", "--dates", projection, "--format", "json").stdout)["nodes"]
        assert {node["id"]: node["resumes"] for node in nodes} == {"a": None, "b": "2026-02-02", "c": None}
        # a holds up only the days b has left, so the chain a, b, c has no slack, none negative.
        assert {node["id"]: node["slack"] for node in nodes} == {"a": 0, "b": 0, "c": 0}
    markdown = run_cli("critical-path", str(path), "--as-of", "2026-01-19", "--format", "markdown").stdout
    assert "| 2026-01-12 → 2026-02-06 | B (`b`, resumes 2026-02-02 after `a`) | Model development & performance | - | 0d | - |" in markdown
    shown = run_cli("show", str(path), "--as-of", "2026-01-19", "--format", "json").stdout
    assert [row["resumes"] for row in json.loads(shown)["sections"]["work-model"]] == ["2026-02-02"]
    shown = run_cli("show", str(path), "--as-of", "2026-01-19").stdout
    # At 80 columns the cell wraps, the day it resumes kept whole on the next line.
    assert re.search(r"12 Jan → 6 Feb 2026 \(resumes +A\n +2 Feb 2026\)\n", shown), shown


def test_slack_of_what_paused_work_waits_on_counts_only_the_days_it_has_left(write) -> None:
    # c is due on 12 Feb and finishes on 13 Feb: a day late, and so is the chain; due on
    # 13 Feb it has no day to spare.
    body = UNDER_WAY.replace("duration: 1w, depends_on: [b]}", "duration: 1w, depends_on: [b], due: %(due)s}")
    for due, to_due in (("2026-02-12", -1), ("2026-02-13", 0)):
        path = write("r.yaml", body % {"a": "status: in-progress, start: 2026-01-05, duration: 4w", "due": due,
                                        "b_status": "in-progress", "b_start": "2026-01-12", "b_duration": "2w"})
        nodes = json.loads(run_cli("graph", str(path), "--as-of", "2026-01-19", "--format", "json").stdout)["nodes"]
        assert {node["id"]: (node["slack"], node["slack_to_due"]) for node in nodes} == {"a": (0, to_due), "b": (0, to_due), "c": (0, to_due)}


# --- a dataset waits for its open blockers ----------------------------------------------------
#
# A blocker's `until` is the day it is expected to clear: the dataset's work goes on from
# that day, and so does what needs the data. As of Wed 25 Nov 2026.

BLOCKED = HEADER + PEOPLE + """\
datasets:
  - id: tx
    title: Transactions
    source: Card ledger
    refresh: daily
    quality_sla: complete by 06:00
    assignees: [ana]
    %(dates)s
    blockers:
      - {kind: access, description: Service account, owner: it, until: %(until)s%(resolved)s}
      - {kind: privacy, description: DPIA, owner: dpo, until: 2026-11-20, resolved: true}
items:
  - {id: train, title: Train, track: model, assignees: [ben], depends_on: [tx], duration: 1w}
"""


@pytest.mark.parametrize("projection", PROJECTIONS)
@pytest.mark.parametrize(("dates_", "until", "resolved", "tx", "blocked_until"), [
    # Blocked until Fri 15 Jan 2027: planned for December, the dataset starts on 15 Jan.
    ("{status: planned, start: 2026-12-01, duration: 2w}", "2027-01-15", "", ("2027-01-15", "2027-01-28"), "2027-01-15"),
    # A blocker that clears the day after the planned start moves it by that one day...
    ("{status: planned, start: 2026-12-01, duration: 2w}", "2026-12-02", "", ("2026-12-02", "2026-12-15"), "2026-12-02"),
    # ...one that clears on the planned start was planned for...
    ("{status: planned, start: 2026-12-01, duration: 2w}", "2026-12-01", "", ("2026-12-01", "2026-12-14"), None),
    # ...and so is one that clears on the as-of day, or one resolved.
    ("{status: planned, duration: 2w}", "2026-11-25", "", ("2026-11-25", "2026-12-08"), None),
    ("{status: planned, duration: 2w}", "2026-11-26", "", ("2026-11-26", "2026-12-09"), "2026-11-26"),
    ("{status: planned, start: 2026-12-01, duration: 2w}", "2027-01-15", ", resolved: true", ("2026-12-01", "2026-12-14"), None),
    # One past its date and still open clears today at the earliest (MLR125 warns of it).
    ("{status: planned, start: 2026-11-02, duration: 2w}", "2026-11-20", "", ("2026-11-25", "2026-12-08"), None),
    # Under way (16-29 Nov): its three working days left (Wed 25 - Fri 27 Nov) wait for
    # the blocker and run Mon 14 - Wed 16 Dec.
    ("{status: in-progress, start: 2026-11-16, duration: 2w}", "2026-12-14", "", ("2026-11-16", "2026-12-16"), "2026-12-14"),
    # Its dates state the work, the waiting is added: planned to end on the day the blocker
    # clears, its 14 working days left (25 Nov - 14 Dec) still run from Mon 14 Dec.
    ("{status: blocked, start: 2026-11-16, end: 2026-12-14}", "2026-12-14", "", ("2026-11-16", "2026-12-31"), "2026-12-14"),
])
def test_a_dataset_waits_for_its_open_blockers(write, projection: str, dates_: str, until: str, resolved: str,
                                               tx: tuple, blocked_until: str | None) -> None:
    fields = ", ".join(dates_.strip("{}").split(", "))
    text = BLOCKED.replace("    %(dates)s\n", "".join(f"    {field.replace(': ', ': ', 1)}\n" for field in fields.split(", ")))
    path = write("r.yaml", text % {"until": until, "resolved": resolved})
    result = run_cli("graph", str(path), "--as-of", "2026-11-25", "--dates", projection, "--format", "json")
    nodes = {node["id"]: node for node in json.loads(result.stdout)["nodes"]}
    assert (nodes["tx"]["start"], nodes["tx"]["finish"]) == tx
    assert nodes["tx"]["blocked_until"] == blocked_until
    day_after = (dt.date.fromisoformat(tx[1]) + dt.timedelta(days=1)).isoformat()
    assert nodes["train"]["start"] == day_after  # what needs the data waits with it


def test_check_says_when_a_blocker_moves_a_dataset_and_where_its_date_is(write) -> None:
    path = write("r.yaml", BLOCKED.replace("    %(dates)s\n", "    start: 2026-12-01\n    duration: 2w\n") % {"until": "2027-01-15", "resolved": ""})
    result = run_cli("check", str(path), "--as-of", "2026-11-25", "--select", "MLR126")
    assert f"{path}:18:72: warning: [MLR126] dataset 'tx' waits for its open access blocker, expected to clear on 2027-01-15: " \
           "it starts on 2027-01-15 and is projected 15 Jan → 28 Jan 2027, not as planned (1 Dec → 14 Dec 2026)" in result.stdout
    planned_for = write("s.yaml", BLOCKED.replace("    %(dates)s\n", "    start: 2027-01-15\n    duration: 2w\n") % {"until": "2027-01-15", "resolved": ""})
    assert "MLR126" not in run_cli("check", str(planned_for), "--as-of", "2026-11-25", "--select", "MLR126").stdout


# --- effort on dates without a working day -----------------------------------------------------

WEEKEND = HEADER + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: data, start: %(start)s, duration: 2d, effort: 2d, assignees: [ana]}
  - {id: b, title: B, track: model, depends_on: [a], duration: 1d, assignees: [ana]}
"""


@pytest.mark.parametrize(("start", "finding", "levelled"), [
    # Sat 10 - Sun 11 Jan: no working day. Nothing is booked and the dates stand (weekend
    # on-call is on the weekend), in both projections; check says the effort is not counted.
    ("2026-01-10", True, {"a": ("2026-01-10", "2026-01-11"), "b": ("2026-01-12", "2026-01-12")}),
    # Fri 9 - Sat 10 Jan holds one working day: the effort is spread on it, nothing is lost
    # (with the team's capacity Ana does the second day on Monday, and b follows).
    ("2026-01-09", False, {"a": ("2026-01-09", "2026-01-12"), "b": ("2026-01-13", "2026-01-13")}),
])
def test_effort_on_a_weekend_is_never_silently_lost(write, start: str, finding: bool, levelled: dict) -> None:
    path = write("r.yaml", WEEKEND % {"start": start})
    got = dates(path, "2026-01-05", "capacity")
    assert {node: got[node][:2] for node in levelled} == levelled
    checked = run_cli("check", str(path), "--as-of", "2026-01-05", "--select", "MLR301").stdout
    message = (f"{path}:7:77: warning: [MLR301] its effort (2d) is planned on 10 Jan → 11 Jan 2026, which has no working day: "
               "nobody is booked for it, so the team's capacity does not count it")
    assert (message in checked) is finding
    load = json.loads(run_cli("capacity", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    # The plan's load: b alone on Mon 12 Jan; or both days of a on Fri 9 Jan (b falls on Sun 11 Jan).
    assert sum(cell["booked_days"] for cell in load["people"][0]["load"].values()) == (1.0 if finding else 2.0)


# --- a model in production is live, not planned work --------------------------------------------

PRODUCTION = """\
roadmap: {name: Search, period: {start: 2026-Q4, end: 2027-Q2}}
datasets:
  - {id: clicks, title: Clicks, source: s, refresh: daily, quality_sla: q, status: done, start: 2025-01-06, duration: 4w}
  - {id: v2-labels, title: V2 labels, track: data, source: s, refresh: weekly, quality_sla: q, start: 2027-01-04, duration: 6w}
models:
  - id: ranker
    title: Search ranker
    stage: %(stage)s
    datasets: [clicks, v2-labels]
    retraining: monthly
    metrics:
      - {name: ndcg, direction: higher, baseline: 0.4, current: 0.45, targets: {2026-Q4: 0.46}}
      - {name: ctr, direction: higher, baseline: 0.1, current: 0.11, targets: {2026-Q4: 0.12}}
items:
  - {id: ab-boost, title: A/B of a freshness boost, track: experiments, depends_on: [ranker], duration: 2w}
%(go_lives)s"""


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_a_model_in_production_waits_for_nothing_and_reads_as_live(write, projection: str) -> None:
    path = write("r.yaml", PRODUCTION % {"stage": "production", "go_lives": ""})
    result = run_cli("graph", str(path), "--as-of", "2026-12-02", "--dates", projection, "--format", "json")
    nodes = {node["id"]: node for node in json.loads(result.stdout)["nodes"]}
    # Live since the period's start; v2-labels (January) feeds its next version, not its going live.
    assert (nodes["ranker"]["start"], nodes["ranker"]["in_production"], nodes["ranker"]["slack"]) == ("2026-10-01", True, None)
    assert (nodes["ab-boost"]["start"], nodes["ab-boost"]["driver"]) == ("2026-12-02", None)
    blockers = json.loads(run_cli("critical-path", str(path), "--as-of", "2026-12-02", "--format", "json").stdout)
    assert [row["id"] for row in blockers["blockers"]] == []  # nothing waits on v2-labels through the live model
    shown = run_cli("show", str(path), "--as-of", "2026-12-02", "--track", "model").stdout
    assert "–      Search ranker  in production  –      in production  –" in shown
    gantt = run_cli("graph", str(path), "--as-of", "2026-12-02", "--format", "gantt").stdout
    assert "    Search ranker :done, milestone, t_ranker, 2026-10-01, 0d" in gantt


def test_a_model_not_yet_in_production_waits_for_its_datasets(write) -> None:
    path = write("r.yaml", PRODUCTION % {"stage": "staged-rollout", "go_lives": ""})
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", "2026-12-02", "--format", "json").stdout)["nodes"]}
    assert (nodes["ranker"]["start"], nodes["ranker"]["driver"], nodes["ranker"]["in_production"]) == ("2027-02-15", "v2-labels", False)
    assert nodes["ab-boost"]["start"] == "2027-02-15"


GO_LIVES = """\
  - {id: live-v1, title: v1 live, track: model, model: ranker, phase: go-live, status: done, start: 2026-10-05, duration: 1d}
  - {id: live-v2, title: v2 live, track: model, model: ranker, phase: go-live, start: 2027-02-01, duration: 1d}
"""


@pytest.mark.parametrize(("stage", "go_lives", "as_of", "first", "since"), [
    # In production with no go-live behind it: it retrains from the roadmap's start; the
    # v2 go-live in February does not hold its cycles back.
    ("production", GO_LIVES.splitlines()[1] + "\n", "2026-12-02", "2026-10-01", "the roadmap's start (2026-10-01; the model is in production)"),
    # With v1's go-live (5 Oct) behind it: from the day after.
    ("production", GO_LIVES, "2026-12-02", "2026-10-06", "the day after live-v1, its go-live (2026-10-05)"),
    # A go-live that finishes on the as-of day is behind it; one a day later is not.
    ("production", GO_LIVES.splitlines()[1] + "\n", "2027-02-01", "2027-02-02", "the day after live-v2, its go-live (2027-02-01)"),
    ("production", GO_LIVES.splitlines()[1] + "\n", "2027-01-31", "2026-10-01", "the roadmap's start (2026-10-01; the model is in production)"),
    # Not in production yet: its cycles wait for its next go-live.
    ("staged-rollout", GO_LIVES.splitlines()[1] + "\n", "2026-12-02", "2027-02-02", "the day after live-v2, its go-live (2027-02-01)"),
])
def test_a_model_in_production_retrains_now_not_after_its_next_go_live(write, stage, go_lives, as_of, first, since) -> None:
    path = write("r.yaml", PRODUCTION % {"stage": stage, "go_lives": go_lives})
    events = json.loads(run_cli("calendar", str(path), "--as-of", as_of, "--format", "json").stdout)["events"]
    retraining = next(event for event in events if event["kind"] == "retraining")
    assert retraining["start"] == first
    assert retraining["description"].startswith(f"Retraining: monthly, from {since}, to the end of the roadmap (2027-06-30).")


# --- recurring work -----------------------------------------------------------------------------


@pytest.mark.parametrize(("cadence", "message"), [
    # Recurring: `end` is the last day it recurs, `duration` one occurrence's: no contradiction.
    (", cadence: weekly", None),
    ("", "end 2026-06-30 contradicts start 2026-01-05 + duration 1d (which ends 2026-01-05); give two of start, end and duration"),
])
def test_recurring_work_may_give_start_end_and_duration(write, cadence: str, message: str | None) -> None:
    path = write("r.yaml", HEADER + f"items:\n  - {{id: sync, title: Sync, track: team, start: 2026-01-05, end: 2026-06-30, duration: 1d{cadence}}}\n")
    result = run_cli("validate", str(path))
    if message is None:
        assert result.exit_code == 0, result.output
        node = dates(path, "2026-01-05", "dependencies")["sync"]
        assert node[:2] == ("2026-01-05", "2026-01-05")  # its first occurrence; the series ends on 30 Jun
    else:
        assert result.exit_code == 1
        assert f"{path}:5:66: {message}" in result.stdout


@pytest.mark.parametrize("projection", PROJECTIONS)
def test_a_series_under_way_holds_nothing_back_past_its_first_occurrence(write, projection: str) -> None:
    # A monthly review under way since 5 Jan (two days each). On 10 Mar the series goes on
    # (next on 5 Apr, to the end of the roadmap); what follows it is not held to "today".
    path = write("r.yaml", HEADER + PEOPLE + """\
items:
  - {id: review, title: Review, track: ethics, cadence: monthly, status: in-progress, start: 2026-01-05, duration: 2d, assignees: [ana]}
  - {id: act, title: Act on it, track: team, depends_on: [review], duration: 1w, assignees: [ben]}
""")
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", "2026-03-10", "--dates", projection,
                                                            "--format", "json").stdout)["nodes"]}
    review = nodes["review"]
    assert (review["start"], review["finish"], review["next"], review["series_end"]) == ("2026-01-05", "2026-01-06", "2026-04-05", "2026-12-31")
    assert (nodes["act"]["start"], nodes["act"]["finish"]) == ("2026-03-10", "2026-03-16")


@pytest.mark.parametrize(("as_of", "live", "shown", "since"), [
    # Its planned dates (1-14 Sep) are still ahead: it is live, placed on the roadmap's start.
    ("2026-03-02", "2026-01-01", "in production", "the roadmap's start (2026-01-01; the model is in production)"),
    # They have passed: in production since its planned date, and it cycles from the day after.
    ("2026-09-14", "2026-09-14", "in production since 14 Sep 2026", "the day after it went live (2026-09-14)"),
])
def test_a_model_in_production_with_dates_is_live_since_them_only_once_they_passed(write, as_of, live, shown, since) -> None:
    path = write("r.yaml", HEADER + "models:\n  - {id: m, title: M, stage: production, start: 2026-09-01, duration: 2w, retraining: monthly}\n")
    assert dates(path, as_of, "dependencies")["m"][:2] == (live, live)
    shown_as = run_cli("show", str(path), "--as-of", as_of, "--track", "model", "--format", "markdown").stdout
    assert f"| – | M | in production | – | {shown} | – |" in shown_as
    events = json.loads(run_cli("calendar", str(path), "--as-of", as_of, "--format", "json").stdout)["events"]
    assert events[0]["description"].startswith(f"Retraining: monthly, from {since}, to the end of the roadmap (2026-12-31).")
