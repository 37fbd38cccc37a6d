"""Shell completion (typer's): commands, options and choices complete in bash, zsh and fish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The installed console script: completion is keyed to the program's name (`mlroadmap`).
MLROADMAP = str(Path(sys.executable).parent / "mlroadmap")


def complete(words: str, shell: str = "bash") -> list[str]:
    """What the shell's completion function receives for the command line ``words``
    (the cursor after its last word), by the protocol the installed script uses."""
    env = {**os.environ, "_MLROADMAP_COMPLETE": f"complete_{shell}", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1),
           "_TYPER_COMPLETE_ARGS": words}
    process = subprocess.run([MLROADMAP], env=env, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    return process.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("mlroadmap cr", ["critical-path"]),
        ("mlroadmap h", ["history"]),
        ("mlroadmap report --aud", ["--audience"]),
        ("mlroadmap report --audience e", ["exec", "engineering"]),
        ("mlroadmap check --format s", ["sarif"]),
        ("mlroadmap graph --format m", ["mermaid"]),
    ],
)
def test_bash_completes_commands_options_and_choices(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def test_every_command_completes_from_nothing() -> None:
    assert complete("mlroadmap ") == [
        "init", "validate", "schema", "critical-path", "forecast", "capacity", "report", "show", "diff", "history", "graph", "calendar", "check",
        "rules", "scenario", "metrics",
    ]


def test_zsh_and_fish_get_the_same_choices_with_their_descriptions() -> None:
    zsh = subprocess.run([MLROADMAP], env={**os.environ, "_MLROADMAP_COMPLETE": "complete_zsh",
                                           "_TYPER_COMPLETE_ARGS": "mlroadmap report --audience e"}, capture_output=True, text=True)
    assert zsh.stdout == "_arguments '*: :((\"exec\"\n\"engineering\"))'\n"
    fish = subprocess.run([MLROADMAP], env={**os.environ, "_MLROADMAP_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "mlroadmap cr",
                                            "_TYPER_COMPLETE_FISH_ACTION": "get-args"}, capture_output=True, text=True)
    assert fish.stdout.rstrip("\n").split("\t") == ["critical-path", "What sets the end date, and which open..."]


def test_the_bash_script_calls_mlroadmap_by_this_protocol() -> None:
    process = subprocess.run([MLROADMAP, "--show-completion", "bash"], capture_output=True, text=True,
                             env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert process.returncode == 0
    assert "_MLROADMAP_COMPLETE=complete_bash $1" in process.stdout
    assert process.stdout.rstrip().endswith("complete -o default -F _mlroadmap_completion mlroadmap")
