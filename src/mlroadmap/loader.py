"""Loading a roadmap: paths -> files -> YAML data with positions -> validated model.

A roadmap is one YAML file or a directory of them. Each file is validated on its own
(so an error's path maps straight back to a line in that file), then the files are
merged: sections are concatenated, and exactly one file carries the ``roadmap:`` header.
Cross-reference checks run on the merged roadmap (see :mod:`mlroadmap.references`).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Location
from .model import SECTIONS, SINGULAR, Info, Lagged, Prerequisite, Roadmap, RoadmapFile
from .suggest import Suggester
from .worktree import repository_top
from .yamlsource import SourceDocument, YamlProblem, parse_document, paused_gc

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 64 * 1024 * 1024
STDIN = "-"


class UsageError(Exception):
    """A path that cannot be read at all (exit code 2, not 1)."""


@dataclass
class SourceFile:
    """One file of a roadmap, as loaded."""

    name: str  # as shown in messages: the path as the user gave it
    document: SourceDocument | None = None
    content: RoadmapFile | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # It has a `roadmap:` key (even one that failed validation, or, for a file that did
    # not parse, a line that starts so).
    has_header: bool = False
    # ids written in entries that failed validation.
    unverified_ids: set[str] = field(default_factory=set)
    # id(entity) -> keys left out of an entry that was kept without its faulty keys.
    dropped: dict[int, set[str]] = field(default_factory=dict)

    def location(self, path: tuple = (), *, at_key: bool = False) -> Location:
        if self.document is None:
            return Location(self.name)
        line, column = self.document.locate(path, at_key=at_key)
        return Location(self.name, line + 1, column + 1)


@dataclass
class LoadResult:
    """One roadmap as loaded: its files, their problems, and the merged roadmap."""

    roadmap: Roadmap | None
    files: list[SourceFile]
    diagnostics: list[Diagnostic]
    # ids written in entries that failed validation: references to them are not reported
    # as unknown, so one broken entry gives its own errors and no cascade.
    unverified_ids: set[str] = field(default_factory=set)


def discover(paths: list[str]) -> list[str]:
    """The YAML files named by ``paths`` (files as given; directories searched recursively,
    hidden entries skipped), each once, in a stable order. Raises :class:`UsageError`."""
    found: list[str] = []
    seen: set[str] = set()

    def add(name: str, real: str) -> None:
        if real not in seen:
            seen.add(real)
            found.append(name)

    for raw in paths:
        if raw == STDIN:
            add(STDIN, STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _walk(raw)
            if not files:
                raise UsageError(f"{raw}: no YAML files (*.yaml, *.yml) in this directory")
            for name in files:
                add(name, os.path.realpath(name))
        elif path.exists():
            add(raw, os.path.realpath(raw))
        elif path.is_symlink():
            raise UsageError(f"{raw}: broken or looping symbolic link")
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def _walk(directory: str) -> list[str]:
    """The YAML files under ``directory``, sorted. A directory that cannot be listed is an
    error, not a part of the roadmap left out in silence. So is a special file (a named pipe
    would be read for ever), and, in a git repository, a link to a file outside it or to a
    hidden one (``.env``, ``.git/config``): a roadmap's directory is checked in CI on pull
    requests, and the target's keys would be echoed in the error messages. Links inside
    the repository (a file shared by two teams' roadmaps) are followed; outside any
    repository (an unpacked archive) links are followed, as there is no pull request to
    guard. A file named on the command line is read wherever it is: the user chose it."""

    def refuse(error: OSError) -> None:
        raise UsageError(f"{error.filename or directory}: cannot read directory: {error.strerror or error}")

    top = repository_top(os.path.realpath(directory))
    files: list[str] = []
    for dirpath, dirnames, filenames in os.walk(directory, onerror=refuse, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in filenames:
            if not filename.endswith(YAML_SUFFIXES) or filename.startswith("."):
                continue
            name = os.path.join(dirpath, filename)
            try:
                mode = os.stat(name).st_mode
            except OSError:
                files.append(name)  # a broken link: read_text says so
                continue
            if top is not None and os.path.islink(name):
                _inside(name, top, directory)
            if not stat.S_ISREG(mode):
                raise UsageError(f"{name}: not a regular file (a named pipe, socket or device); "
                                 "remove it, or name the roadmap's files on the command line")
            files.append(name)
    return sorted(files)


def _inside(link: str, top: str, directory: str) -> None:
    """Refuse ``link`` when it leads out of the repository at ``top``, or to a hidden file in it."""
    real = os.path.realpath(link)
    anyway = f"to read it anyway, name the roadmap's files instead of {directory}"
    if os.path.commonpath([top, real]) != top:
        raise UsageError(f"{link}: a symbolic link to {real}, outside the repository at {top}; {anyway}")
    if any(part.startswith(".") for part in os.path.relpath(real, top).split(os.sep)):
        raise UsageError(f"{link}: a symbolic link to the hidden file {real}; {anyway}")


def read_text(name: str) -> str:
    """The file's text; raises :class:`UsageError` when it cannot be read, YamlProblem when it
    is not UTF-8 text."""
    try:
        if name == STDIN:
            if sys.stdin is None:  # started with standard input closed (`<&-`)
                raise UsageError("-: cannot read standard input: it is closed")
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        if os.path.islink(name) and not os.path.exists(name):
            raise UsageError(f"{name}: cannot read: broken or looping symbolic link") from None
        raise UsageError(f"{name}: cannot read: {error.strerror or error}") from None
    return decode_text(data)


def decode_text(data: bytes) -> str:
    """The text of a file's bytes (from disk or from git); raises YamlProblem when it is too
    large or not UTF-8 text."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split the roadmap into several files", code="too-large")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n")
        # Columns count characters, as editors do, not bytes.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace"))
        raise YamlProblem(f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded", line, column, code="encoding") from None


def load_paths(paths: list[str]) -> list[LoadResult]:
    """Load the roadmaps at ``paths``: one result per roadmap found. Never raises for bad
    content (every problem becomes a diagnostic); raises :class:`UsageError` for paths
    that cannot be used.

    Usually all files form one roadmap. When several files carry a ``roadmap:`` header
    (``mlroadmap validate examples/`` with two example roadmaps), each header starts a
    roadmap, and a file without one joins the header in its own directory or, failing
    that, in the nearest directory above it.
    """
    names = discover(paths)
    with paused_gc():
        return load_sources([load_file(name) for name in names])


def load_sources(files: list[SourceFile]) -> list[LoadResult]:
    """Group loaded files into roadmaps and merge each (files may come from disk or git)."""
    with paused_gc():
        return [merged(group) for group in grouped(files)]


# For a file that does not parse: does it look like it has the header, and which ids
# does it seem to define? Then its neighbours' references to those ids are not reported
# as unknown (one error for a broken file, not a cascade), while other typos still are.
_HEADER_RE = re.compile(r"^roadmap[ \t]*:", re.MULTILINE)
_ID_RE = re.compile(r"""(?:^|[\s{,])id[ \t]*:[ \t]*["']?([A-Za-z0-9][A-Za-z0-9_-]*)""", re.MULTILINE)
# Top-level keys for the author's own use, e.g. anchors shared by several entries
# (`x-defaults: &defaults {...}`), as in docker-compose files.
EXTENSION_PREFIX = "x-"


def load_file(name: str, text: str | bytes | None = None) -> SourceFile:
    """Read (unless ``text`` is given: a file's text, or its bytes from git), parse and
    schema-validate one file; problems are kept on the result."""
    source = SourceFile(name)
    try:
        if text is None:
            text = read_text(name)
        elif isinstance(text, bytes):
            text = decode_text(text)
        source.document = parse_document(text)
    except YamlProblem as problem:
        source.diagnostics.append(Diagnostic(Location(name, problem.line + 1, problem.column + 1), problem.message, problem.code))
        if isinstance(text, str):
            source.has_header = bool(_HEADER_RE.search(text))
            source.unverified_ids.update(_ID_RE.findall(text))
        return source
    for found in source.document.problems:
        source.diagnostics.append(Diagnostic(Location(name, found.line + 1, found.column + 1), found.message, found.code, found.severity))
    data = source.document.data
    if data is None:
        source.diagnostics.append(
            Diagnostic(Location(name, 1, 1), "empty file: a roadmap file is a mapping of sections (roadmap:, items:, ...)", "empty")
        )
        return source
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        source.diagnostics.append(
            Diagnostic(source.location(), f"a roadmap file is a mapping of sections (roadmap:, items:, ...), not {kind}", "not-a-mapping")
        )
        return source
    source.has_header = "roadmap" in data
    if source.has_header and data["roadmap"] is None:
        source.diagnostics.append(
            Diagnostic(source.location(("roadmap",)), "roadmap: empty header; expected a mapping with name and period", "schema")
        )
    if any(key.startswith(EXTENSION_PREFIX) for key in data):
        data = {key: value for key, value in data.items() if not key.startswith(EXTENSION_PREFIX)}
    try:
        source.content = RoadmapFile.model_validate(data)
    except ValidationError as error:
        source.diagnostics.extend(schema_diagnostics(error, source, text if isinstance(text, str) else None))
        source.content = _salvage(data, error, source.dropped)
        kept = {entity.id for name in SECTIONS for entity in getattr(source.content, name) if entity is not None}
        source.unverified_ids.update(ident for ident in _raw_ids(data) if ident not in kept)
    return source


def grouped(files: list[SourceFile]) -> list[list[SourceFile]]:
    """Split files into roadmaps by their headers (see :func:`load_paths`)."""
    headers = [source for source in files if source.has_header]
    if len(headers) <= 1:
        return [files] if files else []
    by_directory: dict[str, list[SourceFile]] = {}
    for source in headers:
        by_directory.setdefault(os.path.dirname(os.path.abspath(source.name)), []).append(source)
    groups: dict[int, list[SourceFile]] = {id(source): [source] for source in headers}
    for source in files:
        if source.has_header:
            continue
        directory = os.path.dirname(os.path.abspath(source.name))
        while directory not in by_directory and os.path.dirname(directory) != directory:
            directory = os.path.dirname(directory)
        owners = by_directory.get(directory, [])
        if len(owners) == 1:
            groups[id(owners[0])].append(source)
            continue
        if owners:
            names = " and ".join(owner.name for owner in owners[:2])
            message = f"this file belongs to no single roadmap: {names} both have a 'roadmap:' header in its directory"
        else:
            message = "this file belongs to no roadmap: no file in its directory or above it has a 'roadmap:' header"
        source.diagnostics.append(Diagnostic(Location(source.name, 1, 1), message, "no-roadmap"))
        groups[id(source)] = [source]
    # Each roadmap's files in the order found, as when it is loaded alone: its entries, and so
    # every list of them, come in the same order either way.
    order = {id(source): index for index, source in enumerate(files)}
    return [sorted(group, key=lambda source: order[id(source)]) for group in groups.values()]


def merged(files: list[SourceFile]) -> LoadResult:
    """One roadmap's files (a group of :func:`grouped`) merged into one roadmap."""
    diagnostics = [d for source in files for d in source.diagnostics]
    result = LoadResult(None, files, diagnostics)
    for source in files:
        result.unverified_ids |= source.unverified_ids
    # A file that failed as a whole, or a header that failed validation, has its own
    # error already; "no header" on top of it would only repeat it.
    header_unknown = any(source.content is None or (source.has_header and source.content.roadmap is None) for source in files)
    result.roadmap = _merge(files, diagnostics, report_missing_header=not header_unknown and not any(d.code == "no-roadmap" for d in diagnostics))
    return result


def _raw_ids(data: dict) -> Iterator[str]:
    for section in SECTIONS:
        entries = data.get(section)
        if isinstance(entries, list):
            for entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    yield entry["id"]


def _salvage(data: dict, error: ValidationError, dropped: dict[int, set[str]]) -> RoadmapFile:
    """The parts of a file that are valid, so the cross-reference checks still run on them
    and one run reports every problem. An entry with errors is kept without its faulty keys
    when the rest of it is valid (its references and dates are still checked); an entry
    missing a required key is dropped. Only runs on the error path."""
    faulty: dict[tuple, set[str]] = {}
    for item in error.errors(include_url=False, include_input=False, include_context=False):
        loc = item["loc"]
        if len(loc) >= 3 and isinstance(loc[1], int) and isinstance(loc[2], str):
            faulty.setdefault(loc[:2], set()).add(loc[2])
        elif len(loc) >= 2 and loc[0] == "roadmap" and isinstance(loc[1], str):
            faulty.setdefault(("roadmap",), set()).add(loc[1])
    content = RoadmapFile.model_construct()
    content.roadmap = _valid_or_none(Info, data.get("roadmap"), faulty.get(("roadmap",), set()), dropped)
    for name, entity_class in SECTIONS.items():
        entries = data.get(name)
        kept: list[Any] = []
        if isinstance(entries, list):
            # None keeps indexes aligned with the file, for locations.
            kept = [_valid_or_none(entity_class, entry, faulty.get((name, index), set()), dropped) for index, entry in enumerate(entries)]
        setattr(content, name, kept)
    return content


def _valid_or_none(model: type[BaseModel], entry: Any, faulty_keys: set[str], dropped: dict[int, set[str]]) -> Any:
    if not isinstance(entry, dict):
        return None
    if faulty_keys:
        entry = {key: value for key, value in entry.items() if key not in faulty_keys}
    try:
        valid = model.model_validate(entry)
    except ValidationError:
        return None
    if faulty_keys:
        dropped[id(valid)] = faulty_keys
    return valid


def _merge(files: list[SourceFile], diagnostics: list[Diagnostic], *, report_missing_header: bool) -> Roadmap:
    headers = [source for source in files if source.content is not None and source.content.roadmap is not None]
    if not headers and report_missing_header and files:
        diagnostics.append(
            Diagnostic(
                Location(files[0].name, 1, 1),
                "no 'roadmap:' header (name, period, ...): exactly one file of a roadmap has it; "
                "to check one file of a directory roadmap, validate the directory",
                "missing-header",
            )
        )
    first = headers[0] if headers else None  # grouped() gives each header its own roadmap
    sections: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    origins: dict[int, tuple[SourceFile, tuple]] = {}
    dropped: dict[int, set[str]] = {}
    for source in files:
        content = source.content
        if content is None:
            continue
        dropped.update(source.dropped)
        for name in SECTIONS:
            entities = getattr(content, name)
            if not entities:
                continue
            target = sections[name]
            for index, entity in enumerate(entities):
                if entity is not None:
                    target.append(entity)
                    origins[id(entity)] = (source, (name, index))
    info = first.content.roadmap if first is not None else None  # type: ignore[union-attr]
    if info is not None:
        origins[id(info)] = (first, ("roadmap",))  # type: ignore[assignment]
    return Roadmap(info, files, sections, origins, dropped)


# --- schema errors -> diagnostics ----------------------------------------------------------

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing (empty)"}
_EXPECTED = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
}


