"""Scenarios: ``scenario compare`` with each assumption on a hand-computed roadmap, the
dates that move and why, the errors of assumptions naming nothing, and the files left
alone. As of Monday 2026-01-05; effort is counted in working days."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, HEADER, run_cli

AS_OF = "2026-01-05"  # a Monday

CHAIN = """\
items:
  - {id: a, title: Label the backlog, track: data, start: 2026-01-05, duration: 10d}
  - {id: b, title: Train, track: model, depends_on: [a], duration: 5d}
"""
FREEZE = """\
freezes:
  - {id: f, title: Freeze, start: 2026-01-20, end: 2026-01-23, tracks: [model]}
"""
SOLO = """\
people:
  - {id: ana, name: Ana}
items:
  - {id: d, title: Solo, track: data, effort: 5d, assignees: [ana]}
"""
PAIR = """\
people:
  - {id: ana, name: Ana}
  - {id: bo, name: Bo}
teams:
  - {id: ml, name: ML, members: [ana, bo]}
items:
  - {id: e, title: Features, track: data, effort: 10d, assignees: [ml]}
"""
ALONE = """\
people:
  - {id: ana, name: Ana}
teams:
  - {id: ml, name: ML, members: [ana]}
items:
  - {id: e, title: Features, track: data, effort: 10d, assignees: [ml]}
  - {id: f, title: Either, track: data, effort: 5d, any_of: [ana], priority: 10}
