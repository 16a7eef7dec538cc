"""Hatchling build hook: ship the top-level Lark grammars inside the wheel.

``grammar/cypher.lark`` and ``grammar/graph_ddl.lark`` live at the repository top. A regular
wheel gets them force-included as ``graphframe_cypher/grammar/<name>``. An editable install
(``pip install -e .``) does not copy them: the package is imported from the work tree, where
the parsers read ``<repo>/grammar/<name>`` directly, so an editable install works even before
the grammars exist.
"""

from __future__ import annotations

import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

GRAMMARS = ("cypher.lark", "graph_ddl.lark")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        for name in GRAMMARS:
            source = os.path.join(self.root, "grammar", name)
            if not os.path.isfile(source):
                raise FileNotFoundError(
                    f"the wheel needs the grammar {name}, but {source} is missing"
                )
            build_data["force_include"][source] = f"graphframe_cypher/grammar/{name}"