def schema_diagnostics(error: ValidationError, source: SourceFile, text: str | None = None) -> list[Diagnostic]:
    out = []
    lines: list[str] | None = None
    # include_input: inputs are the author's own (bounded) data; never printed whole.
    for item in error.errors(include_url=False):
        loc = _place(item["loc"])
        kind = item["type"]
        at_key = kind == "extra_forbidden"
        if loc and loc[-1] == "[key]":
            loc, at_key = loc[:-1], True
        message = _message(item, loc, kind, source.document.data if source.document else None, tagged=item["loc"])
        location = source.location(loc, at_key=at_key)
        if kind == "extra_forbidden" and item.get("input") is None and text is not None and location.line:
            lines = lines if lines is not None else text.split("\n")
            hint = _comma_hint(lines[location.line - 1], location.column - 1, _field_name(loc))
            message = f"unknown key {_field_name(loc)!r}{hint}" if hint else message  # not "did you mean": it is no key
        out.append(Diagnostic(location, message, _CODES.get(kind, "schema")))
    return out


# `key: value` before the stray words, on the same line: the value the comma cut short.
_KEY_BEFORE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]+(?=[^ \t])")
_NEXT_KEY = re.compile(r"[ \t]*,[ \t]*[A-Za-z_][\w-]*[ \t]*:[ \t]")


