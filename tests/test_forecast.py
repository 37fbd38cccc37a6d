"""The forecast: exact when nothing is uncertain, right against distributions computed by
hand when something is, reproducible by its seed, and in the JSON shape the issue fixes."""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import EXAMPLES, HEADER, run_cli

sys.path.insert(0, str(EXAMPLES.parent / "tests"))
from test_one_set_of_dates import FORECASTING

ROADMAPS = {"support": str(EXAMPLES / "support-assistant"), "card-fraud": str(EXAMPLES / "card-fraud")}
AS_OF = "2026-11-25"


def forecast_json(path, *args: str, as_of: str = AS_OF) -> dict:
    result = run_cli("forecast", str(path), "--as-of", as_of, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def graph_json(path, *args: str, as_of: str = AS_OF) -> dict:
    return json.loads(run_cli("graph", str(path), "--as-of", as_of, "--format", "json", *args).stdout)


@pytest.fixture(params=[*ROADMAPS, "forecasting"])
def roadmap(request, tmp_path) -> str:
    """A roadmap with nothing uncertain: each estimate replaced by its likely duration."""
    if request.param == "forecasting":
        path = tmp_path / "forecasting.yaml"
        path.write_text(FORECASTING, encoding="utf-8")
        return str(path)
    import shutil

    copy = tmp_path / request.param
    shutil.copytree(ROADMAPS[request.param], copy)
    for path in copy.glob("*.yaml"):
        path.write_text(without_estimates(path.read_text(encoding="utf-8")), encoding="utf-8")
    return str(copy)


def without_estimates(text: str) -> str:
    """Each `estimate` of ``text`` replaced by its likely duration, no risk's delay, and no
    decision's chance (its answer is the expected one in every sample)."""
    import re

    text = re.sub(r"\n *delay: \{chance: [^}]*\}", "", text)
    text = re.sub(r"\n    chance: \d+%", "", text)
    return re.sub(r"estimate: \{low: \w+, likely: (\w+), high: \w+\}", r"duration: \1", text)


@pytest.mark.parametrize("dates", [(), ("--dates", "dependencies")])
def test_without_uncertainty_every_sample_is_the_projection(roadmap: str, dates: tuple) -> None:
    forecast = forecast_json(roadmap, "--samples", "50", *dates)
    plan = graph_json(roadmap, *dates)
    assert forecast["end"] == {"p50": plan["end"], "p80": plan["end"], "p95": plan["end"], "deterministic": plan["end"]}
    nodes = {node["id"]: node for node in plan["nodes"]}
    assert [entity["id"] for entity in forecast["entities"]] == list(nodes)
    for entity in forecast["entities"]:
        node = nodes[entity["id"]]
        assert (entity["kind"], entity["p50"], entity["p80"], entity["p95"], entity["due"]) == (
            node["kind"], node["finish"], node["finish"], node["finish"], node["due"]), entity["id"]
        # Zero slack in every sample, or in none, as in the plan.
        assert entity["criticality"] == (1.0 if node["slack"] == 0 else 0.0), entity["id"]
        if node["due"] is not None:
            assert entity["p_on_time"] == (1.0 if node["finish"] <= node["due"] else 0.0), entity["id"]


def test_without_uncertainty_each_outcome_lands_on_its_planned_date(roadmap: str) -> None:
    import datetime as dt

    import mlroadmap
    from mlroadmap.analysis import Analysis
    from mlroadmap.forecast import forecast

    loaded = mlroadmap.load(roadmap)
    result = forecast(Analysis(loaded, dt.date(2026, 11, 25), None), samples=20)
    planned = json.loads(run_cli("critical-path", roadmap, "--as-of", AS_OF, "--format", "json").stdout)["outcome_dates"]
    assert {outcome.id: (outcome.p50, outcome.p95) for outcome in result.outcomes} == {
        outcome: (dt.date.fromisoformat(day), dt.date.fromisoformat(day)) for outcome, day in planned.items()}
    for outcome in result.outcomes:
        assert outcome.p_on_time == (1.0 if outcome.planned <= outcome.due else 0.0)


def test_without_uncertainty_a_large_levelled_roadmap_is_its_projection_too(tmp_path) -> None:
    # Hundreds of people-bound pieces of work: the levelled schedule's waits for people run
    # against the file's order, so the forecast must follow the order it placed them in.
    import subprocess

    path = tmp_path / "big.yaml"
    subprocess.run([sys.executable, str(EXAMPLES.parent / "benchmarks" / "generate.py"), "400", "-o", str(path)], check=True,
                   capture_output=True)
    path.write_text(without_estimates(path.read_text(encoding="utf-8")), encoding="utf-8")
    forecast = forecast_json(path, "--samples", "3", as_of="2026-01-05")
    plan = graph_json(path, as_of="2026-01-05")
    assert plan["dates"] == "capacity"
    finishes = {node["id"]: node["finish"] for node in plan["nodes"]}
    assert {entity["id"]: entity["p95"] for entity in forecast["entities"]} == finishes
    assert forecast["end"]["p50"] == forecast["end"]["deterministic"] == plan["end"]


def test_a_degenerate_estimate_is_a_fixed_length(write) -> None:
    fixed = write("fixed.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, start: 2026-01-05, duration: 3w}\n")
    degenerate = write("est.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, start: 2026-01-05, estimate: {low: 3w, likely: 3w, high: 3w}}\n")
    assert forecast_json(fixed, "--samples", "20", as_of="2026-01-05")["end"] == forecast_json(degenerate, "--samples", "20", as_of="2026-01-05")["end"]


# --- against distributions computed by hand ----------------------------------------------------


def triangular_cdf(x: float, low: float, mode: float, high: float) -> float:
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    return 1 - (high - x) ** 2 / ((high - low) * (high - mode))


def rounded_up_pmf(low: int, mode: int, high: int) -> dict[int, float]:
    """P(ceil(T) = k) for T triangular(low, mode, high): F(k) - F(k - 1)."""
    return {k: triangular_cdf(k, low, mode, high) - triangular_cdf(k - 1, low, mode, high) for k in range(low, high + 1)}


def quantile(pmf: dict[int, float], q: float) -> int:
    total = 0.0
    for value in sorted(pmf):
        total += pmf[value]
        if total >= q - 1e-12:
            return value
    return max(pmf)


A = (2, 5, 15)  # days: low, likely, high
B = (3, 4, 20)
START = "2026-01-05"  # day 0


def _days(day: str) -> int:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.date.fromisoformat(START)).days


