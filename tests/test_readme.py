"""The README's two commands are the ones that work: CI runs the test command verbatim."""

from __future__ import annotations

from conftest import ROOT


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command in (ROOT / "README.md").read_text(encoding="utf-8")
