"""Team capacity: hand-computed levelled schedules, the plan's load and over-allocation,
skill gaps, properties on random roadmaps, and the `capacity` and `critical-path
--resources` commands."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import mlroadmap
from mlroadmap.graph import build_graph
from mlroadmap.levelling import add_work_days, over_allocations, planned_load, staff
from mlroadmap.schedule import Schedule, schedule

AS_OF = dt.date(2026, 1, 5)  # a Monday
SUPPORT = str(EXAMPLES / "support-assistant")


def _load(write, body: str):
    return mlroadmap.load(write("roadmap.yaml", HEADER + body))


def _levelled(roadmap, as_of: dt.date = AS_OF) -> Schedule:
    return schedule(roadmap, build_graph(roadmap), as_of, resources=True)


def _dates(plan: Schedule, task: str) -> tuple[str, str]:
    return plan.tasks[task].start.isoformat(), plan.tasks[task].finish.isoformat()


# --- hand-computed schedules ------------------------------------------------------------------


def test_two_parallel_items_on_one_half_time_person_go_one_after_the_other(write) -> None:
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana, capacity: 0.5}
items:
  - {id: a, title: A, track: data, effort: 5d, assignees: [ana]}
  - {id: b, title: B, track: model, effort: 5d, assignees: [ana]}
""")
    levelled = _levelled(roadmap)
    plan = levelled.baseline
    # By dependencies alone both run at once: 5 days of work at half time is 10 working days.
    assert _dates(plan, "a") == _dates(plan, "b") == ("2026-01-05", "2026-01-16")
    # With Ana's real time, b waits for her: Monday 19 Jan to Friday 30 Jan.
    assert _dates(levelled, "a") == ("2026-01-05", "2026-01-16")
    assert _dates(levelled, "b") == ("2026-01-19", "2026-01-30")
    assert levelled.tasks["b"].held_by == "a"
    assert levelled.end == dt.date(2026, 1, 30) and plan.end == dt.date(2026, 1, 16)
    # The plan books her twice over for those ten working days.
    crew = staff(roadmap)
    bookings, _chosen = planned_load(roadmap, plan, crew)
    [over] = over_allocations(bookings, crew, AS_OF)
    assert (over.resource, over.first, over.last, over.days, over.peak, over.tasks) == (
        "ana", dt.date(2026, 1, 5), dt.date(2026, 1, 16), 10, 200, ("a", "b"))


def test_a_vacation_pushes_an_item_by_the_working_days_missed(write) -> None:
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana, off: [{start: 2026-01-12, end: 2026-01-16, reason: vacation}]}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w, assignees: [ana]}
""")
    levelled = _levelled(roadmap)
    assert _dates(levelled.baseline, "a") == ("2026-01-05", "2026-01-18")
    # Two weeks full-time is ten working days: five before the vacation, five after it.
    assert _dates(levelled, "a") == ("2026-01-05", "2026-01-23")


def test_any_of_picks_the_person_who_is_free(write) -> None:
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 1w, assignees: [ana]}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 1w, any_of: [ana, ben]}
""")
    levelled = _levelled(roadmap)
    assert levelled.tasks["b"].done_by == "ben"
    assert _dates(levelled, "b") == ("2026-01-05", "2026-01-11")
    crew = staff(roadmap)
    bookings, chosen = planned_load(roadmap, levelled.baseline, crew)
    assert chosen == {"b": "ben"}
    assert over_allocations(bookings, crew, AS_OF) == []


def test_a_deadline_the_team_cannot_meet_is_reported_not_hidden(write) -> None:
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w, due: 2026-01-18, assignees: [ana]}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 2w, due: 2026-01-18, assignees: [ana]}
""")
    levelled = _levelled(roadmap)
    assert levelled.baseline.late == []  # dependencies alone meet both due dates
    assert _dates(levelled, "a") == ("2026-01-05", "2026-01-18")
    assert _dates(levelled, "b") == ("2026-01-19", "2026-02-01")
    [late] = levelled.late
    assert (late.task, late.due, late.finish, late.days_late) == ("b", dt.date(2026, 1, 18), dt.date(2026, 2, 1), 14)
    result = run_cli("critical-path", "--resources", "--as-of", "2026-01-05", str(roadmap.files[0].name))
    assert "  b: due 2026-01-18, projected 2026-02-01 (14 days late)\n" in result.stdout


def test_least_slack_goes_first(write) -> None:
    # b's deadline leaves it no slack; a can wait until the roadmap's end (set by c): b takes
    # Ana first although a comes first in the file.
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 1w, assignees: [ana]}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 1w, due: 2026-01-11, assignees: [ana]}
  - {id: c, title: C, track: data, start: 2026-02-02, duration: 1w}
""")
    levelled = _levelled(roadmap)
    assert _dates(levelled, "b") == ("2026-01-05", "2026-01-11")
    assert _dates(levelled, "a") == ("2026-01-12", "2026-01-18")
    assert levelled.late == []


