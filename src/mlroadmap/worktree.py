"""Where a file's git repository starts, found without running git (``validate`` never
needs git), and a file's path as GitHub names it: relative to that top.

GitHub maps an annotation's ``file=`` and a SARIF ``uri`` from the repository's root, so
both are written relative to it, wherever in the repository mlroadmap ran.
"""

from __future__ import annotations

import os


def repository_top(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` (a real path) holding a ``.git``
    directory. A ``.git`` file (a submodule, a linked worktree) is passed over: a
    submodule's files belong to its superproject's checkout, and a worktree outside its
    repository has no top of its own here."""
    current = directory
    while True:
        if os.path.isdir(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def real_place(name: str) -> str:
    """``name`` absolute with every link resolved: a problem in a file shared through a
    link is the shared file's, the one a pull request that changes it touches."""
    return os.path.realpath(name)


def from_top(name: str) -> tuple[str, str] | None:
    """(the repository's top, ``name`` relative to it, with ``/``) for a file in a git
    repository; None outside one."""
    place = real_place(name)
    top = repository_top(os.path.dirname(place))
    if top is None:
        return None
    return top, os.path.relpath(place, top).replace(os.sep, "/")
