"""The bundled examples validate, and deliberately broken copies of them fail at the right place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

SUPPORT = EXAMPLES / "support-assistant"


def test_every_example_validates() -> None:
    result = run_cli("validate", str(EXAMPLES))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        "Support chatbot: valid (1 file; 2 items, 1 model, 1 dataset, 1 experiment, 1 decision).",
        "Card Fraud 2027: valid (8 files; 3 outcomes, 1 track, 9 people, 6 teams, 11 stakeholders, "
        "38 items, 2 models, 6 datasets, 4 audits, 2 mitigations, 3 privacy assessments, 2 policies, "
        "3 regulations, 11 monitors, 3 experiments, 5 tools, 2 training needs, 6 decisions, 8 risks, 2 freezes, 3 scenarios).",
        "Ticket triage assistant: valid (1 file; 1 outcome, 4 items, 1 model).",
        "Support Assistant 2026: valid (8 files; 3 outcomes, 1 track, 7 people, 4 teams, 8 stakeholders, "
        "41 items, 4 models, 6 datasets, 5 audits, 4 mitigations, 3 privacy assessments, 3 policies, "
        "2 regulations, 8 monitors, 7 experiments, 8 tools, 3 training needs, 6 decisions, 8 risks, 1 freeze, 3 scenarios).",
    ]


def test_the_example_uses_every_section() -> None:
    import mlroadmap
    from mlroadmap.model import SECTIONS, STANDARD_TRACKS

    roadmap = mlroadmap.load(SUPPORT)
    assert all(roadmap.sections[name] for name in SECTIONS)
    assert {item.track for item in roadmap.items} >= set(STANDARD_TRACKS)
    assert len(roadmap.items) >= 25 and len(roadmap.models) >= 3 and len(roadmap.datasets) >= 4


# (case, file, text to replace (first occurrence), replacement, expected message,
#  text in the broken file whose first occurrence is where the problem must be reported)
MUTATIONS = [
    (
        "unknown-key",
        "models.yaml",
        "    stage: ",
        "    stagee: ",
        "unknown key 'stagee' (did you mean 'stage'?)",
        "stagee",
    ),
    (
        "dangling-dependency",
        "work.yaml",
        "depends_on: [zendesk-tickets]",
        "depends_on: [zendesk-ticket]",
        "depends_on: unknown id 'zendesk-ticket' (did you mean 'zendesk-tickets'?)",
        "zendesk-ticket]",
    ),
    (
        "cycle",
        "work.yaml",
        "  - id: data-feasibility\n",
        "  - id: data-feasibility\n    depends_on: [intent-prototype]\n",
        "dependency cycle: data-feasibility -> intent-prototype -> data-feasibility",
        "intent-prototype]",
    ),
    (
        "duplicate-id-across-files",
        "experiments.yaml",
        "experiments:\n",
        "tools:\n  - {id: intent-labels, title: Clash, kind: other}\nexperiments:\n",
        "duplicate id 'intent-labels': already used by a dataset at {data}:{where}",
        "intent-labels, title: Clash",
    ),
    (
        "bad-quarter",
        "models.yaml",
        "2026-Q3: 0.85",
        "Q3-2026: 0.85",
        "targets: 'Q3-2026' is not a quarter; write 2026-Q3",
        "Q3-2026",
    ),
    (
        "bad-duration",
        "data.yaml",
        "duration: 3w",
        "duration: 3 weeks",
        "duration: '3 weeks' is not a duration; write a whole number and a unit: 10d, 3w, 2mo, 1y",
        "3 weeks",
    ),
    (
        "wrong-type",
        "work.yaml",
        "    effort: 6d",
        "    effort: [6d]",
        "effort: expected text, got a list",
        "[6d]",
    ),
    (
        "missing-required-field",
        "work.yaml",
        '    title: "Feasibility check: can our tickets and help center answer the top intents?"\n',
        "",
        "missing required key 'title' in item 'data-feasibility'",
        "id: data-feasibility",
    ),
    (
        "malformed-yaml",
        "work.yaml",
        "    title: Intent taxonomy v1",
        "    title: 'Intent taxonomy v1",
        "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line {line}); a quote or bracket opened here is never closed",
        "'Intent taxonomy v1",
    ),
    (
        "impossible-date",
        "work.yaml",
        "start: 2026-01-05",
        "start: 2026-02-30",
        "start: '2026-02-30' is not a valid date: day is out of range for month",
        "2026-02-30",
    ),
    (
        "unknown-track",
        "work.yaml",
        "    track: data\n",
        "    track: dta\n",
        "track: unknown track 'dta' (did you mean 'data'?); the standard tracks are model, data, ethics, monitoring, "
        "experiments, team, custom ones are declared under 'tracks:'",
        "dta",
    ),
    (
        "duplicate-key",
        "work.yaml",
        "    owner: maya\n",
        "    owner: maya\n    owner: lena\n",
        "duplicate key 'owner': first written at line {prev}, again at line {line}; YAML would silently keep only the last one",
        "owner: lena",
    ),
    (
        "enum-typo",
        "models.yaml",
        "stage: production",
        "stage: prod",
        "stage: 'prod' is not one of experimentation, staged-rollout, production, retired (did you mean 'production'?)",
        "prod\n",
    ),
    (
        "tab-indentation",
        "work.yaml",
        "    track: data\n",
        "\ttrack: data\n",
        "YAML syntax error: a tab character; YAML indentation and separation use spaces, not tabs",
        "\ttrack",
    ),
]


def _position(text: str, fragment: str) -> tuple[int, int]:
    offset = text.index(fragment)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize(("case", "name", "old", "new", "message", "at"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_broken_copy_of_the_example_fails_at_the_right_place(
    tmp_path: Path, case: str, name: str, old: str, new: str, message: str, at: str
) -> None:
    copy = tmp_path / "support-assistant"
    shutil.copytree(SUPPORT, copy)
    path = copy / name
    original = path.read_text(encoding="utf-8")
    assert old in original, f"the example no longer contains {old!r}: update this case"
    broken = original.replace(old, new, 1)
    path.write_text(broken, encoding="utf-8")

    line, column = _position(broken, at)
    data = copy / "data.yaml"
    first = _position(data.read_text(encoding="utf-8"), "id: intent-labels")
    expected = f"{path}:{line}:{column}: " + message.format(
        line=line, prev=line - 1, data=data, where=f"{first[0]}:{first[1] + 4}"
    )
    result = run_cli("validate", str(copy))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [expected, "Found 1 problem in 1 file."]