def _estimate(points: tuple[int, int, int]) -> str:
    return f"{{low: {points[0]}d, likely: {points[1]}d, high: {points[2]}d}}"


# 20,000 samples: a percentile's sampling error is well under a day here, so a day either
# side is the tolerance; a share's standard error is under 0.004, so 0.015 is four of them.
SAMPLES = "20000"


def test_two_estimates_in_a_chain_sum_by_convolution(write) -> None:
    path = write("chain.yaml", HEADER + f"""\
items:
  - {{id: a, title: A, track: data, start: {START}, estimate: {_estimate(A)}}}
  - {{id: b, title: B, track: model, depends_on: [a], estimate: {_estimate(B)}, due: 2026-01-19}}
""")
    pa, pb = rounded_up_pmf(*A), rounded_up_pmf(*B)
    total: dict[int, float] = {}
    for x, px in pa.items():
        for y, py in pb.items():
            total[x + y] = total.get(x + y, 0.0) + px * py
    forecast = forecast_json(path, "--samples", SAMPLES, as_of=START)
    b = next(entity for entity in forecast["entities"] if entity["id"] == "b")
    for key, q in (("p50", 0.5), ("p80", 0.8), ("p95", 0.95)):
        # b's last day is day (a + b - 1) from the start.
        assert abs(_days(b[key]) - (quantile(total, q) - 1)) <= 1, key
        assert b[key] == forecast["end"][key]
    # Due on day 14: on time when a + b <= 15.
    assert abs(b["p_on_time"] - sum(p for days, p in total.items() if days <= 15)) < 0.015
    assert forecast["end"]["deterministic"] == "2026-01-13"  # 5 + 4 days from 5 Jan: the likely plan
    assert b["criticality"] == 1.0  # a chain: always on it


def test_two_estimates_in_parallel_meet_by_the_product_of_their_distributions(write) -> None:
    path = write("parallel.yaml", HEADER + f"""\
items:
  - {{id: a, title: A, track: data, start: {START}, estimate: {_estimate(A)}}}
  - {{id: b, title: B, track: model, start: {START}, estimate: {_estimate(B)}}}
  - {{id: go, title: Go live, track: model, milestone: true, depends_on: [a, b]}}
""")
    pa, pb = rounded_up_pmf(*A), rounded_up_pmf(*B)
    cdf_a = lambda k: sum(p for days, p in pa.items() if days <= k)  # noqa: E731
    cdf_b = lambda k: sum(p for days, p in pb.items() if days <= k)  # noqa: E731
    both = {k: cdf_a(k) * cdf_b(k) - cdf_a(k - 1) * cdf_b(k - 1) for k in range(1, max(A[2], B[2]) + 1)}
    forecast = forecast_json(path, "--samples", SAMPLES, as_of=START)
    go = next(entity for entity in forecast["entities"] if entity["id"] == "go")
    for key, q in (("p50", 0.5), ("p80", 0.8), ("p95", 0.95)):
        # The milestone is on the day after the later of the two ends: day max(a, b).
        assert abs(_days(go[key]) - quantile(both, q)) <= 1, key
    share_a = next(entity for entity in forecast["entities"] if entity["id"] == "a")["criticality"]
    share_b = next(entity for entity in forecast["entities"] if entity["id"] == "b")["criticality"]
    # Critical when it ends last (both, on a tie): P(a >= b) and P(b >= a).
    p_a = sum(px * py for x, px in pa.items() for y, py in pb.items() if x >= y)
    p_b = sum(px * py for x, px in pa.items() for y, py in pb.items() if y >= x)
    assert abs(share_a - p_a) < 0.015 and abs(share_b - p_b) < 0.015


def test_the_tornado_moves_one_estimate_to_its_low_and_high_with_the_others_likely(write) -> None:
    # Plan: a takes 5 days, b 4, so go is on day 5 (10 Jan). a from 2 to 15 days moves go
    # from day max(2, 4) to day 15; b from 3 to 20, from day max(5, 3) to day 20. c has
    # slack at its high (3 days < 5), and d is fixed at 4 days: neither moves the end.
    path = write("parallel.yaml", HEADER + f"""\
items:
  - {{id: a, title: A, track: data, start: {START}, estimate: {_estimate(A)}}}
  - {{id: b, title: B, track: model, start: {START}, estimate: {_estimate(B)}}}
  - {{id: c, title: C, track: model, start: {START}, estimate: {{low: 1d, likely: 2d, high: 3d}}}}
  - {{id: d, title: D, track: model, start: {START}, estimate: {{low: 4d, likely: 4d, high: 4d}}}}
  - {{id: go, title: Go live, track: model, milestone: true, depends_on: [a, b, c, d]}}
""")
    text = run_cli("forecast", str(path), "--as-of", START, "--samples", "2000", "--format", "markdown").stdout
    table = text.split("### What moves the end most\n\n")[1].splitlines()
    assert table[:2] == ["| Work or risk | Range | End, low or without | End, high or with | Moves | Critical |", "|---|---|---|---|---|---|"]
    assert [row.rsplit("|", 2)[0] for row in table[2:]] == [
        "| B (b) | 3-20 days | 2026-01-10 | 2026-01-25 | 15 days ",
        "| A (a) | 2-15 days | 2026-01-09 | 2026-01-20 | 11 days ",
    ]


@pytest.mark.parametrize(("spent", "points"), [(15, (10, 20, 40)), (25, (10, 20, 40)), (10, (10, 20, 40)), (9, (10, 12, 14)),
                                               (40, (10, 20, 40))])