def _comma_hint(line: str, column: int, name: str) -> str:
    """When an unknown key is words with no ':' after them inside { } (`{title: Fraud,
    waste and abuse}`), the comma ended the value before them: say how to quote it."""
    after = line[column + len(name):].lstrip(" \t")
    if line[column:column + len(name)] != name or not after.startswith((",", "}")):
        return ""
    before = list(_KEY_BEFORE.finditer(line, 0, column))
    if not before or "{" not in line[:before[-1].start()]:
        return ""
    # The value runs on to the next key, or to the end of the mapping.
    following = _NEXT_KEY.search(line, column + len(name))
    end = following.start() if following else (line.find("}", column) if "}" in line[column:] else len(line))
    key, value = before[-1].group(1), line[before[-1].end():end].rstrip()
    return f"; inside {{ }} a comma ends a value: quote it, {key}: \"{value}\""


def assumption_message(item: ErrorDetails) -> str:
    """A schema error of one assumption given on the command line (``--assume``), in the
    words ``validate`` uses for the same assumption written in the roadmap."""
    tagged = ("scenarios", 0, "assume", 0, *item["loc"])
    # Which shape it is not is said of the assumption itself, not of a key named `assume`.
    return _message(item, _place(tagged), item["type"], tagged=tagged, within=False).removeprefix("assume: ")


