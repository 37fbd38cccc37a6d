"""`mlroadmap calendar`: the roadmap's dates as an RFC 5545 iCalendar file.

The file is read back with vobject, a parser written independently of the icalendar
library that writes it, and every recurrence is expanded (by dateutil, through vobject)
over the roadmap's period: the dates below are computed by hand from the YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from textwrap import dedent

import pytest
import vobject
from conftest import EXAMPLES, HEADER, IN_CI, ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_no_traceback import EXAMPLE_FILES, _mutate

SMALL = Path(__file__).parent / "fixtures" / "calendar" / "small.yaml"
SUPPORT = EXAMPLES / "support-assistant"
D = dt.date.fromisoformat


def ics(*args: str, env: dict[str, str] | None = None) -> str:
    """The file `calendar ARGS -o FILE` writes, exactly (the test runner's captured
    standard output turns CRLF into LF)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "calendar.ics"
        result = run_cli("calendar", *args, "-o", str(target), env=env)
        assert (result.exit_code, result.stdout) == (0, ""), result.stderr
        return target.read_bytes().decode("utf-8")


def parse(text: str) -> dict[str, object]:
    """uid -> VEVENT, as vobject reads them."""
    calendar = vobject.readOne(text)
    events = {event.uid.value: event for event in calendar.vevent_list}
    assert len(events) == len(calendar.vevent_list), "UIDs are unique"
    return events