def test_work_under_way_is_drawn_from_the_part_of_its_estimate_it_has_not_ruled_out(write, spent: int, points: tuple) -> None:
    # Started `spent` days before the as-of day and still open, so it takes more than
    # `spent` days: P(ceil(T) = k | T > spent) = (F(k) - F(k - 1)) / (1 - F(spent)) for k > spent.
    import datetime as dt

    start = dt.date.fromisoformat(START)
    as_of = (start + dt.timedelta(days=spent)).isoformat()
    path = write("w.yaml", HEADER + f"""\
items:
  - {{id: w, title: W, track: data, status: in-progress, start: {START}, estimate: {_estimate(points)}, due: 2026-01-28}}
""")
    w = _entities(forecast_json(path, "--samples", SAMPLES, as_of=as_of))["w"]
    if spent >= points[2]:  # past its high: a day left, as the plan says
        assert (w["p50"], w["p95"], w["p_on_time"]) == (as_of, as_of, 0.0)
        return
    left = 1 - triangular_cdf(spent, *points)
    pmf = {k: p / left for k, p in rounded_up_pmf(*points).items() if k > spent}
    for key, q in (("p50", 0.5), ("p80", 0.8), ("p95", 0.95)):
        assert abs(_days(w[key]) - (quantile(pmf, q) - 1)) <= 1, key  # its last day: day total - 1
    assert abs(w["p_on_time"] - sum(p for days, p in pmf.items() if days <= 24)) < 0.015  # due on day 23


# --- reproducible, and its input checked -------------------------------------------------------


ESTIMATED = HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, estimate: {low: 1w, likely: 2w, high: 8w}}
  - {id: b, title: B, track: model, depends_on: [a], estimate: {low: 2d, likely: 1w, high: 3w}, due: 2026-02-06}
"""


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_samples(write) -> None:
    path = write("r.yaml", ESTIMATED)
    first = run_cli("forecast", str(path), "--as-of", "2026-01-05", "--format", "json", "--samples", "500", "--seed", "7").stdout
    again = run_cli("forecast", str(path), "--as-of", "2026-01-05", "--format", "json", "--samples", "500", "--seed", "7").stdout
    other = run_cli("forecast", str(path), "--as-of", "2026-01-05", "--format", "json", "--samples", "500", "--seed", "8").stdout
    assert first == again
    assert json.loads(first)["entities"] != json.loads(other)["entities"]
    assert (json.loads(first)["samples"], json.loads(first)["seed"]) == (500, 7)


def test_the_json_has_exactly_the_documented_keys(write) -> None:
    forecast = forecast_json(write("r.yaml", ESTIMATED), "--samples", "100", as_of="2026-01-05")
    assert list(forecast) == ["roadmap", "as_of", "dates", "samples", "seed", "end", "entities"]
    assert list(forecast["end"]) == ["p50", "p80", "p95", "deterministic"]
    assert [list(entity) for entity in forecast["entities"]] == [["id", "kind", "p50", "p80", "p95", "due", "p_on_time", "criticality"]] * 2
    assert forecast["roadmap"] == "Test roadmap"
    assert all(0 <= entity["criticality"] <= 1 for entity in forecast["entities"])


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--samples", "0", "--samples: at least 1, not 0"),
    ("--samples", "-3", "--samples: at least 1, not -3"),
    ("--samples", "1000001", "--samples: at most 1,000,000, not 1,000,001 (a percentile's sampling error at 100,000 is already a small "
                             "fraction of a day)"),
    ("--seed", "-1", "--seed: at least 0, not -1"),
])
def test_samples_and_seed_out_of_range_are_usage_errors(write, option: str, value: str, message: str) -> None:
    result = run_cli("forecast", str(write("r.yaml", ESTIMATED)), option, value)
    assert result.exit_code == 2
    assert result.stderr == f"mlroadmap: error: {message}\n"


def test_a_chance_may_be_a_percentage(write) -> None:
    as_fraction = forecast_json(write("r.yaml", RISKY.replace("STATUS ", "")), "--samples", "300", as_of=START)
    as_percent = forecast_json(write("s.yaml", RISKY.replace("STATUS ", "").replace("chance: 0.3", "chance: 30%")), "--samples", "300",
                               as_of=START)
    assert as_fraction == as_percent


def test_the_text_says_what_the_plan_hides(write) -> None:
    text = run_cli("forecast", str(write("r.yaml", ESTIMATED)), "--as-of", "2026-01-05", "--samples", "2000").stdout
    first = " ".join(text.split("Deadlines")[0].split())
    # The plan's end, day 20 (2 weeks + 1 week), is met when a + b <= 21 days.
    pa, pb = rounded_up_pmf(7, 14, 56), rounded_up_pmf(2, 7, 21)
    meet = sum(px * py for x, px in pa.items() for y, py in pb.items() if x + y <= 21)
    found = re.match(r"Test roadmap: the plan says 2026-01-25, which (\d+)% of the samples meet; 50% likely by ", first)
    assert found is not None, first
    assert abs(int(found.group(1)) / 100 - meet) <= 0.03  # 2,000 samples: within three standard errors, and the rounding
    assert first.endswith(". From 2,000 samples (seed 0) over 2 estimates, as of 2026-01-05; dates by dependencies alone.")


def test_an_invalid_roadmap_is_reported_like_validate(write) -> None:
    path = write("r.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, estimate: {low: 3w, likely: 2w, high: 4w}}\n")
    result = run_cli("forecast", str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:5:64: estimate likely 2w is shorter than low 3w: write low <= likely <= high\n"
                             "Found 1 problem in 1 file; the roadmap must be valid first (mlroadmap validate).\n")


@pytest.mark.parametrize("width", [80, 120])
def test_forecast_text_fits_the_terminal(width: int) -> None:
    import datetime as dt
    import io

    from rich.console import Console

    import mlroadmap
    from mlroadmap.analysis import Analysis
    from mlroadmap.forecast import forecast
    from mlroadmap.render.forecast import to_terminal

    result = forecast(Analysis(mlroadmap.load(ROADMAPS["support"]), dt.date(2026, 11, 25), None), samples=10)
    buffer = io.StringIO()
    to_terminal(result, Console(file=buffer, width=width, color_system=None))
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    assert any("2026-12-16" in line and "0%" in line for line in lines)  # the EU go/no-go misses its date


# --- cases a review found (each once broke the forecast or the schedule) ------------------------

REVIEWED = {
    # Cancelled work passes its predecessor's date on; its own planned start counts for nothing.
    "cancelled after work": ("2026-01-05", """\