"""


def _moves(write, body: str, *assume: str, dates: str | None = None) -> tuple[str, list[tuple[str, str, str, int, str]]]:
    path = write("r.yaml", HEADER + body)
    args = [arg for text in assume for arg in ("--assume", text)]
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, *args, "-f", "json", *(["--dates", dates] if dates else []))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    [found] = data["scenarios"]
    return found["end"], [(m["id"], m["plan"], m["scenario"], m["days"], m["why"]) for m in found["moves"]]


@pytest.mark.parametrize(("body", "assume", "end", "moves"), [
    # a: 5-14 Jan; b waits on it, 15-19 Jan. A slip of 3 days (1 day: the boundary) moves both.
    (CHAIN, ["{slip: a, by: 3d}"], "2026-01-22", [("a", "2026-01-14", "2026-01-17", 3, "a slips 3d"),
                                                  ("b", "2026-01-19", "2026-01-22", 3, "waits on a: a slips 3d")]),
    (CHAIN, ["slip: a, by: 1d"], "2026-01-20", [("a", "2026-01-14", "2026-01-15", 1, "a slips 1d"),
                                                ("b", "2026-01-19", "2026-01-20", 1, "waits on a: a slips 1d")]),
    # Two slips of the same work add up.
    (CHAIN, ["{slip: a, by: 1d}", "{slip: a, by: 2d}"], "2026-01-22",
     [("a", "2026-01-14", "2026-01-17", 3, "a slips 1d, a slips 2d"), ("b", "2026-01-19", "2026-01-22", 3, "waits on a: a slips 1d, a slips 2d")]),
    # A freeze from 20 Jan to 23 Jan holds b's go-live: a day's slip makes it finish inside it, on the 20th; it goes
    # live on the 24th instead. Without the slip it finishes the day before the freeze: nothing held.
    (CHAIN + FREEZE, ["{slip: a, by: 1d}"], "2026-01-24",
     [("b", "2026-01-19", "2026-01-24", 5, "waits on a: a slips 1d; then the freeze f holds its go-live 4 days"),
      ("a", "2026-01-14", "2026-01-15", 1, "a slips 1d")]),
    # b takes 2 weeks instead of 5 days: 15-28 Jan. a, before it, stays.
    (CHAIN, ["{duration: b, to: 2w}"], "2026-01-28", [("b", "2026-01-19", "2026-01-28", 9, "b takes 2w")]),
    # 5 days of effort: Mon-Fri at full time, 10 working days at half time (to Fri 16 Jan); at 1, nothing moves.
    (SOLO, ["{capacity: ana, to: 0.5}"], "2026-01-16", [("d", "2026-01-09", "2026-01-16", 7, "ana at capacity 0.5")]),
    (SOLO, ["{capacity: ana, to: 1}"], "2026-01-09", []),
    # 10 days of effort for a team of two: a week. Without Bo, two; Bo away from Friday (his last day
    # Thursday): Ana does Friday's 2 days' worth on Friday and Monday; away after it is done: no change.
    (PAIR, ["without: bo"], "2026-01-16", [("e", "2026-01-09", "2026-01-16", 7, "without bo")]),
    (PAIR, ["{without: bo, from: 2026-01-09}"], "2026-01-12", [("e", "2026-01-09", "2026-01-12", 3, "without bo from 2026-01-09")]),
    (PAIR, ["{without: bo, from: 2026-01-12}"], "2026-01-09", []),
    # Ana alone: e 5-16 Jan, then f (lower priority) 19-23 Jan. A hire into the team halves e; joining
    # on Mon 12 Jan, Ana has done 5 of the 10 days: 2 a day on 12 and 13 Jan, the last on 14 Jan.
    (ALONE, ["{hire: cy, team: ml}"], "2026-01-16", [("e", "2026-01-16", "2026-01-09", -7, "hire cy into ml"),
                                                      ("f", "2026-01-23", "2026-01-16", -7, "waits on e: hire cy into ml")]),
    (ALONE, ["{hire: cy, team: ml, joins: 2026-01-12}"], "2026-01-21",
     [("e", "2026-01-16", "2026-01-14", -2, "hire cy from 2026-01-12 into ml"),
      ("f", "2026-01-23", "2026-01-21", -2, "waits on e: hire cy from 2026-01-12 into ml")]),
    # A hire for f's any_of does it at once (5-9 Jan); joining on Tuesday 13 Jan, 13-19 Jan.
    (ALONE, ["{hire: cy, for: [f]}"], "2026-01-16", [("f", "2026-01-23", "2026-01-09", -14, "hire cy")]),
    (ALONE, ["{hire: cy, for: [f], joins: 2026-01-13}"], "2026-01-19", [("f", "2026-01-23", "2026-01-19", -4, "hire cy from 2026-01-13")]),
    # A half-time hire into the team from the start: 10 days at 1.5 a day take 7 working days, to Tue 13 Jan.
    (ALONE, ["{hire: cy, team: ml, capacity: 0.5}"], "2026-01-20",
     [("e", "2026-01-16", "2026-01-13", -3, "hire cy into ml"), ("f", "2026-01-23", "2026-01-20", -3, "waits on e: hire cy into ml")]),
])
def test_each_assumption_moves_the_hand_computed_dates(write, body: str, assume: list[str], end: str, moves: list) -> None:
    assert _moves(write, body, *assume) == (end, moves)


def test_a_slip_moves_the_same_dates_by_dependencies_alone(write) -> None:
    assert _moves(write, SOLO + CHAIN.removeprefix("items:\n"), "{slip: a, by: 3d}", dates="dependencies")[1] == [
        ("a", "2026-01-14", "2026-01-17", 3, "a slips 3d"), ("b", "2026-01-19", "2026-01-22", 3, "waits on a: a slips 3d")]


SCENARIOS = """\
scenarios:
  - id: labels-late
    title: Labels a week late
    assume:
      - {slip: a, by: 1w}
  - id: half-time
    title: Ana at half time
    assume:
      - {capacity: ana, to: 0.5}