def test_recurring_work_is_booked_on_its_own_days_and_other_work_goes_around_it(write) -> None:
    roadmap = _load(write, """\
people:
  - {id: ana, name: Ana}
items:
  - {id: review, title: Weekly review, track: ethics, cadence: weekly, status: in-progress, start: 2026-01-05, duration: 1d, assignees: [ana]}
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w, assignees: [ana]}
""")
    levelled = _levelled(roadmap)
    # Ana reviews every Monday; ten days of work fill Tuesday to Friday for two weeks and
    # the Tuesday and Wednesday of the third.
    assert _dates(levelled, "a") == ("2026-01-06", "2026-01-21")
    assert levelled.tasks["a"].held_by == "review"
    load = levelled.bookings.load["ana"]
    mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=week) for week in range(52)]
    assert all(load[day.toordinal()] == 1000 for day in mondays if day.year == 2026)


def test_a_team_without_members_is_a_pool_of_its_capacity(write) -> None:
    roadmap = _load(write, """\
teams:
  - {id: vendor, name: Labelling vendor, capacity: 2}
items:
  - {id: label, title: Label, track: data, start: 2026-01-05, effort: 4w, assignees: [vendor]}
""")
    # 20 person-days at two people a day: ten working days.
    assert _dates(_levelled(roadmap), "label") == ("2026-01-05", "2026-01-16")


def test_effort_only_work_takes_working_days_in_the_dependency_schedule_too(write) -> None:
    roadmap = _load(write, """\
items:
  - {id: a, title: A, track: data, start: 2026-01-08, effort: 3d}
  - {id: b, title: B, track: data, depends_on: [a]}
""")
    plan = schedule(roadmap, build_graph(roadmap), AS_OF)
    # Thursday, Friday, Monday: three working days from the Thursday.
    assert _dates(plan, "a") == ("2026-01-08", "2026-01-12")
    assert plan.tasks["b"].start == dt.date(2026, 1, 13)


@pytest.mark.parametrize(("start", "count", "after"), [
    ("2026-01-05", 0, "2026-01-05"),  # nothing to do: no time
    ("2026-01-05", 1, "2026-01-06"),  # Monday
    ("2026-01-05", 5, "2026-01-10"),  # Monday to Friday
    ("2026-01-05", 6, "2026-01-13"),  # and the next Monday
    ("2026-01-10", 1, "2026-01-13"),  # a Saturday start works on Monday
    ("2026-01-09", 2, "2026-01-13"),  # Friday and Monday
])
def test_add_work_days(start: str, count: int, after: str) -> None:
    assert add_work_days(dt.date.fromisoformat(start), count) == dt.date.fromisoformat(after)


# --- properties on random roadmaps ------------------------------------------------------------

CAPACITIES = [0.25, 0.5, 0.8, 1]


