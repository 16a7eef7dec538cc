"""Element identity across graphs: id spaces and tags.

Every element id belongs to an *id space*: the ids a base graph was read with, or the ids
one CONSTRUCT (or union) allocated for the elements it created. Two elements are the same
element exactly when they have the same id in the same space, so a clone keeps its id and
its space, and elements of two unrelated graphs never compare equal even when their ids do.

Ids carry their space as a *tag*: the top bits of an integer id (``tag << TAG_SHIFT``, so
a base graph's ids, tag 0, are unchanged), a ``"<tag>\\x1f"`` prefix of a string id. A graph
records which space each of its tags stands for (``IdSpaces``). A query that reads several
graphs first gives every space it meets one tag (:func:`assign_tags`); graphs whose tags
mean other spaces there are *retagged* (an id rewrite, see the backend) before they are
read. Retagging is a bijection, so ids stay distinct within a graph, and elements of
different spaces get different tags, so they never collide. Integer ids of base graphs
that are combined with other graphs must lie in [0, 2**48).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import GraphError

TAG_SHIFT = 48
MAX_TAG = (1 << (63 - TAG_SHIFT)) - 1  # integer ids stay positive
STRING_TAG_SEPARATOR = "\x1f"


class IdSpace:
    """One id space (compared by identity). ``origin`` only names it in messages."""

    __slots__ = ("origin",)

    def __init__(self, origin: str = ""):
        self.origin = origin

    def __repr__(self) -> str:
        return f"IdSpace({self.origin!r})"


# tag -> the space ids with that tag belong to.
IdSpaces = Mapping[int, IdSpace]


def base_spaces(origin: str = "graph") -> dict[int, IdSpace]:
    """The spaces of a graph read from tables: all its ids are in one new space, tag 0."""
    return {0: IdSpace(origin)}


def derived_spaces(spaces: IdSpaces) -> dict[int, IdSpace]:
    """The spaces of a graph an updating query made from one with ``spaces``. Its new
    elements took ids in the old spaces, and another query on the same graph may have
    taken the same ids for other elements: so the derived graph's spaces are new ones
    (it never shares elements with its origin, and never collides with a sibling)."""
    return {tag: IdSpace(f"{space.origin}+") for tag, space in spaces.items()}


def first_id(tag: int) -> int:
    """The first integer id of ``tag``'s range."""
    return tag << TAG_SHIFT


@dataclass(frozen=True)
class TagAssignment:
    """The tags one query uses. ``retags[i]`` maps old tag -> new tag for the i-th graph
    (identity entries left out); ``spaces`` is every space with its tag in the query."""

    retags: tuple[dict[int, int], ...]
    spaces: dict[int, IdSpace]

    def free_tag(self) -> int:
        """A tag no space of the query uses (for the elements the query creates)."""
        return _smallest_free(set(self.spaces))


def assign_tags(graphs: Sequence[IdSpaces]) -> TagAssignment:
    """Gives every space of ``graphs`` one tag: a space keeps the tag it has in the first
    graph that holds it when that tag is still free, and gets the smallest free tag
    otherwise. The same space gets the same tag in every graph (clones stay the same
    element); different spaces get different tags (no collisions)."""
    tag_of: dict[IdSpace, int] = {}
    used: set[int] = set()
    for spaces in graphs:
        for tag, space in sorted(spaces.items()):
            if space not in tag_of and tag not in used:
                tag_of[space] = tag
                used.add(tag)
        for _, space in sorted(spaces.items()):
            if space not in tag_of:
                tag_of[space] = _smallest_free(used)
                used.add(tag_of[space])
    retags = tuple(
        {tag: tag_of[space] for tag, space in spaces.items() if tag_of[space] != tag}
        for spaces in graphs
    )
    return TagAssignment(retags, {tag: space for space, tag in tag_of.items()})


def shared_spaces(a: IdSpaces, b: IdSpaces) -> bool:
    """Whether two graphs may hold the same elements (they share an id space)."""
    return bool(set(a.values()) & set(b.values()))


def retagged_spaces(spaces: IdSpaces, retag: Mapping[int, int]) -> dict[int, IdSpace]:
    """A graph's spaces after its ids moved from tag ``t`` to ``retag[t]``."""
    return {retag.get(tag, tag): space for tag, space in spaces.items()}


def merge_spaces(graphs: Iterable[IdSpaces], retags: Sequence[Mapping[int, int]]):
    """The spaces of a graph combining ``graphs`` after retagging."""
    out: dict[int, IdSpace] = {}
    for spaces, retag in zip(graphs, retags, strict=True):
        out.update(retagged_spaces(spaces, retag))
    return out


def _smallest_free(used: set[int]) -> int:
    tag = 0
    while tag in used:
        tag += 1
    if tag > MAX_TAG:
        raise GraphError(f"a query can combine at most {MAX_TAG + 1} id spaces")
    return tag
