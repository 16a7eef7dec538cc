"""graphframe-cypher in notebooks: HTML views of results and graphs (``_repr_html_``), the
``%%cypher`` magic, and pictures of graphs: ``visualize`` (interactive, vis-network) and
``draw`` (static, networkx and matplotlib). Spark-free: it reads results through their API."""

from .elements import DEFAULT_MAX_ELEMENTS
from .magic import load_ipython_extension
from .static import draw
from .view import GraphView, visualize

__all__ = ["DEFAULT_MAX_ELEMENTS", "GraphView", "draw", "load_ipython_extension", "visualize"]