@st.composite
def staffed_roadmaps(draw, solo: bool = False) -> str:
    """Random people (part-time, with time off), teams and work sharing them; with ``solo``,
    every piece of work has its own full-time person, never off."""
    items = draw(st.integers(1, 12))
    people = items if solo else draw(st.integers(1, 4))
    lines = ["people:"]
    for index in range(people):
        capacity = 1 if solo else draw(st.sampled_from(CAPACITIES))
        lines.append(f"  - id: p{index}\n    name: P{index}\n    capacity: {capacity}")
        offs = [] if solo else draw(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), max_size=2))
        if offs:
            lines.append("    off:")
            for first, length in offs:
                start = dt.date(2026, 1, 1) + dt.timedelta(days=first)
                lines.append(f"      - {{start: {start}, end: {start + dt.timedelta(days=length)}}}")
    lines.append("teams:\n  - {id: crew, name: Crew, members: [p0]}\n  - {id: vendor, name: Vendor, capacity: 1.5}")
    lines.append("items:")
    names = [f"p{index}" for index in range(people)] + ["crew", "vendor"]
    for index in range(items):
        fields = [f"id: i{index}", f"title: I{index}", "track: data"]
        fields.append(f"status: {draw(st.sampled_from(['planned', 'planned', 'in-progress', 'done', 'cancelled']))}")
        if draw(st.booleans()):
            fields.append(f"start: {dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 60)))}")
        length = draw(st.sampled_from(["duration", "effort", "both", "none"]))
        if length in ("duration", "both"):
            # Whole weeks when solo: a window of calendar days holds the same working days
            # wherever it starts (a 1-day job on a Saturday waits for Monday's work).
            fields.append(f"duration: {draw(st.integers(1, 3))}w" if solo else f"duration: {draw(st.integers(1, 15))}d")
        if length in ("effort", "both"):
            # Solo work fits its duration: more effort than a full-time week holds is itself
            # an over-allocation, and the levelled schedule rightly takes longer.
            fields.append(f"effort: {draw(st.integers(1, 5 if solo and length == 'both' else 10))}d")
        if solo:
            fields.append(f"assignees: [p{index}]")
        else:
            who = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
            if who:
                fields.append(f"{'any_of' if draw(st.booleans()) else 'assignees'}: [{', '.join(who)}]")
        before = draw(st.lists(st.integers(0, index - 1), max_size=2, unique=True)) if index else []
        if before:
            fields.append(f"depends_on: [{', '.join(f'i{other}' for other in before)}]")
        if not solo and draw(st.integers(0, 4)) == 0:
            fields.append("cadence: weekly")
        if draw(st.integers(0, 4)) == 0:
            fields.append(f"due: {dt.date(2026, 1, 15) + dt.timedelta(days=draw(st.integers(0, 60)))}")
        lines.append("  - {" + ", ".join(fields) + "}")
    return HEADER + "\n".join(lines) + "\n"


def _from_text(text: str):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "roadmap.yaml"
        path.write_text(text, encoding="utf-8")
        return mlroadmap.load(path)


@pytest.mark.slow
@settings(max_examples=300)
@given(staffed_roadmaps(), st.dates(dt.date(2025, 12, 1), dt.date(2026, 4, 1)))
def test_nobody_is_ever_booked_past_capacity_and_nothing_starts_before_its_predecessors(text: str, as_of: dt.date) -> None:
    roadmap = _from_text(text)
    graph = build_graph(roadmap)
    levelled = schedule(roadmap, graph, as_of, resources=True)
    crew = staff(roadmap)
    for name, days in levelled.bookings.load.items():
        resource = crew.resources[name]
        for day, units in days.items():
            assert 0 < units <= resource.available(day), (name, dt.date.fromordinal(day), units)
    for node, task in levelled.tasks.items():
        if task.status in ("done", "cancelled") or (task.recurs and task.under_way(as_of)):
            continue  # history, or a series under way (it started; it goes on at its cadence)
        for predecessor in graph.predecessors(node):
            before = levelled.tasks[predecessor]
            free_from = before.finish + dt.timedelta(days=1) if before.days else before.start
            assert task.goes_on(as_of) >= free_from, (node, predecessor, task.goes_on(as_of), free_from)
        if task.planned_start is not None:
            assert task.start >= task.planned_start


@pytest.mark.slow
@settings(max_examples=300)
@given(staffed_roadmaps(solo=True), st.dates(dt.date(2025, 12, 1), dt.date(2026, 4, 1)))
def test_without_contention_the_levelled_schedule_is_the_dependency_schedule(text: str, as_of: dt.date) -> None:
    roadmap = _from_text(text)
    levelled = schedule(roadmap, build_graph(roadmap), as_of, resources=True)
    for node, task in levelled.tasks.items():
        assert (task.start, task.finish) == (levelled.baseline.tasks[node].start, levelled.baseline.tasks[node].finish), node
    assert levelled.end == levelled.baseline.end


# --- the example and the commands -------------------------------------------------------------