"""


def test_compare_shows_every_scenario_of_the_roadmap_and_leaves_the_file_alone(write) -> None:
    path = write("r.yaml", HEADER + SOLO + CHAIN.removeprefix("items:\n") + SCENARIOS)
    before = path.read_bytes()
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("Test roadmap: scenarios against the plan, as of 2026-01-05, dates with the team's capacity. "
                           "The plan ends 2026-01-19.\n")
    assert "labels-late: Labels a week late\nAssuming: a slips 1w.\nEnds 2026-01-26: 7 days later.\n" in text
    assert "│ Train (b)" in text and "│ 2026-01-19 │ 2026-01-26 │ +7 days │ waits on a: a slips 1w" in text
    assert "half-time: Ana at half time\nAssuming: ana at capacity 0.5.\nEnds 2026-01-19: the same day as the plan.\n" in text
    assert path.read_bytes() == before
    only = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-s", "half-time", "-f", "markdown")
    assert "## half-time: Ana at half time" in only.stdout and "labels-late" not in only.stdout
    assert "| Solo (d) | 2026-01-09 | 2026-01-16 | +7 days | ana at capacity 0.5 |" in only.stdout


def test_the_bundled_fraud_roadmap_compares_its_scenarios() -> None:
    result = run_cli("scenario", "compare", str(EXAMPLES / "card-fraud"), "--as-of", "2026-12-03", "-f", "json")
    assert result.exit_code == 0, result.stderr
    found = {s["id"]: s for s in json.loads(result.stdout)["scenarios"]}
    assert set(found) == {"load-test-late", "champion-loses", "oskar-lent-out"}
    assert all(move["why"] for scenario in found.values() for move in scenario["moves"])
    assert found["load-test-late"]["end"] == "2027-12-11" and found["oskar-lent-out"]["end"] == "2027-11-18"
    # A no at the champion call: the GBM stays champion; the ramp, the go-live and the monthly
    # retrains of the challenger are left out, the retune for a second A/B (8 weeks) is added.
    assert [(move["id"], move["change"], move["plan"], move["scenario"]) for move in found["champion-loses"]["moves"]] == [
        ("seq-retune", "added", None, "2027-09-16"),
        ("seq-ramp", "left out", "2027-08-20", None),
        ("seq-golive", "left out", "2027-08-21", None),
        ("seq-retrain", "left out", "2027-08-23", None),
    ]


@pytest.mark.parametrize(("assume", "message"), [
    ("{slip: txn, by: 3d}", "--assume '{slip: txn, by: 3d}': slip: no work 'txn' in the roadmap"),
    ("{slip: ana, by: 3d}", "--assume '{slip: ana, by: 3d}': slip: 'ana' is a person, not work"),
    ("{without: d}", "--assume '{without: d}': without: 'd' is an item, not a person"),
    ("{capacity: ana, to: 1.5}", "--assume '{capacity: ana, to: 1.5}': to: a person's capacity is at most 1 (a full-time day), not 1.5"),
    ("{hire: ana}", "--assume '{hire: ana}': hire: 'ana' is already used in the roadmap; give the new person another id"),
    ("{slip: d, by: soon}", "--assume '{slip: d, by: soon}': by: 'soon' is not a duration; write a whole number and a unit"),
    ("{slip: d, by: -3d}", "--assume '{slip: d, by: -3d}': by: '-3d' is not a duration"),
    # In validate's words, not pydantic's.
    ("{slip: d}", "--assume '{slip: d}': missing required key 'by'"),
    ("{capacity: ana, to: 0}", "--assume '{capacity: ana, to: 0}': to: 0 should be greater than 0"),
    ("{capacity: ana, to: 0.5, bogus: 1}", "--assume '{capacity: ana, to: 0.5, bogus: 1}': unknown key 'bogus'; expected one of: capacity, to"),
    ("{delay: d, by: 3d}", "--assume '{delay: d, by: 3d}': an assumption starts with one of slip, duration, capacity, without, hire or decide"),
    ("{slip: [d", "--assume '{slip: [d': not YAML: "),
    ("[]", "--assume '[]': an empty list assumes nothing: give at least one assumption"),
    ("{hire: cy, for: [d]}", "--assume '{hire: cy, for: [d]}': for: 'd' has no any_of: a hire can only be one more of those who may do it"),
    ("{hire: cy}", "--assume '{hire: cy}': hire: 'cy' joins no team and no work's any_of: give team or for"),
    ("[{slip: d, by: 100y}, {slip: d, by: 1d}]", "--assume: slip: the slips of 'd' add up to more than 100 years"),
])
def test_an_assumption_naming_nothing_is_a_usage_error(write, assume: str, message: str) -> None:
    path = write("r.yaml", HEADER + SOLO)
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "--assume", assume)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mlroadmap: error: {message}"), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unknown_scenario_and_a_roadmap_without_any_are_usage_errors(write) -> None:
    path = write("r.yaml", HEADER + SOLO)
    result = run_cli("scenario", "compare", str(path))
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: the roadmap has no 'scenarios:': name a what-if with "
                                                    "--assume, e.g. --assume '{slip: ID, by: 30d}'\n")
    path = write("r.yaml", HEADER + SOLO + CHAIN.removeprefix("items:\n") + SCENARIOS)
    result = run_cli("scenario", "compare", str(path), "-s", "labels")
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: --scenario: no scenario 'labels' in the roadmap; "
                                                    "its scenarios are: labels-late, half-time\n")


def test_a_scenario_in_the_roadmap_naming_nothing_fails_validate_at_its_place(write) -> None:
    path = write("r.yaml", HEADER + SOLO + """\
