"""The JSON Schema of a roadmap file, generated from the model (``schemas/roadmap.schema.json``).

Editors use it through the ``# yaml-language-server: $schema=...`` line at the top of a
roadmap file to complete keys and flag mistakes while typing.
"""

from __future__ import annotations

from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH = "schemas/roadmap.schema.json"


def schema_url() -> str:
    """Where the schema is published (its ``$id``, and the URL a SchemaStore entry names):
    the file in the project's repository, as GitHub serves it raw."""
    from . import HOMEPAGE

    return HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/") + f"/main/{SCHEMA_PATH}"


def roadmap_schema() -> dict:
    from .model import STANDARD_TRACKS, RoadmapFile

    schema = RoadmapFile.model_json_schema()
    schema = {"$schema": SCHEMA_DIALECT, "$id": schema_url(), **schema}
    schema["description"] = (
        "One YAML file of an mlroadmap roadmap. A roadmap is one file or a directory of them; "
        "exactly one file carries the 'roadmap:' header."
    )
    _for_editors(schema)
    # Offered as completions; a custom track (declared under `tracks:`) is any other id.
    schema["$defs"]["Item"]["properties"]["track"]["examples"] = list(STANDARD_TRACKS)
    return schema


def _for_editors(node: Any) -> None:
    """Shape pydantic's schema the way editors (yaml-language-server) read it, meaning the
    same: an optional key's ``default: null`` is dropped (a completion inserted it as a
    ``${1:null}`` snippet); ``anyOf: [X, {type: null}]`` becomes X with ``null`` in its type
    (hover read each branch's title, "Phase || Phase"); a map keyed by a pattern (a metric's
    quarterly targets) refuses other keys, which it had let through."""
    if isinstance(node, list):
        for child in node:
            _for_editors(child)
        return
    if not isinstance(node, dict):
        return
    if "default" in node and node["default"] is None:
        del node["default"]
    if isinstance(node.get("description"), str):  # a class's docstring: reStructuredText's ``code`` is Markdown's `code`
        node["description"] = node["description"].replace("``", "`")
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(branch for branch in branches if branch != {"type": "null"})
        if isinstance(other.get("type"), str) and "$ref" not in other:
            del node["anyOf"]
            for key, value in other.items():
                node.setdefault(key, value)  # the property's own description and title first
            node["type"] = [other["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and isinstance(node.get("propertyNames"), dict):
        node["propertyNames"]["pattern"] = next(iter(patterns))
        node["additionalProperties"] = False
    for child in node.values():
        _for_editors(child)


def roadmap_schema_text() -> str:
    from .render.formats import to_json

    return to_json(roadmap_schema())