items:
  - {id: a, title: A, track: data, start: 2026-02-02, duration: 2w}
  - {id: x, title: X, track: model, status: cancelled, start: 2026-06-01, duration: 1w, depends_on: [a]}
  - {id: y, title: Y, track: model, duration: 1w, depends_on: [x]}
"""),
    # A series under way waits for nothing, so it holds its predecessor back in no way either.
    "series under way after work": ("2026-02-10", """\
items:
  - {id: a, title: A, track: data, start: 2026-02-02, duration: 8w}
  - {id: r, title: Weekly eval, track: monitoring, status: in-progress, cadence: weekly, start: 2026-01-05, duration: 1d, depends_on: [a]}
  - {id: z, title: Z, track: model, duration: 1w, depends_on: [r]}
"""),
    # Lags: on the driver, on a dependency that does not drive, and through cancelled work.
    "lags": ("2026-01-05", """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w}
  - {id: b, title: B, track: data, start: 2026-01-05, duration: 1w}
  - {id: c, title: C, track: model, duration: 1w, depends_on: [{id: a, lag: 20d}, {id: b, lag: 3d}]}
  - {id: x, title: X, track: model, status: cancelled, depends_on: [{id: c, lag: 5d}]}
  - {id: y, title: Y, track: model, duration: 1w, depends_on: [x, {id: b, lag: 60d}]}
"""),
    # Freezes: a milestone held through two touching freezes, work held by one of them,
    # work of another track that none holds, and work under way whose end is held.
    "freezes": ("2026-01-05", """\
freezes:
  - {id: f, title: F, start: 2026-02-02, end: 2026-02-13, tracks: [model]}
  - {id: g, title: G, start: 2026-02-14, end: 2026-02-20, kinds: [items]}
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 4w}
  - {id: m, title: M, track: model, milestone: true, depends_on: [a]}
  - {id: t, title: T, track: model, duration: 1w, depends_on: [m]}
  - {id: u, title: U, track: data, start: 2026-01-12, duration: 5w}
  - {id: w, title: W, track: model, status: in-progress, start: 2026-01-02, duration: 6w}
  - {id: z, title: Z, track: model, duration: 2w, depends_on: [u, w]}
"""),
    # Done work without dates passes its predecessors' dates on.
    "done without dates after work": ("2026-01-05", """\
items:
  - {id: a, title: A, track: data, start: 2026-01-05, duration: 2w}
  - {id: x, title: X, track: model, status: done, depends_on: [a]}
  - {id: y, title: Y, track: model, duration: 1w, depends_on: [x]}
"""),
}


@pytest.mark.parametrize("case", sorted(REVIEWED))
@pytest.mark.parametrize("dates", ["dependencies", "capacity"])
def test_reviewed_cases_forecast_the_plan_exactly(write, case: str, dates: str) -> None:
    as_of, body = REVIEWED[case]
    path = write("r.yaml", HEADER + body)
    forecast = forecast_json(path, "--samples", "20", "--dates", dates, as_of=as_of)
    nodes = {node["id"]: node for node in graph_json(path, "--dates", dates, as_of=as_of)["nodes"]}
    assert {e["id"]: (e["p50"], e["p95"], e["criticality"]) for e in forecast["entities"]} == {
        ident: (node["finish"], node["finish"], 1.0 if node["slack"] == 0 else 0.0) for ident, node in nodes.items()}
    assert all(node["slack"] is None or node["slack"] >= 0 for node in nodes.values())  # no negative slack without a deadline


def test_work_held_by_a_person_s_time_off_is_critical_when_it_moves_the_end(write) -> None:
    # t waits for Ana, who is off 16-27 Feb after h: every day h slips moves t and the end.
    path = write("r.yaml", HEADER + """\
people:
  - {id: ana, name: Ana, off: [{start: 2026-02-16, end: 2026-02-27}]}
items:
  - {id: h, title: H, track: data, start: 2026-01-19, estimate: {low: 3w, likely: 4w, high: 6w}, assignees: [ana]}
  - {id: t, title: T, track: model, duration: 2w, assignees: [ana]}
""")
    forecast = forecast_json(path, "--samples", "500", as_of="2026-01-19")
    assert {e["id"]: e["criticality"] for e in forecast["entities"]} == {"h": 1.0, "t": 1.0}


def test_sampled_dates_past_the_calendar_are_the_overflow_error(write) -> None:
    chain = "".join(f"  - {{id: t{n}, title: T{n}, track: data, estimate: {{low: 1d, likely: 1d, high: 100y}}"
                    f"{f', depends_on: [t{n - 1}]' if n else ''}}}\n" for n in range(400))
    path = write("r.yaml", HEADER + "items:\n" + chain)
    assert run_cli("critical-path", str(path), "--as-of", "2026-01-05").exit_code == 0
    result = run_cli("forecast", str(path), "--as-of", "2026-01-05", "--samples", "50")
    assert result.exit_code == 1
    assert "is projected past the year 9999: the durations and lags (or efforts, at the people's capacity) along its dependency chain" in result.stderr
    assert result.stderr.startswith(f"{path}:")


# --- the chances in check and in the reports -------------------------------------------------

# The work lasts 10 to 20 days, most likely 10: the plan lands it on 31 Mar, the last day of
# the outcome's quarter and its own due date, and no sample does (a triangular draw above
# its low is rounded up to 11 days or more). Its 80% length: P(X <= k) = 1 - (20 - k)^2/100
# first reaches 0.8 at k = 16 (0.84; 0.75 at 15), so 16 days from 22 Mar: 6 Apr; 0.5 at
# k = 13 (0.51; 0.36 at 12): 3 Apr; 0.95 at k = 18 (0.96; 0.91 at 17): 8 Apr.
LIKELY_LATE = """\
roadmap:
  name: Test roadmap
  period: {start: 2026-Q1, end: 2026-Q4}
  CHECKS
