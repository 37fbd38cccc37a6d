"""Decision branches: the work a go/no-go decision's answers lead to. The plan follows the
answer it expects and leaves the other branch's planned work out; a scenario answers the
other way. Hand-computed as of Monday 2026-01-05, by dependencies alone (no people)."""

from __future__ import annotations

import json

import pytest
from conftest import HEADER, run_cli

AS_OF = "2026-01-05"

# pilot 5-14 Jan; the call falls the day after, 15 Jan (a milestone: its successors start that
# day); the roll-out takes 15-19 Jan, the rules fallback 15-24 Jan; the launch waits for both,
# so the branch the dates follow sets its day.
BRANCHES = """\
items:
  - {id: pilot, title: Pilot, track: model, start: 2026-01-05, duration: 10d}
  - {id: rollout, title: Roll out, track: model, duration: 5d}
  - {id: rules, title: Rules fallback, track: data, duration: 10d}
  - {id: launch, title: Launch, track: model, depends_on: [rollout, rules], duration: 1d}
decisions:
  - {id: call, title: Go or no-go, depends_on: [pilot], if_yes: [rollout], if_no: [rules]EXPECT}
"""


def _branches(expect: str = "") -> str:
    return HEADER + BRANCHES.replace("EXPECT", expect)


def _json(write, body: str, *args: str) -> dict:
    path = write("r.yaml", body)
    result = run_cli("critical-path", str(path), "--as-of", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _finishes(data: dict) -> dict[str, str]:
    return {task["id"]: task["finish"] for task in data["critical_path"]}


@pytest.mark.parametrize(("expect", "args", "end", "chain", "follows"), [
    # yes (the default): the roll-out, the launch the day after it; the fallback left out.
    ("", [], "2026-01-20", {"pilot": "2026-01-14", "call": "2026-01-15", "rollout": "2026-01-19", "launch": "2026-01-20"},
     {"call": "yes"}),
    # no: the fallback's ten days, the launch on the 25th.
    (", expect: no", [], "2026-01-25", {"pilot": "2026-01-14", "call": "2026-01-15", "rules": "2026-01-24", "launch": "2026-01-25"},
     {"call": "no"}),
    # A scenario answering no is the same roadmap as one expecting no.
    ("", ["--assume", "{decide: call, answer: no}"], "2026-01-25",
     {"pilot": "2026-01-14", "call": "2026-01-15", "rules": "2026-01-24", "launch": "2026-01-25"}, {"call": "no"}),
])
def test_the_dates_follow_the_expected_answer(write, expect: str, args: list[str], end: str, chain: dict, follows: dict) -> None:
    data = _json(write, _branches(expect), *args)
    assert (data["end"], _finishes(data), data["follows"]) == (end, chain, follows)


def test_every_view_says_which_answer_its_dates_follow(write) -> None:
    path = write("r.yaml", _branches())
    text = run_cli("critical-path", str(path), "--as-of", AS_OF, env={"COLUMNS": "200"}).stdout
    assert text.splitlines()[0] == ("Test roadmap: the roadmap is projected to finish on 2026-01-20 by dependencies alone "
                                    "(as of 2026-01-05). Following call: yes.")
    # Under a scenario that answers the call, the assumption says it once.
    text = run_cli("critical-path", str(path), "--as-of", AS_OF, "--assume", "decide: call, answer: no", env={"COLUMNS": "200"}).stdout
    assert text.splitlines()[0] == ("Test roadmap: the roadmap is projected to finish on 2026-01-25 by dependencies alone "
                                    "(as of 2026-01-05). Assuming call answered no.")
    report = run_cli("report", str(path), "--as-of", AS_OF, "--audience", "exec", "-f", "json")
    assert json.loads(report.stdout)["follows"] == {"call": "yes"}
    capacity = run_cli("capacity", str(path), "--as-of", AS_OF, "-f", "json")
    assert json.loads(capacity.stdout)["follows"] == {"call": "yes"}
    calendar = run_cli("calendar", str(path), "--as-of", AS_OF).stdout.replace("\r\n ", "").replace("\n ", "")
    assert "as projected on 2026-01-05, dates by dependencies alone, following call: yes" in calendar
    # The graphs draw both branches, each edge from the call labelled with its answer; the one
    # left out is dashed, and says so.
    graph = run_cli("graph", str(path), "--as-of", AS_OF, "-f", "mermaid").stdout
    assert "    t_call -->|yes| t_rollout\n    t_call -->|no| t_rules\n" in graph
    assert '        t_rules["Rules fallback (left out: call\'s no)"]\n' in graph and "    class t_rules,legend_left_out left_out\n" in graph
    dot = run_cli("graph", str(path), "--as-of", AS_OF, "-f", "dot").stdout
    assert '"rules" [label="Rules fallback\\nleft out: call\'s no", style="rounded,dashed", fontcolor="#777777"];' in dot
    assert '"call" -> "rules" [label="no"];' in dot
    data = json.loads(run_cli("graph", str(path), "--as-of", AS_OF, "-f", "json").stdout)
    assert {node["id"]: node["status"] for node in data["nodes"]}.keys() >= {"rollout", "rules"}
    assert [node["status"] for node in data["nodes"] if node["id"] in ("rollout", "rules")] == ["planned", "cancelled"]
    assert {"from": "call", "to": "rules", "lag_days": 0, "answer": "no"} in data["edges"]
    assert {"from": "pilot", "to": "call", "lag_days": 0} in data["edges"]


def test_compare_adds_the_branch_the_plan_leaves_out_and_leaves_out_the_other(write) -> None:
    path = write("r.yaml", _branches() + """\
scenarios:
  - {id: no-go, title: The pilot fails, assume: [{decide: call, answer: no}]}
  - {id: as-planned, title: As planned, assume: [{decide: call, answer: yes}]}
""")
    before = path.read_bytes()
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.stderr
    no_go, as_planned = json.loads(result.stdout)["scenarios"]
    assert no_go["end"] == "2026-01-25"
    assert [(m["id"], m["change"], m["plan"], m["scenario"], m["days"], m["why"]) for m in no_go["moves"]] == [
        ("launch", "moves", "2026-01-20", "2026-01-25", 5, "waits on rules: call answered no"),
        ("rules", "added", None, "2026-01-24", None, "call answered no"),
        ("rollout", "left out", "2026-01-19", None, None, "call answered no"),
    ]
    assert (as_planned["moves"], as_planned["notes"]) == ([], ["call answered yes: the plan expects that answer already, so this moves nothing"])
    text = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-s", "no-go", "-f", "markdown").stdout
    assert "| Rules fallback (rules) | left out | 2026-01-24 | added | call answered no |" in text
    assert "| Roll out (rollout) | 2026-01-19 | left out | left out | call answered no |" in text
    assert path.read_bytes() == before


SIDES = """\
items:
  - {id: build, title: Build, track: model, start: 2026-01-05, duration: 5d}
  - {id: hedge, title: Hedge, track: data, status: in-progress, start: 2026-01-05, duration: 10d}
  - {id: later, title: Later, track: data, start: 2026-01-06, duration: 2d}
decisions:
  - {id: call, title: Go or no-go, due: 2026-01-12, if_yes: [build, later], if_no: [hedge]}
"""


def test_branch_work_waits_for_the_decision_unless_it_has_started(write) -> None:
    # build and later are planned from 5 and 6 Jan, but wait for the call on Mon 12 Jan: build
    # 12-16 Jan, later 12-13 Jan. The hedge under way on the no branch is happening: it stays,
    # though the plan expects yes, and keeps its dates, 5-14 Jan.
    data = _json(write, HEADER + SIDES)
    assert data["end"] == "2026-01-16"
    assert [(t["id"], t["start"], t["finish"]) for t in data["critical_path"]] == [
        ("call", "2026-01-12", "2026-01-12"), ("build", "2026-01-12", "2026-01-16")]
    graph = json.loads(run_cli("graph", str(write("r.yaml", HEADER + SIDES)), "--as-of", AS_OF, "-f", "json").stdout)
    edges = {(edge["from"], edge["to"]) for edge in graph["edges"]}
    assert ("call", "build") in edges and ("call", "later") in edges and ("call", "hedge") not in edges
    dates = {node["id"]: (node["start"], node["finish"], node["status"]) for node in graph["nodes"]}
    assert dates["later"] == ("2026-01-12", "2026-01-13", "planned")
    assert dates["hedge"] == ("2026-01-05", "2026-01-14", "in-progress")


NESTED = """\
items:
  - {id: a, title: A, track: model, duration: 2d}
  - {id: b, title: B, track: model, duration: 3d}
  - {id: c, title: C, track: data, duration: 4d}
decisions:
  - {id: first, title: First, due: 2026-01-05, if_yes: [second], if_no: [c]EXPECT}
  - {id: second, title: Second, if_yes: [a], if_no: [b]}
"""


@pytest.mark.parametrize(("expect", "left_out"), [
    # yes, yes: a (5-6 Jan); b on second's no and c on first's no are left out.
    ("", {"b", "c"}),
    # first no: second is never asked, so neither of its branches happens; c does.
    (", expect: no", {"second", "a", "b"}),
])
def test_a_decision_left_out_leaves_out_both_its_branches(write, expect: str, left_out: set[str]) -> None:
    graph = json.loads(run_cli("graph", str(write("r.yaml", HEADER + NESTED.replace("EXPECT", expect))), "--as-of", AS_OF,
                               "-f", "json").stdout)
    assert {node["id"] for node in graph["nodes"] if node["status"] == "cancelled"} == left_out


def test_a_cancelled_decision_leaves_out_both_branches(write) -> None:
    body = HEADER + BRANCHES.replace("EXPECT", ", status: cancelled")
    data = _json(write, body)
    # Neither the roll-out nor the fallback: the launch waits only through them, for the pilot.
    assert data["end"] == "2026-01-15" and "follows" not in data
    assert _finishes(data)["launch"] == "2026-01-15"


def test_wrong_branches_fail_validate_at_their_place(write) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: rollout, title: Roll out, track: model, duration: 5d}
  - {id: rules, title: Rules, track: data, duration: 5d}