scenarios:
  - id: s
    title: Wrong
    assume:
      - {slip: dd, by: 3d}
      - {without: d}
      - {hire: cy, team: ana, for: [d, x]}
      - {capacity: ana, to: 2}
""")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.replace(f"{path}:", "").splitlines() == [
        "12:16: slip: no work 'dd' in the roadmap (did you mean 'd'?)",
        "13:19: without: 'd' is an item, not a person",
        "14:26: team: 'ana' is a person, not a team",
        "14:37: for: 'd' has no any_of: a hire can only be one more of those who may do it",
        "14:40: for: no work 'x' in the roadmap",
        "15:29: to: a person's capacity is at most 1 (a full-time day), not 2",
        "Found 6 problems in 1 file.",
    ]


def test_an_assumption_of_the_wrong_shape_fails_validate_at_its_key(write) -> None:
    path = write("r.yaml", HEADER + SOLO + """\
scenarios:
  - id: s
    title: Wrong
    assume:
      - {slip: d, by: 3d, to: 2w}
      - {late: d}
      - {capacity: ana, to: 0}
  - {id: t, title: Nothing, assume: []}
""")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.replace(f"{path}:", "").splitlines() == [
        "12:27: unknown key 'to'; expected one of: slip, by",
        "13:9: assume: an assumption starts with one of slip, duration, capacity, without, hire or decide, e.g. {slip: txn-data, by: 30d}",
        "14:29: to: 0 should be greater than 0",
        "15:37: assume: give at least 1 entry, or leave the key out",
        "Found 4 problems in 1 file.",
    ]


# --- --assume on every dated command ------------------------------------------------------

WITH_SCENARIOS = SOLO + CHAIN.removeprefix("items:\n") + SCENARIOS


@pytest.mark.parametrize("assume", ["labels-late", "{slip: a, by: 1w}", "slip: a, by: 1w"])
def test_assume_takes_a_scenario_of_the_roadmap_or_yaml_and_every_view_says_so(write, assume: str) -> None:
    path = write("r.yaml", HEADER + WITH_SCENARIOS)
    before = path.read_bytes()

    def json_of(*args: str) -> dict:
        result = run_cli(*args, str(path), "--as-of", AS_OF, "--assume", assume, "-f", "json")
        assert result.exit_code == (1 if args[0] == "check" else 0), result.stderr  # the small roadmap fails the checklist
        return json.loads(result.stdout)

    critical = json_of("critical-path")
    assert (critical["end"], critical["dates"], critical["assuming"]) == ("2026-01-26", "capacity", ["a slips 1w"])
    assert json_of("show")["assuming"] == ["a slips 1w"]
    assert json_of("report")["assuming"] == ["a slips 1w"]
    assert json_of("capacity")["assuming"] == ["a slips 1w"]
    assert json_of("check")["assuming"] == ["a slips 1w"]
    assert json_of("calendar")["assuming"] == ["a slips 1w"]
    graph = run_cli("graph", str(path), "--as-of", AS_OF, "--assume", assume, "-f", "json")
    assert json.loads(graph.stdout)["assuming"] == ["a slips 1w"]
    text = run_cli("critical-path", str(path), "--as-of", AS_OF, "--assume", assume, env={"COLUMNS": "200"}).stdout
    assert text.startswith("Test roadmap: the roadmap is projected to finish on 2026-01-26 with the team's capacity "
                           "(as of 2026-01-05; 2026-01-26 by dependencies alone). Assuming a slips 1w.\n")
    report = run_cli("report", str(path), "--as-of", AS_OF, "--assume", assume, "-f", "markdown").stdout
    assert "26 Jan 2026 with the team's capacity, assuming a slips 1w" in report
    assert path.read_bytes() == before


def test_without_assume_the_views_say_nothing_of_a_scenario(write) -> None:
    path = write("r.yaml", HEADER + WITH_SCENARIOS)
    data = json.loads(run_cli("critical-path", str(path), "--as-of", AS_OF, "-f", "json").stdout)
    assert (data["end"], "assuming" in data) == ("2026-01-19", False)


@pytest.mark.parametrize(("assume", "message"), [
    ("nope", "--assume 'nope': no scenario 'nope' in the roadmap; its scenarios are: labels-late, half-time; "
             "or write an assumption, e.g. '{slip: ID, by: 30d}'\n"),
    ("{slip: nope, by: 3d}", "--assume '{slip: nope, by: 3d}': slip: no work 'nope' in the roadmap\n"),
])
@pytest.mark.parametrize("command", ["critical-path", "show", "report", "capacity", "check", "calendar", "graph", "forecast"])
def test_assume_naming_nothing_is_a_usage_error_on_every_command(write, command: str, assume: str, message: str) -> None:
    path = write("r.yaml", HEADER + WITH_SCENARIOS)
    result = run_cli(command, str(path), "--as-of", AS_OF, "--assume", assume)
    assert (result.exit_code, result.stderr) == (2, f"mlroadmap: error: {message}")


def test_a_slip_of_finished_work_is_said_to_move_nothing(write) -> None:
    path = write("r.yaml", HEADER + CHAIN.replace("duration: 10d}", "duration: 10d, status: done}"))
    result = run_cli("scenario", "compare", str(path), "--as-of", "2026-01-20", "--assume", "{slip: a, by: 3d}", "-f", "markdown")
    assert "Assuming: a slips 3d.\n\nNote: a slips 3d: it is done, so this moves nothing.\n\nEnds 2026-01-24: the same day as the plan." \
        in result.stdout
    data = run_cli("scenario", "compare", str(path), "--as-of", "2026-01-20", "--assume", "{slip: a, by: 3d}", "-f", "json").stdout
    assert json.loads(data)["scenarios"][0]["notes"] == ["a slips 3d: it is done, so this moves nothing"]


def test_slips_adding_up_past_100_years_fail_validate_at_the_last(write) -> None:
    path = write("r.yaml", HEADER + SOLO + """\