def test_the_example_shows_its_designed_over_allocation_and_what_it_costs() -> None:
    result = run_cli("capacity", SUPPORT, "--as-of", "2026-11-25", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    tomas, aisha = report["over_allocations"]
    assert tomas == {"resource": "tomas", "first": "2026-11-25", "last": "2026-12-09", "days": 11, "peak_percent": 200,
                     "during_time_off": False, "tasks": ["agent-drafts-proto", "rag-de-fr", "rag-retrain"],
                     "before_joining_on": None, "after_leaving_on": None}
    assert (aisha["resource"], aisha["first"], aisha["days"], aisha["peak_percent"]) == ("aisha", "2026-12-01", 2, 120)
    dates = {item["id"]: (item["dependencies_only"], item["with_capacity"], item["shift_days"]) for item in report["dates"]}
    # The critical German and French answers keep Tomás; the prototype (with slack) and the
    # experiment after it move to the new year; the outcome, which does not wait on them, by two days.
    assert dates["roadmap"] == ("2026-12-28", "2027-01-03", 6)
    assert dates["reduce-support-load"] == ("2026-12-28", "2026-12-30", 2)
    assert dates["protect-csat"] == ("2026-12-13", "2026-12-15", 2)
    assert dates["faster-first-response"][2] == 0
    [late] = report["late_under_capacity"]
    assert (late["task"], late["due"], late["finish_dependencies_only"], late["finish"]) == (
        "dec-eu-launch", "2026-12-14", "2026-12-14", "2026-12-16")
    [gap] = report["missing_skills"]
    assert gap == {"skill": "fairness-eval", "tasks": ["audit-languages"], "training": ["tn-fairness"], "waits_on_training": ["audit-languages"],
                   "holders_not_there": []}
    row = next(row for row in report["people"] if row["id"] == "tomas")
    assert row["load"]["Nov"]["over_allocated"] and not row["load"]["Oct"]["over_allocated"]


@pytest.mark.parametrize("width", [80, 120])
def test_the_heat_map_fits_the_terminal(width: int) -> None:
    import io

    from rich.console import Console

    from mlroadmap.api import analyse
    from mlroadmap.render.capacity import to_terminal

    roadmap = mlroadmap.load(SUPPORT)
    for by in ("month", "week"):
        buffer = io.StringIO()
        to_terminal(analyse(roadmap, as_of=dt.date(2026, 11, 25)).capacity(by=by), Console(file=buffer, width=width, color_system=None))
        lines = buffer.getvalue().splitlines()
        assert max(len(line) for line in lines) <= width
        header = next(line for line in lines if line.startswith("Who"))
        columns = header.split()[1:]
        assert columns == (["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] if by == "month"
                           else ["W48", "W49", "W50", "W51", "W52", "W53", "W01", "W02", "W03", "W04", "W05", "W06", "W07"])
        tomas = next(line for line in lines if line.startswith("tomas"))
        assert ("157!" if by == "month" else "200!") in tomas.split()


def test_capacity_text_and_markdown_name_the_people_and_the_work() -> None:
    text = run_cli("capacity", SUPPORT, "--as-of", "2026-11-25").stdout
    words = " ".join(text.split())
    assert ("Over-allocated from 2026-11-25 (the plan books them past capacity): Tomás Ferreira (tomas): up to 200% on "
            "11 working days, 2026-11-25 → 2026-12-09: agent-drafts-proto, rag-de-fr, rag-retrain Aisha Bello") in words
    assert ("dec-eu-launch: due 2026-12-14; 2026-12-14 by dependencies alone, 2026-12-16 with the team's capacity "
            "(2 days late)") in words
    assert "\n  2026-11-25 → 2026-12-09: agent-drafts-proto" in text  # a wrapped line keeps its indent, its date range whole
    markdown = run_cli("capacity", SUPPORT, "--as-of", "2026-11-25", "--format", "markdown").stdout
    assert "| The roadmap's end | 2026-12-28 | 2027-01-03 | +6 days |" in markdown
    assert "| Tomás Ferreira | · | 100 | 36 | 86 | 100 | · | 43 | 48 | 7 | 5 | **157!** | **65!** |" in markdown
    assert "- fairness-eval: nobody has it; training: tn-fairness; waits on the training: audit-languages" in markdown


def test_critical_path_with_resources_follows_the_people() -> None:
    result = run_cli("critical-path", SUPPORT, "--resources", "--as-of", "2026-11-25", "--format", "json")
    report = json.loads(result.stdout)
    assert report["resources"] is True
    assert (report["end"], report["end_dependencies_only"]) == ("2027-01-03", "2026-12-28")
    # The critical answers keep Tomás; his agent-drafts prototype, which had slack, now
    # ends on Christmas Eve and its experiment sets the end date.
    assert [(task["id"], task["finish"]) for task in report["critical_path"]] == [
        ("agent-drafts-proto", "2026-12-24"), ("exp-agent-drafts", "2027-01-03")]
    [answers] = [row for row in report["blockers"] if row["id"] == "rag-de-fr"]
    assert answers["finish"] == "2026-12-06"
    text = run_cli("critical-path", SUPPORT, "--resources", "--as-of", "2026-11-25").stdout
    assert text.startswith("Support Assistant 2026: the roadmap is projected to finish on 2027-01-03 with\nthe team's capacity")


def test_critical_path_with_resources_names_the_time_off_that_holds_work(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
people:
  - {id: ana, name: Ana, off: [{start: 2026-01-12, end: 2026-01-23, reason: vacation}]}
items:
  - {id: a, title: Clean the data, track: data, start: 2026-01-05, duration: 1w}
  - {id: b, title: Train the model, track: model, depends_on: [a], duration: 1w, assignees: [ana]}
""")
    report = json.loads(run_cli("critical-path", str(path), "--resources", "--as-of", "2026-01-05", "--format", "json").stdout)
    # b could start on Monday 12 January, but Ana is off for two weeks: her time off, not a,
    # sets its start (a has two weeks of slack now).
    assert [(task["id"], task["start"], task["waits_for_time_off_of"]) for task in report["critical_path"]] == [("b", "2026-01-26", "ana")]
    markdown = run_cli("critical-path", str(path), "--resources", "--as-of", "2026-01-05", "--format", "markdown").stdout
    assert "| Train the model (`b`, waits for ana's time off) |" in markdown


@pytest.mark.parametrize(("args", "message"), [
    (["--quarter", "Q3 2026"], "mlroadmap: error: --quarter: 'Q3 2026' is not a quarter; write 2026-Q3\n"),
    (["--quarter", "3026-Q1"], "mlroadmap: error: --quarter: '3026-Q1' is out of range: years 1900 to 2999\n"),
    # The period's edges: its first and last quarters are in, the ones around them out.
    (["--quarter", "2025-Q4"], "mlroadmap: error: --quarter: 2025-Q4 is outside the roadmap's period, 2026-Q1 to 2026-Q4\n"),
    (["--quarter", "2027-Q1"], "mlroadmap: error: --quarter: 2027-Q1 is outside the roadmap's period, 2026-Q1 to 2026-Q4\n"),
    (["--as-of", "soon"], "mlroadmap: error: --as-of: 'soon' is not a date; write YYYY-MM-DD\n"),
])
def test_capacity_usage_errors(args: list[str], message: str) -> None:
    result = run_cli("capacity", SUPPORT, *args)
    assert (result.exit_code, result.stderr) == (2, message)


@pytest.mark.parametrize("quarter", ["2026-Q1", "2026-Q4"])
def test_the_periods_first_and_last_quarters_are_in_it(quarter: str) -> None:
    result = run_cli("capacity", SUPPORT, "--quarter", quarter, "--as-of", "2026-11-25", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["periods"][0]["first"] == f"2026-{'01' if quarter.endswith('Q1') else '10'}-01"


def test_a_roadmap_without_people_says_so() -> None:
    result = run_cli("capacity", str(EXAMPLES / "minimal.yaml"), "--as-of", "2026-11-25")
    assert result.exit_code == 0
    assert "No people or teams are declared: add people: and teams: to see who is booked when." in " ".join(result.stdout.split())


@pytest.mark.parametrize(("other", "listed"), [
    ("", []),  # late by dependencies alone, and no later with capacity: the plan's, not the team's
    ("  - {id: b, title: B, track: data, effort: 5d, assignees: [ana], priority: 90}\n", [("a", "2026-01-09", "2026-01-16", "2026-01-23")]),
])
def test_capacity_lists_the_deadlines_the_team_misses_not_those_the_plan_does(write, other: str, listed: list[tuple[str, ...]]) -> None:
    path = write("roadmap.yaml", HEADER + f"""\
people: [{{id: ana, name: Ana}}]
items:
  - {{id: a, title: A, track: data, effort: 10d, assignees: [ana], due: 2026-01-09}}
{other}""")
    report = json.loads(run_cli("capacity", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    assert [(late["task"], late["due"], late["finish_dependencies_only"], late["finish"]) for late in report["late_under_capacity"]] == listed


@pytest.mark.slow  # schedules day by day up to the year 9999, three times
def test_an_effort_that_takes_millennia_is_the_roadmaps_problem_at_its_effort(write) -> None:
    path = write("roadmap.yaml", HEADER + """\
people:
  - {id: ana, name: Ana, capacity: 0.0001}
items:
  - {id: a, title: A, track: data, effort: 100y, assignees: [ana]}
""")
    for command in (["capacity"], ["critical-path", "--resources"], ["check"]):
        result = run_cli(*command, "--as-of", "2026-01-05", str(path))
        assert (result.exit_code, result.stderr) == (1, (
            f"{path}:7:44: 'a' is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) "
            "along its dependency chain add up to thousands of years\n")), command


@pytest.mark.slow  # levels day by day up to the year 9945
def test_a_lag_that_the_levelled_schedule_pushes_past_9999_is_an_overflow_in_every_view(write) -> None:
    """By dependencies a and x end in 5970 and b in 6070; with Ana doing x after a, x ends
    in 9945 and b's 100-year lag passes 9999. That addition was outside the overflow
    guard: `show` and `report` stopped with "internal error: StopIteration"."""
    path = write("roadmap.yaml", HEADER + """\
people: [{id: ana, name: Ana, capacity: 0.01}]
items:
  - {id: a, title: A, track: data, assignees: [ana], effort: 10300d}
  - {id: x, title: X, track: data, assignees: [ana], effort: 10300d}
  - {id: b, title: B, track: data, depends_on: [{id: a, lag: 100y}, {id: x, lag: 100y}]}
""")
    assert run_cli("show", str(path), "--as-of", "2026-01-05", "--dates", "dependencies").exit_code == 0
    for command in (["show"], ["report", "-f", "html"], ["capacity"]):
        result = run_cli(*command, str(path), "--as-of", "2026-01-05")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", (
            f"{path}:8:5: 'b' is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) "
            "along its dependency chain add up to thousands of years\n")), command


@pytest.mark.parametrize(("effort", "code"), [("6000d", 1), ("100d", 0)])
def test_a_due_date_millennia_too_soon_is_the_roadmaps_problem_not_a_crash(write, effort: str, code: int) -> None:
    """The backward pass (latest start, slack to the due date) went before the year 1:
    `internal error: OverflowError` in every view, by dependencies too."""
    path = write("roadmap.yaml", HEADER + f"""\
people: [{{id: ana, name: Ana, capacity: 0.01}}]
items:
  - {{id: a, title: A, track: data, assignees: [ana], effort: {effort}, due: 2026-03-31}}
""")
    for command in (["show", "--dates", "dependencies"], ["critical-path"], ["report", "-f", "json"]):
        result = run_cli(*command, str(path), "--as-of", "2026-01-05")
        assert result.exit_code == code, command
        if code:
            assert (result.stdout, result.stderr) == ("", f"{path}:6:62: 'a' would have to start before the year 1 to meet the due "
                                                          "date it waits on: the durations and lags (or efforts, at the people's "
                                                          "capacity) between it and that date add up to thousands of years\n"), command


# Each found by a code review; (roadmap body, --as-of, over-allocations, end with capacity).
REVIEWED = {
    "recurring work waits for its predecessor": ("""\
people:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
items:
  - {id: urgent, title: Urgent, track: data, start: 2026-01-05, duration: 4w, due: 2026-02-01, assignees: [ana]}
  - {id: train, title: Train, track: model, start: 2026-01-05, duration: 2w, assignees: [ana]}
  - {id: retrain, title: Retrain, track: model, cadence: weekly, duration: 1d, depends_on: [train], assignees: [ben]}
""", "2026-01-05", [("ana", "2026-01-05", "2026-01-16", 200)], "2026-02-16"),
    "an any_of that repeats an assignee goes to the other": ("""\
people:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
items:
  - {id: t, title: T, track: data, start: 2026-01-05, effort: 10d, assignees: [ana], any_of: [ana, ben]}
""", "2026-01-05", [], "2026-01-09"),
    "a team that includes an assignee adds only its others": ("""\
people:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
teams:
  - {id: ml, name: ML, members: [ana, ben]}
items:
  - {id: t, title: T, track: data, start: 2026-01-05, duration: 1w, assignees: [ana, ml]}
""", "2026-01-05", [], "2026-01-11"),
    "work finished early is not squeezed into its shorter window": ("""\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: data, status: done, start: 2026-01-05, duration: 2w, effort: 8d, assignees: [ana]}
""", "2026-01-07", [], "2026-01-07"),
    "a weekend-only window books no working day": ("""\
people:
  - {id: ana, name: Ana}
items:
  - {id: oncall, title: Weekend on-call, track: monitoring, start: 2026-01-10, duration: 2d, effort: 1d, assignees: [ana]}
""", "2026-01-05", [], "2026-01-11"),
    "effort alone counts the days its person is off": ("""\
people:
  - {id: ana, name: Ana, off: [{start: 2026-01-12, end: 2026-01-16, reason: vacation}]}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, effort: 10d, assignees: [ana]}
""", "2026-01-05", [], "2026-01-23"),
    "an any_of candidate who would take millennia is simply not chosen": ("""\
people:
  - {id: ana, name: Ana, capacity: 0.0001}
  - {id: ben, name: Ben}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 11y, effort: 10y, any_of: [ana, ben]}
