"""`mlroadmap init`: a new roadmap from the template, commented for the PM who fills it in.

The template (``templates/*.yaml.in``) has every section the AI/ML checklist asks for:
six tracks of work, one outcome, a model with metrics and quarterly targets, a dataset,
an audit, an experiment, a decision and a risk. Facts only the team knows (the data's
source, the audit's groups, the experiment's decision date, who signs off) are left as
comments, so the new roadmap validates and ``mlroadmap check`` lists exactly those gaps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from .values import YEARS, Quarter, quarters_between

# The roadmap's files, in the order they are written (roadmap.yaml first: it has the header).
TEMPLATES = ("roadmap.yaml", "work.yaml", "models.yaml", "data.yaml", "ethics.yaml", "experiments.yaml")
SCHEMA_FILE = "roadmap.schema.json"
MAX_QUARTERS = 12


class ScaffoldError(Exception):
    """The roadmap cannot be created where asked (exit code 2); nothing was written."""


@dataclass(frozen=True)
class Scaffold:
    directory: Path
    files: list[Path]  # written, in order
    start: Quarter
    end: Quarter


# Characters YAML reads as line breaks inside a quoted scalar, which JSON leaves as they are.
_YAML_BREAKS = {"\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as ``value``, whatever it holds (a JSON string is
    YAML once the characters YAML alone breaks lines at are escaped too)."""
    text = json.dumps(value, ensure_ascii=False)
    for character, escape in _YAML_BREAKS.items():
        text = text.replace(character, escape)
    return text


def _one_line(value: str) -> str:
    """``value`` with every run of whitespace (line breaks of any kind included) one space:
    for a comment, which a line break would end."""
    return " ".join(value.split())


def _targets(baseline: float, goal: float, quarters: list[Quarter], decimals: int) -> str:
    """A flow mapping of example quarterly targets that close a quarter of the remaining
    gap to ``goal`` each quarter: plausible for one quarter or twelve, never past the goal."""
    values = [round(goal - (goal - baseline) * 0.75 ** (index + 1), decimals) for index in range(len(quarters))]
    return "{" + ", ".join(f"{quarter}: {value:.{decimals}f}" for quarter, value in zip(quarters, values)) + "}"


def render(name: str, owner: str | None, start: Quarter, quarters: int, *, today: dt.date, directory: str) -> dict[str, str]:
    """File name -> text of a new roadmap (the JSON Schema excluded)."""
    period = quarters_between(start, _after(start, quarters - 1))
    values = {
        "title": _one_line(name),
        "name": _yaml_text(name),
        "owner_line": f"owner: {_yaml_text(owner)}" if owner else "# owner: the person accountable for the roadmap",
        "stakeholder": _yaml_text(owner or "Product manager"),
        "start": str(period[0]),
        "end": str(period[-1]),
        "today": today.isoformat(),
        "directory": _one_line(directory),
        # Examples a PM replaces: accuracy from 0.70 towards 0.95, latency from 900 ms towards 300.
        "accuracy_targets": _targets(0.70, 0.95, period, 2),
        "latency_targets": _targets(900, 300, period, 0),
    }
    templates = resources.files(__package__).joinpath("templates")
    return {name: Template(templates.joinpath(f"{name}.in").read_text(encoding="utf-8")).substitute(values) for name in TEMPLATES}


def _roadmap_files(target: Path) -> list[str]:
    """What the roadmap at ``target`` would read besides the new files (the loader's own
    search: YAML in subdirectories too, hidden entries skipped), and a schema file."""
    from .loader import UsageError, discover

    if not target.is_dir():
        return []
    try:
        found = discover([str(target)])
    except UsageError:  # no YAML in it
        found = []
    schema = target / SCHEMA_FILE
    return found + ([str(schema)] if schema.exists() else [])


def _in_comment(target: Path) -> str:
    """The directory as the files' comments name it: relative to the current directory
    when inside it, else its name, so that no absolute path from the author's machine is
    committed; quoted for the shell when it must be."""
    import shlex

    relative = os.path.relpath(target.resolve(), Path.cwd().resolve()) if target.is_absolute() else str(target)
    if relative.startswith(".."):
        relative = target.name or "."
    return shlex.quote(relative)


def _after(quarter: Quarter, count: int) -> Quarter:
    for _ in range(count):
        quarter = quarter.next()
    return quarter


def init(directory: str | os.PathLike[str], *, name: str, owner: str | None, start: Quarter, quarters: int,
         today: dt.date | None = None) -> Scaffold:
    """Write a new roadmap into ``directory`` (created if missing). Refuses, writing
    nothing, when the directory already holds YAML (it would join the new roadmap) or
    any of the files; a failure part-way removes what was written."""
    if not 1 <= quarters <= MAX_QUARTERS:
        raise ScaffoldError(f"--quarters: {quarters} is out of range; a roadmap covers 1 to {MAX_QUARTERS} quarters")
    last = _after(start, quarters - 1)
    if last.year > YEARS[1]:  # the roadmap written would not validate
        raise ScaffoldError(f"--quarters: {quarters} quarters from {start} end in {last}, past {YEARS[1]}-Q4, "
                            f"the last quarter a roadmap can plan; start earlier or plan fewer quarters")
    if not name.strip():
        raise ScaffoldError("--name: a roadmap needs a name")
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target}: is a file, not a directory")
    existing = _roadmap_files(target)
    if existing:
        shown = ", ".join(existing[:3]) + (f" and {len(existing) - 3} more" if len(existing) > 3 else "")
        raise ScaffoldError(
            f"{target}: already holds {shown}; mlroadmap init never overwrites files, and every "
            "YAML file in a roadmap's directory is part of the roadmap: choose a new or empty directory"
        )
    texts = render(name, owner, start, quarters, today=today or dt.date.today(), directory=_in_comment(target))
    from .schema import roadmap_schema_text

    texts[SCHEMA_FILE] = roadmap_schema_text()
    written: list[Path] = []
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for file_name, text in texts.items():
            path = target / file_name
            with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never over a file
                written.append(path)
                handle.write(text)
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        if created and target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        if isinstance(error, OSError):
            raise ScaffoldError(f"{target}: cannot write: {error.strerror or error}") from None
        raise
    return Scaffold(directory=target, files=written, start=start, end=_after(start, quarters - 1))
