"""Schedule, critical path and cross-track blockers: hand-computed, property-tested, and
shown on the example roadmap."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import EXAMPLES, HEADER, run_cli
from hypothesis import given
from hypothesis import strategies as st

import mlroadmap
from mlroadmap.api import critical_path
from mlroadmap.graph import build_graph, downstream
from mlroadmap.schedule import schedule

TEXTBOOK = Path(__file__).parent / "fixtures" / "cpm-textbook.yaml"
BEFORE_START = dt.date(2025, 12, 1)  # as-of before the period: nothing is forced to slip


def day(n: int) -> dt.date:
    return dt.date(2026, 1, 1) + dt.timedelta(days=n)


# id: (earliest start, last day, latest start, latest last day, slack), hand-computed
TEXTBOOK_TIMES = {
    "a": (day(0), day(2), day(0), day(2), 0),
    "b": (day(3), day(6), day(3), day(6), 0),
    "c": (day(3), day(4), day(9), day(10), 6),
    "d": (day(7), day(11), day(7), day(11), 0),
    "e": (day(5), day(5), day(11), day(11), 6),
    "f": (day(5), day(6), day(14), day(15), 9),
    "g": (day(12), day(15), day(12), day(15), 0),
    "h": (day(16), day(18), day(16), day(18), 0),
}


def test_textbook_schedule_matches_the_hand_computation() -> None:
    roadmap = mlroadmap.load(TEXTBOOK)
    plan = schedule(roadmap, build_graph(roadmap), as_of=BEFORE_START)
    computed = {
        node: (task.start, task.finish, task.latest_start, task.latest_finish, task.slack) for node, task in plan.tasks.items()
    }
    assert computed == TEXTBOOK_TIMES
    assert plan.critical_path == ["a", "b", "d", "g", "h"]
    assert plan.end == day(18)
    assert sum(plan.tasks[node].days for node in plan.critical_path) == 19


def test_textbook_blockers_are_ranked_by_tracks_then_dependents_then_slack() -> None:
    report = critical_path(mlroadmap.load(TEXTBOOK), as_of=BEFORE_START)
    assert [(row.task.id, row.blocker.tracks_blocked, row.blocker.dependents) for row in report.blockers] == [
        ("a", ("ethics", "experiments", "model", "monitoring", "team"), 7),
        ("c", ("experiments", "model", "monitoring", "team"), 4),
        ("b", ("model", "team"), 3),
        ("d", ("model", "team"), 2),
        ("e", ("model", "team"), 2),
    ]


def test_as_of_moves_unstarted_work_to_today(write) -> None:
    roadmap = mlroadmap.load(TEXTBOOK)
    plan = schedule(roadmap, build_graph(roadmap), as_of=day(10))
    assert plan.tasks["a"].start == day(10)  # planned to start on day 0, not started: slips
    assert plan.end == day(28)


def test_done_work_finishes_on_its_end_date_and_in_progress_keeps_its_plan(write) -> None:
    path = write(
        "r.yaml",
        HEADER
        + """\
items:
  - {id: a, title: A, track: data, status: done, start: 2026-01-05, end: 2026-01-09}
  - {id: b, title: B, track: data, status: in-progress, start: 2026-01-12, duration: 2w, depends_on: [a]}
  - {id: c, title: C, track: model, duration: 1w, depends_on: [b]}
""",
    )
    roadmap = mlroadmap.load(path)
    plan = schedule(roadmap, build_graph(roadmap), as_of=dt.date(2026, 1, 20))
    assert (plan.tasks["b"].start, plan.tasks["b"].finish) == (dt.date(2026, 1, 12), dt.date(2026, 1, 25))
    assert (plan.tasks["c"].start, plan.tasks["c"].finish) == (dt.date(2026, 1, 26), dt.date(2026, 2, 1))
    assert plan.tasks["a"].slack is None  # finished work has no slack


def test_broken_planned_dependency_and_late_work_are_reported_with_both_dates(write) -> None:
    path = write(
        "r.yaml",
        HEADER
        + """\
