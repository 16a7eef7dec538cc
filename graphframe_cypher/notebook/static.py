"""A static picture (SVG or PNG) of nodes and relationships through networkx and
matplotlib, for reports and papers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CypherEnvironmentError
from .elements import DEFAULT_MAX_ELEMENTS, gather
from .style import MISSING_COLOUR, Colours, caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def draw(
    source: Any,
    path: str | Path | None = None,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
    size: tuple[float, float] = (8, 6),
    seed: int = 7,
) -> Figure:
    """A matplotlib Figure of ``source`` (a result, a PropertyGraph or values): a spring
    layout, nodes coloured by label and captioned by name, relationships by type. With
    ``path`` (``.svg``, ``.png``, ``.pdf``) it is also saved there."""
    import networkx as nx

    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise CypherEnvironmentError(
            "draw() needs matplotlib: pip install 'graphframe-cypher[notebook]'",
            code="MissingDependency",
        ) from None
    picture = gather(source, max_elements)
    colours = Colours()
    graph = nx.MultiDiGraph()
    for node in picture.nodes.values():
        graph.add_node(node.id, caption=caption(node), colour=colours.of(node))
    for missing in picture.missing:
        graph.add_node(missing, caption=str(missing), colour=MISSING_COLOUR)
    for rel in picture.relationships.values():
        graph.add_edge(rel.start_node_id, rel.end_node_id, key=rel.id, type=rel.type)

    figure = Figure(figsize=size)
    axes = figure.add_subplot()
    axes.set_axis_off()
    layout = nx.spring_layout(graph, seed=seed) if len(graph) else {}
    nx.draw_networkx_nodes(
        graph, layout, ax=axes, node_color=[c for _, c in graph.nodes(data="colour")]
    )
    nx.draw_networkx_labels(graph, layout, labels=dict(graph.nodes(data="caption")), ax=axes)
    nx.draw_networkx_edges(graph, layout, ax=axes, edge_color=MISSING_COLOUR, arrows=True)
    edge_labels = {(a, b): t for a, b, t in graph.edges(data="type")}
    nx.draw_networkx_edge_labels(graph, layout, edge_labels=edge_labels, ax=axes, font_size=8)
    for label, colour in colours.legend().items():
        axes.scatter([], [], color=colour, label=label)
    if colours.legend():
        axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    axes.margins(0.1)
    if path is not None:
        figure.savefig(path, bbox_inches="tight")
    return figure
