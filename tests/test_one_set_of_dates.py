"""One set of dates: every command, report and export shows the same projected dates for
the same work, and says which projection it shows.

Each view's JSON is read for what it claims about a piece of work: a projected start or
finish (``start``, ``finish``, ``projected_finish``, ``projected``), an outcome's landing
day (``lands``, ``outcome_dates``), the finish a check message names, the dates of a
one-off calendar event. Every claim about the same thing must agree across all views.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

AS_OF = "2026-11-25"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AUDIENCES = ("exec", "product", "data-science", "engineering", "compliance", "customer-ops")
# The ids whose dates a check message names, and the date it names.
PROJECTED_IN_A_MESSAGE = re.compile(r"'(?P<id>[^']+)' (?:is projected to finish on|.*?its work is projected to finish on) (?P<day>\d{4}-\d{2}-\d{2})")

# A roadmap of another domain, small enough to read: demand forecasting for a grocer, with
# two people whose time decides the dates, a recurring retrain and a deadline.
FORECASTING = """\
roadmap:
  name: Store demand forecasting
  period: {start: 2027-Q1, end: 2027-Q2}
outcomes:
  - {id: less-waste, title: Cut fresh-food waste by 15%, problem: Stores over-order perishables, metric: waste share,
     baseline: 8.0, target: 6.8, direction: lower, due: 2027-Q2}
people:
  - {id: noor, name: Noor Haddad, skills: [forecasting]}
  - {id: eli, name: Eli Brandt, capacity: 0.5, skills: [data-engineering]}
items:
  - {id: pos-feed, title: Daily point-of-sale feed, track: data, start: 2027-01-04, duration: 3w, assignees: [eli], outcome: less-waste}
  - {id: holidays, title: Holiday and weather features, track: data, start: 2027-01-04, duration: 2w, assignees: [eli]}
  - {id: baseline-model, title: Gradient-boosted baseline per store, track: model, depends_on: [pos-feed, holidays],
     duration: 4w, assignees: [noor], outcome: less-waste}
  - {id: backtest, title: Backtest on 2026, track: experiments, depends_on: [baseline-model], duration: 2w,
     assignees: [noor], due: 2027-03-19, outcome: less-waste}
  - {id: pilot-go, title: Pilot in 20 stores, track: model, phase: go-live, milestone: true, depends_on: [backtest],
     outcome: less-waste}
  - {id: weekly-retrain, title: Weekly retrain, track: monitoring, cadence: weekly, depends_on: [pilot-go], duration: 1d,
     assignees: [noor]}
  # Under way, paused: the audit waits for the vendor's contract, which runs into December.
  - {id: vendor-contract, title: Weather data contract, track: data, status: in-progress, start: 2026-11-02, duration: 6w}
  - {id: store-audit, title: Store data audit, track: data, status: in-progress, start: 2026-11-16, duration: 3w,
     depends_on: [vendor-contract]}
  - {id: retire-legacy, title: Retire the moving average, track: model, depends_on: [legacy, pilot-go], duration: 1w}
datasets:
  # Blocked until a consent review clears on 11 Jan: it starts then, not on 4 Jan.
  - {id: loyalty, title: Loyalty-card baskets, source: CRM, refresh: daily, quality_sla: complete by 06:00,
     start: 2027-01-04, duration: 2w,
     blockers: [{kind: legal, description: Consent review, owner: dpo, until: 2027-01-11}]}
models:
  # In production: live, it waits for nothing, though its next version reads the loyalty data.
  - {id: legacy, title: Moving-average forecast, stage: production, datasets: [loyalty]}
decisions:
  - {id: go-pilot, title: Go for the pilot?, track: model, depends_on: [backtest], due: 2027-03-26}
