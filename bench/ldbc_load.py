"""Loading the LDBC SNB Interactive data set (CsvMergeForeign layout, dates as epoch millis).

The files are small (the test set has ~35k nodes and ~71k relationships), so they are parsed
by pyarrow in this process with explicit column types and handed to Spark as Arrow tables:
no Spark job runs to read or infer anything. What is read here is engine-neutral (pyarrow
tables with element ids already assigned); ``bench/ldbc_engines.py`` turns them into an
engine's graph.

The graph follows LDBC's model as the official Cypher implementation loads it:

* Post and Comment are both ``:Message``; place and organisation rows get the sub-label of
  their ``type`` column (``:Place:City`` / ``:Country`` / ``:Continent``,
  ``:Organisation:Company`` / ``:University``);
* every node keeps LDBC's ``id`` as a property; its element id is ``id * 8 + kind`` so that
  ids of different kinds (person 150 and tag 150) never collide;
* dates and date-times stay epoch milliseconds (INTEGER), as in the reference loader;
  ``email`` and ``speaks`` (the file's ``language``) are lists; empty fields are absent
  properties (a post with an image has no ``content``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv

ROOT = Path(__file__).resolve().parent.parent
DATA_SET = "ldbc-snb-interactive-test"

STRING, LONG, INT = pa.string(), pa.int64(), pa.int32()

#: kind -> (directory, columns with their types); the kind's position is its id tag
NODE_KINDS: dict[str, tuple[str, tuple[tuple[str, pa.DataType], ...]]] = {
    "person": ("dynamic", (("id", LONG), ("firstName", STRING), ("lastName", STRING),
                           ("gender", STRING), ("birthday", LONG), ("creationDate", LONG),
                           ("locationIP", STRING), ("browserUsed", STRING),
                           ("language", STRING), ("email", STRING))),
    "post": ("dynamic", (("id", LONG), ("imageFile", STRING), ("creationDate", LONG),
                         ("locationIP", STRING), ("browserUsed", STRING), ("language", STRING),
                         ("content", STRING), ("length", INT))),
    "comment": ("dynamic", (("id", LONG), ("creationDate", LONG), ("locationIP", STRING),
                            ("browserUsed", STRING), ("content", STRING), ("length", INT))),
    "forum": ("dynamic", (("id", LONG), ("title", STRING), ("creationDate", LONG))),
    "tag": ("static", (("id", LONG), ("name", STRING), ("url", STRING))),
    "tagclass": ("static", (("id", LONG), ("name", STRING), ("url", STRING))),
    "place": ("static", (("id", LONG), ("name", STRING), ("url", STRING), ("type", STRING))),
    "organisation": ("static", (("id", LONG), ("type", STRING), ("name", STRING),
                                ("url", STRING))),
}
KIND_TAGS = {kind: tag for tag, kind in enumerate(NODE_KINDS)}
ID_FACTOR = 8  # element id = LDBC id * ID_FACTOR + kind tag

#: labels of each kind; kinds with a ``type`` column add its sub-label
BASE_LABELS = {"person": ("Person",), "post": ("Message", "Post"),
               "comment": ("Message", "Comment"), "forum": ("Forum",), "tag": ("Tag",),
               "tagclass": ("TagClass",), "place": ("Place",), "organisation": ("Organisation",)}
SUB_LABELS = {"place": {"city": "City", "country": "Country", "continent": "Continent"},
              "organisation": {"company": "Company", "university": "University"}}
LIST_PROPERTIES = {"person": {"email": "email", "language": "speaks"}}

#: (directory, source kind, file verb, target kind, property columns)
RELATIONSHIP_FILES: tuple[tuple[str, str, str, str, tuple[tuple[str, pa.DataType], ...]], ...] = (
    ("dynamic", "comment", "hasCreator", "person", ()),
    ("dynamic", "comment", "hasTag", "tag", ()),
    ("dynamic", "comment", "isLocatedIn", "place", ()),
    ("dynamic", "comment", "replyOf", "comment", ()),
    ("dynamic", "comment", "replyOf", "post", ()),
    ("dynamic", "forum", "containerOf", "post", ()),
    ("dynamic", "forum", "hasMember", "person", (("joinDate", LONG),)),
    ("dynamic", "forum", "hasModerator", "person", ()),
    ("dynamic", "forum", "hasTag", "tag", ()),
    ("dynamic", "person", "hasInterest", "tag", ()),
    ("dynamic", "person", "isLocatedIn", "place", ()),
    ("dynamic", "person", "knows", "person", (("creationDate", LONG),)),
    ("dynamic", "person", "likes", "comment", (("creationDate", LONG),)),
    ("dynamic", "person", "likes", "post", (("creationDate", LONG),)),
    ("dynamic", "person", "studyAt", "organisation", (("classYear", INT),)),
    ("dynamic", "person", "workAt", "organisation", (("workFrom", INT),)),
    ("dynamic", "post", "hasCreator", "person", ()),
    ("dynamic", "post", "hasTag", "tag", ()),
    ("dynamic", "post", "isLocatedIn", "place", ()),
    ("static", "organisation", "isLocatedIn", "place", ()),
    ("static", "place", "isPartOf", "place", ()),
    ("static", "tag", "hasType", "tagclass", ()),
    ("static", "tagclass", "isSubclassOf", "tagclass", ()),
)


@dataclass(frozen=True)
class NodeSet:
    """Nodes of one label combination: ``_eid`` (element id) and their property columns."""

    kind: str
    labels: tuple[str, ...]
    table: pa.Table


@dataclass(frozen=True)
class RelationshipSet:
    """Relationships of one type from one file: ``_eid``, ``_src``, ``_dst``, properties."""

    rel_type: str
    source_kind: str
    target_kind: str
    table: pa.Table


@dataclass(frozen=True)
class LdbcData:
    nodes: tuple[NodeSet, ...]
    relationships: tuple[RelationshipSet, ...]

    @property
    def node_count(self) -> int:
        return sum(n.table.num_rows for n in self.nodes)

    @property
    def relationship_count(self) -> int:
        return sum(r.table.num_rows for r in self.relationships)

    def restricted_to(self, kinds: set[str]) -> LdbcData:
        """The nodes of ``kinds`` and the relationships between them (a smaller graph for
        quick checks: every relationship keeps both its endpoints)."""
        return LdbcData(
            tuple(n for n in self.nodes if n.kind in kinds),
            tuple(r for r in self.relationships
                  if r.source_kind in kinds and r.target_kind in kinds),
        )


def data_directory(name: str = DATA_SET) -> Path:
    """``$GRAPHFRAME_CYPHER_DATA/<name>``, else ``../shared/data/<name>`` beside the project
    root (for a git worktree, beside the main checkout too)."""
    candidates = []
    if "GRAPHFRAME_CYPHER_DATA" in os.environ:
        candidates.append(Path(os.environ["GRAPHFRAME_CYPHER_DATA"]) / name)
    candidates.append(ROOT.parent / "shared" / "data" / name)
    main_checkout = _main_checkout(ROOT)
    if main_checkout is not None:
        candidates.append(main_checkout.parent / "shared" / "data" / name)
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(f"LDBC data set not found; looked in {', '.join(map(str, candidates))}"
                            " (set GRAPHFRAME_CYPHER_DATA)")


def _main_checkout(root: Path) -> Path | None:
    """The main working tree of a git worktree (its ``.git`` file names the common dir)."""
    git = root / ".git"
    if not git.is_file():
        return None
    match = re.match(r"gitdir:\s*(.+)", git.read_text().strip())
    if not match:
        return None
    common = Path(match.group(1)).resolve()  # <main>/.git/worktrees/<name>
    return common.parents[2] if common.parent.name == "worktrees" else None


def read_csv(path: Path, columns: tuple[tuple[str, pa.DataType], ...]) -> pa.Table:
    """One pipe-separated file, header skipped (its names repeat, e.g. Person.id|Person.id),
    empty fields read as nulls."""
    names = [name for name, _ in columns]
    return csv.read_csv(
        path,
        read_options=csv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=csv.ParseOptions(delimiter="|", quote_char=False),
        convert_options=csv.ConvertOptions(column_types=dict(columns), null_values=[""],
                                           strings_can_be_null=True, quoted_strings_can_be_null=True),
    )


def element_ids(ids: pa.Array, kind: str) -> pa.Array:
    return pc.add(pc.multiply(ids, ID_FACTOR), KIND_TAGS[kind])


def load_nodes(directory: Path, kind: str) -> list[NodeSet]:
    folder, columns = NODE_KINDS[kind]
    table = read_csv(directory / folder / f"{kind}_0_0.csv.gz", columns)
    for column, key in LIST_PROPERTIES.get(kind, {}).items():
        position = table.schema.get_field_index(column)
        table = table.set_column(position, key, pc.split_pattern(table[column], ";"))
    table = table.add_column(0, "_eid", element_ids(table["id"], kind))
    sub_labels = SUB_LABELS.get(kind)
    if sub_labels is None:
        return [NodeSet(kind, BASE_LABELS[kind], table)]
    sets = []
    for value, label in sub_labels.items():
        rows = table.filter(pc.equal(table["type"], value)).drop_columns(["type"])
        sets.append(NodeSet(kind, (*BASE_LABELS[kind], label), rows))
    return sets


def relationship_type(verb: str) -> str:
    """``hasCreator`` -> ``HAS_CREATOR``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", verb).upper()


