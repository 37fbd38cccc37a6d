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
)

if TYPE_CHECKING:
    from ..render.formats import Choice as Format
    from ..render.formats import Choice as RulesFormat
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
) -> None:
    """Check the roadmap against the AI/ML checklist: which practices it meets, which it misses, where.

    Prints the checklist score by section, then each problem as file:line:col: [MLR111] message.
    Settings: `checks:` in the roadmap header, or [tool.mlroadmap] in pyproject.toml; an
    entry waives a rule with `waive: {MLR152: reason}`. Exit 0 no errors (with --strict: no
    warnings either), 1 problems or an invalid roadmap, 2 usage error.
    """
    from ..analysis import Analysis
    from ..check import SettingsError, settings_for
    from ..check import check as run_check
    from ..schedule import ScheduleOverflow

    if strict and severity is Level.error:
        raise fail_usage("--strict fails on warnings, which --severity error hides; use one of them")
    if select is not None and not selectors(select):
        raise fail_usage("--select: no rules given")
    day = parse_date(as_of)
    fmt = default_format(output_format)
    roadmap = load_one(paths, fmt, output, passed=False)
    roadmap = assumed(roadmap, assume, parse_date(as_of))
    try:
        settings = settings_for(roadmap, paths)
        if select:
            settings.update({"select": selectors(select)}, "--select")
        if ignore:
            settings.update({"ignore": selectors(ignore)}, "--ignore")
    except SettingsError as error:
        raise fail_usage(str(error)) from None
    try:
        report = run_check(Analysis(roadmap, day, settings, dates=dates_of(dates)), minimum=severity.value, strict=strict)
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