decisions:
  - {id: call, title: Call, if_yes: [rollout, call, rolout], if_no: [rules, rollout]}
  - {id: vote, title: Vote, chance: 70%}
  - {id: poll, title: Poll, expect: maybe, if_yes: [rules]}
  - {id: loop, title: Loop, depends_on: [rules], if_no: [rules]}
  - {id: odds, title: Odds, chance: 0, if_yes: [rules]}
""")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.replace(f"{path}:", "").splitlines() == [
        "8:47: if_yes: 'call' is this decision; list the work that follows its answer",
        "8:53: if_yes: unknown id 'rolout' (did you mean 'rollout'?)",
        "8:77: if_no: 'rollout' is in if_yes too; work that follows either answer belongs in neither",
        "9:37: chance: the decision leads to no work (no if_yes or if_no), so there is no answer to draw",
        "10:37: expect: 'maybe' is not one of yes, no (did you mean 'yes'?)",
        # loop waits for rules, and rules (its if_no) for loop: the cycle is shown where the branch names it.
        "11:58: dependency cycle: rules -> loop -> rules",
        "12:37: chance: 0 is not a chance: write a fraction above 0 and at most 1 (0.3) or a percentage (30%)",
        "Found 7 problems in 1 file.",
    ]


@pytest.mark.parametrize(("assume", "message"), [
    ("{decide: rules, answer: no}", "decide: 'rules' is an item, not a decision"),
    ("{decide: cal, answer: no}", "decide: no decision 'cal' in the roadmap (did you mean 'call'?)"),
    ("{decide: vote, answer: no}", "decide: 'vote' leads to no work (no if_yes or if_no), so its answer moves nothing"),
    ("{decide: call, answer: maybe}", "--assume '{decide: call, answer: maybe}': answer: 'maybe' is not one of yes, no"),
])
def test_a_decide_naming_no_decision_with_branches_is_a_usage_error(write, assume: str, message: str) -> None:
    path = write("r.yaml", _branches() + "  - {id: vote, title: Vote}\n")
    result = run_cli("critical-path", str(path), "--as-of", AS_OF, "--assume", assume)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bare_yes_or_no_in_assume_is_the_answer(write) -> None:
    # --assume is YAML 1.1, where no is a boolean; the answer is still "no".
    data = _json(write, _branches(), "--assume", "{decide: call, answer: no}")
    assert data["assuming"] == ["call answered no"] and data["end"] == "2026-01-25"


# --- the forecast weighs both answers --------------------------------------------------------

def _forecast(write, body: str, *args: str) -> dict:
    path = write("r.yaml", body)
    result = run_cli("forecast", str(path), "--as-of", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _due(day: str) -> str:
    return _branches(", chance: 70%").replace("depends_on: [rollout, rules], duration: 1d}",
                                               f"depends_on: [rollout, rules], duration: 1d, due: {day}}}")


@pytest.mark.parametrize(("due", "on_time"), [
    # The launch: 20 Jan after a yes, 25 Jan after a no. Due on the 25th, every sample is on time
    # (the due day counts); due on the 24th, only the samples that drew yes.
    ("2026-01-25", lambda drawn: 1.0),
    ("2026-01-24", lambda drawn: drawn),
])
def test_the_forecast_draws_the_answer_with_its_chance(write, due: str, on_time) -> None:
    data = _forecast(write, _due(due))
    [decision] = data["decisions"]
    drawn = decision["drawn"]
    assert (decision["id"], decision["expect"], decision["chance"]) == ("call", "yes", 0.7)
    assert 0.68 < drawn < 0.72  # 10,000 draws of a 70% chance
    # No estimate: each sample is one branch's dates. 70% at 20 Jan, 30% at 25 Jan: the median
    # is a yes's end, the 80% and 95% a no's.
    assert data["end"] == {"p50": "2026-01-20", "p80": "2026-01-25", "p95": "2026-01-25", "deterministic": "2026-01-20"}
    entities = {entity["id"]: entity for entity in data["entities"]}
    assert entities["launch"]["p_on_time"] == on_time(drawn)
    # Each branch's work happens in the samples that drew its answer, on its own dates there.
    assert (entities["rollout"]["happens"], entities["rollout"]["p50"], entities["rollout"]["p95"]) == (drawn, "2026-01-19", "2026-01-19")
    assert (entities["rules"]["happens"], entities["rules"]["p50"], entities["rules"]["p95"]) == (round(1 - drawn, 4), "2026-01-24", "2026-01-24")
    assert "happens" not in entities["launch"] and "happens" not in entities["pilot"]


@pytest.mark.parametrize(("extra", "end"), [
    ("", "2026-01-20"),  # no chance: every sample follows the expected yes
    (", chance: 100%", "2026-01-20"),  # certain: the same
    (", chance: 70%, status: done", "2026-01-20"),  # taken: its answer is known, nothing to draw
    (", expect: no, chance: 100%", "2026-01-25"),
])
def test_a_decision_without_a_chance_to_draw_is_the_plan_in_every_sample(write, extra: str, end: str) -> None:
    data = _forecast(write, _branches(extra))
    assert data["end"] == {"p50": end, "p80": end, "p95": end, "deterministic": end}
    assert all("happens" not in entity for entity in data["entities"])
    assert "decisions" not in data or data["decisions"][0]["drawn"] == 1.0


def test_an_expected_no_is_weighed_the_same_way(write) -> None:
    # No expected at 70%: the plan ends on the 25th; the 30% of yes end on the 20th.
    data = _forecast(write, _branches(", expect: no, chance: 70%"))
    assert data["end"] == {"p50": "2026-01-25", "p80": "2026-01-25", "p95": "2026-01-25", "deterministic": "2026-01-25"}
    entities = {entity["id"]: entity for entity in data["entities"]}
    assert round(entities["rollout"]["happens"] + entities["rules"]["happens"], 4) == 1.0
    assert 0.28 < entities["rollout"]["happens"] < 0.32


def test_the_forecast_and_check_say_what_the_drawn_answer_does(write) -> None:
    path = write("r.yaml", _due("2026-01-22"))
    text = run_cli("forecast", str(path), "--as-of", AS_OF, env={"COLUMNS": "200"}).stdout
    words = " ".join(text.split())
    assert ("From 10,000 samples (seed 0) over 1 decision, as of 2026-01-05; dates by dependencies alone. Following call: yes. "
            "call is answered yes (the plan's answer) in 70% of the samples, no in the rest.") in words
    assert "Rules fallback (rules, in 30% of the samples) left out 2026-01-24 2026-01-24 2026-01-24" in words
    # The plan meets the launch's date; 70% of the samples do: under the 80% that check asks for.
    check = run_cli("check", str(path), "--as-of", AS_OF).stdout
    assert ("warning: [MLR157] item 'launch' is planned to finish on 2026-01-20, by its due date 2026-01-22, but only 70% of "
            "10,000 forecast samples do (80% likely by 2026-01-25)") in check


# --- from a hostile review: what the first version got wrong -------------------------------

def test_a_decide_answers_for_certain_in_every_sample(write) -> None:
    # The chance is of the expected answer; answered no, the forecast no longer draws it.
    data = _forecast(write, _due("2026-01-22"), "--assume", "{decide: call, answer: no}")
    assert "decisions" not in data
    assert data["end"] == {"p50": "2026-01-25", "p80": "2026-01-25", "p95": "2026-01-25", "deterministic": "2026-01-25"}


NESTED_DRAWN = """\
outcomes:
  - {id: fast, title: Fast, problem: p, metric: m, baseline: 1, target: 2, current: 1, due: 2026-Q1}