items:
  - {id: a, title: A, track: data, start: 2026-02-02, duration: 2w}
  - {id: b, title: B, track: model, start: 2026-02-09, duration: 1w, depends_on: [a], due: 2026-02-20}
""",
    )
    report = critical_path(mlroadmap.load(path), as_of=BEFORE_START)
    assert [item.to_dict() for item in report.broken] == [
        {"task": "b", "planned_start": "2026-02-09", "predecessor": "a", "predecessor_finish": "2026-02-15", "lag_days": 0, "earliest_start": "2026-02-16"}
    ]
    assert [item.to_dict() for item in report.late] == [{"task": "b", "due": "2026-02-20", "finish": "2026-02-22", "days_late": 2}]


# --- properties on random DAGs -------------------------------------------------------------

TRACKS = ["model", "data", "ethics", "monitoring", "experiments", "team"]


@st.composite
def random_roadmaps(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 25))
    lines = [HEADER, "items:\n"]
    for index in range(count):
        predecessors = draw(st.lists(st.integers(0, index - 1), max_size=3, unique=True)) if index else []
        status = draw(st.sampled_from(["planned", "planned", "in-progress", "done"]))
        days = draw(st.integers(0, 20))
        start = f", start: {day(draw(st.integers(0, 60))).isoformat()}" if draw(st.booleans()) else ""
        lines.append(
            f"  - {{id: n{index}, title: N{index}, track: {draw(st.sampled_from(TRACKS))}, duration: {days}d, "
            f"status: {status}{start}, depends_on: [{', '.join(f'n{p}' for p in predecessors)}]}}\n"
        )
    return "".join(lines)


@pytest.mark.slow
@given(random_roadmaps(), st.integers(-30, 120))
def test_schedule_properties_on_random_dags(tmp_path_factory, text: str, as_of_day: int) -> None:
    path = tmp_path_factory.mktemp("r") / "r.yaml"
    path.write_text(text)
    roadmap = mlroadmap.load(path)
    graph = build_graph(roadmap)
    plan = schedule(roadmap, graph, as_of=day(as_of_day))
    open_tasks = [task for task in plan.tasks.values() if task.open]
    assert all(task.slack >= 0 for task in open_tasks)
    for node in plan.critical_path:
        assert plan.tasks[node].slack == 0
    as_of = day(as_of_day)
    for u, v in graph.edges():
        if plan.tasks[v].open and not (plan.tasks[v].recurs and plan.tasks[v].under_way(as_of)):
            # open work starts after its predecessors' projected finish; work under way keeps
            # its start, and the days it has left go on after them
            assert plan.tasks[v].goes_on(as_of) >= plan.tasks[u].finish + dt.timedelta(days=1 if plan.tasks[u].days else 0)
            if not plan.tasks[v].under_way(as_of):
                assert plan.tasks[v].goes_on(as_of) == plan.tasks[v].start
    if plan.critical_path:
        chain = [plan.tasks[node] for node in plan.critical_path]
        # the chain has no gaps: its length is the projected duration from where it goes on
        length = sum((task.finish - task.goes_on(as_of)).days + 1 for task in chain if task.days)
        assert length == (chain[-1].finish - chain[0].goes_on(as_of)).days + (1 if chain[-1].days else 0)


@pytest.mark.slow
@given(random_roadmaps())
def test_blockers_equal_a_brute_force_descendants_computation(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("r") / "r.yaml"
    path.write_text(text)
    graph = build_graph(mlroadmap.load(path))
    fast = downstream(graph)
    for node in graph:
        waiting = [d for d in nx.descendants(graph, node) if graph.nodes[d]["entity"].status not in ("done", "cancelled")]
        assert fast[node].dependents == len(waiting)
        assert fast[node].tracks_blocked == tuple(sorted({graph.nodes[d]["track"] for d in waiting}))


# --- the example, the CLI and the exports ----------------------------------------------------

SUPPORT = EXAMPLES / "support-assistant"
AS_OF = "2026-11-25"


def test_example_names_its_critical_chain_and_its_real_cross_track_blocker() -> None:
    result = run_cli("critical-path", str(SUPPORT), "--as-of", AS_OF, "--dates", "dependencies", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert (payload["end"], payload["dates"]) == ("2026-12-28", "dependencies")
    assert [task["id"] for task in payload["critical_path"]] == [
        "rag-de-fr", "audit-languages", "dec-eu-launch", "exp-eu-rollout", "eu-go-live"
    ]
    top = payload["blockers"][0]
    assert (top["id"], top["tracks_blocked"], top["dependents"]) == (
        "label-eu-intents", ["ethics", "experiments", "model", "monitoring", "rollout"], 6
    )


def test_terminal_output_fits_80_columns_and_names_the_chain() -> None:
    result = run_cli("critical-path", str(SUPPORT), "--as-of", AS_OF, "--dates", "dependencies", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Support Assistant 2026: the roadmap is projected to finish on 2026-12-28 by"
    assert max(len(line) for line in lines) <= 80
    assert "(rag-de-fr)" in result.stdout and "label-eu-intents" in result.stdout


def test_the_terminal_shows_the_first_25_rows_of_long_lists_and_markdown_and_json_all(write) -> None:
    # 30 pieces of model work, each started before `a` finishes (broken), due too early
    # (late) and waited on by data and ethics work (a blocker of two tracks); `a` blocks three.
    body = "items:\n  - {id: a, title: A, track: team, start: 2026-02-02, duration: 2w}\n"
    for i in range(30):
        body += (
            f"  - {{id: b{i}, title: B{i}, track: model, start: 2026-02-09, duration: 1w, depends_on: [a], due: 2026-02-10}}\n"
            f"  - {{id: c{i}, title: C{i}, track: data, duration: 1w, depends_on: [b{i}]}}\n"
            f"  - {{id: e{i}, title: E{i}, track: ethics, duration: 1w, depends_on: [b{i}]}}\n"
        )
    path = write("many.yaml", HEADER + body)
    args = ("critical-path", str(path), "--as-of", "2025-12-01")
    text = run_cli(*args, env={"COLUMNS": "120"}).stdout
    blocker_rows = [line for line in text.splitlines() if line.startswith(("B", "A ("))]
    assert len(blocker_rows) == 25 and blocker_rows[0].startswith("A (a, team)")
    assert text.count("is planned to start 2026-02-09, before a finishes on 2026-02-15") == 25
    assert text.count(": due 2026-02-10, projected 2026-02-22 (12 days late)") == 25
    more = [line for line in text.splitlines() if "more (" in line]
    assert more == [
        "  ... and 6 more (--format markdown or json lists them all)",
        "  ... and 5 more (--format markdown or json lists them all)",
        "  ... and 5 more (--format markdown or json lists them all)",
    ]
    markdown = run_cli(*args, "--format", "markdown").stdout
    assert markdown.count("| data, ethics |") == 30 and markdown.count("before `a` finishes") == 30 and "more (" not in markdown
    payload = json.loads(run_cli(*args, "--format", "json").stdout)
    assert (len(payload["blockers"]), len(payload["broken_dependencies"]), len(payload["late"])) == (31, 30, 30)


def test_per_outcome_chain() -> None:
    result = run_cli("critical-path", str(SUPPORT), "--as-of", AS_OF, "--outcome", "protect-csat", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["outcome"] == "protect-csat"
    assert payload["end"] == payload["outcome_dates"]["protect-csat"]


def test_unknown_outcome_and_bad_date_are_usage_errors() -> None:
    assert run_cli("critical-path", str(SUPPORT), "--outcome", "nope").exit_code == 2
    result = run_cli("critical-path", str(SUPPORT), "--as-of", "25/11/2026")
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: --as-of: '25/11/2026' is not a date; write YYYY-MM-DD\n")


def test_an_invalid_roadmap_is_reported_like_validate_and_exits_1(write) -> None:
    path = write("r.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, depends_on: [a]}\n")
    result = run_cli("critical-path", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}:5:49: dependency cycle: a -> a"


def test_mermaid_gantt_structure() -> None:
    result = run_cli("graph", str(TEXTBOOK), "--as-of", BEFORE_START.isoformat(), "--format", "gantt")
    lines = result.stdout.splitlines()
    assert lines[:5] == ["gantt", "    title Textbook CPM", "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d", "    todayMarker off"]
    assert "    section Data pipelines & infrastructure" in lines
    assert "    A :crit, t_a, 2026-01-01, 3d" in lines
    assert "    B :crit, t_b, 2026-01-04, 4d" in lines
    assert "    C :t_c, 2026-01-04, 2d" in lines
    assert "    G :crit, t_g, 2026-01-13, 4d" in lines  # the merge starts after its later predecessor


def test_mermaid_flowchart_structure() -> None:
    result = run_cli("graph", str(TEXTBOOK), "--as-of", BEFORE_START.isoformat(), "--format", "mermaid")
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    assert '        t_a["A"]' in lines
    assert "    t_a --> t_b" in lines and "    t_f --> t_h" in lines
    assert "    class t_a,t_b,t_d,t_g,t_h,legend_critical critical" in lines  # the legend's sample too
    assert sum(line.strip().startswith("subgraph") for line in lines) == sum(line.strip() == "end" for line in lines) == 7  # six tracks and the legend


def test_dot_is_accepted_by_graphviz_when_installed(tmp_path: Path) -> None:
    import shutil
    import subprocess

    import pytest

    result = run_cli("graph", str(SUPPORT), "--as-of", AS_OF, "--dates", "dependencies", "--format", "dot")
    assert result.stdout.startswith('digraph "Support Assistant 2026" {')
    assert '"rag-de-fr" -> "audit-languages" [color="#c62828", penwidth=2.5];' in result.stdout
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    rendered = subprocess.run(["dot", "-Tsvg"], input=result.stdout, capture_output=True, text=True)
    assert rendered.returncode == 0, rendered.stderr
    assert "<svg" in rendered.stdout


# --- cases from a scheduling review: (items YAML, as-of, expectations) ----------------------

PERIOD_HEADER = "roadmap: {name: T, period: {start: 2026-Q1, end: 2026-Q2}}\n"


def _plan(write, body: str, as_of: dt.date = BEFORE_START):
    roadmap = mlroadmap.load(write("r.yaml", PERIOD_HEADER + body))
    return critical_path(roadmap, as_of=as_of)


def test_cancelled_work_takes_no_time_but_passes_dates_on(write) -> None:
    report = _plan(write, """\