"""


def _json(*args: str) -> dict:
    result = run_cli(*args, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code in (0, 1), result.stdout + result.stderr  # check exits 1 on findings
    return json.loads(result.stdout)


def _views(path: str, dates: tuple[str, ...]) -> dict[str, dict]:
    views = {
        "critical-path": _json("critical-path", path, *dates),
        "graph": _json("graph", path, *dates),
        "show": _json("show", path, *dates),
        "calendar": _json("calendar", path, *dates),
        "check": _json("check", path, *dates),
    }
    for audience in AUDIENCES:
        views[f"report {audience}"] = _json("report", path, "--audience", audience, *dates)
    return views


def _capacity_claims(path: str, projection: str, found: dict[tuple[str, str], dict[str, set[str]]]) -> None:
    """capacity shows both projections side by side: its column of the one shown must agree."""
    payload = _json("capacity", path)
    column = "with_capacity" if projection == "capacity" else "dependencies_only"
    for shift in payload["dates"]:
        if shift["id"] != "roadmap":
            found.setdefault((shift["id"], "finish"), {}).setdefault(shift[column], set()).add("capacity")
    for late in payload["late_under_capacity"]:
        key = "finish" if projection == "capacity" else "finish_dependencies_only"
        found.setdefault((late["task"], "finish"), {}).setdefault(late[key], set()).add("capacity")


def _claims(view: str, payload: object, found: dict[tuple[str, str], dict[str, set[str]]]) -> None:
    """(id, "start" or "finish") -> day -> the views that say so."""

    def claim(ident: str, what: str, day: object) -> None:
        if isinstance(day, str) and DAY.match(day):
            found.setdefault((ident, what), {}).setdefault(day, set()).add(view)

    def walk(value: object) -> None:
        if isinstance(value, dict):
            ident = value.get("id", value.get("task"))
            if isinstance(ident, str):
                if view == "calendar":  # one-off work's events; recurring ones and deadlines are not projections
                    if value.get("kind") in ("milestone", "audit") and value.get("rrule") is None:
                        claim(ident, "start", value.get("start"))
                        claim(ident, "finish", value.get("end"))
                else:
                    claim(ident, "start", value.get("start"))
                    for key in ("finish", "projected_finish", "projected", "lands"):
                        claim(ident, "finish", value.get(key))
            for key, inner in value.items():
                if key == "outcome_dates" and isinstance(inner, dict):
                    for outcome, day in inner.items():
                        claim(outcome, "finish", day)
                elif key == "problems" and isinstance(inner, list):  # check: the dates its messages name
                    for problem in inner:
                        match = PROJECTED_IN_A_MESSAGE.search(problem["message"])
                        if match:
                            claim(match["id"], "finish", match["day"])
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(payload)


def _roadmaps(tmp_path: Path) -> dict[str, str]:
    forecasting = tmp_path / "forecasting.yaml"
    forecasting.write_text(textwrap.dedent(FORECASTING), encoding="utf-8")
    found = {"support-assistant": str(EXAMPLES / "support-assistant"), "forecasting": str(forecasting),
             "minimal": str(EXAMPLES / "minimal.yaml")}
    if (EXAMPLES / "card-fraud").is_dir():
        found["card-fraud"] = str(EXAMPLES / "card-fraud")
    return found


@pytest.mark.parametrize("dates", [(), ("--dates", "capacity"), ("--dates", "dependencies")], ids=["default", "capacity", "dependencies"])
def test_every_view_agrees_on_every_projected_date_and_names_its_projection(tmp_path: Path, dates: tuple[str, ...]) -> None:
    for name, path in _roadmaps(tmp_path).items():
        views = _views(path, dates)
        staffed = name != "minimal"
        expected = dates[1] if dates else ("capacity" if staffed else "dependencies")
        said = {view: payload.get("dates") for view, payload in views.items()}
        assert said == dict.fromkeys(views, expected), name
        found: dict[tuple[str, str], dict[str, set[str]]] = {}
        for view, payload in views.items():
            _claims(view, payload, found)
        if staffed:
            _capacity_claims(path, expected, found)
        disagree = {key: {day: sorted(where) for day, where in days.items()} for key, days in found.items() if len(days) > 1}
        assert disagree == {}, name
        # Enough is compared for the agreement to mean something: most work is dated in
        # several views, the critical path's in all the reports that show it.
        assert sum(len(where) > 1 for days in found.values() for where in days.values()) >= 10, name


def test_the_projections_differ_where_capacity_matters_so_the_agreement_is_not_by_accident(tmp_path: Path) -> None:
    path = _roadmaps(tmp_path)["forecasting"]

    def finishes(*dates: str) -> dict[str, str]:
        return {task["id"]: task["finish"] for task in _json("graph", path, *dates)["nodes"]}

    # Dependencies alone: both feeds from 4 Jan, the POS feed to 24 Jan (3w), the model
    # 25 Jan to 21 Feb (4w), the backtest 22 Feb to 7 Mar (2w): on time for 19 Mar.
    # The audit's eight working days left (25 Nov - 4 Dec) wait for the contract (to 13
    # Dec) and run 14-23 Dec; the loyalty data starts when its blocker clears, 11 Jan; the
    # model in production is live today, and retiring it waits only for the pilot.
    unstaffed = {"vendor-contract": "2026-12-13", "store-audit": "2026-12-23", "loyalty": "2027-01-24", "legacy": "2026-11-25"}
    assert finishes("--dates", "dependencies") == {
        "pos-feed": "2027-01-24", "holidays": "2027-01-17", "baseline-model": "2027-02-21", "backtest": "2027-03-07",
        "pilot-go": "2027-03-08", "go-pilot": "2027-03-26", "weekly-retrain": "2027-03-08", "retire-legacy": "2027-03-14", **unstaffed}
    # Eli works half-time, all of it on one feed at a time: the holiday features wait for
    # the POS feed (25 Jan to 7 Feb), and everything after them moves two weeks; the
    # backtest finishes on 21 Mar, two days after its due date.
    assert finishes() == {
        "pos-feed": "2027-01-24", "holidays": "2027-02-07", "baseline-model": "2027-03-07", "backtest": "2027-03-21",
        "pilot-go": "2027-03-22", "go-pilot": "2027-03-26", "weekly-retrain": "2027-03-22", "retire-legacy": "2027-03-28", **unstaffed}
    for dates in ((), ("--dates", "dependencies")):  # the capacity rule names the capacity date either way
        late = [(p["code"], p["message"]) for p in _json("check", path, *dates)["problems"] if p["code"] in ("MLR154", "MLR305")]
        assert late == [("MLR305", "item 'backtest' misses its due date 2027-03-19 with the team's capacity: projected 2027-03-21 "
                                   "(2 days late), though dependencies alone finish it by 2027-03-07")]
    # The weekly retrain is a series: from the pilot on, to the period's end.
    retrain = {projection: next(task for task in _json("graph", path, "--dates", projection)["nodes"] if task["id"] == "weekly-retrain")
               for projection in ("dependencies", "capacity")}
    assert [(t["recurs"], t["start"], t["next"], t["series_end"]) for t in retrain.values()] == [
        ("weekly", "2027-03-08", "2027-03-08", "2027-06-30"), ("weekly", "2027-03-22", "2027-03-22", "2027-06-30")]
    assert _json("critical-path", path)["late"] == [{"task": "backtest", "due": "2027-03-19", "finish": "2027-03-21", "days_late": 2}]
    assert _json("critical-path", path, "--dates", "dependencies")["late"] == []


def test_a_series_that_levelling_moves_starts_where_every_view_says(tmp_path: Path) -> None:
    # Ana does the big work first (4 Jan to 14 Feb): her weekly QA, planned from 4 Jan, recurs
    # from 15 Feb with the team's capacity; by dependencies alone from 4 Jan.
    path = tmp_path / "series.yaml"
    path.write_text(textwrap.dedent("""\
        roadmap:
          name: Series
          period: {start: 2027-Q1, end: 2027-Q2}
        people:
          - {id: ana, name: Ana Silva}
        items:
          - {id: big, title: Big work, track: data, start: 2027-01-04, duration: 6w, assignees: [ana]}
          - {id: qa, title: Weekly QA, track: data, start: 2027-01-04, duration: 2d, cadence: weekly, assignees: [ana]}
        """), encoding="utf-8")
    for dates, first in (((), "2027-02-15"), (("--dates", "dependencies"), "2027-01-04")):
        node = next(task for task in _json("graph", str(path), *dates)["nodes"] if task["id"] == "qa")
        event = next(e for e in _json("calendar", str(path), *dates)["events"] if e["id"] == "qa")
        bar = next(b for b in _json("report", str(path), "--audience", "product", *dates)["sections"]["timeline"]["data"] if b["id"] == "qa")
        assert (node["start"], node["next"], event["start"], bar["series_start"], bar["next"]) == (first,) * 5
