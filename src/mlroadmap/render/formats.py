"""Every output format, by name, per kind of result: the one place `--format` choices come
from and the one JSON writer.

A kind is what a command returns (a critical path, a check report, a document, ...); each
of its formats is a renderer ``(result, to_file) -> str``, imported only when it renders,
so a command pays for rich, the rules or icalendar only when it draws with them.
``to_file`` tells a terminal renderer that the text goes to a file: plain, 100 columns.
Adding a format is one entry here; the commands' ``--format`` choices follow.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from enum import Enum, EnumMeta
from typing import TYPE_CHECKING, Any

Renderer = Callable[[Any, bool], Any]  # str, or bytes for a binary format (png)

if TYPE_CHECKING:

    class _ChoiceMeta(EnumMeta):
        def __getattr__(cls, name: str) -> Choice: ...

    class Choice(str, Enum, metaclass=_ChoiceMeta):
        """What mypy sees of an Enum :func:`choices` builds: a str Enum whose members are
        made at run time, so any member name (``Format.text``) is one of them. A command
        module names it for mypy and builds the real one otherwise::

            if TYPE_CHECKING:
                from ..render.formats import Choice as Format
            else:
                Format = choices("capacity")
        """

        _value_: str


def to_json(data: Any) -> str:
    """The JSON every command writes: indented, UTF-8 as is, one newline at the end;
    exactly ``json.dumps(data, indent=2, ensure_ascii=False)``. With an indent the standard
    library encodes in Python, a generator per nesting level: a 10,000-item critical path
    took 0.3 s of its 1.8 s. This writes the same text a container at a time, each string
    through the C encoder's escaping (a test compares the two on every kind of value)."""
    out: list[str] = []
    _encode(data, out, "\n")
    return "".join(out) + "\n"


_escape = json.encoder.encode_basestring  # the C function where the interpreter has it (CPython does)


def _scalar(value: Any) -> str | None:
    """A leaf's JSON, as json.dumps writes it; None for a list or mapping."""
    if isinstance(value, str):
        return _escape(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    if isinstance(value, (dict, list, tuple)):
        return None
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _escape(key)
    if isinstance(key, (int, float)) or key is None:  # what json.dumps accepts as keys: their JSON, as text
        return _escape(_scalar(key))  # type: ignore[arg-type]
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value: Any, out: list[str], newline: str) -> None:
    """``value`` onto ``out``; ``newline`` is a line break and the indentation of its level."""
    leaf = _scalar(value)
    if leaf is not None:
        out.append(leaf)
        return
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    inner = newline + "  "
    separator = "," + inner
    if isinstance(value, dict):
        out.append("{" + inner)
        first = True
        for key, item in value.items():
            if not first:
                out.append(separator)
            first = False
            leaf = _scalar(item)
            if leaf is not None:
                out.append(_key(key) + ": " + leaf)
            else:
                out.append(_key(key) + ": ")
                _encode(item, out, inner)
        out.append(newline + "}")
        return
    out.append("[" + inner)
    first = True
    for item in value:
        if not first:
            out.append(separator)
        first = False
        leaf = _scalar(item)
        if leaf is not None:
            out.append(leaf)
        else:
            _encode(item, out, inner)
    out.append(newline + "]")


def capture(draw: Callable[[Any], None], *, to_file: bool) -> str:
    """Render with rich into text: styled for a terminal, plain when piped, to a file or
    under NO_COLOR (rich reads NO_COLOR itself)."""
    import io

    from rich.console import Console

    if to_file or not sys.stdout.isatty():
        buffer = io.StringIO()
        draw(Console(file=buffer, width=100 if to_file else None, no_color=True, highlight=False, emoji=False, color_system=None))
        # Rich pads table titles to the full width; plain text has no trailing blanks.
        return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    console = Console(highlight=False, emoji=False)
    with console.capture() as captured:
        draw(console)
    return captured.get()


def _call(module: str, function: str) -> Callable[..., Any]:
    """``module`` of mlroadmap.render, or with ``..`` of mlroadmap itself (``..diff``)."""
    package = __package__.rpartition(".")[0] if module.startswith("..") else __package__
    return getattr(importlib.import_module(f"{package}.{module.removeprefix('..')}"), function)


def _json(result: Any, to_file: bool) -> str:
    return to_json(result.to_dict())


def _terminal(module: str, prepare: str | None = None) -> Renderer:
    """``mlroadmap.render.<module>.to_terminal`` drawn into text (after ``prepare``, a
    function of the result's module that turns it into what is drawn)."""

    def render(result: Any, to_file: bool) -> str:
        shown = _prepare(prepare, result)
        return capture(lambda console: _call(module, "to_terminal")(shown, console), to_file=to_file)

    return render


def _lines(module: str, plain: str, terminal: str) -> Renderer:
    """Text drawn line by line (``check``'s): in colour by ``module.terminal`` on a terminal,
    else ``module.plain``, the same text without rich (for a monorepo's 60,000 lines, 0.1 s
    instead of 1.9 s)."""

    def render(result: Any, to_file: bool) -> str:
        if to_file or not sys.stdout.isatty():
            return str(_call(module, plain)(result))
        return capture(lambda console: _call(module, terminal)(result, console), to_file=False)

    return render


