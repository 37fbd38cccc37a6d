"""The ``mlroadmap`` process: no Python traceback reaches the user, output that cannot be
written says why, and the process exits without tearing down its heap (see :func:`run`)."""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn

from .app import app
from .common import EXIT_OK, EXIT_USAGE


def main() -> None:
    """Console entry point: no Python traceback reaches the user."""
    # A stream the shell closed (`>&-`, `2>&-`) is None in Python; what would go there is
    # discarded, as Python's own print() does, and the exit code still tells the result.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (cp1252 and an emoji in a title) gets an
        # escape, not a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("mlroadmap: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # `mlroadmap ... | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except MemoryError:
        # A roadmap too large for the memory the process may have (validate reads any file
        # under its caps within 1 GiB; the schedules take more): the input's size, not a bug.
        sys.stderr.write("mlroadmap: error: out of memory: the roadmap is too large for the memory this process may use; "
                         "split it into smaller roadmaps, or allow the process more memory\n")
        sys.exit(EXIT_USAGE)
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            _internal_error(error)
        # `> report.txt` on a full disk: the output is incomplete, and says why.
        sys.stderr.write(f"mlroadmap: error: cannot write the output: {error.strerror}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:
        _internal_error(error)


def _internal_error(error: Exception) -> NoReturn:
    if os.environ.get("MLROADMAP_DEBUG"):
        raise error
    sys.stderr.write(
        f"mlroadmap: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in mlroadmap; rerun with MLROADMAP_DEBUG=1 for the traceback and report it.\n"
    )
    sys.exit(EXIT_USAGE)


def run() -> NoReturn:
    """The ``mlroadmap`` process: :func:`main`, then exit without freeing the heap object
    by object. A 10,000-item roadmap leaves hundreds of thousands of small objects that
    the interpreter's shutdown would release one at a time, about 0.1 s of a 1.5 s
    ``critical-path`` (0.5 s at 50,000 items), for memory the OS takes back at once
    anyway; mypy exits the same way. :func:`main` stays the in-process entry point.

    The cyclic garbage collector runs every 50,000 allocations instead of every 700:
    the roadmap's objects live until exit and form no cycles, and walking them again and
    again took about 0.2 s of that 1.5 s (13%), for no memory back (the same peak, one run
    at 50,000 items)."""
    import gc

    gc.set_threshold(50_000, 20, 100)
    try:
        main()
        code: int = EXIT_OK
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            code = exit_.code or EXIT_OK
        else:  # sys.exit("message"), as the interpreter would show it
            sys.stderr.write(f"{exit_.code}\n")
            code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader left (`| head`): not an error of ours, as in main()
    except OSError as error:  # a full disk under `> report.txt`: the output is incomplete
        code = EXIT_USAGE
        try:
            sys.stderr.write(f"mlroadmap: error: cannot write the output: {error.strerror or error}\n")
        except OSError:
            pass
    try:
        sys.stderr.flush()
    except OSError:
        pass
    if sys.getprofile() or sys.gettrace():
        # cProfile, coverage or a debugger wants its output written at a normal exit.
        sys.exit(code)
    os._exit(code)