def dates(event, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days ``event`` starts on between ``first`` and ``last``: its recurrence expanded."""
    rules = event.getrruleset(addRDate=True)
    if rules is None:
        start = event.dtstart.value
        return [start] if first <= start <= last else []
    begin, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time())
    return [moment.date() for moment in rules.between(begin, end, inc=True)]


def uid(entry: str, kind: str, roadmap: str = "calendar-test") -> str:
    return f"{entry}.{kind}@{roadmap}.mlroadmap"


# --- the small roadmap, computed by hand ------------------------------------------------

SMALL_PERIOD = (D("2026-01-01"), D("2026-06-30"))


@pytest.fixture(scope="module")
def small() -> dict[str, object]:
    return parse(ics(str(SMALL), "--as-of", "2026-01-05"))


@pytest.mark.parametrize(
    ("entry", "kind", "summary", "first_day", "last_day", "expected"),
    [
        # clf's last day is 2026-03-13: its cycles start the day after.
        ("clf", "retraining", "Retrain: Ticket classifier", "2026-03-14", "2026-03-14",
         ["2026-03-14", "2026-04-14", "2026-05-14", "2026-06-14"]),
        ("clf", "revalidation", "Revalidate: Ticket classifier", "2026-03-14", "2026-03-14",
         ["2026-03-14", "2026-06-14"]),
        # From the 31st: the last day of shorter months, as the capacity scheduler books it.
        ("ranker", "retraining", "Retrain: Answer ranker", "2026-01-31", "2026-01-31",
         ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"]),
        ("triage-review", "recurring", "Biweekly triage review", "2026-01-07", "2026-01-07",
         ["2026-01-07", "2026-01-21", "2026-02-04", "2026-02-18", "2026-03-04", "2026-03-18", "2026-04-01",
          "2026-04-15", "2026-04-29", "2026-05-13", "2026-05-27", "2026-06-10", "2026-06-24"]),
        # Every 6 weeks, each occurrence two days long, the last one starting 2026-06-29.
        ("fairness", "audit", "Audit: Fairness audit by region", "2026-01-12", "2026-01-13",
         ["2026-01-12", "2026-02-23", "2026-04-06", "2026-05-18", "2026-06-29"]),
        ("go-live", "decision", "Decision: Go/no-go for the classifier", "2026-03-20", "2026-03-20", ["2026-03-20"]),
        ("vendor", "decision", "Decision: Pick the labelling vendor", "2026-01-02", "2026-01-02", ["2026-01-02"]),
        ("ab-answers", "experiment", "Decide experiment: Answers vs. search", "2026-05-29", "2026-05-29", ["2026-05-29"]),
        ("ai-act", "regulation", "Deadline: EU AI Act — Tell users they talk to an AI", "2026-06-01", "2026-06-01", ["2026-06-01"]),
        ("launch", "milestone", "Milestone: Classifier live", "2026-03-14", "2026-03-14", ["2026-03-14"]),
    ],
)
def test_each_event_expands_to_the_dates_computed_by_hand(
    small, entry: str, kind: str, summary: str, first_day: str, last_day: str, expected: list[str]
) -> None:
    event = small[uid(entry, kind)]
    assert event.summary.value == summary
    assert event.dtstart.value == D(first_day)  # a date: an all-day event
    assert event.dtend.value == D(last_day) + dt.timedelta(days=1)  # DTEND is exclusive
    assert dates(event, *SMALL_PERIOD) == [D(day) for day in expected]
    if len(expected) > 1:  # the rule itself ends with the period (a DATE, as DTSTART is one)
        assert f"UNTIL={SMALL_PERIOD[1]:%Y%m%d}" in event.rrule.value
    else:
        assert not hasattr(event, "rrule")


def test_the_roadmap_review_is_an_event(small) -> None:
    event = small["review@calendar-test.mlroadmap"]
    assert (event.summary.value, event.dtstart.value) == ("Roadmap review: Calendar Test", D("2026-04-15"))


def test_cancelled_work_retired_models_and_series_after_the_period_are_left_out(small) -> None:
    assert sorted(small) == sorted([
        uid("clf", "retraining"), uid("clf", "revalidation"), uid("ranker", "retraining"),
        uid("triage-review", "recurring"), uid("fairness", "audit"), uid("go-live", "decision"),
        uid("vendor", "decision"), uid("ab-answers", "experiment"), uid("ai-act", "regulation"),
        uid("launch", "milestone"), "review@calendar-test.mlroadmap",
    ])  # not: dropped (cancelled), old-ritual (cancelled), legacy (retired), retro (starts after the period)


def test_a_decision_names_every_signer_and_invites_nobody(small) -> None:
    # A published calendar names people; ATTENDEE would make it a meeting (RFC 5545, 3.8.4.1).
    event = small[uid("go-live", "decision")]
    assert "attendee" not in event.contents and "organizer" not in event.contents
    assert "Sign-off: Ada Lovelace, CFO (ada@example.com); Legal team (#legal on Slack); " \
           "Data Protection Officer (mailto:dpo@example.com)." in event.description.value
    done = small[uid("vendor", "decision")]
    assert "Result: LabelWorks" in done.description.value and "Status: done." in done.description.value


def test_descriptions_carry_what_each_kind_needs(small) -> None:
    audit = small[uid("fairness", "audit")].description.value
    assert "Groups: EU; US." in audit and "Metric: recall gap ≤ 0.05." in audit
    experiment = small[uid("ab-answers", "experiment")].description.value
    assert "Hypothesis: Answers resolve more tickets than search" in experiment
    assert "Success criterion: +5 pp at p < 0.05" in experiment


def test_the_calendar_header(small) -> None:
    text = ics(str(SMALL), "--as-of", "2026-01-05")
    calendar = vobject.readOne(text)
    from mlroadmap import __version__

    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == f"-//mlroadmap//mlroadmap {__version__}//EN"
    assert calendar.calscale.value == "GREGORIAN"
    assert calendar.contents["x-wr-calname"][0].value == "Calendar Test"
    # Which projection its dates are (unfolded: the line is longer than 75 octets).
    assert "as projected on 2026-01-05, dates by dependencies alone\r\n" in text.replace("\r\n ", "")
    # No METHOD: a snapshot with no scheduling intent (PUBLISH would need an ORGANIZER).
    assert "method" not in calendar.contents


# --- which schedule, which cycles ----------------------------------------------------------


def test_with_people_the_dates_are_the_levelled_schedules(write) -> None:
    """As `report`: with people declared, the dates respect who is free (ana is away the
    week the build was planned, so the launch moves a week)."""
    path = write("roadmap.yaml", HEADER + dedent("""\
        people:
          - {id: ana, name: Ana, off: [{start: 2026-03-02, end: 2026-03-06}]}
        items:
          - {id: build, title: Build, track: model, start: 2026-03-02, duration: 5d, assignees: [ana]}
          - {id: launch, title: Launch, track: model, milestone: true, depends_on: [build]}
        """))
    import mlroadmap
    from mlroadmap.api import critical_path

    roadmap = mlroadmap.load(str(path))
    levelled = critical_path(roadmap, as_of=D("2026-01-05"), dates="capacity").schedule.tasks["launch"].start
    assert levelled != critical_path(roadmap, as_of=D("2026-01-05"), dates="dependencies").schedule.tasks["launch"].start
    events = parse(ics(str(path), "--as-of", "2026-01-05"))
    assert events["launch.milestone@test-roadmap.mlroadmap"].dtstart.value == levelled


@pytest.mark.parametrize(
    ("item_cadence", "left_out"),
    [
        ("monthly", "retraining"),  # the item is the retraining cycle
        ("6w", "revalidation"),  # the same rule as the revalidation's 6w: that cycle
        ("weekly", None),  # another cadence: both of the model's cycles stay
    ],
)
def test_a_cycle_planned_as_work_is_one_series_not_two(write, item_cadence: str, left_out: str | None) -> None:
    path = write("roadmap.yaml", HEADER + dedent(f"""\
        models:
          - {{id: clf, title: Classifier, start: 2026-01-05, duration: 1w, retraining: monthly, revalidation: 6w}}
        items:
          - {{id: clf-cycle, title: Classifier cycle, track: model, model: clf, cadence: {item_cadence},
              start: 2026-02-02, duration: 1d}}
        """))
    events = parse(ics(str(path), "--as-of", "2026-01-05"))
    kinds = {name.split("@")[0].split(".")[1] for name in events if name.startswith("clf.")}
    assert kinds == {"retraining", "revalidation"} - {left_out}
    item = events["clf-cycle.recurring@test-roadmap.mlroadmap"].description.value
    assert (f"The {left_out} cycle of model 'clf'" in item) == (left_out is not None)


@pytest.mark.parametrize(
    ("entry", "expected_uid", "summary", "day"),
    [
        # No due date: the decision happens when the work it waits on is done.
        ("decisions:\n  - {id: d, title: Ship?, depends_on: [w]}", "d.decision", "Decision: Ship?", "2026-03-07"),
        # A title that already names the regulation is not repeated after it.
        ("regulations:\n  - {id: r, title: GDPR erasure requests, regulation: GDPR, due: 2026-05-01}",
         "r.regulation", "Deadline: GDPR erasure requests", "2026-05-01"),
    ],
)
def test_one_off_events(write, entry: str, expected_uid: str, summary: str, day: str) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: w, title: Work, track: data, start: 2026-03-02, duration: 5d}\n" + entry + "\n")
    event = parse(ics(str(path), "--as-of", "2026-01-05"))[f"{expected_uid}@test-roadmap.mlroadmap"]
    assert (event.summary.value, event.dtstart.value) == (summary, D(day))


def test_a_roadmap_with_nothing_to_show_gives_an_empty_calendar_and_says_so(write) -> None:
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: w, title: Work, track: data}\n")
    result = run_cli("calendar", str(path))
    assert result.exit_code == 0
    assert result.stderr.startswith("mlroadmap: note: the calendar is empty")
    assert vobject.readOne(ics(str(path))).contents.get("vevent", []) == []


def test_done_recurring_work_recurred_until_the_as_of_day(write) -> None:
    path = write("roadmap.yaml", HEADER + dedent("""\
        audits:
          - {id: bias, title: Bias test, status: done, cadence: monthly, start: 2026-01-15, duration: 1d}
        """))
    events = parse(ics(str(path), "--as-of", "2026-04-20"))
    event = events["bias.audit@test-roadmap.mlroadmap"]
    assert dates(event, D("2026-01-01"), D("2026-12-31")) == [D("2026-01-15"), D("2026-02-15"), D("2026-03-15"), D("2026-04-15")]


# --- the example roadmap -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> tuple[str, dict[str, object]]:
    text = ics(str(SUPPORT), "--as-of", "2026-11-25")
    return text, parse(text)


def test_the_example_has_every_kind_of_event(example) -> None:
    _text, events = example
    counts: dict[str, int] = {}
    for name in events:
        kind = "review" if name.startswith("review@") else name.split("@")[0].rsplit(".", 1)[1]
        counts[kind] = counts.get(kind, 0) + 1
    assert counts == {
        "decision": 6,  # all six: the four done ones are history
        "regulation": 2,
        "experiment": 6,  # every experiment has a decide_by
        "milestone": 4,  # intent-golive, escalation-golive, rag-golive-en, eu-go-live
        "audit": 5,
        "recurring": 9,  # the items with a cadence; voice-feasibility is cancelled and has none
        # escalation-clf retrains quarterly and revalidates monthly; intent-clf's and
        # answer-rag's cycles are planned as items (intent-retrain, rag-retrain, ...);
        # agent-drafts revalidates monthly and has no retraining cadence yet.
        "retraining": 1,
        "revalidation": 2,
        "retrained": 1,  # intent-clf's newest registered version, as metrics pull recorded it
        "review": 1,
    }


def test_the_last_real_retrain_is_an_event_on_its_day(example) -> None:
    _text, events = example
    event = events["intent-clf.retrained@support-assistant-2026.mlroadmap"]
    assert (event.summary.value, event.dtstart.value, event.dtend.value) == (
        "Retrained: Intent classifier (48 intents, fine-tuned multilingual encoder)", dt.date(2026, 11, 16), dt.date(2026, 11, 17))
    assert event.description.value.startswith("The newest registered version of model 'intent-clf' was created on 2026-11-16 "
                                                    "(recorded by mlroadmap metrics pull); its retraining cadence is monthly.")


def test_the_example_escalation_detector_retrains_quarterly_after_it_shipped(example) -> None:
    _text, events = example
    event = events["escalation-clf.retraining@support-assistant-2026.mlroadmap"]
    # The model's work ended 2026-07-05; it went live with escalation-golive on 2026-07-06
    # (done, so history: the planned dates). Its cycles start the day after.
    assert event.rrule.value == "FREQ=MONTHLY;UNTIL=20261231;INTERVAL=3"
    assert dates(event, D("2026-01-01"), D("2026-12-31")) == [D("2026-07-07"), D("2026-10-07")]
    assert event.description.value.startswith("Retraining: quarterly, from the day after escalation-golive, its go-live "
                                              "(2026-07-06), to the end of the roadmap (2026-12-31).")
    revalidation = events["escalation-clf.revalidation@support-assistant-2026.mlroadmap"]
    assert dates(revalidation, D("2026-01-01"), D("2026-12-31")) == [D(f"2026-{month:02}-07") for month in range(7, 13)]


def test_the_example_eu_launch_decision_is_on_its_due_date_with_its_four_signers(example) -> None:
    _text, events = example
    event = events["dec-eu-launch.decision@support-assistant-2026.mlroadmap"]
    assert event.dtstart.value == D("2026-12-14")
    assert "attendee" not in event.contents
    assert ("Sign-off: Dana Whitfield, VP Customer Support (dana.whitfield@kestrel.example); Hannah Brooks, VP Product "
            "(hannah.brooks@kestrel.example); Sofia Lindqvist, Data Protection Officer (dpo@kestrel.example); "
            "Ines Moreau, Head of Data Science (ines.moreau@kestrel.example).") in event.description.value
    assert "Due 2026-12-14; projected 2026-12-16, 2 days late." in event.description.value
    (entry,) = [e for e in json.loads(run_cli("calendar", str(EXAMPLES / "support-assistant"), "--as-of", "2026-11-25", "--format", "json").stdout)["events"]
                if e["uid"] == "dec-eu-launch.decision@support-assistant-2026.mlroadmap"]
    assert [signer["stakeholder"] for signer in entry["sign_off"]] == ["vp-support", "vp-product", "dpo", "head-ds"]


def test_the_example_weekly_qa_recurs_every_monday_of_the_year(example) -> None:
    _text, events = example
    event = events["label-qa.recurring@support-assistant-2026.mlroadmap"]
    found = dates(event, D("2026-01-01"), D("2026-12-31"))
    assert found[0] == D("2026-02-23") and found[-1] == D("2026-12-28") and len(found) == 45
    assert {day.weekday() for day in found} == {0}


# --- the file as bytes -------------------------------------------------------------------


def test_lines_end_with_crlf_and_are_folded_at_75_octets(example) -> None:
    text, _events = example
    printed = subprocess.run([sys.executable, "-m", "mlroadmap", "calendar", str(SUPPORT), "--as-of", "2026-11-25"],
                             capture_output=True, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0"}).stdout
    assert printed.count(b"\r\n") == printed.count(b"\n") > 100  # on standard output too
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert not any("\n" in line or "\r" in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # long descriptions were folded


def test_uids_are_stable_and_source_date_epoch_makes_the_output_reproducible(tmp_path: Path) -> None:
    first = ics(str(SUPPORT), "--as-of", "2026-11-25")
    second = ics(str(SUPPORT), "--as-of", "2026-11-25")
    assert list(parse(first)) == list(parse(second))
    env = {"SOURCE_DATE_EPOCH": "1795651200"}
    one = ics(str(SUPPORT), "--as-of", "2026-11-25", env=env)
    other = ics(str(SUPPORT), "--as-of", "2026-11-25", env=env)
    assert one == other
    stamps = {event.dtstamp.value for event in parse(one).values()}
    assert stamps == {dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)}


def test_a_malformed_source_date_epoch_is_a_usage_error() -> None:
    result = run_cli("calendar", str(SMALL), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2
    assert result.stderr == "mlroadmap: error: SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds since 1970-01-01\n"


def test_the_readme_excerpt_is_what_the_command_writes() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\$ SOURCE_DATE_EPOCH=(\d+) mlroadmap calendar (.*?) -o roadmap.ics\n"
                      r"\$ grep -A(\d+) '\^(.*?)' roadmap.ics\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    text = ics(*block.group(2).split(), env={"SOURCE_DATE_EPOCH": block.group(1)})
    lines = [line.rstrip() for line in text.split("\r\n")]
    start = next(index for index, line in enumerate(lines) if line.startswith(block.group(4)))
    assert lines[start : start + int(block.group(3)) + 1] == block.group(5).splitlines()


# --- the command -------------------------------------------------------------------------


def test_output_file_json_and_ics_hold_the_same_events(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    result = run_cli("calendar", str(SMALL), "--as-of", "2026-01-05", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    events = parse(target.read_bytes().decode("utf-8"))
    payload = json.loads(run_cli("calendar", str(SMALL), "--as-of", "2026-01-05", "--format", "json").stdout)
    assert payload["roadmap"] == "Calendar Test" and payload["period"] == {"start": "2026-01-01", "end": "2026-06-30"}
    assert payload["dates"] == "dependencies"  # nobody declared
    assert [entry["uid"] for entry in payload["events"]] == list(events)  # the same events, in the same order
    for entry in payload["events"]:
        event = events[entry["uid"]]
        assert entry["title"] == event.summary.value
        assert D(entry["start"]) == event.dtstart.value
        assert D(entry["end"]) + dt.timedelta(days=1) == event.dtend.value
        assert entry["rrule"] == (event.rrule.value if hasattr(event, "rrule") else None)
        assert entry["description"] == (event.description.value if hasattr(event, "description") else "")
    go_live = next(entry for entry in payload["events"] if entry["id"] == "go-live")
    assert go_live["location"] == f"{SMALL}:77:10"  # the decision's due date in the YAML


def test_an_invalid_roadmap_exits_1_and_keeps_the_old_file(write, tmp_path: Path) -> None:
    path = write("roadmap.yaml", HEADER + "decisions:\n  - {id: d, title: D, due: 2026-13-01}\n")
    target = tmp_path / "cal.ics"
    target.write_text("the old calendar", encoding="utf-8")
    result = run_cli("calendar", str(path), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:5:28: ") and "not a valid date" in result.stderr
    assert target.read_text(encoding="utf-8") == "the old calendar"
    as_json = run_cli("calendar", str(path), "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["valid"] is False


def test_output_onto_a_roadmap_file_is_refused(tmp_path: Path) -> None:
    result = run_cli("calendar", str(SMALL), "-o", str(tmp_path / "roadmap.yaml"))
    assert result.exit_code == 2 and "refusing to write output to a .yaml/.yml file" in result.stderr


@pytest.mark.parametrize(
    ("command", "unused"),
    [
        (["validate", "-q", "PATH"], ("icalendar", "vobject", "mlroadmap.calendar")),
        (["calendar", "--format", "json", "PATH"], ("icalendar", "rich")),
        (["calendar", "PATH"], ("rich", "vobject")),
    ],
)
def test_a_command_imports_only_what_it_uses(command: list[str], unused: tuple[str, ...]) -> None:
    argv = [str(SUPPORT) if part == "PATH" else part for part in command]
    code = (
        "import sys\nfrom mlroadmap.cli import main\nsys.argv=['mlroadmap',*%r]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in %r if m in sys.modules))" % (argv, unused)
    )
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert process.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
@settings(max_examples=min(150, settings().max_examples))  # each example schedules the whole roadmap
@given(st.data())
def test_mutated_example_roadmaps_never_crash_the_calendar(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(EXAMPLE_FILES)), label="file")
    output_format = data.draw(st.sampled_from(["ics", "json"]), label="format")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "roadmap"
        shutil.copytree(SUPPORT, directory)
        (directory / name).write_bytes(_mutate(data, EXAMPLE_FILES[name]))
        result = run_cli("calendar", "--as-of", "2026-11-25", "--format", output_format, str(directory))
        assert result.exit_code in (0, 1, 2), result
        if result.exit_code == 0 and output_format == "ics":
            parse(result.stdout)  # an independent parser reads it, every UID once


def test_a_models_cycles_start_after_it_goes_live_not_while_it_is_built(write) -> None:
    # The model entry has no length of its own; the work about it does: training ends
    # 2026-02-13 and going live takes the next seven days (14 to 20 Feb). A recurring
    # item in the go-live phase is the cycle itself, not the launch.
    path = write("roadmap.yaml", HEADER + """\
models:
  - {id: clf, title: Classifier, retraining: monthly}
items:
  - {id: train, title: Train, track: model, model: clf, start: 2026-01-19, duration: 26d}
  - {id: launch, title: Launch, track: model, model: clf, phase: go-live, depends_on: [train], duration: 1w}
  - {id: retrain-drill, title: Retrain drill, track: model, model: clf, phase: go-live, cadence: quarterly, start: 2026-01-05, duration: 1d}
""")
    events = parse(ics(str(path), "--as-of", "2026-01-05"))
    retraining = events[uid("clf", "retraining", "test-roadmap")]
    assert dates(retraining, D("2026-01-01"), D("2026-12-31")) == [D(f"2026-{month:02}-21") for month in range(2, 13)]
    assert retraining.description.value.startswith(
        "Retraining: monthly, from the day after launch, its go-live (2026-02-20), to the end of the roadmap (2026-12-31).")


# --- recurrences as calendar clients expand them ------------------------------------------

ICAL_JS = ROOT / ".node" / "node_modules" / "ical.js" / "dist" / "ical.es5.cjs"
EXPAND = """
const ICAL = require(process.argv[1]);
const calendar = new ICAL.Component(ICAL.parse(require('fs').readFileSync(0, 'utf8')));
const out = {};
for (const component of calendar.getAllSubcomponents('vevent')) {
  const event = new ICAL.Event(component), days = [], iterator = event.iterator();
  for (let next = iterator.next(); next && days.length < 500; next = iterator.next()) days.push(next.toString().slice(0, 10));
  out[event.uid] = days;
}
process.stdout.write(JSON.stringify(out));
"""


def ical_js(text: str) -> dict[str, list[str]]:
    """uid -> the days each event starts on, as ical.js (Thunderbird, Nextcloud) expands them."""
    node = shutil.which("node")
    if node is None or not ICAL_JS.exists():
        assert not IN_CI, "CI needs node and ical.js: .ci/run installs them into .node/"
        pytest.skip("no node or ical.js (.ci/run installs ical.js into .node/)")
    process = subprocess.run([node, "-e", EXPAND, str(ICAL_JS)], input=text, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(process.stdout)


MONTH_ENDS = """\
roadmap:
  name: Month ends
  period: {start: 2027-Q1, end: 2028-Q1}
items:
  - {id: from-29, title: From the 29th, track: data, start: 2027-01-29, duration: 1d, cadence: monthly}
  - {id: from-30, title: From the 30th, track: data, start: 2027-01-30, duration: 1d, cadence: monthly}
  - {id: from-31, title: From the 31st, track: data, start: 2027-01-31, duration: 1d, cadence: monthly}
  - {id: bimonthly, title: Every 2 months from 30 Dec, track: data, start: 2027-12-30, duration: 1d, cadence: 2mo}
  - {id: leap-day, title: Yearly from 29 Feb, track: data, start: 2028-02-29, duration: 1d, cadence: yearly}
"""


def _months(day: int, first: tuple[int, int], count: int, step: int = 1) -> list[str]:
    """``day`` of each month from ``first`` (year, month), or the month's last day when shorter."""
    out = []
    year, month = first
    for _ in range(count):
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        out.append(f"{year}-{month:02}-{min(day, last):02}")
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return out


@pytest.mark.parametrize(("entry", "rule", "rdates", "expected"), [
    # 2027 has no 29 Feb, 2028 has: the 29th's series takes 28 Feb 2027 and 29 Feb 2028.
    ("from-29", "FREQ=MONTHLY;UNTIL=20280331;BYMONTHDAY=29", "20270228", _months(29, (2027, 1), 15)),
    ("from-30", "FREQ=MONTHLY;UNTIL=20280331;BYMONTHDAY=30", "20270228,20280229", _months(30, (2027, 1), 15)),
    ("from-31", "FREQ=MONTHLY;UNTIL=20280331;BYMONTHDAY=-1", None, _months(31, (2027, 1), 15)),
    ("bimonthly", "FREQ=MONTHLY;UNTIL=20280331;INTERVAL=2;BYMONTHDAY=30", "20280229", ["2027-12-30", "2028-02-29"]),
    ("leap-day", "FREQ=YEARLY;UNTIL=20280331;BYMONTHDAY=-1;BYMONTH=2", None, ["2028-02-29"]),
])
def test_series_from_a_months_end_expand_alike_in_every_client(write, entry: str, rule: str, rdates: str | None,
                                                                expected: list[str]) -> None:
    """The last day of shorter months, as the scheduler books them. `BYMONTHDAY=28,...,30;
    BYSETPOS=-1` meant that to RFC 5545 (and to dateutil), but ical.js expanded the 30th's
    twelve occurrences of a year into 32."""
    text = ics(str(write("roadmap.yaml", MONTH_ENDS)), "--as-of", "2026-12-01")
    event = parse(text)[uid(entry, "recurring", "month-ends")]
    assert event.rrule.value == rule
    assert (",".join(f"{day:%Y%m%d}" for value in event.rdate_list for day in value.value) if hasattr(event, "rdate") else None) == rdates
    assert [day.isoformat() for day in dates(event, D("2027-01-01"), D("2028-03-31"))] == expected  # dateutil, through vobject
    assert ical_js(text)[uid(entry, "recurring", "month-ends")] == expected


@pytest.mark.parametrize(("duration", "last_day", "note"), [
    ("6d", "2027-01-09", ""),  # a day short of the next: drawn as long as it is
    ("1w", "2027-01-04", " Each occurrence runs 7 days from its first day, until the next begins."),
])
def test_a_series_whose_occurrences_run_back_to_back_is_drawn_on_their_first_days(write, duration: str, last_day: str, note: str) -> None:
    """Week-long weekly work drawn whole was an all-day banner on every day of the calendar."""
    path = write("roadmap.yaml", HEADER.replace("2026-Q1, end: 2026-Q4", "2027-Q1, end: 2027-Q1")
                 + f"items:\n  - {{id: review, title: Weekly review, track: monitoring, start: 2027-01-04, duration: {duration}, cadence: weekly}}\n")
    text = ics(str(path), "--as-of", "2026-12-01")
    event = parse(text)[uid("review", "recurring", "test-roadmap")]
    assert (event.dtstart.value, event.dtend.value) == (D("2027-01-04"), D(last_day) + dt.timedelta(days=1))
    assert event.description.value == f"Recurs weekly from 2027-01-04.{note}"
    assert len(ical_js(text)[uid("review", "recurring", "test-roadmap")]) == 13  # the Mondays of 2027-Q1


def test_recurring_work_with_a_deadline_per_occurrence_has_an_event_on_each_deadline(write) -> None:
    """By hand: a quarterly report from 12 Jan, 3 weeks each, due 30 days after each quarter end: 30 Jan (for 2025-Q4),
    30 Apr, 30 Jul, 30 Oct; each occurrence finishes on the 1st of the month after, 2 days late."""
    path = write("roadmap.yaml", HEADER + "items:\n  - {id: report, title: Fraud report, track: ethics, cadence: quarterly, "
                                          "start: 2026-01-12, duration: 3w, due_each: 30d}\n")
    text = ics(str(path), "--as-of", "2026-01-05")
    events = parse(text)
    due = {quarter: events[f"report.deadline-{quarter}@test-roadmap.mlroadmap"] for quarter in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")}
    assert [event.dtstart.value for event in due.values()] == [D("2026-01-30"), D("2026-04-30"), D("2026-07-30"), D("2026-10-30")]
    assert due["2026-Q1"].summary.value == "Due: Fraud report (2026-Q1)"
    assert due["2026-Q1"].description.value == ("The occurrence of 2026-04-12 to 2026-05-02 is due 30 days after 2026-Q1 ends "
                                                "(2026-03-31). It is projected to finish on 2026-05-02, 2 days late.")
    assert [category.value for category in due["2026-Q1"].categories_list] == [["Deadline of recurring work"]]
    assert not hasattr(due["2026-Q1"], "rrule")
    expanded = ical_js(text)
    assert expanded["report.deadline-2026-Q2@test-roadmap.mlroadmap"] == ["2026-07-30"]
    data = json.loads(run_cli("calendar", str(path), "--as-of", "2026-01-05", "--format", "json").stdout)
    assert data["counts"] == {"deadline": 4, "recurring": 1}
