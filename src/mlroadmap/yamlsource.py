"""YAML text -> plain Python data, remembering where every key and value was written.

Why not ``yaml.safe_load``: it forgets positions, silently keeps the last of two
duplicate keys, turns ``no`` into ``False`` and ``0755`` into 493, and lets an alias
bomb expand. This builds the data straight from libyaml's event stream instead (fast,
and no node tree held in memory) with these rules:

* every scalar stays the text the author wrote (plain ``~``/``null``/empty become None);
  the schema then reads ``0.85`` as a number where it wants a number and ``no`` as the
  string "no" where it wants a string, so nothing turns silently into something else;
* duplicate keys are errors that name both lines;
* tags other than YAML's standard ones (``!!python/...``, ``!custom``) are errors;
* anchors and aliases work (shared, not copied) within an expansion budget, and ``<<``
  merge keys work;
* nesting is bounded, so nothing downstream can recurse without end.
"""

from __future__ import annotations

import gc
import re
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

if TYPE_CHECKING:
    from .diagnostics import Severity

MAX_DEPTH = 100
# Nodes that aliases may add to a document. Hand-written anchors share a few small
# blocks; a "billion laughs" bomb needs millions. Checked while parsing, so a bomb is
# refused before anything (pydantic, an error message, a JSON dump) walks it.
MAX_ALIAS_EXPANSION = 100_000
# What one file may hold to be read within 1 GiB: a mapping or list counts as
# COLLECTION_WEIGHT values (each becomes a model, about 2.6 KB at worst), a key or other
# value as one (about 120 bytes). At most about 210,000 of the smallest items, or 50,000 of
# the benchmarks' (5.2 million); a file of one-letter values under the byte cap would hold
# 30 million.
MAX_WEIGHT = 5_500_000
COLLECTION_WEIGHT = 20
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Values this short are kept once per file however often they are written: dates, statuses,
# durations and the ids that dependencies repeat are most of a roadmap's values (at 10,000
# items, 145,000 of 155,000, with 11,000 different ones). Longer text is seldom repeated.
SHARED_LENGTH = 32
_CORE = "tag:yaml.org,2002:"
# The standard tags that say what the node already is (`!!str 12` is the usual way to keep
# a number as text). Any other tag, standard or not, is refused: it either asks for
# construction (`!!python/object`) or claims a type the schema decides anyway.
SCALAR_TAGS = frozenset({_CORE + "str", "!"})
MAPPING_TAGS = frozenset({_CORE + "map", "!"})
SEQUENCE_TAGS = frozenset({_CORE + "seq", "!"})
# libyaml reads these as line breaks; editors do not, so every later line number would be off.
LINE_BREAK_LOOKALIKES = {"\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR", "\x85": "U+0085 NEXT LINE"}



