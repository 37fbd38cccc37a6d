"""``mlroadmap check`` and ``mlroadmap rules``: the AI/ML checklist, rule by rule."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..render.formats import choices
from .app import app
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    AsOfOption,
    AssumeOption,
    DatesOption,
    JobsOption,
    OutputOption,
    PathsArgument,
    assumed,
    dates_of,
    default_format,
    emit,
    emit_github,
    emit_result,
    fail_usage,
    load_one,
    overflowed,
    parse_date,
    selectors,
    spread,
    validated,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator
    from typing import NoReturn

    from ..analysis import Dates
    from ..check import CheckReport, Checks, NotChecked, Settings
    from ..diagnostics import Diagnostic
    from ..loader import LoadResult, Roadmap
    from ..render.formats import Choice as Format
    from ..render.formats import Choice as RulesFormat
    from ..validation import Validation
else:
    Format = choices("check")
    RulesFormat = choices("rules")


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


SelectorOption = Optional[list[str]]


@app.command()
def check(
    paths: PathsArgument,
    select: Annotated[SelectorOption, typer.Option("--select", help="Run only these rules: ids, id prefixes (MLR13), names or groups; comma-separated or repeated.", metavar="RULES")] = None,
    ignore: Annotated[SelectorOption, typer.Option("--ignore", help="Skip these rules (added to the configured ones).", metavar="RULES")] = None,
    severity: Annotated[Level, typer.Option("--severity", help="Show problems of at least this severity: error, warning or info.")] = Level.info,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too (exit 1).")] = False,
    output_format: Annotated[
        Optional[Format],
        typer.Option("--format", "-f", help="text, json, github (workflow annotations; the default under GitHub Actions) or sarif (SARIF 2.1.0)."),
    ] = None,
    dates: DatesOption = None,
    as_of: AsOfOption = None,
    assume: AssumeOption = None,
    output: OutputOption = None,
    jobs: JobsOption = None,
) -> None:
    """Check the roadmap against the AI/ML checklist: which practices it meets, which it misses, where.

    Prints the checklist score by section, then each problem as file:line:col: [MLR111] message.
    Settings: `checks:` in the roadmap header, or [tool.mlroadmap] in pyproject.toml; an
    entry waives a rule with `waive: {MLR152: reason}`. Paths that hold several roadmaps (a
    monorepo's) check each of them, then say how many passed. Exit 0 no errors (with
    --strict: no warnings either), 1 problems or an invalid roadmap, 2 usage error.
    """
    from ..analysis import Analysis
    from ..check import Checks, SettingsError, settings_for
    from ..check import check as run_check
    from ..schedule import ScheduleOverflow
    from ..workers import collecting

    if strict and severity is Level.error:
        raise fail_usage("--strict fails on warnings, which --severity error hides; use one of them")
    if select is not None and not selectors(select):
        raise fail_usage("--select: no rules given")
    day = parse_date(as_of)
    fmt = default_format(output_format)

    def settings(roadmap: Roadmap) -> Settings:
        found = settings_for(roadmap, paths)
        if select:
            found.update({"select": selectors(select)}, "--select")
        if ignore:
            found.update({"ignore": selectors(ignore)}, "--ignore")
        return found

    def one_of_several(result: LoadResult, problems: list[Diagnostic]) -> CheckReport | NotChecked:
        return _checked(result, problems, settings, day, dates_of(dates), severity.value, strict)

    try:
        # --assume changes one roadmap: leave deciding that there are several to one process.
        done = None if assume else spread(paths, one_of_several, jobs, heavy=True)
        if done is not None:
            _emit_several(Checks([one.outcome for one in done if one.outcome is not None], strict=strict), fmt, output)
        validation = validated(paths)
        if len(validation.results) > 1:
            if assume:
                raise fail_usage(f"--assume changes one roadmap's entries: give one of the {len(validation.results):,} roadmaps at {' '.join(paths)}")
            _emit_several(Checks(list(collecting(one_of_several(result, mine) for result, mine in _each_roadmap(validation))),
                                 strict=strict), fmt, output)
        roadmap = load_one(paths, fmt, output, validation=validation, passed=False)
        roadmap = assumed(roadmap, assume, parse_date(as_of))
        chosen = settings(roadmap)
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    try:
        report = run_check(Analysis(roadmap, day, chosen, dates=dates_of(dates)), minimum=severity.value, strict=strict)
    except ScheduleOverflow as error:
        raise overflowed(roadmap, error) from None
    if fmt == "github":
        from ..render.formats import render
        from ..render.github import check_summary

        emit_github(str(render("check", "github", report)), report.problems, lambda budget: check_summary(report, budget), output,
                    notices=1 if getattr(report.dates, "assuming", ()) else 0)
    else:
        emit_result("check", fmt, report, output)
    raise typer.Exit(EXIT_OK if report.passed(strict) else EXIT_INVALID)


def _each_roadmap(validation: Validation) -> Iterator[tuple[LoadResult, list[Diagnostic]]]:
    """Each roadmap of a validation, with its problems in validate's order (by file and
    place), as a worker has them."""
    owner = {source.name: index for index, result in enumerate(validation.results) for source in result.files}
    problems: list[list[Diagnostic]] = [[] for _result in validation.results]
    for problem in validation.diagnostics:
        problems[owner[problem.location.file]].append(problem)
    return zip(validation.results, problems)


def _checked(result: LoadResult, problems: list[Diagnostic], settings: Callable[[Roadmap], Settings], as_of: dt.date | None,
             dates: Dates | None, minimum: str, strict: bool) -> CheckReport | NotChecked:
    """`check` on one roadmap of several: its report, or why it has none. ``problems`` are
    validate's for its files."""
    from ..analysis import Analysis
    from ..check import NotChecked
    from ..check import check as run_check
    from ..diagnostics import Diagnostic
    from ..schedule import ScheduleOverflow

    roadmap = result.roadmap
    name = roadmap.info.name if roadmap is not None and roadmap.header is not None else None
    files = [source.name for source in result.files]
    if roadmap is None or name is None or any(problem.severity == "error" for problem in problems):
        return NotChecked(name, files, problems)
    try:
        report: CheckReport = run_check(Analysis(roadmap, as_of, settings(roadmap), dates=dates), minimum=minimum, strict=strict)
    except ScheduleOverflow as error:
        return NotChecked(name, files, [Diagnostic(error.location(roadmap), str(error), "schedule-overflow")])
    return report


