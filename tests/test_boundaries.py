"""Boundary cases of the schedule and the rules: each on a small roadmap, with the exact
date, count or finding a user sees, on both sides of the boundary (so that a `<` turned
into `<=` fails one of them)."""

from __future__ import annotations

import json

import pytest
from conftest import HEADER, run_cli


def graph_nodes(path, as_of: str) -> dict[str, dict]:
    result = run_cli("graph", str(path), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return {node["id"]: node for node in json.loads(result.stdout)["nodes"]}


def blockers(path, as_of: str = "2026-01-05") -> list[tuple]:
    result = run_cli("critical-path", str(path), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return [(row["id"], row["tracks_blocked"], row["dependents"], row["direct_dependents"]) for row in json.loads(result.stdout)["blockers"]]


def codes(path, *rules: str, as_of: str = "2026-01-05") -> list[str]:
    result = run_cli("check", str(path), "--as-of", as_of, "--select", ",".join(rules), "--format", "json")
    return [problem["message"] for problem in json.loads(result.stdout)["problems"]]


@pytest.mark.parametrize(("start", "projected"), [
    ("2026-01-04", ("2026-01-05", "2026-01-11")),  # planned the day before the as-of day: slips to it
    ("2026-01-05", ("2026-01-05", "2026-01-11")),  # planned on the as-of day: starts on it
    ("2026-01-06", ("2026-01-06", "2026-01-12")),  # planned the day after: keeps its start
])
def test_planned_work_starting_around_the_as_of_day(write, start: str, projected: tuple) -> None:
    path = write("r.yaml", HEADER + f"items:\n  - {{id: a, title: A, track: data, start: {start}, duration: 1w}}\n")
    node = graph_nodes(path, "2026-01-05")["a"]
    assert (node["start"], node["finish"]) == projected


def test_a_milestone_s_latest_finish_is_its_successor_s_latest_start(write) -> None:
    # a (5-9 Jan) -> decision d -> b (5 days); c (20 days, 5-24 Jan) sets the end. b may
    # start as late as 20 Jan, so the decision may happen as late as 20 Jan: a milestone
    # takes no day, its latest finish is its latest start.
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 5d}
  - {id: b, title: B, track: model, depends_on: [d], duration: 5d}
  - {id: c, title: C, track: team, start: 2026-01-05, duration: 20d}
decisions:
  - {id: d, title: Go?, depends_on: [a]}
""")
    nodes = graph_nodes(path, "2026-01-05")
    assert {key: nodes["d"][key] for key in ("start", "finish", "latest_start", "latest_finish", "slack")} == {
        "start": "2026-01-10", "finish": "2026-01-10", "latest_start": "2026-01-20", "latest_finish": "2026-01-20", "slack": 10}
    assert (nodes["a"]["latest_finish"], nodes["a"]["slack"]) == ("2026-01-19", 10)
    assert (nodes["b"]["latest_start"], nodes["b"]["latest_finish"]) == ("2026-01-20", "2026-01-24")


CHAIN = HEADER + """\
items:
  - {id: x, title: X, track: data, start: 2026-01-05, duration: 1w}
  - {id: y, title: Y, track: model, depends_on: [x], duration: 1w, status: %(y)s}
  - {id: z, title: Z, track: team, depends_on: [y], duration: 1w}
  - {id: w, title: W, track: ethics, depends_on: [x], duration: 1w}
"""


@pytest.mark.parametrize(("y", "expected"), [
    # x waits on nothing and three pieces of work wait on it, two of them directly.
    ("planned", [("x", ["ethics", "model", "team"], 3, 2)]),
    # y cancelled blocks nothing and waits on nothing: x holds up w, and z through y's
    # place in the chain, but not y.
    ("cancelled", [("x", ["ethics", "team"], 2, 1)]),
    # y done counts no more, as cancelled; z still counts, as every open descendant does.
    ("done", [("x", ["ethics", "team"], 2, 1)]),
])
def test_direct_and_all_dependents_in_the_blockers(write, y: str, expected: list) -> None:
    assert blockers(write("r.yaml", CHAIN % {"y": y})) == expected


def test_cancelled_work_downstream_of_a_blocker_blocks_no_track(write) -> None:
    # x would block two tracks; with the model work cancelled it blocks one: not cross-track.
    path = write("r.yaml", HEADER + """\
items:
  - {id: x, title: X, track: data, start: 2026-01-05, duration: 1w}
  - {id: y, title: Y, track: model, depends_on: [x], duration: 1w, status: cancelled}
  - {id: w, title: W, track: ethics, depends_on: [x], duration: 1w}
""")
    assert blockers(path) == []
    assert blockers(write("s.yaml", path.read_text().replace(", status: cancelled", ""))) == [("x", ["ethics", "model"], 2, 2)]


METRIC = "      - {name: m%d, direction: higher, baseline: 0.5, targets: {2026-Q1: 0.6}}\n"


@pytest.mark.parametrize(("count", "finding"), [
    (1, "model 'clf' has 1 key metric; track 2-3"),
    (2, None),
    (3, None),
    (4, "model 'clf' has 4 key metrics; track 2-3"),
])
def test_a_model_tracks_two_or_three_metrics(write, count: int, finding: str | None) -> None:
    path = write("r.yaml", HEADER + "models:\n  - id: clf\n    title: Classifier\n    metrics:\n"
                 + "".join(METRIC % index for index in range(count)))
    assert codes(path, "MLR111") == ([finding] if finding else [])


@pytest.mark.parametrize(("direction", "q2", "finding"), [
    # A flat target (the same as last quarter's) never moves the metric the wrong way...
    ("higher", 0.6, None),
    ("lower", 0.6, None),
    # ...a hundredth the wrong way does.
    ("higher", 0.59, "model 'clf': metric 'accuracy' target for 2026-Q2 (0.59) is below the 2026-Q1 target (0.6), but higher is better"),
    ("lower", 0.61, "model 'clf': metric 'accuracy' target for 2026-Q2 (0.61) is above the 2026-Q1 target (0.6), but lower is better"),
])
def test_a_flat_target_is_not_the_wrong_way(write, direction: str, q2: float, finding: str | None) -> None:
    baseline = 0.5 if direction == "higher" else 0.7
    path = write("r.yaml", HEADER + f"""\
models:
  - id: clf
    title: Classifier
    metrics:
      - {{name: accuracy, direction: {direction}, baseline: {baseline}, targets: {{2026-Q1: 0.6, 2026-Q2: {q2}}}}}
      - {{name: latency, direction: lower, baseline: 300, targets: {{2026-Q1: 250}}}}
""")
    assert codes(path, "MLR114") == ([finding] if finding else [])


# --- cases a mutation run found unpinned (each flips with one operator) --------------------------


def chain(path, *args: str) -> list[str]:
    result = run_cli("critical-path", str(path), "--as-of", "2026-01-05", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [task["id"] for task in json.loads(result.stdout)["critical_path"]]


def test_a_milestone_in_progress_is_not_under_way(write) -> None:
    # A milestone takes no day: "in progress" does not keep its past start; it is today.
    path = write("r.yaml", HEADER + "items:\n  - {id: m, title: M, track: data, status: in-progress, start: 2026-01-02}\n")
    node = graph_nodes(path, "2026-01-05")["m"]
    assert (node["start"], node["finish"], node["latest_start"]) == ("2026-01-05", "2026-01-05", "2026-01-05")


def test_a_blocker_clearing_the_day_a_predecessor_frees_the_dataset_is_not_what_holds_it(write) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: p, title: P, track: model, start: 2026-01-05, duration: 5d}
datasets:
  - {id: tx, title: TX, source: s, refresh: daily, quality_sla: q, depends_on: [p], duration: 1w,
     blockers: [{kind: access, description: Account, owner: it, until: 2026-01-10}]}
""")
    node = graph_nodes(path, "2026-01-05")["tx"]
    assert (node["start"], node["driver"], node["blocked_until"]) == ("2026-01-10", "p", None)
    assert chain(path) == ["p", "tx"]
    assert codes(path, "MLR126") == []


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_a_predecessor_that_frees_work_on_the_as_of_day_still_drives_it(write, dates: str) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: b, title: B, track: model, depends_on: [d], duration: 5d}
decisions:
  - {id: d, title: D, owner: cto, due: 2026-01-05}