outcomes:
  - {id: o, title: Fewer tickets, problem: Too many, metric: tickets, direction: lower, baseline: 10, target: 8, due: 2026-Q1}
items:
  - {id: w, title: Ship it, track: model, outcome: o, start: 2026-03-22, estimate: {low: 10d, likely: 10d, high: 20d}, due: 2026-03-31}
"""
SURE = LIKELY_LATE.replace("high: 20d", "high: 10d")  # degenerate: every sample is the plan


def _findings(write, text: str, checks: str = "") -> list[str]:
    path = write("r.yaml", text.replace("CHECKS", checks))
    out = run_cli("check", str(path), "--as-of", "2026-03-02", "--select", "MLR157,MLR216", "--format", "json").stdout
    return [f"{problem['line']}:{problem['column']}: [{problem['code']}] {problem['message']}" for problem in json.loads(out)["problems"]]


def test_a_due_date_and_a_quarter_the_plan_meets_on_their_last_day_but_no_sample_does(write) -> None:
    assert _findings(write, LIKELY_LATE) == [
        "8:125: [MLR157] item 'w' is planned to finish on 2026-03-31, by its due date 2026-03-31, "
        "but only 0% of 10,000 forecast samples do (80% likely by 2026-04-06)",
        "6:119: [MLR216] outcome 'o' is planned to land on 2026-03-31, within 2026-Q1, "
        "but only 0% of 10,000 forecast samples do (80% likely by 2026-04-06)",
    ]


@pytest.mark.parametrize(("text", "checks", "reported"), [
    (SURE, "", False),  # 100%: not below the default 80
    (SURE, "checks: {on_time_chance: 100}", False),  # 100% is not below 100
    (LIKELY_LATE, "checks: {on_time_chance: 0}", False),  # nothing is below 0
    (LIKELY_LATE, "checks: {on_time_chance: 1}", True),
])
def test_the_threshold_is_a_strict_below(write, text: str, checks: str, reported: bool) -> None:
    assert bool(_findings(write, text, checks)) is reported


def test_a_roadmap_without_estimates_is_not_forecast_by_check(write) -> None:
    text = LIKELY_LATE.replace("estimate: {low: 10d, likely: 10d, high: 20d}", "duration: 10d")
    assert _findings(write, text) == []


def test_the_exec_report_shows_the_outcome_s_80_percent_date_and_chance_beside_the_plan(write) -> None:
    path = write("r.yaml", LIKELY_LATE.replace("CHECKS", ""))
    markdown = run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-03-02", "--format", "markdown").stdout
    outcomes = markdown.split("## Outcomes\n\n")[1].split("\n\n")[0].splitlines()
    assert outcomes[0].endswith("| Due | Work lands | 80% likely |")
    assert outcomes[2].endswith("| 2026-Q1 | 31 Mar 2026 | **6 Apr 2026, 0% in quarter** |")
    assert "- **Forecast**: 80% likely by 6 Apr 2026 (50%: 3 Apr 2026, 95%: 8 Apr 2026; 10,000 samples over 1 estimate)" in markdown
    data = json.loads(run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-03-02", "--format", "json").stdout)
    sections = data["sections"]
    assert sections["outcomes"][0]["forecast"] == {"p50": "2026-04-03", "p80": "2026-04-06", "p95": "2026-04-08", "p_on_time": 0.0}
    assert sections["dates"]["forecast"] == {"p50": "2026-04-03", "p80": "2026-04-06", "p95": "2026-04-08", "samples": 10000, "seed": 0}


def test_without_estimates_the_report_shows_no_forecast(write) -> None:
    path = write("r.yaml", LIKELY_LATE.replace("CHECKS", "").replace("estimate: {low: 10d, likely: 10d, high: 20d}", "duration: 10d"))
    markdown = run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-03-02", "--format", "markdown").stdout
    assert "80% likely" not in markdown and "Forecast" not in markdown


# --- risks that delay work --------------------------------------------------------------------

# a takes 10 days from 5 Jan (last day 14 Jan, its due date); the risk adds 5 days to it
# (last day 19 Jan) in about 30% of samples. The milestone is on the day after a.
RISKY = HEADER + f"""\
items:
  - {{id: a, title: A, track: data, start: {START}, duration: 10d, due: 2026-01-14}}
  - {{id: c, title: C, track: model, start: {START}, estimate: {{low: 2d, likely: 3d, high: 9d}}}}
  - {{id: d, title: Go live, track: model, milestone: true, depends_on: [a]}}
risks:
  - {{id: r, title: Labels late, likelihood: medium, impact: high, STATUS delay: {{chance: 0.3, by: 5d, work: [a]}}}}
