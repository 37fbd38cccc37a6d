"""Writing pulled values back into the roadmap's YAML files, changing nothing else.

Three kinds of edit, each done by what keeps the rest of the file byte for byte:

* a value that is already written (``current: 0.87``, ``measured: 2026-10-01``, even
  ``current: null``) is replaced where it stands: only its characters change, so the
  comment after it, the spacing before that comment and its quotes stay as written;
* a new key in a block mapping (``measured:`` the first time) is a new line directly after
  the key it follows (``current``), at that key's indentation and with its line ending;
* a new key inside a flow mapping (``{name: f1, baseline: 0.5}``) is added by ruamel.yaml,
  a round-trip YAML library made for this: it is given the indentation under which it
  writes the file back unchanged, and its output is compared line by line with the input,
  so if anything but that line would change, the file is left alone and the error says
  what to add by hand.

Values reached through an anchor's alias or a merge key (``<<: *base``) are not written:
they are shared with another entry, so the error asks for the value to be written in place.
Every file's new text is computed, and every file's replacement made ready beside it, before
any is renamed into place: a problem with one file writes none.
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
    after: tuple[str, ...] = ()  # the keys it follows, the first present (else the mapping's end)


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
    splices: dict[tuple[int, int], tuple[int, str]] = {}  # (line, column) -> (length, new text), 0-based
    new_lines: dict[int, list[str]] = defaultdict(list)  # line -> the lines to add after it
    flow: list[Edit] = []
    for edit in edits:
        mapping = _node(document.data, edit.path)
        if not isinstance(mapping, dict):
            raise WriteBackError(edit.location, "the file changed while the metrics were read; run metrics pull again")
        _in_place(document, edit)
        if edit.key in mapping:
            line, column, length, new = _splice(document, lines, edit)
            if splices.get((line, column), (length, new)) != (length, new):  # pragma: no cover - _in_place refuses shared values
                raise WriteBackError(edit.location, f"{edit.key}: written twice with different values")
            splices[line, column] = (length, new)
            continue
        after = next((key for key in edit.after if key in mapping), None)
        added = _new_line(document, lines, edit, after) if after is not None else None
        if added is None:
            flow.append(edit)
        else:
            new_lines[added[0]].append(added[1])
    for (line, column), (length, new) in sorted(splices.items(), reverse=True):
        lines[line] = lines[line][:column] + new + lines[line][column + length:]
    ended = text.endswith(("\n", "\r"))
    text = "".join(line + "".join(new_lines.get(index, ())) for index, line in enumerate(lines))
    if not ended:  # lines added after a last line that had no line ending: neither has the new last line
        text = text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text
    if flow:
        text = _insert(name, text, flow)
    _verify(name, text, edits)
    return bom + text


def _in_place(document: Any, edit: Edit) -> None:
    """Refuse a mapping reached through an alias or a merge key: its text is shared."""
    node: Any = document.data
    steps = (*edit.path, edit.key)
    for index, step in enumerate(steps):
        entry = document.entry(node, step)
        shared = (id(node), step) in document.alias_sites
        if entry is not None and len(entry) == 4:
            shared = shared or entry[:2] == entry[2:]  # a key a merge (<<) filled in
        if shared:
            line, column = document.locate(steps[:index + 1])
            raise WriteBackError(Location(edit.location.file, line + 1, column + 1),
                                 f"{edit.key}: shared with another entry through an anchor's alias or a merge key (<<); "
                                 "metrics pull writes only values written in place: write it out here")
        if index == len(steps) - 1 or not isinstance(node, (dict, list)):
            return
        parent: Any = node
        try:
            node = parent[step]
        except (KeyError, IndexError, TypeError):
            return


def _new_line(document: Any, lines: list[str], edit: Edit, after: str) -> tuple[int, str] | None:
    """(the line it goes after, the new line) for a key new to a block mapping, or None
    when the key it follows is not alone on one line of a block mapping (ruamel.yaml then)."""
    key_line, key_col = document.locate((*edit.path, after), at_key=True)
    value_line, _ = document.locate((*edit.path, after))
    value = _node(document.data, (*edit.path, after))
    if value_line != key_line or isinstance(value, (dict, list)) or key_line >= len(lines):
        return None
    here = lines[key_line]
    before = here[:key_col]
    if before.strip() not in ("", "-"):  # a flow mapping, or a key after others on its line
        return None
    body = here.rstrip("\r\n")
    ending = here[len(body):] or ("\r\n" if "\r\n" in "".join(lines) else "\n")
    if not here[len(body):]:  # the last line, without a line ending: give it one
        lines[key_line] = here + ending
    return key_line, " " * key_col + f"{edit.key}: {_text(edit.value)}" + ending


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
    if written is None:  # null, Null, NULL or ~ (an empty value has no place to write into)
        spelled = next((word for word in ("null", "Null", "NULL", "~") if here[column:column + len(word)] == word), None)
        if spelled is not None and not here[column + len(spelled):column + len(spelled) + 1].strip(" \t\r\n,}]#"):
            return line, column, len(spelled), new
    elif isinstance(written, str) and here[column:column + 1] in ("'", '"'):
        quote = here[column]
        if here[column + 1:column + 1 + len(written) + 1] == written + quote:
            return line, column + 1, len(written), new
    elif isinstance(written, str) and here[column:column + len(written)] == written:
        return line, column, len(written), new
    at = Location(edit.location.file, line + 1, column + 1)
    raise WriteBackError(at, f"{edit.key}: cannot write the new value here (an empty value, or one over several lines); "
                             f"write `{edit.key}: VALUE` on one line")


def _insert(name: str, text: str, inserts: list[Edit]) -> str:
    """``text`` with the new keys added by ruamel.yaml, or an error if that would change
    anything else."""
    from ruamel.yaml.error import YAMLError

    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n") if crlf else text
    first = inserts[0].location
    if crlf and "\n" in text.replace("\r\n", ""):
        raise WriteBackError(first, f"cannot add {_listing(inserts)} to {name}: its lines end in both CRLF and LF; "
                                    "add the keys by hand (or give the file one kind of line ending), then pull again")
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
        after = next((key for key in insert.after if key in keys), None)
        position = keys.index(after) + 1 if after is not None else len(keys)
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
            same = (dt.date.fromisoformat(str(written)) == edit.value if isinstance(edit.value, dt.date)
                    else float(str(written)) == float(edit.value))
        except (ValueError, OverflowError):
            same = False
        if not same:  # pragma: no cover
            raise WriteBackError(edit.location, f"the new text would not hold {edit.key}: {_text(edit.value)}; nothing written")


def write_files(texts: dict[str, str]) -> list[str]:
    """Write every file's new text, all or none (:func:`mlroadmap.output.replace_together`);
    a read-only file is refused, even to root, who could write it. Returns the files written."""
    import os

    from .output import OutputError, replace_together

    for name in texts:
        try:
            writable = os.access(name, os.W_OK) and bool(os.stat(name).st_mode & 0o222)
        except OSError as error:
            raise WriteBackError(Location(name), f"{name}: cannot write: {error.strerror or error}; nothing written") from None
        if not writable:
            raise WriteBackError(Location(name), f"{name} is read-only: metrics pull writes into it; make it writable, or pull with --check")
    try:
        replace_together(texts)
    except OutputError as error:
        raise WriteBackError(Location(error.path or next(iter(texts))), f"{error}; nothing written") from None
    return list(texts)
