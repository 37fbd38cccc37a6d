"""The Python API (mlroadmap.api): the README's code runs, and each function answers as its command does."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, ROOT, run_cli

from mlroadmap.api import blockers, check, critical_path, diff, load, schedule

SUPPORT = EXAMPLES / "support-assistant"
AS_OF = dt.date(2026, 11, 25)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="diff_since reads git history: needs a git checkout")
def test_the_readme_python_code_runs_and_prints_what_it_says() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API\n"):text.index("## Performance")]
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.DOTALL))
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    assert process.stdout.splitlines()[:8] == [
        "data-feasibility data done examples/support-assistant/work.yaml:16:5",
        "intent-taxonomy data done examples/support-assistant/work.yaml:30:5",
        "pii-redaction data done examples/support-assistant/work.yaml:43:5",
        "2027-01-03 2026-12-30 2026-11-29",
        "['agent-drafts-proto', 'exp-agent-drafts']",  # with the team's capacity, the example's default
        "[('label-eu-intents', ('ethics', 'experiments', 'model', 'monitoring', 'rollout')), "
        "('rag-de-fr', ('ethics', 'experiments', 'rollout'))]",
        "8/11 [('MLR126', 'examples/support-assistant/data.yaml:181:16'), ('MLR157', 'examples/support-assistant/experiments.yaml:113:16')]",
        "(datetime.date(2027, 1, 28), datetime.date(2027, 1, 3)) 134",
    ]


def cli_json(*args: str) -> dict:
    return json.loads(run_cli(*args, "--as-of", AS_OF.isoformat(), "--format", "json").stdout)


@pytest.mark.parametrize("dates", [None, "capacity", "dependencies"])
def test_the_functions_answer_as_the_commands_do(dates: str | None) -> None:
    roadmap = load(SUPPORT)
    flag = ["--dates", dates] if dates else []
    command = cli_json("critical-path", str(SUPPORT), *flag)
    assert command["dates"] == dates or "capacity"  # the example declares people
    path = critical_path(roadmap, as_of=AS_OF, dates=dates)
    assert path.to_dict() == command
    assert schedule(roadmap, as_of=AS_OF, dates=dates).end.isoformat() == command["end"]
    assert [row.to_dict() for row in blockers(roadmap, as_of=AS_OF, dates=dates)] == command["blockers"]


def test_check_reads_the_teams_settings_as_the_command_does(write, tmp_path: Path) -> None:
    path = write("roadmap/roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: model, duration: 1w}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.mlroadmap]\nselect = ["MLR222"]\n', encoding="utf-8")
    report = check(load(path), as_of=AS_OF)
    assert [(p.code, p.message) for p in report.problems] == [("MLR222", "the roadmap's one item states no milestone phase (feasibility -> ... -> go-live)")]
    assert [p["code"] for p in cli_json("check", str(path))["problems"]] == ["MLR222"]


def test_diff_takes_paths_or_roadmaps_and_lists_an_invalid_old_versions_problems(write) -> None:
    old = write("old.yaml", HEADER + "items:\n  - {id: a, title: A, track: model, duration: 1w, depends_on: [nope]}\n")
    new = write("new.yaml", HEADER + "items:\n  - {id: a, title: A, track: model, duration: 2w}\n"
                                     "  - {id: b, title: B, track: data, duration: 1w}\n")
    for changes in (diff(old, new, as_of=AS_OF), diff(str(old), load(new), as_of=AS_OF)):
        assert [(c.kind, c.subject) for c in changes.of("added")] == [("added", "b")]
        assert [(str(p.location), p.message) for p in changes.old.problems] == [(f"{old}:5:64", "depends_on: unknown id 'nope'")]


def test_diff_scores_with_the_teams_settings_as_the_command_does(write, tmp_path: Path) -> None:
    old = write("old/roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: model, duration: 1w}\n")
    new = write("new/roadmap.yaml", HEADER + "items:\n  - {id: a, title: A, track: model, duration: 2w}\n")
    (tmp_path / "pyproject.toml").write_text('[tool.mlroadmap]\nignore = ["milestones", "outcomes"]\n', encoding="utf-8")
    command = json.loads(run_cli("diff", str(old.parent), str(new.parent), "--as-of", AS_OF.isoformat(), "--format", "json").stdout)
    changes = diff(old.parent, new.parent, as_of=AS_OF)
    assert changes.to_dict()["score"] == command["score"]
    (tmp_path / "pyproject.toml").unlink()  # without the settings, the score is another one
    assert diff(old.parent, new.parent, as_of=AS_OF).to_dict()["score"] != command["score"]


def test_the_projection_is_checked_and_resources_of_earlier_versions_still_means_what_it_did() -> None:
    roadmap = load(SUPPORT)
    with pytest.raises(ValueError, match="dates: 'Capacity' is not one of capacity, dependencies"):
        schedule(roadmap, as_of=AS_OF, dates="Capacity")  # type: ignore[arg-type]
    assert schedule(roadmap, as_of=AS_OF, resources=False).end == schedule(roadmap, as_of=AS_OF, dates="dependencies").end
    assert schedule(roadmap, as_of=AS_OF, resources=True).end == schedule(roadmap, as_of=AS_OF).end  # people: capacity
    with pytest.raises(ValueError, match="resources=True is dates='capacity', not 'dependencies'"):
        critical_path(roadmap, as_of=AS_OF, resources=True, dates="dependencies")
    assert check(roadmap, as_of=AS_OF, dates="dependencies").dates == "dependencies"


def test_objects_with_the_same_fields_share_one_set_of_them_and_a_change_unshares_it(write) -> None:
    # The loader keeps one set of written fields for entries that wrote the same ones (memory
    # at scale); setting a field on one object, or copying it, must not reach the others.
    path = write("r.yaml", HEADER + "items:\n  - {id: a, title: A, track: data}\n  - {id: b, title: B, track: data}\n")
    first, second = load(path).items
    assert first.model_fields_set is second.model_fields_set
    first.duration = "2w"  # type: ignore[assignment]
    assert first.model_fields_set == {"id", "title", "track", "duration"}
    assert second.model_fields_set == {"id", "title", "track"}
    copied = second.model_copy(update={"status": "done"})
    assert copied.model_fields_set == {"id", "title", "track", "status"}
    assert second.model_fields_set == {"id", "title", "track"}