items:
  - {id: pilot, title: Pilot, track: model, start: 2026-01-05, duration: 10d}
  - {id: rollout, title: Roll out, track: model, duration: 5d, outcome: fast}
  - {id: rules, title: Rules fallback, track: data, duration: 20d}
  - {id: big, title: Big bang, track: model, duration: 3d}
  - {id: slow, title: Slow ramp, track: model, duration: 9d}
decisions:
  - {id: a, title: A, depends_on: [pilot], if_yes: [rollout, b], if_no: [rules], chance: 50%, expect: no}
  - {id: b, title: B, depends_on: [rollout], if_yes: [big], if_no: [slow], chance: 50%}
"""


def test_a_decision_on_a_branch_is_drawn_in_the_samples_that_take_it(write) -> None:
    # The plan expects a: no, leaving out b; the samples that draw a: yes ask b, and split.
    data = _forecast(write, HEADER + NESTED_DRAWN)
    a, b = data["decisions"]
    assert (a["id"], a["asked"], b["id"]) == ("a", 1.0, "b")
    assert b["asked"] == round(1 - a["drawn"], 4) and 0.48 < b["drawn"] < 0.52
    entities = {entity["id"]: entity for entity in data["entities"]}
    # big and slow share the samples that ask b; rollout is in all of them.
    assert round(entities["big"]["happens"] + entities["slow"]["happens"], 4) == b["asked"] == entities["rollout"]["happens"]
    # After rollout, 15-19 Jan, b falls on the 20th: big 20-22 Jan, slow 20-28 Jan.
    assert (entities["big"]["p50"], entities["slow"]["p50"]) == ("2026-01-22", "2026-01-28")
    text = " ".join(run_cli("forecast", str(write("r.yaml", HEADER + NESTED_DRAWN)), "--as-of", AS_OF).stdout.split())
    assert f"b is asked in the {round(b['asked'] * 100)}% of the samples that take the branch it is on" in text


def test_an_outcome_served_only_on_a_branch_is_forecast_where_it_is_served(write) -> None:
    import datetime as dt

    import mlroadmap
    from mlroadmap.analysis import Analysis
    from mlroadmap.forecast import forecast

    result = forecast(Analysis(mlroadmap.load(str(write("r.yaml", HEADER + NESTED_DRAWN))), dt.date(2026, 1, 5)), samples=1000)
    [fast] = result.outcomes
    rollout = next(entity for entity in result.entities if entity.id == "rollout")
    # The plan leaves its only work out; the samples that draw a: yes land it on 19 Jan.
    assert (fast.planned, fast.p50, fast.p95, fast.p_on_time, fast.happens) == (
        None, dt.date(2026, 1, 19), dt.date(2026, 1, 19), 1.0, rollout.happens)


@pytest.mark.parametrize(("seed", "drawn", "rollout"), [
    ("0", 0.0, (0.0, None)),  # seed 0's one sample draws no: the roll-out happens in none, and has no dates
    ("1", 1.0, (None, "2026-01-19")),  # seed 1's draws yes: the roll-out is in every sample
])
def test_work_no_sample_takes_has_no_dates(write, seed: str, drawn: float, rollout: tuple) -> None:
    data = _forecast(write, _due("2026-01-22"), "--samples", "1", "--seed", seed)
    found = next(entity for entity in data["entities"] if entity["id"] == "rollout")
    assert (data["decisions"][0]["drawn"], (found.get("happens"), found["p50"])) == (drawn, rollout)


def test_a_model_in_production_on_the_other_branch_stays(write) -> None:
    body = _branches().replace("if_no: [rules]", "if_no: [rules, m1]") + """\
