"""Notebook parts without Spark: what a picture holds and its cap, the interactive page
(self-contained), the static drawing, HTML tables and the magic's parameters."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from graphframe_cypher.errors import CypherError, GraphError
from graphframe_cypher.notebook import draw, visualize
from graphframe_cypher.notebook.elements import gather
from graphframe_cypher.notebook.html import table_html
from graphframe_cypher.notebook.magic import CypherMagics
from graphframe_cypher.values import Node, Path, Relationship

ANN = Node(1, ["Person"], {"name": "Ann"})
BOB = Node(2, ["Person"], {"name": "Bob </script>"})
ACME = Node(3, ["Company"], {"name": "Acme"})
PATH = Path([ANN, BOB, ACME], [Relationship(10, "KNOWS", 1, 2), Relationship(11, "WORKS_AT", 2, 3)])


def test_a_picture_holds_the_elements_of_values_once():
    picture = gather([{"p": PATH, "n": ANN}, Relationship(12, "KNOWS", 1, 99)])
    assert set(picture.nodes) == {1, 2, 3} and set(picture.relationships) == {10, 11, 12}
    assert picture.missing == [99]  # an endpoint the values did not hold


def test_past_the_cap_a_clear_error():
    nodes = [Node(i, ["N"]) for i in range(6)]
    with pytest.raises(GraphError, match="too much to draw: more than 5 nodes"):
        gather(nodes, max_elements=5)


def test_the_page_is_self_contained():
    page = visualize([PATH]).html()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)  # no CDN, works offline
    assert "vis.Network" in page and page.count("</script>") == 2  # the library and ours
    assert "Bob <\\/script>" in page  # values cannot end the script early
    assert '"color": "#F79767"' in page and '"color": "#57C7E3"' in page  # one per label
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in visualize([PATH])._repr_html_()


def test_static_drawing(tmp_path):
    figure = draw([PATH], tmp_path / "p.svg")
    svg = (tmp_path / "p.svg").read_text()
    assert "<svg" in svg and figure.axes[0].get_legend() is not None
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == ["Person", "Company"]


def test_html_table_escapes_and_types():
    page = table_html(["n", "s"], ["NODE", "STRING"], [[ANN, "<b>"]], "1 row")
    assert "(:Person {name: &#x27;Ann&#x27;})" in page and "&#x27;&lt;b&gt;&#x27;" in page
    assert "NODE" in page and "<p>1 row</p>" in page


def test_magic_takes_parameters_from_the_notebook():
    seen = {}

    class Graph:
        def cypher(self, query, parameters):
            seen.update(query=query, parameters=parameters)
            return "result"

    user_ns = {"graph": Graph(), "min_age": 30, "other": 1}
    magics = CypherMagics(SimpleNamespace(user_ns=user_ns))
    magics.choose("graph")
    assert magics.run("stored", "MATCH (p) WHERE p.age > $min_age RETURN p") == "result"
    assert seen["parameters"] == {"min_age": 30} and user_ns["stored"] == "result"
    with pytest.raises(CypherError, match=r"no notebook variable for the parameters \$nope"):
        magics.run("RETURN $nope")
    with pytest.raises(CypherError, match="not a PropertyGraph"):
        magics.choose("min_age")
