"""Problems found in a roadmap, with where they are, and how every command prints them.

One type (:class:`Diagnostic`) carries a location and a message from the loader, the
cross-reference checks and (later) the rules, so every command and every output format
renders problems the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    code: str = "invalid"
    severity: Severity = "error"
    # Other places the problem involves (the first definition of a duplicate id, ...).
    related: tuple[Location, ...] = field(default=())
    # What a rule's problem is about, stable across edits that move lines: the entity's id
    # (or "roadmap" for the header) and the key path inside it. Set by `check`.
    subject: str | None = None
    path: tuple[str | int, ...] = ()

    def sort_key(self) -> tuple:
        return (self.location, self.message)

    def to_dict(self) -> dict:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "related": [
                {"file": loc.file, "line": loc.line, "column": loc.column} for loc in self.related
            ],
            **({"subject": self.subject, "path": ".".join(map(str, self.path))} if self.subject is not None else {}),
        }

    @property
    def fingerprint(self) -> str:
        """Rule, subject and key path: the same problem in two revisions of a roadmap."""
        return f"{self.code}:{self.subject}:{'.'.join(map(str, self.path))}"


class RoadmapError(Exception):
    """Raised by the Python API when a roadmap is invalid; carries every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        first = diagnostics[0] if diagnostics else None
        more = f" (and {len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
        super().__init__(f"{first.location}: {first.message}{more}" if first else "invalid roadmap")


def render_text(diagnostics: Iterable[Diagnostic]) -> str:
    """``file:line:col: message``, one problem a line, the way compilers and linters print;
    warnings and notes say so (``file:line:col: warning: message``)."""
    return "".join(
        f"{d.location}: {d.message}\n" if d.severity == "error" else f"{d.location}: {d.severity}: {d.message}\n"
        for d in diagnostics
    )


def render_json(diagnostics: list[Diagnostic], files: list[str], valid: bool, **extra: object) -> str:
    """``extra`` keys go last (check adds ``passed``)."""
    errors = sum(d.severity == "error" for d in diagnostics)
    payload = {
        "valid": valid,
        "files": files,
        "errors": errors,
        "problems": [d.to_dict() for d in diagnostics],
        **extra,
    }
    from .render.formats import to_json

    return to_json(payload)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems appear on the pull request's lines."""
    from .worktree import from_top

    lines = []
    names: dict[str, str] = {}
    for d in diagnostics:
        name = d.location.file
        if name not in names:  # as GitHub maps it: from the repository's top, wherever this ran
            found = from_top(name) if name != "-" else None
            names[name] = found[1] if found is not None else name
        props = [f"file={_escape_property(names[name])}"]
        if d.location.line:
            props.append(f"line={d.location.line}")
            props.append(f"col={d.location.column}")
        props.append(f"title={_escape_property('mlroadmap ' + d.code)}")
        level = {"error": "error", "warning": "warning", "info": "notice"}[d.severity]
        lines.append(f"::{level} {','.join(props)}::{_escape_data(d.message)}\n")
    return "".join(lines)
