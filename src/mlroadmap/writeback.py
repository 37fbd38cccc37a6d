"""Writing pulled values back into the roadmap's YAML files, changing nothing else.

Two kinds of edit, each done by the tool that keeps the rest of the file byte for byte:

* a value that is already written (``current: 0.87``, ``measured: 2026-10-01``) is replaced
  where it stands: only its characters change, so the comment after it, the spacing before
  that comment and the line's quotes stay as the author wrote them;
* a key that is new (``measured:`` the first time, ``current:`` when there was none) is
  added by ruamel.yaml, a round-trip YAML library made for this: it knows where a key goes
  in a block or a flow mapping and at which indentation. It is given the file's own
  indentation (the settings under which it reproduces the file unchanged), and its output
  is compared line by line with the input: if anything but the new keys would change, the
  file is left alone and the error says what to add by hand. (ruamel.yaml's dump alone
  re-spaces a comment after a value that grew, which the first kind of edit must not do.)

Every file's new text is computed before any is written, so a problem in one file writes
none; each file is then replaced atomically (:func:`mlroadmap.output.write_atomically`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Location

BOM = "\ufeff"
# The indentations ruamel.yaml is tried with: (mapping, sequence, dash offset).
_STYLES = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (2, 4, 0), (4, 6, 4), (3, 3, 0), (4, 2, 0)]
_NEW_LINE = re.compile(r"^\s*(current|measured|retrained): \S")


class WriteBackError(Exception):
    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.diagnostic = Diagnostic(location, message, code="write-back")


def number_text(value: float) -> str:
    """A value as it is written: the shortest text that reads back as the same number."""
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


@dataclass(frozen=True)
class Edit:
    """One key of one mapping to set: replaced where it is written, else added after ``after``
    (or at the mapping's end)."""

    file: str
    path: tuple[str | int, ...]  # the mapping, inside the file
    location: Location  # where a problem with it is reported
    key: str
    value: float | dt.date
    written: bool  # the key is in the file already
    after: str | None = None


def new_texts(edits: list[Edit]) -> dict[str, str]:
    """The new text of every file an edit is in (file -> text)."""
    by_file: dict[str, list[Edit]] = defaultdict(list)
    for edit in edits:
        by_file[edit.file].append(edit)
    return {name: _rewrite(name, changes) for name, changes in by_file.items()}


def _text(value: float | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else number_text(value)


def _rewrite(name: str, edits: list[Edit]) -> str:
    from .loader import decode_text
    from .yamlsource import YamlProblem, parse_document

    with open(name, "rb") as handle:
        raw = handle.read()
    text = decode_text(raw)
    bom = BOM if raw.startswith(BOM.encode()) else ""
    try:
        document = parse_document(text)
    except YamlProblem:  # changed since it was loaded
        raise WriteBackError(Location(name), "the file changed while the metrics were read; run metrics pull again") from None
    lines = text.splitlines(keepends=True)
    splices: list[tuple[int, int, int, str]] = []  # (line, column, length, new text), 0-based
    inserts: list[Edit] = []
    for edit in edits:
        mapping = _node(document.data, edit.path)
        if not isinstance(mapping, dict) or edit.written != (edit.key in mapping):
            raise WriteBackError(edit.location, "the file changed while the metrics were read; run metrics pull again")
        if edit.written:
            splices.append(_splice(document, lines, edit))
        else:
            inserts.append(edit)
    for line, column, length, new in sorted(splices, reverse=True):
        lines[line] = lines[line][:column] + new + lines[line][column + length:]
    text = "".join(lines)
    if inserts:
        text = _insert(name, text, inserts)
    _verify(name, text, edits)
    return bom + text


def _node(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _splice(document: Any, lines: list[str], edit: Edit) -> tuple[int, int, int, str]:
    """Where the edit's value is written, and its replacement."""
    written = _node(document.data, (*edit.path, edit.key))
    line, column = document.locate((*edit.path, edit.key))
    new = _text(edit.value)
    here = lines[line] if line < len(lines) else ""
    if isinstance(written, str) and here[column:column + 1] in ("'", '"'):
        quote = here[column]
        if here[column + 1:column + 1 + len(written) + 1] == written + quote:
            return line, column + 1, len(written), new
    elif isinstance(written, str) and here[column:column + len(written)] == written:
        return line, column, len(written), new
    at = Location(edit.location.file, line + 1, column + 1)
    raise WriteBackError(at, f"{edit.key}: cannot write the new value here: it is not written in place (an anchor, an alias, a merge "
                             f"key or a value over several lines); write `{edit.key}: VALUE` plainly")


def _insert(name: str, text: str, inserts: list[Edit]) -> str:
    """``text`` with the new keys added by ruamel.yaml, or an error if that would change
    anything else."""
    from ruamel.yaml.error import YAMLError

    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n") if crlf else text
    first = inserts[0].location
    yaml = _faithful(plain)
    if yaml is None:
        raise WriteBackError(first, f"cannot add {_listing(inserts)} to {name} without reformatting other lines (ruamel.yaml "
                                    "cannot reproduce this file's layout); add the keys to these metrics by hand, then pull again")
    try:
        data = yaml.load(plain)
    except YAMLError as error:  # pragma: no cover - _faithful loaded it already
        raise WriteBackError(first, f"ruamel.yaml cannot read {name}: {error}") from None
    flow_lines: set[int] = set()
    for insert in inserts:
        mapping = _node(data, insert.path)
        keys = list(mapping)
        position = keys.index(insert.after) + 1 if insert.after in keys else len(keys)
        mapping.insert(position, insert.key, insert.value)
        if mapping.fa.flow_style():
            flow_lines.add(mapping.lc.line)
    out = io.StringIO()
    yaml.dump(data, out)
    new = out.getvalue()
    old_lines, new_lines = plain.splitlines(), new.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        inserted_only = tag == "insert" and all(_NEW_LINE.match(line) for line in new_lines[j1:j2])
        flow_edit = tag == "replace" and i2 - i1 == j2 - j1 and set(range(i1, i2)) <= flow_lines
        if flow_edit:
            for offset in range(i2 - i1):
                new_lines[j1 + offset] = _comment_kept(old_lines[i1 + offset], new_lines[j1 + offset])
        if not (inserted_only or flow_edit):
            line = min(i1, len(old_lines) - 1) + 1
            raise WriteBackError(Location(name, line, 1), f"adding {_listing(inserts)} would reformat line {line} of {name}; "
                                                          "add the keys to these metrics by hand, then pull again")
    new = "\n".join(new_lines) + ("\n" if plain.endswith("\n") else "")
    return new.replace("\n", "\r\n") if crlf else new


def _comment_kept(old: str, new: str) -> str:
    """``new`` with the spacing before its end-of-line comment as in ``old`` (ruamel.yaml
    re-spaces the comment of a flow mapping it wrote a key into)."""
    found = re.search(r"(\s+)(#.*)$", old)
    if found is None or not new.endswith(found.group(2)):
        return new
    return new[: -len(found.group(2))].rstrip() + found.group(1) + found.group(2)


def _faithful(text: str) -> Any:
    """A ruamel.yaml configured with the indentation under which it writes ``text`` back
    unchanged, or None when none of the usual ones does."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    for mapping, sequence, offset in _STYLES:
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 1_000_000  # never fold a long line
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            out = io.StringIO()
            yaml.dump(yaml.load(text), out)
        except YAMLError:
            return None
        if out.getvalue() == text:
            return yaml
    return None


def _listing(inserts: list[Edit]) -> str:
    keys = sorted({f"`{insert.key}:`" for insert in inserts})
    return " and ".join(keys)


def _verify(name: str, text: str, edits: list[Edit]) -> None:
    """The new text reads back with every edit's value (a safety net: never seen to fail)."""
    from .yamlsource import YamlProblem, parse_document

    try:
        document = parse_document(text)
    except YamlProblem as problem:  # pragma: no cover
        raise WriteBackError(Location(name, problem.line + 1, problem.column + 1), f"the new text would not parse: {problem.message}") from None
    for edit in edits:
        written = _node(document.data, (*edit.path, edit.key))
        try:
            same = (dt.date.fromisoformat(str(written)) if isinstance(edit.value, dt.date) else float(str(written))) == edit.value
        except ValueError:
            same = False
        if not same:  # pragma: no cover
            raise WriteBackError(edit.location, f"the new text would not hold {edit.key}: {_text(edit.value)}; nothing written")