""", "2026-01-05", [], "2037-01-01"),
    "a recurrence ends at its end": ("""\
people:
  - {id: ana, name: Ana}
items:
  - {id: sync, title: Weekly sync, track: data, start: 2026-01-05, end: 2026-01-30, cadence: weekly, assignees: [ana]}
  - {id: build, title: Build, track: model, start: 2026-06-01, duration: 2w, assignees: [ana]}
""", "2026-01-05", [], "2026-06-14"),
}


@pytest.mark.parametrize("case", sorted(REVIEWED))
def test_reviewed_cases(case: str, write) -> None:
    body, as_of, over, end = REVIEWED[case]
    path = write("roadmap.yaml", HEADER + body)
    report = json.loads(run_cli("capacity", str(path), "--as-of", as_of, "--format", "json").stdout)
    assert [(item["resource"], item["first"], item["last"], item["peak_percent"]) for item in report["over_allocations"]] == over
    assert report["dates"][0]["with_capacity"] == end


def test_recurring_work_books_only_after_its_predecessor_in_the_levelled_schedule(write) -> None:
    roadmap = _load(write, REVIEWED["recurring work waits for its predecessor"][0])
    levelled = _levelled(roadmap)
    train_done = levelled.tasks["train"].finish.toordinal()
    assert levelled.tasks["train"].finish == dt.date(2026, 2, 15)  # two weeks after the urgent work, which has a deadline
    assert min(levelled.bookings.load["ben"]) > train_done


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), max_size=4), st.integers(0, 90), st.integers(0, 40))
def test_available_between_adds_up_the_days(offs: list[tuple[int, int]], first: int, length: int) -> None:
    from mlroadmap.levelling import Resource

    origin = dt.date(2026, 1, 1).toordinal()
    periods = sorted((origin + start, origin + start + days) for start, days in offs)
    resource = Resource("ana", "Ana", "person", 500, frozenset())
    for start, end in periods:  # merged as staff() merges them
        if resource.off_last and start <= resource.off_last[-1] + 1:
            resource.off_last[-1] = max(resource.off_last[-1], end)
        else:
            resource.off_first.append(start)
            resource.off_last.append(end)
    begin = origin + first
    assert resource.available_between(begin, begin + length) == sum(resource.available(day) for day in range(begin, begin + length + 1))


@pytest.mark.parametrize(("effort", "end"), [("499d", "9999-12-30"), ("500d", None)])
def test_an_effort_that_ends_on_the_calendar_s_last_day_is_an_overflow_not_a_crash(write, effort: str, end: str | None) -> None:
    # 71 pieces of 36,000 days from 31 Dec 2999 end on Sun 1 Feb 9998; Ana's 499 working
    # days of effort then end on Thu 30 Dec 9999, and 500 would take Fri 31 Dec, the last
    # day of the calendar, whose day after does not exist: the overflow error, not a crash.
    chain = "".join(f"  - {{id: x{n}, title: X{n}, track: data, depends_on: [x{n - 1}], duration: 36000d}}\n" for n in range(1, 71))
    path = write("roadmap.yaml", HEADER + f"""\