items:
  - {id: a, title: A, track: data, duration: 5d}
  - {id: x, title: X, track: data, duration: 3d, depends_on: [a], status: cancelled}
  - {id: b, title: B, track: model, duration: 5d, depends_on: [x]}
  - {id: c, title: C, track: team, duration: 2d}
""")
    assert [task.id for task in report.chain] == ["a", "b"]
    assert report.schedule.tasks["a"].slack == 0
    assert report.end == day(9)


def test_a_regulation_or_decision_past_its_date_is_late(write) -> None:
    report = _plan(write, """\
items:
  - {id: a, title: A, track: data, duration: 40d}
regulations:
  - {id: reg, title: AI Act deadline, regulation: EU AI Act, due: 2026-02-01, depends_on: [a]}
decisions:
  - {id: dec, title: Go or no-go, due: 2026-02-01, depends_on: [a]}
""")
    assert [(item.task, item.days_late) for item in report.late] == [("reg", 9), ("dec", 9)]


def test_the_period_start_is_no_floor_for_dated_work(write) -> None:
    report = _plan(write, """\
items:
  - {id: carry, title: Carried over, track: data, status: in-progress, start: 2025-12-15, duration: 30d}
""", as_of=dt.date(2026, 1, 5))
    task = report.schedule.tasks["carry"]
    assert (task.start, task.finish) == (dt.date(2025, 12, 15), dt.date(2026, 1, 13))


def test_an_outcome_chain_ends_with_its_last_milestone_and_an_unserved_outcome_says_so(write) -> None:
    body = """\