class YamlProblem(Exception):
    """A YAML-level problem; line and column are 0-based."""

    def __init__(self, message: str, line: int = 0, column: int = 0, code: str = "yaml-syntax", severity: Severity = "error"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code
        self.severity = severity


@dataclass
class SourceDocument:
    """The data of one YAML document and where each of its parts was written."""

    data: Any
    # Where the parts of each container were written, 0-based, in one flat array of numbers:
    # the container ``containers[n]`` (its id) has its run of ``cells`` from ``starts[n]``.
    # A mapping's run has four numbers per key in the mapping's key order (key line, key
    # column, value line, value column), a list's two per element (line, column). A tuple
    # per key, as before, cost more than the data itself: about 3 KB an item at 10,000
    # items, now 0.3 KB. The dict from id to run is built on the first lookup: a valid
    # roadmap that `validate` reads never needs one.
    cells: array[int]
    containers: array[int]
    starts: array[int]
    # (id(container), key or index) of values written as an alias: a problem inside one is
    # reported at the alias, not inside the anchored block it shares.
    alias_sites: set[tuple[int, Any]] = field(default_factory=set)
    # Problems that did not stop parsing (a duplicate key keeps its first value).
    problems: list[YamlProblem] = field(default_factory=list)
    # What was read but is not in ``data`` (a duplicate key's value, what ``<<`` merged from),
    # kept alive while the document is: positions and alias sites are keyed by id(), and
    # a container freed early would hand its id to a later one.
    kept: list[Any] = field(default_factory=list, repr=False)
    _runs: dict[int, int] | None = field(default=None, repr=False)

    def locate(self, path: tuple, *, at_key: bool = False) -> tuple[int, int]:
        """0-based (line, column) of the value at ``path``, or of the deepest part of the
        path that exists (so a missing key points at its parent mapping). With
        ``at_key``, a mapping entry is located by its key rather than its value."""
        node = self.data
        where = (0, 0)
        for index, step in enumerate(path):
            entry = self.entry(node, step)
            if entry is None:
                break
            if len(entry) == 4:
                if index == len(path) - 1 and at_key:
                    return entry[0], entry[1]
                where = (entry[2], entry[3])
            else:
                where = (entry[0], entry[1])
            if (id(node), step) in self.alias_sites:
                break
            node = node[step]
        return where

    def entry(self, node: Any, step: Any) -> tuple[int, ...] | None:
        """Where ``node[step]`` was written: (key line, key column, value line, value
        column) in a mapping, (line, column) in a list; None for anything else."""
        if self._runs is None:
            self._runs = dict(zip(self.containers, self.starts))
        run = self._runs.get(id(node))
        if run is None:
            return None
        cells = self.cells
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            at = run + 4 * _place(node, step)
            return cells[at], cells[at + 1], cells[at + 2], cells[at + 3]
        if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            at = run + 2 * step
            return cells[at], cells[at + 1]
        return None


class _Frame:
    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "merges", "positions", "size", "start")

    def __init__(self, container: Any, is_map: bool, start: tuple[int, int], anchor: str | None):
        self.container = container
        self.is_map = is_map
        self.start = start
        self.positions = array("i")
        self.key: str | None = None
        self.key_pos: tuple[int, int] = (0, 0)
        self.anchor = anchor
        self.size = 1  # nodes in this subtree, aliases counted at their expanded size
        self.merges: list[tuple[Any, tuple[int, int], int]] | None = None  # (value, where, key line)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector. Building hundreds of thousands of small
    containers (here, then in pydantic) triggers it over and over for nothing, since none
    of them form cycles: loading 50,000 items is about 3x slower with it running."""
    collect = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.enable()


def parse_document(text: str) -> SourceDocument:
    """Parse one YAML document; raises :class:`YamlProblem` on anything unsafe or malformed."""
    for character, name in LINE_BREAK_LOOKALIKES.items():
        offset = text.find(character)
        if offset >= 0:
            line, column = _line_column(text, offset)
            raise YamlProblem(f"{name} character: YAML reads it as a line break, editors do not; replace it with a space or a newline", line, column, code="encoding")
    try:
        with paused_gc():
            return _build(text)
    except yaml.reader.ReaderError as error:
        line, column = _line_column(text, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise YamlProblem(f"control character U+{ord(character):04X} is not allowed in YAML", line, column, code="encoding") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "end of stream" in (error.problem or ""):
            # An unclosed quote or bracket: the useful place is where it was opened.
            mark = error.context_mark
        problem_line = mark.line if mark is not None else 0
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({error.context} at line {error.context_mark.line + 1})"
        hint = _SYNTAX_HINTS.get(error.problem or "")
        if hint:
            message += f"; {hint}"
        opened = _open_quote(text, problem_line)
        # Only when the parser stopped where that quote closed (or on the next line): a
        # quoted value closed by its own quote, lines before an unrelated mistake, is fine.
        if opened is not None and mark is not None and opened.line < mark.line and opened.end <= problem_line <= opened.end + 1:
            message = (f"YAML syntax error: a quote opened here runs on to line {opened.end + 1}, reading the lines between "
                       f"as its text; close it on this line (the parser stopped at line {problem_line + 1}: {error.problem or error.context})")
            mark = opened
        elif (error.context_mark is not None and mark is not None and error.context_mark.line < mark.line
              and (error.problem or "").startswith("did not find expected ','")
              and _indentation(text, mark.line) <= _indentation(text, error.context_mark.line)):
            # A list or mapping in brackets left open: the parser notices lines later, at
            # a line back at the block's indentation; the author needs the line where it was
            # opened. (A comma missing in a list closed later is found where it is.)
            mark = error.context_mark
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            message = "YAML syntax error: a tab character; YAML indentation and separation use spaces, not tabs"
        raise YamlProblem(message, mark.line if mark else 0, mark.column if mark else 0) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML error: {error}") from None


# "Fix bug #12": one space, then '#' and a word. YAML ends the value at the space and
# drops the rest as a comment, so the title silently loses its end. A real trailing
# comment is usually written "value  # why" and is left alone.
_CUT_BY_COMMENT = re.compile(r"\S #[^\s#]")


def _comment_cuts(text: str) -> set[int]:
    """Lines (0-based) where a plain value may have been cut short by ' #'."""
    lines: set[int] = set()
    if "#" not in text:
        return lines
    line, counted_to = 0, 0
    for match in _CUT_BY_COMMENT.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        lines.add(line)
    return lines


def _build(text: str) -> SourceDocument:
    cells = array("i")
    containers = array("Q")
    starts = array("i")
    suspicious_lines = _comment_cuts(text)
    alias_sites: set[tuple[int, Any]] = set()
    problems: list[YamlProblem] = []
    kept: list[Any] = []
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    expansion = 0

    def attach(value: Any, line: int, column: int, size: int, aliased: bool = False) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        frame.size += size
        container = frame.container
        if not frame.is_map:
            if aliased:
                alias_sites.add((id(container), len(container)))
            container.append(value)
            frame.positions.extend((line, column))
            return
        key, (key_line, key_col) = frame.key, frame.key_pos
        assert key is not None  # a value in a mapping comes after its key (a key is never a list or mapping)
        frame.key = None
        if key == "<<":
            kept.append(value)
            if frame.merges:
                problems.append(_duplicate("<<", frame.merges[0][2] + 1, key_line, key_col))
                return
            frame.merges = [(value, (line, column), key_line)]
            return
        if key in container:
            # Keep the first value and go on, so one slip does not hide every other problem.
            problems.append(_duplicate(key, frame.positions[4 * _place(container, key)] + 1, key_line, key_col))
            kept.append(value)
            return
        if aliased:
            alias_sites.add((id(container), key))
        container[key] = value
        frame.positions.extend((key_line, key_col, line, column))

    # A 10,000-item file is about 350,000 events: the loop dispatches on the event's exact
    # class, keeps the innermost frame in `top`, and stores a plain value in a list or
    # under a new key without a call; anything unusual goes through attach().
    parser = _Loader(text)
    get_event = parser.get_event
    intern = sys.intern
    shared: dict[str, str] = {}
    top: _Frame | None = None
    weight = 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                tag = event.tag
                mark = event.start_mark
                weight += 1
                if weight > MAX_WEIGHT:
                    raise _too_many(mark)
                if tag is not None and tag not in SCALAR_TAGS:
                    raise _unsupported_tag(tag, mark)
                if top is not None and top.is_map and top.key is None:
                    # This scalar is a key: keys are always the text as written. Interned:
                    # every entry repeats the same few dozen keys, each a new string from
                    # libyaml (about 50 bytes a key, a third of the data).
                    top.key = intern(event.value)
                    top.key_pos = (mark.line, mark.column)
                    if event.anchor:
                        anchors[event.anchor] = (event.value, 1)
                    continue
                value: Any = event.value
                if tag is None and value in NULLS and not event.style:
                    value = None
                elif len(value) <= SHARED_LENGTH:
                    value = shared.setdefault(value, value)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if suspicious_lines and not event.style and event.end_mark.line in suspicious_lines:
                    end = event.end_mark
                    if text.startswith(" #", end.index) and end.index + 2 < len(text) and not text[end.index + 2].isspace():
                        line_end = text.find("\n", end.index)
                        rest = text[end.index : line_end if line_end >= 0 else len(text)].strip()
                        problems.append(
                            YamlProblem(
                                f"the value ends at {value!r}: {rest!r} after it is a YAML comment; "
                                f"quote the whole value if it belongs to it",
                                end.line,
                                end.column + 1,
                                code="comment-in-value",
                                severity="warning",
                            )
                        )
                if top is not None:
                    if not top.is_map:
                        top.size += 1
                        top.container.append(value)
                        top.positions.extend((mark.line, mark.column))
                        continue
                    key = top.key
                    if key != "<<" and key not in top.container:
                        top.size += 1
                        top.key = None
                        top.container[key] = value
                        top.positions.extend((*top.key_pos, mark.line, mark.column))
                        continue
                attach(value, mark.line, mark.column, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                tag = event.tag
                mark = event.start_mark
                weight += COLLECTION_WEIGHT
                if weight > MAX_WEIGHT:
                    raise _too_many(mark)
                is_map = kind is MappingStartEvent
                if tag is not None and tag not in (MAPPING_TAGS if is_map else SEQUENCE_TAGS):
                    raise _unsupported_tag(tag, mark)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", mark.line, mark.column, code="too-deep")
                if top is not None and top.is_map and top.key is None:
                    raise YamlProblem("a mapping key must be a plain value, not a list or mapping", mark.line, mark.column)
                top = _Frame({} if is_map else [], is_map, (mark.line, mark.column), event.anchor)
                stack.append(top)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                top = stack[-1] if stack else None
                start_line, start_col = frame.start
                if frame.merges:
                    _apply_merges(frame)
                containers.append(id(frame.container))
                starts.append(len(cells))
                cells.extend(frame.positions)
                if frame.anchor:
                    anchors[frame.anchor] = (frame.container, frame.size)
                attach(frame.container, start_line, start_col, frame.size)
            elif kind is AliasEvent:
                mark = event.start_mark
                if event.anchor not in anchors:
                    raise YamlProblem(f"alias *{event.anchor} refers to no anchor defined before it", mark.line, mark.column)
                value, size = anchors[event.anchor]
                expansion += size
                if expansion > MAX_ALIAS_EXPANSION:
                    raise YamlProblem(
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes (an alias bomb?); "
                        "use anchors only for small shared blocks",
                        mark.line,
                        mark.column,
                        code="alias-bomb",
                    )
                if top is not None and top.is_map and top.key is None:
                    if not isinstance(value, str):
                        raise YamlProblem("a mapping key must be a plain value, not a list or mapping", mark.line, mark.column)
                    top.key = value
                    top.key_pos = (mark.line, mark.column)
                    continue
                attach(value, mark.line, mark.column, size, aliased=True)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlProblem(
                        "a second YAML document ('---') in one file: a roadmap file holds one document; "
                        "split it into several files in a directory instead",
                        mark.line,
                        mark.column,
                        code="multiple-documents",
                    )
            elif event is None or kind is StreamEndEvent:
                break
    finally:
        parser.dispose()
    return SourceDocument(root, cells, containers, starts, alias_sites, problems, kept)


def _place(mapping: dict, key: str) -> int:
    """Where ``key`` is in the mapping's order, as its positions are: a scan, since mappings
    are small (an entry's keys) and this runs once per message, not per value."""
    return next(index for index, written in enumerate(mapping) if written == key)


def _too_many(mark: Any) -> YamlProblem:
    return YamlProblem("more YAML in one file than is read within 1 GiB of memory (about 200,000 small items; "
                       f"{MAX_WEIGHT:,} values, a list or mapping counting as {COLLECTION_WEIGHT}); split the roadmap into several files",
                       mark.line, mark.column, code="too-large")


def _duplicate(key: str, first_line: int, line: int, column: int) -> YamlProblem:
    return YamlProblem(
        f"duplicate key {key!r}: first written at line {first_line}, again at line {line + 1}; "
        "YAML would silently keep only the last one",
        line,
        column,
        code="duplicate-key",
    )


def _unsupported_tag(tag: str, mark: Any) -> YamlProblem:
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return YamlProblem(f"unsupported YAML tag {shown!r}: a roadmap holds plain data only", mark.line, mark.column, code="yaml-tag")


# libyaml's words for the mistakes people make most, and what to do about each.
_SYNTAX_HINTS = {
    "mapping values are not allowed in this context": (
        "a value that contains ': ' must be quoted (title: \"Phase 2: rollout\"), "
        "or this line is indented further than the keys around it"
    ),
    "did not find expected '-' indicator": "this line is not indented like the list entries above it",
    "did not find expected key": "this line is not indented like the keys of its mapping",
    "could not find expected ':'": "a key without ':' after it, or a quote left open on an earlier line",
    "found unexpected end of stream": "a quote or bracket opened here is never closed",
    "did not find expected ',' or ']'": "a '[' list not closed with ']', or a comma missing",
    "did not find expected ',' or '}'": "a '{' mapping not closed with '}', a comma missing, or a value with ': ' that needs quotes",
}


@dataclass
class _Opened:
    line: int
    column: int
    end: int  # the line where it closes


# A line inside a quoted value that reads like YAML structure: a key, or a list entry.
_STRUCTURE = re.compile(r"^[ \t]*(?:- |[A-Za-z_][\w-]*:(?:[ \t]|$))")


def _indentation(text: str, line: int) -> int:
    """The spaces before line ``line`` (0-based)'s first character."""
    row = _line(text, line)
    return len(row) - len(row.lstrip(" "))


def _open_quote(text: str, until: int) -> _Opened | None:
    """The last quoted value before line ``until`` that runs over several lines taking in
    lines that read like keys or list entries: a quote left open, closed only by the next
    quote in the file, lines later, where the parser then stops. None when there is none."""
    found: _Opened | None = None
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start, end = token.start_mark, token.end_mark
            if start.line > until:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') and end.line > start.line
                    and any(_STRUCTURE.match(line) for line in lines[start.line + 1:end.line + 1])):
                found = _Opened(start.line, start.column, end.line)
    except yaml.YAMLError:
        pass  # the error being explained: every token before it has been seen
    return found


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def _line(text: str, line: int) -> str:
    """Line ``line`` (0-based) of ``text``; "" past its end."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _char_at(text: str, line: int, column: int) -> str:
    return _line(text, line)[column:column + 1]


def _apply_merges(frame: _Frame) -> None:
    """YAML merge keys: ``<<: *defaults`` (or a list of them) fills in keys not written here."""
    container: dict = frame.container
    assert frame.merges is not None  # the caller checks
    for value, (value_line, value_col), _key_line in frame.merges:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise YamlProblem("'<<' merges mappings only: give it an alias of a mapping, or a list of them", value_line, value_col)
            for key, item in source.items():
                if key not in container:
                    container[key] = item
                    frame.positions.extend((value_line, value_col, value_line, value_col))