def _place(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """An error's path in the YAML: without the tags (``<lagged>``) that name which form of
    a value pydantic checked, which are not keys the author wrote."""
    return tuple(step for step in loc if not (isinstance(step, str) and step.startswith("<") and step.endswith(">")))


_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-key",
}


def _field_name(loc: tuple) -> str:
    for step in reversed(loc):
        if isinstance(step, str) and step != "[key]":
            return step
    return "value"


_NUMBER_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _message(item: ErrorDetails, loc: tuple, kind: str, data: Any = None, *, tagged: tuple = (), within: bool = True) -> str:
    """The message of one schema error at ``loc`` (its place in the file); ``tagged``: the
    error's own path, with the tags that say which form of a value was checked (an
    assumption's ``<capacity>``); ``within``: say in which entry a missing key is."""
    name = _field_name(loc[:-1] if item["loc"][-1:] == ("[key]",) else loc)
    value = item.get("input")
    if kind == "missing":
        return f"missing required key {name!r}" + (_where(loc[:-1], data) if within else "")
    if kind == "extra_forbidden":
        known = _known_keys((tagged or loc)[:-1])
        close = Suggester().closest(name, known)
        hint = f" (did you mean {close!r}?)" if close else (f"; expected one of: {', '.join(known)}" if known and len(known) <= 12 else "")
        return f"unknown key {name!r}{hint}"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        options = [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]
        hint = Suggester().hint(value, options, cutoff=0.5) if isinstance(value, str) else ""
        if loc[:1] == ("freezes",) and value in ("decisions", "regulations"):
            hint = f": a freeze never holds {value}, whose date is the day they happen, not a change going live"
        return f"{name}: {_describe(value)} is not one of {', '.join(options)}{hint}"
    if kind == "value_error":
        error = str(item.get("ctx", {}).get("error", item["msg"]))
        if loc[-1] == "capacity" and "% sign" in error and isinstance(value, str):
            return f"{name}: {value!r} is not a number; write a share of a full-time day, e.g. {float(value.rstrip('% ')) / 100:g}"
        return f"{name}: {error}"
    if kind == "list_type" and isinstance(value, str) and "," in value:
        return f"{name}: expected a list, got {_describe(value)}; write [{value}]"
    if value is None and kind.endswith("_type"):
        hint = f" (write `{name}: []` for none)" if kind == "list_type" else ""
        return f"{name}: empty value; expected {_EXPECTED.get(kind, 'a value')}{hint}"
    if kind in _EXPECTED:
        return f"{name}: expected {_EXPECTED[kind]}, got {_describe(value)}"
    if kind == "float_parsing":
        return f"{name}: {_describe(value)} is not a number"
    if kind in ("int_parsing", "int_from_float"):
        return f"{name}: {_describe(value)} is not a whole number"
    if kind == "bool_parsing":
        return f"{name}: {_describe(value)} is not true or false"
    if kind == "too_short":
        least = item.get("ctx", {}).get("min_length", 1)
        return f"{name}: give at least {least} entr{'y' if least == 1 else 'ies'}, or leave the key out"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        shown = f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else _describe(value)
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            shown = value  # the author's number as written
        if loc[-1] == "capacity" and kind == "less_than_equal":
            return f"{name}: {shown} is more than full-time; a person's capacity is a share of a full-time day, from 0 to 1 (0.5 is half-time)"
        if loc[-1] == "capacity" and kind == "greater_than":
            unit = "full-time people (e.g. 2), or list its members" if len(loc) > 1 and loc[0] == "teams" else "a share of a full-time day above 0 (0.5 is half-time)"
            return f"{name}: {shown} is nobody; write {unit}"
        return f"{name}: {shown} {item['msg'].replace('Input should be ', 'should be ')}"
    return f"{name}: {item['msg']}"