def load_relationships(directory: Path, tag: int, folder: str, source: str, verb: str,
                       target: str, properties) -> RelationshipSet:
    columns = (("_src", LONG), ("_dst", LONG), *properties)
    table = read_csv(directory / folder / f"{source}_{verb}_{target}_0_0.csv.gz", columns)
    table = table.set_column(0, "_src", element_ids(table["_src"], source))
    table = table.set_column(1, "_dst", element_ids(table["_dst"], target))
    # relationship ids: row number * number of files + the file's position (unique, stable)
    rows = pa.array(range(table.num_rows), LONG)
    ids = pc.add(pc.multiply(rows, len(RELATIONSHIP_FILES)), tag)
    return RelationshipSet(relationship_type(verb), source, target,
                           table.add_column(0, "_eid", ids))


def load_ldbc(directory: Path | None = None) -> LdbcData:
    directory = directory or data_directory()
    nodes = [node_set for kind in NODE_KINDS for node_set in load_nodes(directory, kind)]
    relationships = [load_relationships(directory, tag, *spec)
                     for tag, spec in enumerate(RELATIONSHIP_FILES)]
    return LdbcData(tuple(nodes), tuple(relationships))


def read_parameters(directory: Path, number: int) -> list[dict[str, object]]:
    """The rows of substitution_parameters/interactive_<number>_param.txt, numbers as ints."""
    lines = (directory / "substitution_parameters" / f"interactive_{number}_param.txt"
             ).read_text().splitlines()
    header = lines[0].split("|")
    return [{key: _number_or_text(value) for key, value in zip(header, line.split("|"))}
            for line in lines[1:] if line.strip()]


def _number_or_text(value: str) -> int | str:
    return int(value) if re.fullmatch(r"-?\d+", value) else value
