"""``check --format sarif``: SARIF 2.1.0, the format GitHub code scanning and most static
analysis dashboards import. Waived problems are kept, with an in-source suppression and
its reason, so a dashboard shows them as dismissed rather than losing them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import HOMEPAGE, __version__
from ..projection import assuming
from ..rules import GROUPS, RULES
from ..worktree import from_top, real_place, repository_top
from .check import RULES_DOCUMENT, rule_anchor

if TYPE_CHECKING:
    from ..check import CheckReport
    from ..diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def source_root(names: list[str]) -> Path:
    """What SARIF's paths are relative to (%SRCROOT%): the top of the git repository
    holding the roadmap's files (code scanning maps paths from it), wherever mlroadmap
    ran; outside any repository, the current directory's, or the current directory."""
    for name in names:
        found = from_top(name)
        if found is not None:
            return Path(found[0])
    here = os.path.realpath(os.getcwd())
    return Path(repository_top(here) or here)


def _uri(name: str, root: Path) -> dict[str, str]:
    path = Path(real_place(name))
    try:
        inside = path.relative_to(root)
    except ValueError:  # outside the repository: only an absolute URI can name it
        return {"uri": path.as_uri()}
    return {"uri": quote(inside.as_posix()), "uriBaseId": "%SRCROOT%"}


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


def problems_to_sarif(problems: list[Diagnostic]) -> str:
    """An invalid roadmap's problems (validate's), so a code-scanning upload shows why
    the check could not run."""
    codes = list(dict.fromkeys(problem.code for problem in problems))
    rules = [{"id": code, "shortDescription": {"text": f"The roadmap is not valid ({code})"},
              "defaultConfiguration": {"level": "error"}} for code in codes]
    index = {code: position for position, code in enumerate(codes)}
    root = source_root([problem.location.file for problem in problems])
    return _log(rules, [_result(problem, index, root) for problem in problems], {"valid": False}, root)


def to_sarif(report: CheckReport) -> str:
    severities = report.rules_run
    index = {rule_id: position for position, rule_id in enumerate(severities)}
    root = source_root([problem.location.file for problem in (*report.problems, *(item.diagnostic for item in report.waived))])
    results = [_result(problem, index, root) for problem in report.problems]
    for item in report.waived:
        result = _result(item.diagnostic, index, root)
        result["suppressions"] = [{"kind": "inSource", "justification": item.reason}]
        results.append(result)
    rules = [_rule(rule_id, severity) for rule_id, severity in severities.items()]
    properties = {"valid": True, "roadmap": report.roadmap, "asOf": report.as_of.isoformat(), "dates": str(report.dates),
                  **assuming(report.dates), "checklist": {"satisfied": report.satisfied, "sections": len(report.scored)}}
    return _log(rules, results, properties, root)
