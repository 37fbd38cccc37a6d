"""Writing output files safely: all or nothing, and never over a roadmap.

Every command that writes a file (``-o FILE``) goes through :func:`write_atomically`: the
text goes to a temporary file beside the target, which is renamed into place only once
it is complete, so a failure or Ctrl-C leaves either the old file or none, never half a
report. A ``.yaml``/``.yml`` target is refused: output never overwrites a roadmap.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PROTECTED_SUFFIXES = (".yaml", ".yml")


class OutputError(Exception):
    """The output file cannot be written (exit code 2)."""


def write_atomically(target: str | os.PathLike[str], text: str) -> None:
    path = Path(target)
    if path.suffix.lower() in PROTECTED_SUFFIXES:
        raise OutputError(f"{path}: refusing to write output to a .yaml/.yml file, which could be a roadmap; choose another name")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
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
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        raise