def _where(loc: tuple, data: Any) -> str:
    """" in metrics[2] of model 'fraud-gbm'": where in which entity, by its id when it has one."""
    if len(loc) < 2 or loc[0] not in SECTIONS or not isinstance(loc[1], int):
        return f" in {loc[0]}" if loc else ""
    entry = None
    if isinstance(data, dict) and isinstance(data.get(loc[0]), list) and loc[1] < len(data[loc[0]]):
        entry = data[loc[0]][loc[1]]
    ident = entry.get("id") if isinstance(entry, dict) else None
    owner = f"{SINGULAR[loc[0]]} {ident!r}" if isinstance(ident, str) else f"{loc[0]}[{loc[1]}]"
    inner = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in loc[2:]).lstrip(".")
    return f" in {inner} of {owner}" if inner else f" in {owner}"


def _known_keys(loc: tuple) -> list[str]:
    """The keys the schema allows at ``loc`` (for "did you mean")."""
    from .model import ASSUMPTIONS

    model: Any = RoadmapFile
    for step in loc:
        if isinstance(step, int) or step == "[key]":
            continue
        if isinstance(step, str) and step.startswith("<") and step.endswith(">"):  # which form of a union was checked
            model = ASSUMPTIONS.get(step[1:-1], model)
            continue
        field_info = getattr(model, "model_fields", {}).get(step)
        if field_info is None:
            return []
        model = _model_in(field_info.annotation)
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None``, ``list[X]``, ``dict[K, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if annotation is Prerequisite:
        return Lagged
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
