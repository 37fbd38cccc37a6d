"""The ``mlroadmap`` process: no Python traceback reaches the user, output that cannot be
written says why, and the process exits without tearing down its heap (see :func:`run`)."""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn

# Exit codes, for every command: 0 success, 1 the roadmap is invalid (or fails the
# command's gate), 2 usage or I/O error.
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


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
    # Imported here, not above: run() tunes the garbage collector before the imports.
    from .app import application

    try:
        application(sys.argv[1:])()
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

    The cyclic garbage collector does not run: the objects of the imports and of the
    roadmap live until exit, and walking them again and again is time for no memory back.
    Even running it every 50,000 allocations instead of every 700 cost 10% of `validate` at
    50,000 items (3.51 s against 3.13 s) and 5% of critical-path and check at 10,000, all
    at the same peak memory; `diff` of two 10,000-item versions peaks 4% higher (681 MB
    against 656 MB). It stops before the imports, which it slowed by 8 ms."""
    import gc

    gc.disable()
    # The models use no pydantic plugin; looking for one (a scan of every installed
    # package's entry points) took 3 ms of each start, and one installed for another
    # program (logfire) would instrument every validation. Typer does the same for its own.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
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