def _function(module: str, function: str, prepare: str | None = None) -> Renderer:
    """A renderer that is a plain function of the result: ``module.function(result)``."""

    def render(result: Any, to_file: bool) -> str:
        return _call(module, function)(_prepare(prepare, result))

    return render


def _github_check(report: Any) -> str:
    """``check``'s annotations, then its score and count as plain lines of the log (an
    annotation is one problem); under a scenario (``--assume``) a notice first says what
    its dates assume, since each annotation is one problem and would not."""
    from ..projection import dates_words

    lines: str = _call("..diagnostics", "render_github")(report.problems)
    if getattr(report.dates, "assuming", ()):
        notice = f"dates {dates_words(report.dates)}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines = f"::notice title=mlroadmap scenario::{notice}\n" + lines
    text = _call("check", "to_text")(report).splitlines()
    return lines + f"{text[0]}\n{text[-1]}\n"


def _github_checks(checks: Any) -> str:
    """Several roadmaps' annotations, then each one's score and count and the total."""
    lines: str = _call("..diagnostics", "render_github")(checks.problems)
    return lines + _call("check", "checks_outline")(checks)


def _prepare(prepare: str | None, result: Any) -> Any:
    """``"..documents.diff:diff_document"``: the document a diff or a history is shown as."""
    if prepare is None:
        return result
    module, function = prepare.split(":")
    return _call(module, function)(result)


_ANALYSIS = {"critical-path": "critical_path", "capacity": "capacity", "forecast": "forecast", "scenarios": "scenarios"}

FORMATS: dict[str, dict[str, Renderer]] = {
    # Each kind: its formats, the first being the default.
    "problems": {  # validate's: a Validation
        "text": _function("validation", "to_text"),
        "json": lambda validation, to_file: _call("..diagnostics", "render_json")(validation.diagnostics, validation.files, validation.valid),
        "github": lambda validation, to_file: _call("..diagnostics", "render_github")(validation.diagnostics),
    },
    **{kind: {"text": _terminal(module), "json": _json, "markdown": _function(module, "to_markdown")}
       for kind, module in _ANALYSIS.items()},
    "document": {  # reports and track views
        "text": _terminal("document"),
        "markdown": _function("document", "to_markdown"),
        "html": _function("html", "to_html"),
        "json": _json,
    },
    "diff": {
        "text": _terminal("document", "..documents.diff:diff_document"),
        "json": _json,
        "markdown": _function("document", "to_markdown", "..documents.diff:diff_document"),
    },
    "history": {
        "text": _terminal("document", "..documents.history:history_document"),
        "json": _json,
        "markdown": _function("document", "to_markdown", "..documents.history:history_document"),
    },
    "graph": {
        "gantt": _function("graph_formats", "mermaid_gantt"),
        "mermaid": _function("graph_formats", "mermaid_flowchart"),
        "dot": _function("graph_formats", "dot"),
        "svg": _function("graph_formats", "svg"),
        "png": _function("graph_formats", "png"),
        "json": _function("graph_formats", "graph_json"),
    },
    "check": {
        "text": _lines("check", "to_text", "to_terminal"),  # coloured in a terminal, as `report` is; plain when piped
        "json": lambda report, to_file: to_json({"valid": True, **report.to_dict(), "passed": report.passed(report.strict)}),
        "github": lambda report, to_file: _github_check(report),
        "sarif": _function("sarif", "to_sarif"),
    },
    "checks": {  # check's on several roadmaps: a Checks
        "text": _lines("check", "checks_to_text", "checks_to_terminal"),
        "json": _json,
        "github": lambda checks, to_file: _github_checks(checks),
        "sarif": _function("sarif", "checks_to_sarif"),
    },
    "calendar": {
        "ics": _function("ical", "to_ics"),
        "json": _json,
    },
    "pull": {  # metrics pull's: a Pull
        "text": _function("pull", "to_text"),
        "json": _json,
    },
    "rules": {  # a list of rules: `mlroadmap rules`
        "text": _function("check", "rule_table"),
        "json": lambda rules, to_file: to_json([rule.to_dict() for rule in rules]),
        "markdown": _function("check", "rules_markdown"),
    },
}


def render(kind: str, name: str, result: Any, *, to_file: bool = False) -> str | bytes:
    """``result`` (a result of ``kind``) in format ``name``: text, or bytes for png."""
    return FORMATS[kind][name](result, to_file)


def choices(kind: str, *names: str) -> type[Choice]:
    """The formats of ``kind`` (or ``names`` of them, in that order) as the Enum typer
    offers as ``--format`` choices and completes."""
    chosen = names or tuple(FORMATS[kind])
    assert all(name in FORMATS[kind] for name in chosen), (kind, chosen)
    return Enum(f"{kind.title().replace('-', '')}Format", {name: name for name in chosen}, type=str)  # type: ignore[return-value]  # a Choice to mypy
