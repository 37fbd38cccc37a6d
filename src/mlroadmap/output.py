"""Writing output files safely: all or nothing, and never over a roadmap.

Every command that writes a file (``-o FILE``) goes through :func:`write_atomically`: the
text goes to a temporary file beside the target, which is renamed into place only once
it is complete, so a failure or Ctrl-C leaves either the old file or none, never half a
report. A ``.yaml``/``.yml`` target is refused: output never overwrites a roadmap.

A read-only file is refused, even to root. A symbolic link is written through (the file it
points to is replaced, the link stays), and a device or named pipe (``/dev/stdout``,
``/dev/null``, a FIFO a viewer reads) is written into as a shell redirect would: renaming
over them would replace a device node or a link with a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PROTECTED_SUFFIXES = (".yaml", ".yml")


class OutputError(Exception):
    """The output file cannot be written (exit code 2); ``path`` is the file, as given."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)


def _refuse_a_roadmap(path: Path, shown: Path) -> None:
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        raise OutputError(f"{shown}: refusing to write output to a .yaml/.yml file, which could be a roadmap; choose another name")


def write_atomically(target: str | os.PathLike[str], text: str | bytes) -> None:
    shown = Path(target)
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
    _refuse_a_roadmap(path, shown)
    if status is not None and not (status.st_mode & 0o222 and os.access(path, os.W_OK)):
        # Renaming over it would succeed (that needs only the directory), so a file made
        # read-only to keep it, say a published report, would be replaced; and root may
        # write anything, so its mode bits are read too, as `metrics pull` does.
        raise OutputError(f"{shown}: the file is read-only; make it writable, or remove it, to write it", shown)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{shown}: directory {directory} does not exist")
    _replace(_ready(path, shown, text), path, shown)


def replace_together(texts: dict[str, str]) -> None:
    """Replace each file (a roadmap's own, as ``metrics pull`` does) with its text, all or
    none: every replacement is made ready beside its file before any is renamed into place,
    so a file that cannot be written leaves all of them as they were. Links are written
    through (the file they point to is replaced)."""
    ready: list[tuple[str, Path, Path]] = []
    try:
        for name, text in texts.items():
            shown = Path(name)
            path = Path(os.path.realpath(shown))
            ready.append((_ready(path, shown, text), path, shown))
    except BaseException:
        for temporary, _, _ in ready:
            _discard(temporary)
        raise
    for temporary, path, shown in ready:
        _replace(temporary, path, shown)


def _ready(path: Path, shown: Path, text: str | bytes) -> str:
    """A temporary file beside ``path`` holding ``text``, with ``path``'s permissions (a new
    file's follow the umask): renamed over ``path``, it replaces it at once."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{shown}: cannot write: {error.strerror or error}", shown) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))  # "\n" as is: bytes are not translated
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions of the file being replaced (mkstemp creates it 0600).
            status = path.stat()
            os.chmod(temporary, status.st_mode & 0o7777)
            try:
                os.chown(temporary, status.st_uid, status.st_gid)
            except OSError:
                pass  # not ours to give away: the new file is the writer's, as an editor's would be
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
    except BaseException as error:
        # Any failure, Ctrl-C included: remove the partial file, keep the old one.
        _discard(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot write: {error.strerror or error}", shown) from None
        raise
    return temporary


def _replace(temporary: str, path: Path, shown: Path) -> None:
    try:
        os.replace(temporary, path)
    except BaseException as error:
        _discard(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot write: {error.strerror or error}", shown) from None
        raise


def _discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        pass


def _write_into(path: Path, text: str | bytes) -> None:
    """A device or a pipe: there is no old file to keep, so write as a redirect does."""
    try:
        with open(path, "wb") as handle:
            if isinstance(text, bytes) and os.isatty(handle.fileno()):  # -o /dev/tty: an image would garble the terminal
                raise OutputError(f"{path}: is a terminal; an image is binary: give a file name")
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as error:  # /dev/full, a socket (ENXIO), a pipe nobody reads (EPIPE)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