"""


def _entities(forecast: dict) -> dict:
    return {entity["id"]: entity for entity in forecast["entities"]}


def test_a_risk_delays_its_work_in_its_share_of_the_samples(write) -> None:
    forecast = forecast_json(write("r.yaml", RISKY.replace("STATUS ", "")), "--samples", SAMPLES, as_of=START)
    a = _entities(forecast)["a"]
    assert abs(a["p_on_time"] - 0.7) < 0.015
    assert (a["p50"], a["p80"], a["p95"]) == ("2026-01-14", "2026-01-19", "2026-01-19")
    assert forecast["end"]["deterministic"] == "2026-01-15"  # the milestone: the plan assumes no risk happens
    assert (_entities(forecast)["d"]["p50"], _entities(forecast)["d"]["p80"]) == ("2026-01-15", "2026-01-20")


def test_a_risk_that_always_happens_moves_a_milestone_s_day_and_ranks_in_the_tornado(write) -> None:
    text = RISKY.replace("STATUS ", "").replace("chance: 0.3, by: 5d, work: [a]", "chance: 1, by: 3d, work: [d]")
    path = write("r.yaml", text)
    d = _entities(forecast_json(path, "--samples", "100", as_of=START))["d"]
    assert (d["p50"], d["p80"], d["p95"]) == ("2026-01-18", "2026-01-18", "2026-01-18")  # 15 Jan + 3 days, still a day
    markdown = run_cli("forecast", str(path), "--as-of", START, "--samples", "100", "--format", "markdown").stdout
    assert "over 1 estimate and 1 risk, as of 2026-01-05" in " ".join(markdown.split())
    table = markdown.split("### What moves the end most\n\n")[1].splitlines()
    assert table[2] == "| Risk: Labels late (r) | +3 days at 100% | 2026-01-15 | 2026-01-18 | 3 days | - |"  # a risk has no criticality


def test_a_closed_risk_delays_nothing(write) -> None:
    text = RISKY.replace("STATUS ", "status: closed, ").replace("estimate: {low: 2d, likely: 3d, high: 9d}", "duration: 3d")
    path = write("r.yaml", text)
    forecast = forecast_json(path, "--samples", "100", as_of=START)
    assert forecast["end"] == {"p50": "2026-01-15", "p80": "2026-01-15", "p95": "2026-01-15", "deterministic": "2026-01-15"}
    text = run_cli("forecast", str(path), "--as-of", START, "--samples", "100").stdout
    assert " ".join(text.split()).startswith("Test roadmap: no work carries an estimate and no risk a delay, so every sample is the plan")


def test_adding_a_risk_leaves_the_estimates_draws_as_they_were(write) -> None:
    with_risk = _entities(forecast_json(write("r.yaml", RISKY.replace("STATUS ", "")), "--samples", "500", as_of=START))
    without = _entities(forecast_json(write("s.yaml", RISKY.split("risks:")[0]), "--samples", "500", as_of=START))
    assert with_risk["c"] == without["c"] and with_risk["c"]["p95"] != with_risk["c"]["p50"]


@pytest.mark.parametrize(("delay", "message"), [
    ("{chance: 0.3, by: 0d, work: [a]}", "9:92: delay by 0d is shorter than a day: a delay adds at least 1d"),
    ("{chance: 0, by: 5d, work: [a]}", "9:83: chance: 0 is not a chance: write a fraction above 0 and at most 1 (0.3) or a percentage (30%)"),
    ("{chance: 30, by: 5d, work: [a]}", "9:83: chance: 30 is not a chance: write a fraction above 0 and at most 1 (0.3) or a percentage (30%)"),
    ("{chance: 101%, by: 5d, work: [a]}", "9:83: chance: 101% is not a chance: write a fraction above 0 and at most 1 (0.3) or a percentage (30%)"),
    ("{chance: 0.3, by: 5d, work: []}", "9:102: delay.work is empty: name the work it delays, or leave it out to delay the work in the risk's affects"),
    ("{chance: 0.3, by: 5d, work: [b]}", "9:103: delay.work: unknown id 'b'"),
    ("{chance: 0.3, by: 5d}", "9:74: delay names no work: list the work it delays in delay.work, or in the risk's affects"),
])
def test_a_delay_is_checked_where_it_is_written(write, delay: str, message: str) -> None:
    path = write("r.yaml", RISKY.replace("STATUS ", "").replace("{chance: 0.3, by: 5d, work: [a]}", delay))
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:{message}"


# --- --relevel: each sample's projection computed again --------------------------------------

EFFORT_DELAYED = HEADER + f"""\
people:
  - {{id: ana, name: Ana}}
items:
  - {{id: a, title: A, track: data, start: {START}, effort: 3d, assignees: [ana]}}
  - {{id: b, title: B, track: model, depends_on: [a], estimate: {{low: 1d, likely: 2d, high: 6d}}}}
  - {{id: m, title: M, track: model, milestone: true, depends_on: [b]}}
risks:
  - {{id: r, title: R, likelihood: high, impact: high, delay: {{chance: 0.5, by: 4d, work: [a]}}}}
  - {{id: s, title: S, likelihood: high, impact: high, delay: {{chance: 0.4, by: 2d, work: [m]}}}}
"""


OVERDUE = HEADER + """\
items:
  - {id: w, title: W, track: data, status: in-progress, start: 2026-10-31, estimate: {low: 10d, likely: 20d, high: 40d}}
  - {id: v, title: V, track: data, status: in-progress, start: 2026-11-10, estimate: {low: 10d, likely: 20d, high: 40d}}
  - {id: after, title: After, track: model, depends_on: [w, v], estimate: {low: 2d, likely: 3d, high: 9d}}
"""


@pytest.mark.parametrize("case", ["support", "card-fraud", "risky", "effort", "overdue"])
def test_by_dependencies_alone_moving_the_dates_is_exact(write, case: str) -> None:
    # Without levelling, a sample's dates follow from its lengths through the same
    # dependencies, so moving them and computing them again agree, sample by sample.
    path = {"support": ROADMAPS["support"], "card-fraud": ROADMAPS["card-fraud"],
            "risky": write("r.yaml", RISKY.replace("STATUS ", "")), "effort": write("e.yaml", EFFORT_DELAYED),
            "overdue": write("o.yaml", OVERDUE)}[case]
    moved = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "200", "--dates", "dependencies", "--format", "json").stdout
    again = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "200", "--dates", "dependencies", "--format", "json",
                    "--relevel").stdout
    assert json.loads(moved)["end"]["p95"] != json.loads(moved)["end"]["p50"]  # something is uncertain
    assert moved == again


# Ana does Y and X, a week each; Z (2 weeks) follows X. The plan puts X first (Z waits on
# it) and Y in week 2: the end is Z's last day, 25 Jan. The risk always makes Y three
# weeks long. Levelled again, Y and X have no slack to the end either way and Y comes first
# in the file: Y 5-25 Jan, X 26 Jan-1 Feb, Z 2-15 Feb. Moved, X keeps its place and Y runs
# 12 Jan-1 Feb: the end would be 1 Feb.
FLIP = HEADER + """\
people:
  - {id: ana, name: Ana}
items:
  - {id: y, title: Y, track: model, start: 2026-01-05, duration: 1w, assignees: [ana]}
  - {id: x, title: X, track: model, start: 2026-01-05, duration: 1w, assignees: [ana]}
  - {id: z, title: Z, track: model, depends_on: [x], duration: 2w}
risks:
  - {id: r, title: R, likelihood: high, impact: high, delay: {chance: 1, by: 2w, work: [y]}}