people:
  - {{id: ana, name: Ana}}
items:
  - {{id: x0, title: X0, track: data, start: 2999-12-31, duration: 36000d}}
{chain}  - {{id: e, title: E, track: model, depends_on: [x70], effort: {effort}, assignees: [ana]}}
""")
    result = run_cli("critical-path", str(path), "--as-of", "2026-01-05", "--dates", "capacity", "--format", "json")
    if end is not None:
        assert json.loads(result.stdout)["end"] == end
    else:
        assert (result.exit_code, result.stderr) == (1, (
            f"{path}:78:64: 'e' is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) "
            "along its dependency chain add up to thousands of years\n"))


# --- labelling as the work of a team --------------------------------------------------------


LABELLING = """\
people:
  - {id: ana, name: Ana}
teams:
  - {id: bpo, name: Labelling BPO, capacity: 2}
datasets:
  - {id: labels, title: Labels, start: 2026-01-05, labelling: {by: bpo, rate: 100, backlog: BACKLOG}}
  - {id: own, title: Own effort, start: 2026-01-05, effort: 2d, labelling: {by: bpo, rate: 100, backlog: 1700}}
  - {id: staffed, title: Staffed by an item, start: 2026-01-05, duration: 1w, assignees: [ana], labelling: {by: bpo, rate: 100, backlog: 1700}}
