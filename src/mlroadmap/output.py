"""Writing output files safely: all or nothing, and never over a roadmap.

Every command that writes a file (``-o FILE``) goes through :func:`write_atomically`: the
text goes to a temporary file beside the target, which is renamed into place only once
it is complete, so a failure or Ctrl-C leaves either the old file or none, never half a
report. A ``.yaml``/``.yml`` target is refused: output never overwrites a roadmap.

A symbolic link is written through (the file it points to is replaced, the link stays),
and a device or named pipe (``/dev/stdout``, ``/dev/null``, a FIFO a viewer reads) is
written into as a shell redirect would: renaming over them would replace a device node or
a link with a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PROTECTED_SUFFIXES = (".yaml", ".yml")


class OutputError(Exception):
    """The output file cannot be written (exit code 2)."""


def _refuse_a_roadmap(path: Path, shown: Path) -> None:
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        raise OutputError(f"{shown}: refusing to write output to a .yaml/.yml file, which could be a roadmap; choose another name")


def write_atomically(target: str | os.PathLike[str], text: str, *, roadmap: bool = False) -> None:
    """Replace ``target`` with ``text``, all at once; ``roadmap`` allows a YAML file (only
    ``metrics pull`` writes one, the roadmap's own)."""
    shown = Path(target)
    if not roadmap:
        _refuse_a_roadmap(shown, shown)
    try:
        status: os.stat_result | None = os.stat(shown)  # through links
    except FileNotFoundError:
        status = None  # a new file, or a link to one still to be created
    except OSError as error:  # a loop of links, a file used as a directory, no permission
        raise OutputError(f"{shown}: cannot write: {error.strerror or error}") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{shown}: is a directory; give a file name")
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_into(shown, text)
        return
    path = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    if not roadmap:
        _refuse_a_roadmap(path, shown)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{shown}: directory {directory} does not exist")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{shown}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions of the file being replaced (mkstemp creates it 0600).
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as error:
        # Any failure, Ctrl-C included: remove the partial file, keep the old one.
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot write: {error.strerror or error}") from None
        raise


def _write_into(path: Path, text: str) -> None:
    """A device or a pipe: there is no old file to keep, so write as a redirect does."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:  # /dev/full, a socket (ENXIO), a pipe nobody reads (EPIPE)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
