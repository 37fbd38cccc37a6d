"""Priority in the levelled schedule: of work competing for the same people, the higher
priority goes first; between equal priorities, the least slack."""

from __future__ import annotations

import json

import pytest
from conftest import HEADER, run_cli

# Ana does A and B, both planned from Monday 5 Jan for a week. B is due 11 Jan, and Z (no
# people) keeps the roadmap open to 1 Feb, so by slack B goes first (latest start 5 Jan
# against A's 26 Jan) and A follows on 12-18 Jan. A priority above B's 50 puts A first.
COMPETING = HEADER + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: a, title: A, track: model, start: 2026-01-05, duration: 1w, assignees: [ana]PRIORITY}
  - {id: b, title: B, track: model, start: 2026-01-05, duration: 1w, assignees: [ana], due: 2026-01-11}
  - {id: z, title: Z, track: data, start: 2026-01-05, duration: 4w}
"""
FIRST = {"a": ["2026-01-05", "2026-01-11", None], "b": ["2026-01-12", "2026-01-18", "a"]}
SECOND = {"a": ["2026-01-12", "2026-01-18", "b"], "b": ["2026-01-05", "2026-01-11", None]}


@pytest.mark.parametrize(("priority", "expected"), [
    ("", SECOND),                # both 50: least slack first
    (", priority: 50", SECOND),  # the default, written
    (", priority: 51", FIRST),   # one above: priority first
    (", priority: 100", FIRST),
])
def test_priority_comes_before_slack_for_the_same_people(write, priority: str, expected: dict) -> None:
    path = write("r.yaml", COMPETING.replace("PRIORITY", priority))
    nodes = json.loads(run_cli("graph", str(path), "--as-of", "2025-12-01", "-f", "json").stdout)["nodes"]
    assert {node["id"]: [node["start"], node["finish"], node["held_by"]] for node in nodes if node["id"] in "ab"} == expected


def test_priority_does_not_move_dates_by_dependencies_alone(write) -> None:
    path = write("r.yaml", COMPETING.replace("PRIORITY", ", priority: 100"))
    nodes = json.loads(run_cli("graph", str(path), "--as-of", "2025-12-01", "-f", "json", "--dates", "dependencies").stdout)["nodes"]
    assert {node["id"]: node["start"] for node in nodes} == {"a": "2026-01-05", "b": "2026-01-05", "z": "2026-01-05"}


@pytest.mark.parametrize(("value", "message"), [
    ("101", "priority: 101 should be less than or equal to 100"),
    ("-1", "priority: -1 should be greater than or equal to 0"),
    ("high", "priority: 'high' is not a whole number"),
])
def test_a_bad_priority_is_a_located_error(write, value: str, message: str) -> None:
    path = write("r.yaml", COMPETING.replace("PRIORITY", f", priority: {value}"))
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:7:98: {message}"


# Ana is half-time, Ben full-time; 5 days of effort from Monday 5 Jan: Ben is done on Friday
# 9 Jan, Ana on Friday 16 Jan (10 working days at half a day).
PREFERRED = HEADER + """\
people:
  - {id: ana, name: Ana, capacity: 0.5}
  - {id: ben, name: Ben}
items:
  - {id: w, title: W, track: model, start: 2026-01-05, effort: 5d, any_of: [ana, ben]PREFER}
"""
BUSY = "\n  - {id: x, title: X, track: data, start: 2026-01-05, duration: 1d, assignees: [ana], priority: 90}"


@pytest.mark.parametrize(("prefer", "busy", "expected", "planned"), [
    # The levelled schedule: whoever finishes first by default; the plan's load: whoever it
    # fits, the least loaded, the first listed (both are free: Ana).
    ("", "", ["ben", "2026-01-09"], "ana"),
    (", prefer: soonest", "", ["ben", "2026-01-09"], "ana"),
    (", prefer: listed", "", ["ana", "2026-01-16"], "ana"),    # the first listed, free on the first day
    # Ana is busy on 5 Jan: whoever finishes first; and in the plan, her share (half a day,
    # all she has, every day to 16 Jan) would overbook her on 5 Jan.
    (", prefer: listed", BUSY, ["ben", "2026-01-09"], "ben"),
    ("", BUSY, ["ben", "2026-01-09"], "ben"),
])
def test_any_of_in_order_of_preference_goes_to_the_first_listed_who_is_free(write, prefer: str, busy: str, expected: list,
                                                                               planned: str) -> None:
    path = write("r.yaml", PREFERRED.replace("PREFER", prefer) + busy + "\n")
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", "2025-12-01", "-f", "json").stdout)["nodes"]}
    assert [nodes["w"]["done_by"], nodes["w"]["finish"]] == expected
    load = json.loads(run_cli("capacity", str(path), "--as-of", "2025-12-01", "-f", "json").stdout)
    assert load["any_of_choices"]["w"] == planned