models:
  - {id: m1, title: Model one, track: model, stage: production, status: planned, duration: 4d}
"""
    nodes = {node["id"]: node["status"] for node in json.loads(
        run_cli("graph", str(write("r.yaml", body)), "--as-of", AS_OF, "-f", "json").stdout)["nodes"]}
    assert (nodes["m1"], nodes["rules"]) == ("planned", "cancelled")


@pytest.mark.parametrize(("extra", "assume", "message"), [
    (", status: cancelled", "{decide: call, answer: no}", "decide: 'call' is cancelled: it is never answered"),
    (", status: done", "{decide: call, answer: no}", "decide: 'call' is done: its answer is given (its expect), not a what-if"),
    ("", "[{decide: call, answer: no}, {decide: call, answer: yes}]", "answer: 'call' is answered no already in this scenario"),
])
def test_a_decide_that_cannot_apply_is_a_usage_error(write, extra: str, assume: str, message: str) -> None:
    result = run_cli("critical-path", str(write("r.yaml", _branches(extra))), "--as-of", AS_OF, "--assume", assume)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_validate_points_at_a_second_answer_to_the_same_decision(write) -> None:
    path = write("r.yaml", _branches() + """\
scenarios:
  - id: s
    title: Both ways
    assume:
      - {decide: call, answer: no}
      - {decide: call, answer: yes}
