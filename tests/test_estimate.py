"""Three-point estimates (`estimate: {low, likely, high}`): how they are written, the
errors a user sees, and the one length every view but the forecast uses (`likely`)."""

from __future__ import annotations

import json

import pytest
from conftest import HEADER, run_cli

ITEM = "items:\n  - {id: a, title: A, track: data, start: 2026-01-05, %s}\n"


@pytest.mark.parametrize(("fields", "messages"), [
    # Degenerate (low = likely = high) and ordered estimates are valid.
    ("estimate: {low: 2w, likely: 2w, high: 2w}", []),
    ("estimate: {low: 1d, likely: 1w, high: 1mo}", []),
    # Out of order: reported at the point that breaks the order.
    ("estimate: {low: 8d, likely: 1w, high: 3w}", ["5:83: estimate likely 1w is shorter than low 8d: write low <= likely <= high"]),
    ("estimate: {low: 1w, likely: 3w, high: 20d}", ["5:93: estimate high 20d is shorter than likely 3w: write low <= likely <= high"]),
    # Each point is at least a day.
    ("estimate: {low: 0d, likely: 1w, high: 3w}", ["5:71: estimate low 0d is shorter than a day: each of low, likely and high is at least 1d"]),
    # Not a duration, a missing point, an unknown key.
    ("estimate: {low: 1d, likely: soon, high: 3w}", ["5:83: likely: 'soon' is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y"]),
    # An estimate replaces the duration or the end.
    ("duration: 2w, estimate: {low: 1w, likely: 2w, high: 3w}", ["5:79: estimate and duration are both given: an estimate replaces "
                                                              "the duration; keep one of them"]),
    ("end: 2026-01-18, estimate: {low: 1w, likely: 2w, high: 3w}", ["5:82: estimate and end are both given: an estimate replaces "
                                                                 "the end date; keep one of them"]),
])
def test_an_estimate_is_written_low_likely_high(write, fields: str, messages: list[str]) -> None:
    path = write("r.yaml", HEADER + ITEM % fields)
    result = run_cli("validate", str(path))
    assert [line.removeprefix(f"{path}:") for line in result.stdout.splitlines() if line.startswith(str(path))] == messages
    assert result.exit_code == (1 if messages else 0)


def test_a_missing_point_is_named(write) -> None:
    path = write("r.yaml", HEADER + ITEM % "estimate: {low: 1d, high: 3w}")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:5:65: missing required key 'likely' in estimate of item 'a'" in result.stdout


def test_every_view_but_the_forecast_uses_the_likely_length(write) -> None:
    # a: likely 2w from Mon 5 Jan, to Sun 18 Jan; b after it, likely 3 days.
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, estimate: {low: 1w, likely: 2w, high: 6w}}
  - {id: b, title: B, track: model, depends_on: [a], estimate: {low: 1d, likely: 3d, high: 2w}}
""")
    nodes = {node["id"]: node for node in json.loads(run_cli("graph", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)["nodes"]}
    assert (nodes["a"]["start"], nodes["a"]["finish"], nodes["a"]["days"]) == ("2026-01-05", "2026-01-18", 14)
    assert (nodes["b"]["start"], nodes["b"]["finish"], nodes["b"]["days"]) == ("2026-01-19", "2026-01-21", 3)
