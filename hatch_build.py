"""Hatchling build hook: ship the top-level Lark grammar inside the wheel.

``grammar/cypher.lark`` lives at the repository top. A regular wheel gets it force-included as
``graphframe_cypher/grammar/cypher.lark``. An editable install (``pip install -e .``) does not
copy it: the package is imported from the work tree, where the parser reads
``<repo>/grammar/cypher.lark`` directly, so an editable install works even before the grammar
exists.
"""

from __future__ import annotations

import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

GRAMMAR_SOURCE = os.path.join("grammar", "cypher.lark")
GRAMMAR_TARGET = "graphframe_cypher/grammar/cypher.lark"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        source = os.path.join(self.root, GRAMMAR_SOURCE)
        if not os.path.isfile(source):
            raise FileNotFoundError(f"the wheel needs the Cypher grammar, but {source} is missing")
        build_data["force_include"][source] = GRAMMAR_TARGET
