"""The README's two commands are the ones that work: CI runs the test command verbatim."""

from __future__ import annotations

import pytest
from conftest import ROOT


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_format_example_is_a_valid_roadmap(tmp_path) -> None:
    import re

    from conftest import run_cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", text, re.DOTALL).group(1)
    path = tmp_path / "roadmap.yaml"
    path.write_text(block, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("command", ["capacity", "report", "critical-path", "scenario"])
def test_the_readme_console_output_is_what_the_command_prints(command: str) -> None:
    import os
    import re
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"```console\n\$ COLUMNS=100 mlroadmap {command} (.*?)\n(.*?)```", text, re.DOTALL)
    assert block is not None
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    printed = subprocess.run([sys.executable, "-m", "mlroadmap", command, *block.group(1).split()], cwd=ROOT,
                             capture_output=True, text=True, env=env, check=True).stdout
    shown = block.group(2)
    if shown.endswith("\n...\n"):  # the first lines of the output
        assert printed.startswith(shown.removesuffix("...\n"))
    else:
        assert shown == printed
