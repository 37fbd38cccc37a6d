"""The dependency graph of a roadmap, and what each piece of work blocks downstream.

One networkx ``DiGraph`` over every kind of work (items, models, datasets, audits,
experiments, decisions, ...). An edge ``u -> v`` means *v waits for u*. Each node carries
its entity, section and track.

Cross-track blockers are computed in one pass in reverse topological order: a node's
downstream tracks are the union of its successors' tracks and their downstream tracks
(bitmasks, so the pass is linear in nodes + edges); how many items wait on a node is
counted with one bitset per node of the frontier, never with per-node ``descendants()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from .references import WORK_SECTIONS, dependencies

if TYPE_CHECKING:
    from .loader import Roadmap

FINISHED = frozenset({"done", "cancelled"})


def build_graph(roadmap: Roadmap) -> nx.DiGraph:
    """Nodes: every work entity by id; edges: predecessor -> dependent.

    The roadmap must be valid (ids unique, references known, no cycles): that is what
    ``validate`` guarantees, and every analysis starts from a valid roadmap.
    """
    graph = nx.DiGraph()
    for section in WORK_SECTIONS:
        for entity in roadmap.sections[section]:
            graph.add_node(entity.id, entity=entity, section=section, track=entity.track_id)
    for section in WORK_SECTIONS:
        for entity in roadmap.sections[section]:
            for predecessor in dict.fromkeys(dependencies(section, entity)):
                graph.add_edge(predecessor, entity.id)
    return graph


def is_open(graph: nx.DiGraph, node: str) -> bool:
    """Work still to do (not done, not cancelled)."""
    return graph.nodes[node]["entity"].status not in FINISHED


@dataclass(frozen=True)
class Blocker:
    """A piece of open work and what waits on it downstream."""

    id: str
    track: str | None
    tracks_blocked: tuple[str, ...]  # tracks of the open work that waits on it, sorted
    dependents: int  # open work waiting on it, directly or through other work
    direct_dependents: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "track": self.track,
            "tracks_blocked": list(self.tracks_blocked),
            "dependents": self.dependents,
            "direct_dependents": self.direct_dependents,
        }


def downstream(graph: nx.DiGraph) -> dict[str, Blocker]:
    """For every node: the tracks of the open work that waits on it, and how much waits."""
    order = list(nx.topological_sort(graph))
    track_bit: dict[str | None, int] = {}
    tracks_of: list[str | None] = []
    index = {node: position for position, node in enumerate(order)}
    own_mask: dict[str, int] = {}
    for node in order:
        track = graph.nodes[node]["track"]
        if not is_open(graph, node) or track is None:
            own_mask[node] = 0
            continue
        if track not in track_bit:
            track_bit[track] = 1 << len(tracks_of)
            tracks_of.append(track)
        own_mask[node] = track_bit[track]

    open_bit = {node: (1 << index[node]) if is_open(graph, node) else 0 for node in order}
    tracks_below: dict[str, int] = {}
    waiting: dict[str, int] = {}  # bitset of open nodes that wait on the node
    remaining_parents = {node: graph.in_degree(node) for node in order}
    result: dict[str, Blocker] = {}
    for node in reversed(order):
        mask = 0
        below = 0
        for successor in graph.successors(node):
            mask |= own_mask[successor] | tracks_below[successor]
            below |= open_bit[successor] | waiting[successor]
        tracks_below[node] = mask
        waiting[node] = below
        result[node] = Blocker(
            id=node,
            track=graph.nodes[node]["track"],
            tracks_blocked=tuple(sorted(tracks_of[bit] for bit in range(len(tracks_of)) if mask >> bit & 1)),
            dependents=below.bit_count(),
            direct_dependents=sum(1 for successor in graph.successors(node) if is_open(graph, successor)),
        )
        # A successor's bitset is needed until its last parent has read it: free it then,
        # so memory follows the width of the graph, not its size squared.
        for successor in graph.successors(node):
            remaining_parents[successor] -= 1
            if remaining_parents[successor] == 0:
                waiting[successor] = 0
    return result
