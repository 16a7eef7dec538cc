"""Notebooks end to end: the graph view rendered by a real headless browser (Debian's
chromium), the HTML views of real results, and examples/notebook.ipynb executed by nbclient
on this interpreter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphframe_cypher.notebook.html import records_html
from graphframe_cypher.notebook.style import PALETTE

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WORKS_AT = "MATCH p = (:Person)-[:WORKS_AT]->(:Company) RETURN p"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no chromium on the PATH: .ci/run installs it (apt-get install chromium)")
        pytest.skip("no chromium on the PATH (apt-get install chromium) to render the view")
    return found


def screenshot(page: Path, shot: Path, tmp_path: Path) -> None:
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=900,600",
            # lets the force layout settle before the picture is taken
            "--virtual-time-budget=5000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def colour_pixels(shot: Path, colour: str) -> int:
    from PIL import Image

    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(shot).convert("RGB")
    return sum(
        count
        for count, pixel in image.getcolors(image.width * image.height)
        if all(abs(a - b) <= 6 for a, b in zip(pixel, target, strict=True))
    )


@pytest.mark.timeout(400)  # chromium and the query share a loaded machine
def test_the_graph_view_shows_the_nodes_in_a_browser(sample_graph, tmp_path):
    view = sample_graph.cypher(WORKS_AT).visualize()
    nodes = view.picture.nodes.values()
    person_nodes = sum(1 for n in nodes if n.labels == {"Person"})
    company_nodes = sum(1 for n in nodes if n.labels == {"Company"})
    assert person_nodes and company_nodes and person_nodes + company_nodes == len(nodes)
    page = view.save(tmp_path / "view.html")
    shot = tmp_path / "view.png"
    screenshot(page, shot, tmp_path)
    # Person comes first (the first row's start node): the first colour; Company the second.
    # A node is a disc of radius 18 px (about 1000 px); the legend chips are much smaller.
    assert colour_pixels(shot, PALETTE[0]) > 600 * person_nodes
    assert colour_pixels(shot, PALETTE[1]) > 600 * company_nodes


def test_html_views_of_results_and_graphs(sample_graph):
    result = sample_graph.cypher("MATCH (p:Person) RETURN p.name AS name, p AS person")
    page = result._repr_html_()
    assert "first 20 of" not in page and "<th>name<br><span class='gfc-type'>STRING" in page
    assert "(:Person {age: " in page and "12 rows" in page
    assert "first 3 of 12 rows" in records_html(result.records, max_rows=3)
    graph_page = sample_graph._repr_html_()
    assert "PropertyGraph: " in graph_page and "[:KNOWS]" not in graph_page
    assert ":Person" in graph_page and "WORKS_AT" in graph_page


# The notebook's kernel is a process of its own that starts its own Spark.
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_example_notebook_runs(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    # A kernel of this interpreter (the one with the package and its extras installed).
    kernel_dir = tmp_path / "kernels" / "graphframe-cypher-test"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "graphframe-cypher test",
                "language": "python",
            }
        )
    )
    os.environ["JUPYTER_PATH"] = str(tmp_path)
    notebook = nbformat.read(EXAMPLES / "notebook.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="graphframe-cypher-test",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    try:
        client.execute()
    finally:
        os.environ.pop("JUPYTER_PATH", None)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "PropertyGraph: " in html  # the graph's schema with counts
    assert "<th>person<br>" in html and "&#x27;Frank&#x27;" in html  # the %%cypher table
    assert "<iframe srcdoc=" in html  # the picture
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert not [o for o in outputs if o.get("output_type") == "error"]