""")
    result = run_cli("validate", str(path))
    assert result.stdout.replace(f"{path}:", "").splitlines()[0] == "16:32: answer: 'call' is answered no already in this scenario"


def test_a_decide_on_a_branch_the_scenario_leaves_out_is_noted(write) -> None:
    path = write("r.yaml", HEADER + NESTED_DRAWN.replace(", expect: no", ""))
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-f", "json",
                     "--assume", "[{decide: a, answer: no}, {decide: b, answer: no}]")
    [found] = json.loads(result.stdout)["scenarios"]
    assert found["notes"] == ["b answered no: it is on a's yes, which this scenario does not take, so it is never asked and this "
                              "moves nothing"]
    # b's branches are left out with a: b is never asked, and the reason says so.
    moves = {move["id"]: (move["change"], move["why"]) for move in found["moves"]}
    assert moves["big"] == ("left out", "on b's yes (b is never asked), which the scenario does not take")


def test_a_forecast_draws_six_decisions_at_most(write) -> None:
    # Each set of answers is a projection: past six decisions (64 sets), the rest keep their expected answer.
    body = HEADER + "items:\n" + "".join(
        f"  - {{id: y{n}, title: Yes {n}, track: model, duration: 2d}}\n  - {{id: n{n}, title: No {n}, track: model, duration: 3d}}\n"
        for n in range(7)) + "decisions:\n" + "".join(
        f"  - {{id: d{n}, title: Call {n}, due: 2026-01-05, if_yes: [y{n}], if_no: [n{n}], chance: 50%}}\n" for n in range(7))
    data = _forecast(write, body, "--samples", "2000")
    assert [decision["id"] for decision in data["decisions"]] == [f"d{n}" for n in range(6)] and data["undrawn"] == ["d6"]
    entities = {entity["id"]: entity for entity in data["entities"]}
    assert "happens" in entities["y5"] and "happens" not in entities["y6"]
    text = " ".join(run_cli("forecast", str(write("r.yaml", body)), "--as-of", AS_OF, "--samples", "200").stdout.split())
    assert ("d6 follows the expected answer in every sample: a forecast draws the answers of 6 decisions at most, each set of "
            "answers being a projection of its own.") in text


# --- from a second review ---------------------------------------------------------------

SHARED = """\
items:
  - {id: pilot, title: Pilot, track: model, start: 2026-01-05, duration: 10d}
  - {id: x, title: X, track: model, duration: 5d}
  - {id: y, title: Y, track: model, duration: 5d}
  - {id: w, title: W shared, track: model, duration: 7d}
