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

from .model import FINISHED, UNSTARTED, WORK_SECTIONS, branches, dependencies

if TYPE_CHECKING:
    from .loader import Roadmap



def build_graph(roadmap: Roadmap) -> nx.DiGraph:
    """Nodes: every work entity by id; edges: predecessor -> dependent, with the ``lag``
    in days when the dependency has one. A lag into or out of cancelled work is dropped:
    the wait it stood for (labels maturing, a soak) never happens, while the dependency
    stays, so cancelled work still passes its predecessors' dates on. The work a
    decision's branches name waits for the decision (``if_yes``, ``if_no``), unless it has
    started already.

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
                lag = getattr(predecessor, "lag_days", 0)
                if "cancelled" in (entity.status, graph.nodes[str(predecessor)]["entity"].status):
                    lag = 0
                graph.add_edge(str(predecessor), entity.id, **({"lag": lag} if lag else {}))
    for decision in roadmap.decisions:
        for key, _index, ident in branches(decision):
            if ident != decision.id and graph.nodes[ident]["entity"].status in UNSTARTED:
                # The answer it follows ("yes" or "no"), for the views that label the edge; an
                # explicit dependency on the decision keeps its lag.
                graph.add_edge(decision.id, ident, answer=key.removeprefix("if_"))
    return graph


def lag(graph: nx.DiGraph, predecessor: str, successor: str) -> int:
    """The calendar days ``successor`` waits after ``predecessor`` finishes (0 for an edge
    that is not a dependency, such as "waits for the people on")."""
    edge = graph.succ[predecessor].get(successor)
    return edge.get("lag", 0) if edge is not None else 0


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


def _in_production(node: dict[str, Any]) -> bool:
    return node["section"] == "models" and node["entity"].in_production


def downstream(graph: nx.DiGraph) -> dict[str, Blocker]:
    """For every node: the tracks of the open work that waits on it, and how much waits."""
    order = list(nx.topological_sort(graph))
    nodes = graph.nodes
    successors_of = {node: list(graph.successors(node)) for node in order}
    open_nodes = {node for node in order if nodes[node]["entity"].status not in FINISHED and not _in_production(nodes[node])}
    # A model in production waits for nothing (the schedule's rule): nothing waits through it.
    passes_on = {node: not _in_production(nodes[node]) for node in order}
    track_bit: dict[str, int] = {}
    own_mask: dict[str, int] = {}
    for node in order:
        track = nodes[node]["track"]
        if node not in open_nodes or track is None:
            own_mask[node] = 0
            continue
        own_mask[node] = track_bit.setdefault(track, 1 << len(track_bit))
    names_of_mask: dict[int, tuple[str, ...]] = {}

    def names(mask: int) -> tuple[str, ...]:
        if mask not in names_of_mask:
            names_of_mask[mask] = tuple(sorted(track for track, bit in track_bit.items() if mask & bit))
        return names_of_mask[mask]

    # Open nodes are numbered so that "who waits" is a bitset: one int per node, ORed up.
    open_bit = {node: 1 << position for position, node in enumerate(node for node in order if node in open_nodes)}
    tracks_below: dict[str, int] = {}
    waiting: dict[str, int] = {}
    parents_left = {node: graph.in_degree(node) for node in order}
    result: dict[str, Blocker] = {}
    for node in reversed(order):
        mask = 0
        below = 0
        direct = 0
        for successor in successors_of[node]:
            if passes_on[successor]:
                mask |= own_mask[successor] | tracks_below[successor]
                below |= open_bit.get(successor, 0) | waiting[successor]
                direct += successor in open_nodes
            # A successor's bitset is needed until its last parent has read it: then it is
            # dropped, so memory follows the width of the graph, not its size squared.
            parents_left[successor] -= 1
            if parents_left[successor] == 0:
                del waiting[successor]
        tracks_below[node] = mask
        waiting[node] = below
        result[node] = Blocker(node, nodes[node]["track"], names(mask), below.bit_count(), direct)
    return result