outcomes:
  - {id: o1, title: O1, problem: P, metric: m, baseline: 1, target: 2, due: 2026-Q1}
  - {id: o2, title: O2, problem: P, metric: m, baseline: 1, target: 2, due: 2026-Q1}
items:
  - {id: a, title: A, track: data, duration: 10d, outcome: o1}
  - {id: golive, title: Go live, track: model, depends_on: [a], outcome: o1}
"""
    roadmap = mlroadmap.load(write("r.yaml", PERIOD_HEADER + body))
    first = critical_path(roadmap, as_of=BEFORE_START, outcome="o1")
    assert [task.id for task in first.chain] == ["a", "golive"] and first.end == day(10)
    assert critical_path(roadmap, as_of=BEFORE_START, outcome="o2").end is None
    result = run_cli("critical-path", str(roadmap.files[0].name), "--outcome", "o2", "--as-of", BEFORE_START.isoformat())
    assert result.stdout.splitlines()[0] == "T: no work serves outcome 'o2', so nothing sets its date."


def test_broken_dependencies_respect_milestones_and_ignore_cancelled_work(write) -> None:
    report = _plan(write, """\
items:
  - {id: a, title: A, track: data, start: 2026-01-01, end: 2026-01-10}
  - {id: m, title: M, track: data, end: 2026-01-10, depends_on: [a]}
  - {id: b, title: B, track: data, start: 2026-01-10, duration: 3d, depends_on: [m]}
  - {id: canc, title: C, track: data, status: cancelled, start: 2026-01-01, end: 2026-01-31}
  - {id: d, title: D, track: data, start: 2026-01-10, duration: 3d, depends_on: [canc]}