"""


def test_relevel_levels_every_sample_again(write) -> None:
    path = write("flip.yaml", FLIP)
    again = forecast_json(path, "--samples", "20", "--relevel", as_of="2026-01-05")
    assert again["end"] == {"p50": "2026-02-15", "p80": "2026-02-15", "p95": "2026-02-15", "deterministic": "2026-01-25"}
    assert [(entity["id"], entity["p50"]) for entity in again["entities"]] == [("y", "2026-01-25"), ("x", "2026-02-01"), ("z", "2026-02-15")]
    # The same as the levelled schedule of the roadmap with Y written three weeks long.
    lengthened = write("lengthened.yaml", FLIP.split("risks:")[0].replace("duration: 1w, assignees: [ana]}\n  - {id: x",
                                                                          "duration: 3w, assignees: [ana]}\n  - {id: x"))
    plan = graph_json(lengthened, as_of="2026-01-05")
    assert {node["id"]: node["finish"] for node in plan["nodes"]} == {entity["id"]: entity["p50"] for entity in again["entities"]}
    moved = forecast_json(path, "--samples", "20", as_of="2026-01-05")
    assert moved["end"]["p50"] == "2026-02-01"  # the approximation's limit, as the README says
    # A delayed milestone's day moves in the levelled schedule too: go is on the day after Z.
    go = write("go.yaml", FLIP.replace("work: [y]", "work: [go]").replace("chance: 1, by: 2w", "chance: 1, by: 3d")
               .replace("risks:", "  - {id: go, title: Go, track: model, milestone: true, depends_on: [z]}\nrisks:"))
    assert _entities(forecast_json(go, "--samples", "5", "--relevel", as_of="2026-01-05"))["go"]["p50"] == "2026-01-29"  # 26 Jan + 3
    text = " ".join(run_cli("forecast", str(path), "--as-of", "2026-01-05", "--samples", "20", "--relevel").stdout.split())
    assert "dates with the team's capacity, levelled again in every sample." in text
    text = " ".join(run_cli("forecast", str(path), "--as-of", "2026-01-05", "--samples", "20").stdout.split())
    assert "dates with the team's capacity, each person keeping the plan's order (optimistic; --relevel levels every sample again)." in text


# --- edges: history, nothing to draw, no work --------------------------------------------------

HISTORY = HEADER + """\
items:
  - {id: done, title: Done, track: data, status: done, start: 2026-10-05, estimate: {low: 2d, likely: 10d, high: 30d}}
  - {id: series, title: Series, track: data, status: in-progress, cadence: monthly, start: 2026-11-20, estimate: {low: 2d, likely: 10d, high: 30d}}
  - {id: after, title: After, track: model, depends_on: [series, done, late], duration: 5d}
  - {id: late, title: Late, track: data, status: in-progress, start: 2026-11-01, duration: 10d}
models:
  - {id: m, title: M, stage: production, start: 2026-02-16, estimate: {low: 10d, likely: 19d, high: 25d}}
risks:
  - {id: r, title: R, likelihood: high, impact: high, delay: {chance: 1, by: 5d, work: [late]}}
"""


def test_history_is_not_drawn_and_a_delay_on_overdue_work_counts_from_its_day_left(write) -> None:
    path = write("h.yaml", HISTORY)
    moved = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "200", "--dates", "dependencies", "--format", "json").stdout
    again = run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "200", "--dates", "dependencies", "--format", "json",
                    "--relevel").stdout
    assert moved == again
    entities = _entities(json.loads(moved))
    # Late has run 24 of its 10 days: the plan gives it today, 25 Nov; the risk adds 5 days.
    assert (entities["late"]["p50"], entities["late"]["p95"]) == ("2026-11-30", "2026-11-30")
    assert entities["done"]["p95"] == entities["done"]["p50"] and entities["m"]["p95"] == entities["m"]["p50"]
    text = " ".join(run_cli("forecast", str(path), "--as-of", AS_OF, "--samples", "20").stdout.split())
    assert "over 1 risk, as of 2026-11-25" in text  # the estimates on history are not drawn


def test_a_roadmap_with_no_work_is_its_plan(write) -> None:
    path = write("empty.yaml", HEADER)
    for extra in ((), ("--relevel",)):
        forecast = forecast_json(path, "--samples", "10", *extra, as_of=START)
        assert forecast["end"] == {"p50": "2026-01-01", "p80": "2026-01-01", "p95": "2026-01-01", "deterministic": "2026-01-01"}


def test_the_end_of_history_before_the_period_is_the_plan_s(write) -> None:
    path = write("old.yaml", HEADER + "items:\n  - {id: a, title: A, track: data, status: done, start: 2025-12-01, duration: 10d}\n")
    assert forecast_json(path, "--samples", "10", as_of=START)["end"]["p50"] == "2025-12-10"


def test_a_delay_on_finished_work_alone_gives_no_forecast_in_the_report(write) -> None:
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, status: done, start: 2026-01-05, duration: 10d}
risks:
  - {id: r, title: R, likelihood: high, impact: high, delay: {chance: 0.5, by: 5d, work: [a]}}
""")
    markdown = run_cli("report", str(path), "--audience", "exec", "--as-of", "2026-03-02", "--format", "markdown").stdout
    assert "Forecast" not in markdown and "80% likely" not in markdown


def test_an_outcome_late_in_the_plan_is_mlr215_s_alone(write) -> None:
    # The milestone lands on 1 Apr, after the quarter; the work before it ends on 31 Mar.
    text = HEADER + """\
outcomes:
  - {id: o, title: O, problem: p, metric: m, direction: higher, baseline: 1, target: 2, due: 2026-Q1}
items:
  - {id: m, title: M, track: model, milestone: true, start: 2026-04-01, outcome: o}
  - {id: a, title: A, track: data, start: 2026-03-22, duration: 10d, outcome: o}
  - {id: x, title: X, track: data, start: 2026-03-02, estimate: {low: 1d, likely: 2d, high: 3d}}
"""
    result = run_cli("check", str(write("r.yaml", text)), "--as-of", "2026-03-02", "--select", "MLR215,MLR216", "--format", "json")
    assert [problem["code"] for problem in json.loads(result.stdout)["problems"]] == ["MLR215"]