""")
    assert chain(path, "--dates", dates) == ["d", "b"]


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_ties_between_predecessors_name_the_first_listed(write, dates: str) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 5d}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 5d}
  - {id: c, title: C, track: model, depends_on: [a, b], duration: 5d}
""")
    assert chain(path, "--dates", dates) == ["a", "c"]


@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_a_planned_start_on_the_day_a_predecessor_frees_it_keeps_the_predecessor_as_driver(write, dates: str) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 5d}
  - {id: b, title: B, track: model, depends_on: [a], start: 2026-01-10, duration: 5d}
  - {id: c, title: C, track: model, depends_on: [a], start: 2026-01-11, duration: 5d}
""")
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", "2026-01-05", "--dates", dates,
                                                            "--format", "json").stdout)["nodes"]}
    assert (nodes["b"]["driver"], nodes["c"]["driver"]) == ("a", None)  # c's own start, a day later, sets it


@pytest.mark.parametrize(("end", "following"), [("2026-01-12", "2026-01-12"), ("2026-01-11", None)])
def test_an_occurrence_on_the_series_last_day_is_its_next(write, end: str, following: str | None) -> None:
    # A weekly series from Mon 5 Jan; on Tue 6 Jan its next occurrence is Mon 12 Jan, if
    # the series lasts until then.
    series = write("r.yaml", HEADER + f"items:\n  - {{id: sync, title: Sync, track: team, status: in-progress, start: 2026-01-05, "
                   f"end: {end}, duration: 1d, cadence: weekly}}\n")
    assert graph_nodes(series, "2026-01-06")["sync"]["next"] == following


def test_a_one_day_effort_takes_a_day(write) -> None:
    path = write("r.yaml", HEADER + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, effort: 1d, assignees: [ana]}
  - {id: b, title: B, track: model, depends_on: [a], duration: 5d}
""")
    nodes = graph_nodes(path, "2026-01-05")
    assert (nodes["a"]["days"], nodes["b"]["start"], nodes["b"]["finish"]) == (1, "2026-01-06", "2026-01-10")


@pytest.mark.parametrize(("until", "overdue"), [("2026-01-04", True), ("2026-01-05", False)])
def test_a_blocker_due_to_clear_today_is_not_overdue(write, until: str, overdue: bool) -> None:
    path = write("r.yaml", HEADER + f"""\
datasets:
  - {{id: tx, title: TX, source: s, refresh: daily, quality_sla: q, start: 2026-01-12, duration: 1w,
     blockers: [{{kind: access, description: Account, owner: it, until: {until}}}]}}
""")
    expected = [f"dataset 'tx': open access blocker was expected to clear by {until}"] if overdue else []
    assert codes(path, "MLR125") == expected
