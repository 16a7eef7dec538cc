"""An interactive picture of nodes and relationships: a self-contained HTML page drawn by
vis-network (the library pyvis ships; ``pip install graphframe-cypher[notebook]``), with
its JavaScript inlined so the page works offline. Force layout, a colour per label,
properties on hover."""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import CypherEnvironmentError
from .elements import DEFAULT_MAX_ELEMENTS, Picture, gather
from .style import MISSING_COLOUR, Colours, caption, hover_text

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font-family: sans-serif; background: #fff; }}
#graph {{ position: absolute; inset: 0; }}
#legend {{ position: absolute; top: 6px; left: 8px; font-size: 12px; z-index: 1; }}
#legend span {{ display: inline-block; padding: 2px 8px; margin-right: 4px;
  border-radius: 10px; color: #222; }}
div.vis-tooltip {{ position: absolute; padding: 5px 8px; white-space: pre; font-size: 12px;
  background: #fff; border: 1px solid #aaa; border-radius: 3px; pointer-events: none; }}
</style>
<script>{script}</script>
</head><body><div id="legend">{legend}</div><div id="graph"></div>
<script>
const data = {{nodes: new vis.DataSet({nodes}), edges: new vis.DataSet({edges})}};
const options = {{
  nodes: {{shape: "dot", size: 18, font: {{size: 12}}, borderWidth: 1}},
  edges: {{arrows: "to", font: {{size: 10, align: "middle"}}, color: "#A5ABB6",
           smooth: {{type: "continuous"}}}},
  physics: {{solver: "forceAtlas2Based", stabilization: {{iterations: 300, fit: true}}}},
  interaction: {{hover: true, tooltipDelay: 100}}
}};
const network = new vis.Network(document.getElementById("graph"), data, options);
network.once("stabilizationIterationsDone", () => network.setOptions({{physics: false}}));
</script></body></html>
"""


def _vis_network_script() -> str:
    try:
        import pyvis
    except ImportError:
        raise CypherEnvironmentError(
            "the interactive graph view needs pyvis (it ships the vis-network library): "
            "pip install 'graphframe-cypher[notebook]'; draw() needs only matplotlib",
            code="MissingDependency",
        ) from None
    folder = resources.files(pyvis) / "lib"
    versions = sorted(p.name for p in folder.iterdir() if p.name.startswith("vis-"))
    # `</script` inside the library would end the inline script element early.
    return (folder / versions[-1] / "vis-network.min.js").read_text("utf-8").replace(
        "</script", "<\\/script"
    )


class GraphView:
    """A picture of a result's or graph's elements. In a notebook it shows itself (an
    iframe holding the page); ``html()`` is the page, ``save(path)`` writes it."""

    def __init__(self, picture: Picture, title: str = "graphframe-cypher", height: int = 500):
        self.picture = picture
        self.title = title
        self.height = height

    def html(self) -> str:
        nodes, edges, legend = _vis_data(self.picture)
        chips = "".join(
            f'<span style="background:{colour}">{html.escape(label)}</span>'
            for label, colour in legend.items()
        )
        return _PAGE.format(
            title=html.escape(self.title),
            script=_vis_network_script(),
            legend=chips,
            nodes=_script_json(nodes),
            edges=_script_json(edges),
        )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html(), encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # srcdoc keeps the page (and its script) apart from the notebook's own page.
        return (
            f'<iframe srcdoc="{html.escape(self.html(), quote=True)}" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )

    def __repr__(self) -> str:
        p = self.picture
        return f"GraphView({len(p.nodes)} nodes, {len(p.relationships)} relationships)"


def visualize(
    source: Any, max_elements: int = DEFAULT_MAX_ELEMENTS, height: int = 500
) -> GraphView:
    """An interactive picture of ``source``: a query result (the nodes, relationships and
    paths of its rows), a PropertyGraph, or values. Past ``max_elements`` nodes and
    relationships a GraphError says so."""
    return GraphView(gather(source, max_elements), height=height)


def _vis_data(picture: Picture) -> tuple[list[dict], list[dict], dict[str, str]]:
    colours = Colours()
    nodes = [
        {
            "id": _key(node.id),
            "label": caption(node),
            "title": hover_text(node),
            "color": colours.of(node),
        }
        for node in picture.nodes.values()
    ]
    nodes += [
        {"id": _key(i), "label": str(i), "title": f"<id>: {i}", "color": MISSING_COLOUR}
        for i in picture.missing
    ]
    edges = [
        {
            "id": _key(rel.id),
            "from": _key(rel.start_node_id),
            "to": _key(rel.end_node_id),
            "label": rel.type,
            "title": hover_text(rel),
        }
        for rel in picture.relationships.values()
    ]
    return nodes, edges, colours.legend()


def _key(element_id: Any) -> str:
    # Ids are integers or strings: keys typed as text keep 1 and "1" apart.
    return f"{type(element_id).__name__}:{element_id}"


def _script_json(value: Any) -> str:
    # Inside <script>: no "</" may appear, and the text stays valid JSON.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