scenarios:
  - id: s
    title: Far
    assume:
      - {slip: d, by: 100y}
      - {slip: d, by: 100y}
""")
    result = run_cli("validate", str(path))
    assert (result.exit_code, result.stdout.replace(f"{path}:", "").splitlines()[0]) == (
        1, "13:23: slip: the slips of 'd' add up to more than 100 years")
    one = write("r.yaml", HEADER + SOLO + "scenarios:\n  - {id: s, title: Far, assume: [{slip: d, by: 100y}]}\n")
    assert run_cli("validate", str(one)).exit_code == 0


def test_compare_takes_a_scenario_id_in_assume_too(write) -> None:
    path = write("r.yaml", HEADER + WITH_SCENARIOS)
    data = json.loads(run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "--assume", "labels-late", "-f", "json").stdout)
    assert [(s["id"], s["assuming"], s["end"]) for s in data["scenarios"]] == [(None, ["a slips 1w"], "2026-01-26")]


def test_work_left_to_nobody_is_noted(write) -> None:
    data = json.loads(run_cli("scenario", "compare", str(write("r.yaml", HEADER + SOLO)), "--as-of", AS_OF,
                              "--assume", "without: ana", "-f", "json").stdout)
    [found] = data["scenarios"]
    assert found["notes"] == ["nobody on the team is left to do d after ana leaves: its dates assume the work goes on (check: MLR301)"]


def test_forecast_json_says_its_projection_and_what_it_assumes(write) -> None:
    path = write("r.yaml", HEADER + CHAIN.replace("duration: 5d}", "estimate: {low: 3d, likely: 5d, high: 10d}}"))
    data = json.loads(run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "100", "--assume", "{slip: a, by: 1d}",
                              "-f", "json").stdout)
    assert (data["dates"], data["assuming"], data["end"]["deterministic"]) == ("dependencies", ["a slips 1d"], "2026-01-20")
    # The text names whose date the deterministic one is: the scenario's, not the plan's.
    text = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "100", "--assume", "{slip: a, by: 1d}").stdout
    assert text.startswith("Test roadmap: the scenario's projection says 2026-01-20, which ")
    assert run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "100").stdout.startswith("Test roadmap: the plan says 2026-01-19, ")


def test_why_names_the_time_off_a_slip_runs_into() -> None:
    result = run_cli("scenario", "compare", str(EXAMPLES / "card-fraud"), "--as-of", "2026-12-03", "-s", "load-test-late", "-f", "json")
    moves = {m["id"]: m for m in json.loads(result.stdout)["scenarios"][0]["moves"]}
    assert moves["exp-seq-shadow"]["days"] == 28
    assert moves["exp-seq-shadow"]["why"] == "waits on seq-load-test: seq-load-test slips 3w; then waits for mei's time off"


def test_an_unknown_key_of_an_assumption_is_told_the_keys_of_its_own_shape(write) -> None:
    # Each shape has its own keys: a capacity's are not a slip's.
    path = write("r.yaml", HEADER + SOLO + """\
