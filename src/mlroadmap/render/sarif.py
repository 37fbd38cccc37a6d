"""``check --format sarif``: SARIF 2.1.0, the format GitHub code scanning and most static
analysis dashboards import. Waived problems are kept, with an in-source suppression and
its reason, so a dashboard shows them as dismissed rather than losing them."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import HOMEPAGE, __version__
from ..projection import assuming
from ..rules import GROUPS, RULES
from ..worktree import from_top, real_place, repository_top
from .check import RULES_DOCUMENT, rule_anchor

if TYPE_CHECKING:
    from ..check import CheckReport, Checks
    from ..diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def source_root(names: list[str]) -> Path:
    """What SARIF's paths are relative to (%SRCROOT%): the top of the git repository
    holding the roadmap's files (code scanning maps paths from it), wherever mlroadmap
    ran; outside any repository, the current directory's, or the current directory."""
    for name in dict.fromkeys(names):  # each file once: a monorepo's run has 50,000 problems
        found = from_top(name)
        if found is not None:
            return Path(found[0])
    here = os.path.realpath(os.getcwd())
    return Path(repository_top(here) or here)


def _uri(name: str, root: Path) -> dict[str, str]:
    uri, base = _place(name, root)
    return {"uri": uri, "uriBaseId": base} if base else {"uri": uri}


@lru_cache(maxsize=1024)
def _place(name: str, root: Path) -> tuple[str, str | None]:
    # Once a file, not once a problem: resolving links costs a system call a directory.
    path = Path(real_place(name))
    try:
        inside = path.relative_to(root)
    except ValueError:  # outside the repository: only an absolute URI can name it
        return path.as_uri(), None
    return quote(inside.as_posix()), "%SRCROOT%"


def _result(problem: Diagnostic, index: dict[str, int], root: Path) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": _uri(problem.location.file, root)}
    if problem.location.line:
        location["region"] = {"startLine": problem.location.line, "startColumn": max(problem.location.column, 1)}
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": LEVEL[problem.severity],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": location}],
        # The same problem keeps its fingerprint when lines move, so dashboards track it.
        **({"partialFingerprints": {"mlroadmap/v1": problem.fingerprint}} if problem.subject is not None else {}),
    }


def _rule(rule_id: str, severity: str) -> dict[str, Any]:
    rule = RULES[rule_id]
    group = GROUPS[rule.group]
    help_text = f"{rule.fix}\n\nBad:\n{rule.bad}\nGood:\n{rule.good}"
    help_markdown = f"{rule.fix}\n\nBad:\n\n```yaml\n{rule.bad}```\n\nGood:\n\n```yaml\n{rule.good}```\n"
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_markdown},
        "helpUri": f"{HOMEPAGE}/blob/main/{RULES_DOCUMENT}#{rule_anchor(rule)}",
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"tags": [rule.group], "group": group.title, "source": group.source},
    }


def _log(rules: list[dict[str, Any]], results: list[dict[str, Any]], properties: dict[str, Any], root: Path) -> str:
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "mlroadmap", "version": __version__, "semanticVersion": __version__,
                                    "informationUri": HOMEPAGE, "rules": rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "results": results,
                "properties": properties,
            }
        ],
    }
    from .formats import to_json

    return to_json(log)


def _invalid_rule(code: str) -> dict[str, Any]:
    return {"id": code, "shortDescription": {"text": f"The roadmap is not valid ({code})"}, "defaultConfiguration": {"level": "error"}}


def problems_to_sarif(problems: list[Diagnostic]) -> str:
    """An invalid roadmap's problems (validate's), so a code-scanning upload shows why
    the check could not run."""
    codes = list(dict.fromkeys(problem.code for problem in problems))
    index = {code: position for position, code in enumerate(codes)}
    root = source_root([problem.location.file for problem in problems])
    return _log([_invalid_rule(code) for code in codes], [_result(problem, index, root) for problem in problems], {"valid": False}, root)


def _results(report: CheckReport, index: dict[str, int], root: Path) -> list[dict[str, Any]]:
    """The report's problems, then its waived ones as suppressed results."""
    results = [_result(problem, index, root) for problem in report.problems]
    for item in report.waived:
        result = _result(item.diagnostic, index, root)
        result["suppressions"] = [{"kind": "inSource", "justification": item.reason}]
        results.append(result)
    return results


def _properties(report: CheckReport) -> dict[str, Any]:
    return {"valid": True, "roadmap": report.roadmap, "asOf": report.as_of.isoformat(), "dates": str(report.dates),
            **assuming(report.dates), "checklist": {"satisfied": report.satisfied, "sections": len(report.scored)}}


def _files(report: CheckReport) -> list[str]:
    return [problem.location.file for problem in (*report.problems, *(item.diagnostic for item in report.waived))]


def to_sarif(report: CheckReport) -> str:
    severities = report.rules_run
    index = {rule_id: position for position, rule_id in enumerate(severities)}
    root = source_root(_files(report))
    return _log([_rule(rule_id, severity) for rule_id, severity in severities.items()], _results(report, index, root), _properties(report), root)


def checks_to_sarif(checks: Checks) -> str:
    """Several roadmaps in one run, as code scanning takes one upload per tool: every rule
    that ran on any of them (at its default level; each result carries its own), every
    result, and each roadmap's score in the run's properties."""
    from ..check import CheckReport

    severities: dict[str, str] = {}
    for report in checks.reports:
        for rule_id, severity in report.rules_run.items():
            severities.setdefault(rule_id, severity)
    invalid = list(dict.fromkeys(problem.code for one in checks.checked if not isinstance(one, CheckReport) for problem in one.problems
                                 if problem.code not in severities))
    index = {code: position for position, code in enumerate([*severities, *invalid])}
    root = source_root([name for one in checks.checked for name in (_files(one) if isinstance(one, CheckReport) else
                                                                     [problem.location.file for problem in one.problems])])
    results: list[dict[str, Any]] = []
    roadmaps: list[dict[str, Any]] = []
    for one in checks.checked:
        if isinstance(one, CheckReport):
            results += _results(one, index, root)
            roadmaps.append(_properties(one))
        else:
            results += [_result(problem, index, root) for problem in one.problems]
            roadmaps.append({"valid": False, "roadmap": one.roadmap, "files": one.files})
    rules = [*(_rule(rule_id, severity) for rule_id, severity in severities.items()), *(_invalid_rule(code) for code in invalid)]
    return _log(rules, results, {"valid": all(roadmap["valid"] for roadmap in roadmaps), "roadmaps": roadmaps}, root)