decisions:
  - {id: a, title: A, depends_on: [pilot], if_yes: [b1], if_no: [b2], chance: 50%}
  - {id: b1, title: B1, if_yes: [w], if_no: [x], chance: 50%}
  - {id: b2, title: B2, if_yes: [w], if_no: [y], chance: 50%}
"""


def test_work_on_two_decisions_branches_happens_when_either_is_taken(write) -> None:
    # a: yes, b1: yes takes w (15-21 Jan), though b2, never asked, also names it.
    data = _json(write, HEADER + SHARED)
    assert (data["end"], data["follows"]) == ("2026-01-21", {"a": "yes", "b1": "yes"})
    forecast = _forecast(write, HEADER + SHARED)
    happens = {entity["id"]: entity.get("happens") for entity in forecast["entities"]}
    # w after either yes; x after b1's no, y after b2's: every sample has exactly one of them.
    assert round(happens["w"] + happens["x"] + happens["y"], 4) == 1.0
    assert 0.45 < happens["w"] < 0.55


def test_the_forecast_counts_the_estimates_of_every_branch_and_relevels_them(write) -> None:
    body = HEADER + """\
outcomes:
  - {id: fast, title: Fast, problem: p, metric: m, baseline: 1, target: 2, current: 1, due: 2026-Q1}