scenarios:
  - id: s
    title: Wrong keys
    assume:
      - {capacity: ana, to: 0.5, bogus: 1}
      - {hire: cy, team: t, jions: 2026-02-01}
""")
    result = run_cli("validate", str(path))
    assert result.stdout.replace(f"{path}:", "").splitlines()[:2] == [
        "12:34: unknown key 'bogus'; expected one of: capacity, to",
        "13:29: unknown key 'jions' (did you mean 'joins'?)",
    ]


def test_check_for_github_and_sarif_says_a_scenario_applied(write) -> None:
    path = write("r.yaml", HEADER + WITH_SCENARIOS)
    github = run_cli("check", str(path), "--as-of", AS_OF, "--assume", "labels-late", "-f", "github").stdout
    assert github.splitlines()[0] == "::notice title=mlroadmap scenario::dates with the team's capacity, assuming a slips 1w"
    plain = run_cli("check", str(path), "--as-of", AS_OF, "-f", "github").stdout
    assert "scenario" not in plain and plain.startswith("::warning ")
    sarif = json.loads(run_cli("check", str(path), "--as-of", AS_OF, "--assume", "labels-late", "-f", "sarif").stdout)
    properties = sarif["runs"][0]["properties"]
    assert (properties["dates"], properties["assuming"]) == ("capacity", ["a slips 1w"])
    assert "assuming" not in json.loads(run_cli("check", str(path), "--as-of", AS_OF, "-f", "sarif").stdout)["runs"][0]["properties"]


def test_assumptions_that_add_up_past_what_is_allowed_are_a_usage_error_on_every_command(write) -> None:
    path = write("r.yaml", HEADER + SOLO)
    result = run_cli("critical-path", str(path), "--as-of", AS_OF, "--assume", "[{slip: d, by: 100y}, {slip: d, by: 1d}]")
    assert (result.exit_code, result.stderr) == (2, "mlroadmap: error: --assume: slip: the slips of 'd' add up to more than 100 years\n")


def test_a_capacity_of_people_whose_work_has_durations_only_is_noted(write) -> None:
    # e has a duration, no effort: half time changes nothing, and the note says why. With an
    # effort (test_each_assumption_moves_the_hand_computed_dates) it moves.
    body = HEADER + "people:\n  - {id: ana, name: Ana}\nitems:\n  - {id: e, title: E, track: data, duration: 5d, assignees: [ana]}\n"
    data = json.loads(run_cli("scenario", "compare", str(write("r.yaml", body)), "--as-of", AS_OF, "--assume", "{capacity: ana, to: 0.5}",
                              "-f", "json").stdout)
    [found] = data["scenarios"]
    assert (found["moves"], found["notes"]) == ([], ["ana at capacity 0.5: the open work of ana has durations only, which a capacity "
                                                     "does not change; give it an effort (person-days) for the capacity to count"])
    solo = json.loads(run_cli("scenario", "compare", str(write("r.yaml", HEADER + SOLO)), "--as-of", AS_OF,
                              "--assume", "{capacity: ana, to: 0.5}", "-f", "json").stdout)
    assert solo["scenarios"][0]["notes"] == []