def _emit_several(checks: Checks, fmt: str, output: str | None) -> NoReturn:
    """Several roadmaps' `check`, then exit: 0 when every one passed."""
    strict = checks.strict
    if fmt == "github":
        from ..render.formats import render
        from ..render.github import checks_summary

        emit_github(str(render("checks", "github", checks)), checks.problems, lambda budget: checks_summary(checks, budget), output)
    else:
        emit_result("checks", fmt, checks, output)
    raise typer.Exit(EXIT_OK if checks.passed(strict) else EXIT_INVALID)


@app.command()
def rules(
    rule_ids: Annotated[Optional[list[str]], typer.Argument(help="Rules to explain: ids, id prefixes, names or groups. All when omitted.", metavar="RULE", show_default=False)] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text, json or markdown (the README's table; with RULE, the rules in full, as docs/rules.md).")] = RulesFormat.text,
) -> None:
    """List the rules `check` runs, or explain some: why, how to fix, a bad and a good example."""
    from ..render.check import rule_text, rules_reference
    from ..rules import RULES, UnknownRule, resolve

    try:
        chosen = sorted({rule_id for selector in selectors(rule_ids) for rule_id in resolve(selector)}) if rule_ids else sorted(RULES)
    except UnknownRule as error:
        raise fail_usage(str(error)) from None
    selected = [RULES[rule_id] for rule_id in chosen]
    if rule_ids and output_format.value == "text":  # the rules asked for, explained in full
        emit("\n".join(rule_text(rule) for rule in selected), None)
    elif rule_ids and output_format.value == "markdown":
        emit(rules_reference(selected), None)
    else:
        emit_result("rules", output_format, selected, None)