def test_check_still_checks_when_a_sample_runs_past_the_calendar(write) -> None:
    # 300 pieces of work in a chain, each 1 day likely and up to 100 years (33 on average): past 9999.
    chain = "".join(f"  - {{id: w{i}, title: W, track: data, estimate: {{low: 1d, likely: 1d, high: 100y}}"
                    f"{', depends_on: [w' + str(i - 1) + ']' if i else ', start: 2026-01-05'}}}\n" for i in range(300))
    path = write("r.yaml", HEADER + "items:\n" + chain + """\
  - {id: last, title: Last, track: data, depends_on: [w299], duration: 1d, due: 2027-06-01}
  - {id: b, title: B, track: model, start: 2026-01-05, duration: 10d, due: 2026-01-06}
""")
    result = run_cli("check", str(path), "--as-of", "2026-01-05", "--select", "MLR154,MLR157", "--format", "json")
    assert [problem["code"] for problem in json.loads(result.stdout)["problems"]] == ["MLR154"]


@pytest.mark.parametrize(("share", "threshold", "words"), [
    (0.795, 80, "79.5%"), (0.7949, 80, "79%"), (0.8, 80, "80%"), (0.998, 100, ">99%"), (0.004, None, "<1%"), (0.0, None, "0%"),
    (1.0, None, "100%"), (0.995, None, ">99%"), (0.005, None, "0%"),
])
def test_a_share_in_words_never_reads_as_the_threshold_it_misses(share: float, threshold: float | None, words: str) -> None:
    from mlroadmap.forecast import percent

    assert percent(share, threshold) == words


def _random_roadmap(seed: int) -> str:
    """A small roadmap of durations, estimates, effort alone (someone off for a week), work
    under way (some of it overdue, some paused behind a predecessor), history and risks."""
    import datetime as dt
    import random

    rng = random.Random(seed)
    lines = [HEADER.rstrip("\n"), "people:", "  - {id: ana, name: Ana, off: [{start: 2026-02-16, end: 2026-02-20}]}",
             "  - {id: bo, name: Bo}", "items:"]
    count = rng.randint(3, 8)
    for i in range(count):
        parts = [f"id: w{i}", "title: W", "track: data"]
        depends = sorted({f"w{j}" for j in range(i) if rng.random() < 0.35})
        if depends:
            parts.append(f"depends_on: [{', '.join(depends)}]")
        kind = rng.choice(["duration", "estimate", "effort", "under way", "under way, estimated", "done"])
        low, likely, high = (low := rng.randint(1, 8)), (likely := low + rng.randint(0, 8)), likely + rng.randint(1, 12)
        if kind.startswith("under way"):
            parts += ["status: in-progress", f"start: {dt.date(2026, 2, 2) - dt.timedelta(days=rng.randint(1, 20))}"]
        if kind in ("duration", "under way"):
            parts.append(f"duration: {rng.randint(1, 25)}d")
        elif kind in ("estimate", "under way, estimated"):
            parts.append(f"estimate: {{low: {low}d, likely: {likely}d, high: {high}d}}")
        elif kind == "effort":
            parts += [f"effort: {rng.randint(1, 8)}d", f"assignees: [{rng.choice(['ana', 'bo'])}]"]
        else:
            parts += ["status: done", f"start: {dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 20))}", "duration: 3d"]
        lines.append("  - {" + ", ".join(parts) + "}")
    risks = [f"  - {{id: r{r}, title: R, likelihood: high, impact: high, delay: {{chance: {rng.choice(['0.3', '1'])}, "
             f"by: {rng.randint(1, 6)}d, work: [w{rng.randrange(count)}]}}}}" for r in range(rng.randint(0, 2))]
    return "\n".join([*lines, *(["risks:", *risks] if risks else [])]) + "\n"


@pytest.mark.parametrize("seed", range(20))
def test_by_dependencies_alone_the_fast_dates_are_the_schedule_s_on_random_roadmaps(write, seed: int) -> None:
    # Weekends, a week off, effort alone, paused and overdue work, risks: each sample's
    # dates moved are the dates the schedule computes from the sample's lengths.
    path = write("r.yaml", _random_roadmap(seed))
    assert run_cli("validate", "-q", str(path)).exit_code == 0
    args = ("forecast", str(path), "--as-of", "2026-02-02", "--samples", "60", "--dates", "dependencies", "--format", "json")
    assert run_cli(*args).stdout == run_cli(*args, "--relevel").stdout


def test_effort_alone_after_work_a_risk_moves_into_the_weekend_ends_on_the_same_working_day(write) -> None:
    # A ends Fri 6 Mar; delayed a day, Sat 7 Mar. B's three working days are Mon 9 to Wed 11
    # either way: not a calendar span moved a day (Thu 12).
    path = write("r.yaml", HEADER + """\
items:
  - {id: a, title: A, track: data, start: 2026-03-02, duration: 5d}
  - {id: b, title: B, track: model, depends_on: [a], effort: 3d}
risks:
  - {id: r, title: R, likelihood: high, impact: high, delay: {chance: 1, by: 1d, work: [a]}}
""")
    entities = _entities(forecast_json(path, "--samples", "5", as_of="2026-03-02"))
    assert (entities["a"]["p50"], entities["b"]["p50"]) == ("2026-03-07", "2026-03-11")


def test_the_array_working_day_sums_are_the_schedule_s() -> None:
    # Every start over four weeks (each weekday, and the weekend), every count to 12.
    import datetime as dt

    import numpy as np

    from mlroadmap.forecast import _after_work_days, _work_days_in
    from mlroadmap.levelling import add_work_days, work_days_between

    for offset in range(28):
        start = dt.date(2026, 3, 2) + dt.timedelta(days=offset)  # from a Monday
        for count in range(1, 13):
            assert _after_work_days(np.array([start.toordinal()]), np.array([count]))[0] == add_work_days(start, count).toordinal()
        for length in range(-2, 15):
            last = start.toordinal() + length
            assert _work_days_in(start.toordinal(), np.array([last]))[0] == work_days_between(start.toordinal(), last)
