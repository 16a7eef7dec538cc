"""``python -m graphframe_cypher``: the ``graphframe-cypher`` command."""

from .cli import run

if __name__ == "__main__":
    run()