items:
  - {id: train, title: Train, track: model, depends_on: [labels], duration: 1w}
"""


@pytest.mark.parametrize(("backlog", "finish"), [
    # 1,700 at 100 a person-day is 17 person-days; two full-time people: 9 working days, Mon 5 to Thu 15 Jan.
    ("1700", "2026-01-15"),
    # 1,600: 16 person-days, 8 working days, to Wed 14 Jan; 1,601 rounds up to 17 person-days, still 9 working days.
    ("1600", "2026-01-14"),
    ("1601", "2026-01-15"),
])
def test_a_labelling_backlog_is_the_dataset_s_work_on_its_team_s_capacity(write, backlog: str, finish: str) -> None:
    roadmap = _load(write, LABELLING.replace("BACKLOG", backlog))
    [labels, own, staffed] = roadmap.datasets
    assert (labels.effort, labels.assignees, labels.labelling_work) == (f"{-(-int(backlog) // 100)}d", ["bpo"], True)
    # The author's own effort or assignees win: the labelling is then not the dataset's work.
    assert (own.effort, own.assignees, own.labelling_work) == ("2d", [], False)
    assert (staffed.effort, staffed.assignees, staffed.labelling_work) == (None, ["ana"], False)
    levelled = _levelled(roadmap)
    assert _dates(levelled, "labels") == ("2026-01-05", finish)
    assert _dates(levelled.baseline, "labels") == ("2026-01-05", finish)
    assert levelled.tasks["train"].start == dt.date.fromisoformat(finish) + dt.timedelta(days=1)
    # What the author wrote is what is dumped as written: the derived effort is not.
    assert labels.model_dump(exclude_unset=True) == {"id": "labels", "title": "Labels", "start": dt.date(2026, 1, 5),
                                                      "labelling": {"by": "bpo", "rate": 100.0, "backlog": int(backlog)}}


def test_labelling_that_is_the_dataset_s_work_is_not_also_judged_by_its_throughput(write) -> None:
    """MLR124 counts whole weeks of throughput against the dataset's finish; when the schedule books the labelling
    itself (by and rate), its finish is the labelling's and the rule has nothing to add: 1,000 a week is just what
    the two of them label (2 x 5 x 100), yet two calendar weeks would run past the 9 working days."""
    path = write("roadmap.yaml", HEADER + LABELLING.replace("BACKLOG", "1700").replace("backlog: 1700}}\n  - {id: own",
                                                                                          "backlog: 1700, throughput: 1000}}\n  - {id: own"))
    result = run_cli("check", str(path), "--select", "MLR124,MLR129", "--as-of", "2026-01-05")
    assert "No problems." in result.stdout, result.stdout
    unstaffed = path.read_text(encoding="utf-8").replace("by: bpo, rate: 100, backlog: 1700, throughput: 1000", "backlog: 1700, throughput: 1000")
    path.write_text(unstaffed.replace("start: 2026-01-05, labelling: {backlog", "start: 2026-01-05, duration: 9d, labelling: {backlog"),
                    encoding="utf-8")
    result = run_cli("check", str(path), "--select", "MLR124", "--as-of", "2026-01-05")
    assert "[MLR124] dataset 'labels': the labelling backlog (1,700 at 1,000/week) takes 2 weeks" in result.stdout, result.stdout


def test_the_capacity_view_books_the_labelling_on_its_team(write) -> None:
    path = write("roadmap.yaml", HEADER + LABELLING.replace("BACKLOG", "1700"))
    data = json.loads(run_cli("capacity", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    bpo = next(row for row in data["people"] if row["id"] == "bpo")
    # 17 person-days of the team's 2 x 22 working days in January 2026: 38.6%.
    assert bpo["load"]["Jan"] == {"percent": 39, "booked_days": 17.0, "over_allocated": False}
    assert bpo["load"]["Feb"]["booked_days"] == 0