""")
    assert [(item.task, item.predecessor) for item in report.broken] == [("m", "a")]


def test_cancelled_work_does_not_move_the_end_and_done_work_is_not_in_the_future(write) -> None:
    report = _plan(write, """\
items:
  - {id: long, title: L, track: data, duration: 31d}
  - {id: c, title: C, track: data, duration: 5d, status: cancelled, depends_on: [long]}
  - {id: future, title: F, track: data, status: done, start: 2026-01-05, end: 2026-03-31}
""", as_of=dt.date(2026, 1, 10))
    assert report.end == dt.date(2026, 2, 9)  # long slips to the as-of day: 10 Jan + 31 days
    assert report.schedule.tasks["future"].finish == dt.date(2026, 1, 10)


def test_every_chain_that_ends_last_is_shown(write) -> None:
    report = _plan(write, """\
items:
  - {id: a, title: A, track: data, duration: 5d}
  - {id: b, title: B, track: data, duration: 5d, depends_on: [a]}
  - {id: x, title: X, track: model, duration: 10d}
""")
    chains = [[task.id for task in report.chain]] + [[task.id for task in other] for other in report.other_chains]
    assert sorted(chains) == [["a", "b"], ["x"]]


def test_markdown_keeps_backslashes_and_escapes_pipes(write) -> None:
    from mlroadmap.render.critical_path import to_markdown

    report = _plan(write, """\
items:
  - {id: a, title: 'A \\ b | c', track: data, duration: 5d}
""")
    assert "| A \\\\ b \\| c (`a`) |" in to_markdown(report)


def test_an_unknown_track_is_a_usage_error() -> None:
    result = run_cli("critical-path", str(TEXTBOOK), "--track", "modle")
    assert result.exit_code == 2
    assert result.stderr.startswith("mlroadmap: error: --track: no track 'modle'; the tracks are: model, data,")


def test_mermaid_text_that_looks_like_syntax_stays_text(write) -> None:
    # Titles a team could write that Mermaid would otherwise read as settings, comments,
    # entities, HTML or Markdown (each found by running Mermaid 11's own parser).
    path = write(
        "r.yaml",
        PERIOD_HEADER
        + """\
items:
  - {id: a, title: 'Title page redesign', track: data, duration: 2d}
  - {id: b, title: '5% uplift: recall; #1', track: data, duration: 2d}
  - {id: c, title: 'Excludes weekends from the SLA', track: data, duration: 2d}
  - {id: end, title: 'Fix #42 <b>now</b> `kubectl` & "go"', track: model, duration: 2d, depends_on: [a]}
