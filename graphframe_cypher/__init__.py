"""graphframe-cypher: Cypher queries over Spark DataFrames."""

from .api.graph import PropertyGraph
from .api.result import Counters, CypherResult, Records
from .api.session import CypherSession, hive_settings, local_spark
from .api.tables import NodeTable, RelationshipTable
from .api.driver import Record, ResultNotSingleError
from .errors import (
    ConstraintVerificationFailed,
    CypherArgumentError,
    CypherEnvironmentError,
    CypherError,
    CypherProcedureError,
    CypherSemanticError,
    CypherSyntaxError,
    CypherTypeError,
    EntityNotFound,
    GraphDdlError,
    GraphError,
    UnsupportedFeature,
)
from .values import Node, Path, Relationship

__all__ = [
    "CypherSession",
    "PropertyGraph",
    "NodeTable",
    "RelationshipTable",
    "CypherResult",
    "Records",
    "Counters",
    "Record",
    "CypherError",
    "CypherSyntaxError",
    "CypherSemanticError",
    "CypherTypeError",
    "CypherArgumentError",
    "CypherProcedureError",
    "CypherEnvironmentError",
    "ConstraintVerificationFailed",
    "EntityNotFound",
    "UnsupportedFeature",
    "GraphError",
    "GraphDdlError",
    "ResultNotSingleError",
    "Node",
    "Relationship",
    "Path",
    "local_spark",
    "hive_settings",
]
__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """``%load_ext graphframe_cypher``: the ``%cypher`` and ``%%cypher`` magics."""
    from .notebook.magic import load_ipython_extension as load

    load(ipython)
