"""The JSON Schema of a roadmap file, generated from the model (``schemas/roadmap.schema.json``).

Editors use it through the ``# yaml-language-server: $schema=...`` line at the top of a
roadmap file to complete keys and flag mistakes while typing.
"""

from __future__ import annotations

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def roadmap_schema() -> dict:
    from .model import RoadmapFile

    schema = RoadmapFile.model_json_schema()
    schema = {"$schema": SCHEMA_DIALECT, **schema}
    schema["description"] = (
        "One YAML file of an mlroadmap roadmap. A roadmap is one file or a directory of them; "
        "exactly one file carries the 'roadmap:' header."
    )
    return schema


def roadmap_schema_text() -> str:
    from .render.formats import to_json

    return to_json(roadmap_schema())