""",
    )
    gantt = run_cli("graph", str(path), "--as-of", BEFORE_START.isoformat(), "--format", "gantt").stdout.splitlines()
    assert "    #8203;Title page redesign :crit, t_a, 2026-01-01, 2d" in gantt
    assert "    #8203;5% uplift recall 1 :t_b, 2026-01-01, 2d" in gantt
    assert "    #8203;Excludes weekends from the SLA :t_c, 2026-01-01, 2d" in gantt
    flow = run_cli("graph", str(path), "--as-of", BEFORE_START.isoformat(), "--format", "mermaid").stdout.splitlines()
    assert '        t_end["Fix #35;42 #lt;b#gt;now#lt;/b#gt; #96;kubectl#96; #amp; #quot;go#quot;"]' in flow


# --- slack to the nearest due date -------------------------------------------------------------

DEADLINE = HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w}
  - {id: b, title: B, track: model, depends_on: [a], duration: 1w, due: %(b_due)s}
  - {id: c, title: C, track: team, depends_on: [a], duration: 10w}
decisions:
  - {id: d, title: Go?, depends_on: [b], due: %(d_due)s}
"""


@pytest.mark.parametrize(("b_due", "d_due", "expected"), [
    # a 5-18 Jan, b 19-25 Jan, the decision waits for b: 26 Jan; c 19 Jan to 29 Mar sets the end.
    # The decision due on 23 Jan is 3 days late, and so is everything it waits on.
    ("2026-12-31", "2026-01-23", {"a": -3, "b": -3, "c": None, "d": -3}),
    # On its due date a decision (a milestone) is on time; a day earlier it is late.
    ("2026-12-31", "2026-01-26", {"a": 0, "b": 0, "c": None, "d": 0}),
    ("2026-12-31", "2026-01-25", {"a": -1, "b": -1, "c": None, "d": -1}),
    # Work may take its due date's day: b due on its last day has none to spare.
    ("2026-01-25", "2026-02-20", {"a": 0, "b": 0, "c": None, "d": 0}),  # a decision happens on its date
    ("2026-01-24", "2026-02-20", {"a": -1, "b": -1, "c": None, "d": 0}),
])
def test_slack_to_the_nearest_due_date_downstream(write, b_due: str, d_due: str, expected: dict) -> None:
    path = write("deadline.yaml", DEADLINE % {"b_due": b_due, "d_due": d_due})
    nodes = {task["id"]: task for task in json.loads(run_cli("graph", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)["nodes"]}
    assert {ident: task["slack_to_due"] for ident, task in nodes.items()} == expected
    # Slack against the roadmap's end stays as it was: c's chain sets the end, b's has 63 days.
    assert (nodes["a"]["slack"], nodes["b"]["slack"], nodes["c"]["slack"]) == (0, 63, 0)


def test_blockers_that_hold_up_a_deadline_come_before_those_with_less_slack_to_the_end(write) -> None:
    # x and y each block two tracks and two pieces of work. x's chain sets the end (no
    # slack); y has weeks of slack to the end, but y1, due 16 Jan, finishes 18 Jan.
    path = write("rank.yaml", HEADER + """\
items:
  - {id: x, title: X, track: data, start: 2026-01-05, duration: 1w}
  - {id: x1, title: X1, track: model, depends_on: [x], duration: 1w}
  - {id: x2, title: X2, track: team, depends_on: [x], duration: 10w}
  - {id: y, title: Y, track: data, start: 2026-01-05, duration: 1w}
  - {id: y1, title: Y1, track: model, depends_on: [y], duration: 1w, due: 2026-01-16}
  - {id: y2, title: Y2, track: team, depends_on: [y], duration: 1w}
""")
    report = json.loads(run_cli("critical-path", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    assert [(row["id"], row["slack"], row["slack_to_due"]) for row in report["blockers"]] == [("y", 63, -2), ("x", 0, None)]