items:
  - {id: pilot, title: Pilot, track: model, start: 2026-01-05, duration: 10d}
  - {id: rollout, title: Roll out, track: model, duration: 5d, outcome: fast}
  - {id: rules, title: Rules fallback, track: data, estimate: {low: 10d, likely: 20d, high: 40d}}
decisions:
  - {id: call, title: Call, depends_on: [pilot], if_yes: [rollout], if_no: [rules], chance: 60%}
"""
    path = write("r.yaml", body)
    text = " ".join(run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "200").stdout.split())
    assert "From 200 samples (seed 0) over 1 estimate and 1 decision" in text  # the estimate is on the branch the plan leaves out
    # Levelled again in every sample, with the outcome served on one branch only.
    relevelled = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "20", "--relevel", "-f", "json")
    assert relevelled.exit_code == 0, relevelled.stderr


def test_a_slip_of_work_the_scenario_leaves_out_is_noted(write) -> None:
    path = write("r.yaml", _branches() + """\
scenarios:
  - {id: no-and-slip, title: x, assume: [{decide: call, answer: no}, {slip: rules, by: 1w}]}
  - {id: slip-only, title: y, assume: [{slip: rules, by: 1w}]}
""")
    found = {s["id"]: s for s in json.loads(run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-f", "json").stdout)["scenarios"]}
    # Answered no, the fallback is taken and slips a week: 15-31 Jan, nothing to note.
    assert found["no-and-slip"]["notes"] == []
    assert ("rules", "added", "2026-01-31") in [(m["id"], m["change"], m["scenario"]) for m in found["no-and-slip"]["moves"]]
    assert found["slip-only"]["notes"] == ["rules slips 1w: it is on call's no, which this scenario does not take, so this moves nothing"]


def test_added_work_says_the_scenario_takes_its_branch(write) -> None:
    path = write("r.yaml", HEADER + NESTED_DRAWN.replace("chance: 50%, expect: no", "expect: no"))
    result = run_cli("scenario", "compare", str(path), "--as-of", AS_OF, "-f", "json", "--assume", "{decide: a, answer: yes}")
    moves = {m["id"]: (m["change"], m["why"]) for m in json.loads(result.stdout)["scenarios"][0]["moves"]}
    assert moves["rollout"] == ("added", "a answered yes")
    # big is on b's yes: b is never asked in the plan, and the scenario asks it.
    assert moves["big"] == ("added", "the scenario takes b's yes")


def test_every_sample_drawing_the_same_answer_has_no_rest(write) -> None:
    text = " ".join(run_cli("forecast", str(write("r.yaml", _due("2026-01-22"))), "--as-of", AS_OF, "--samples", "1").stdout.split())
    assert "call is answered no in every sample." in text


def test_a_scenario_naming_work_in_a_file_that_failed_to_load_is_not_reported(write) -> None:
    write("rm/a.yaml", _branches() + "scenarios:\n  - {id: s, title: S, assume: [{slip: extra, by: 2d}]}\n")
    write("rm/b.yaml", "items:\n  - id: extra\n    title: Extra\n      track: data\n")
    result = run_cli("validate", str(write("rm/a.yaml", _branches() + "scenarios:\n  - {id: s, title: S, assume: [{slip: extra, by: 2d}]}\n").parent))
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()[:-1]] == ["b.yaml:4:12"]


def test_the_report_forecasts_an_outcome_whose_work_only_a_drawn_answer_takes(write) -> None:
    report = json.loads(run_cli("report", str(write("r.yaml", HEADER + NESTED_DRAWN)), "--as-of", AS_OF, "-f", "json").stdout)
    [fast] = report["sections"]["outcomes"]
    # The plan (a: no) leaves its only work out; the samples drawing a: yes land it on 19 Jan.
    assert (fast["lands"], fast["forecast"]["p80"]) == (None, "2026-01-19") and 0.45 < fast["forecast"]["happens"] < 0.55
