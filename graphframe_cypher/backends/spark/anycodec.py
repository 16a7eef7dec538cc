"""Order-preserving string encoding of Cypher values (pure Python, no Spark).

Composite values (lists, maps, nodes, relationships, paths) held in a column of dynamic
type (``ANY``, see ``representation.py``) are stored as one string produced by
:func:`encode`. The encoding is *memcomparable*: comparing two encodings as strings (by code
point, which is what Spark does when it compares UTF-8 bytes) gives Cypher's global sort
order of the values (the ORDER BY order), and two values are equal (for grouping and
DISTINCT) exactly when their encodings are equal. :func:`decode` restores the value.

Layout (each value starts with a one-character tag ordered like the type ranks of Cypher's
global order, ``representation.TYPE_RANK``):

============  ======  ==============================================================
type          tag     body
============  ======  ==============================================================
MAP           ``A``   per key in sorted order: ``"`` key-string value; then ``!``
NODE          ``B``   id, then labels (a LIST of sorted strings) and properties (MAP)
RELATIONSHIP  ``C``   id, then type (STRING), start id, end id, properties (MAP)
LIST          ``D``   the elements, then ``!``
PATH          ``E``   node, rel, node, ... then ``!``
STRING        ``L``   the characters, ``\\x00`` escaped as ``\\x00\\x02``; then ``\\x00\\x01``
BOOLEAN       ``M``   ``0`` or ``1``
NUMBER        ``N``   16 hex digits of the order-transformed IEEE-754 bits of the value
                      as a double, then ``f`` for a float or ``i`` + 16 hex digits of
                      the integer + 2**63 (exact, so big integers keep their value and
                      order)
null          ``~``   (only inside lists/maps: sorts after every value, as in Cypher)
============  ======  ==============================================================

Why it orders correctly: the end marker ``!`` is lower than every tag (a shorter list or
map sorts first); the string terminator ``\\x00\\x01`` is lower than any escaped character;
map keys are prefixed with ``"`` (> ``!``) so the end of a map sorts before any key; the
number bits are transformed (sign bit flipped for positives, all bits flipped for
negatives) so their unsigned order is the numeric order; NaN is canonicalised to one
pattern that sorts above +Infinity and -0.0 to 0.0. Nodes and relationships sort by id;
the data after the id is only there to decode the value.

This module also implements Cypher's equality and comparison on Python values
(:func:`equals`, :func:`compare`), used by the vectorized UDFs that handle composite
``ANY`` values, and by the tests as the reference semantics.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from ...temporal.values import CLASS_OF_KIND, PHYSICAL_FIELDS, is_temporal
from ...values import Node, Path, Relationship

TAG_MAP, TAG_NODE, TAG_REL, TAG_LIST, TAG_PATH = "A", "B", "C", "D", "E"
TAG_STRING, TAG_BOOLEAN, TAG_NUMBER, TAG_NULL = "L", "M", "N", "~"
END = "!"
KEY = '"'
# Temporal values: their physical fields (temporal/values.py) in order, integers as 16 hex
# digits of value + 2**63 (unsigned order == signed order), the zone name as a string.
TEMPORAL_TAGS = {
    "DATETIME": "F",
    "LOCALDATETIME": "G",
    "DATE": "H",
    "TIME": "I",
    "LOCALTIME": "J",
    "DURATION": "K",
}
STR_END = "\x00\x01"
STR_ESC = "\x00\x02"

_SIGN = 1 << 63
_MASK = (1 << 64) - 1
_CANONICAL_NAN = 0x7FF8000000000000


# ----------------------------------------------------------------------------- encode


def encode(value: Any) -> str:
    """The order-preserving string of a Cypher value."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def _encode(v: Any, out: list[str]) -> None:
    if v is None:
        out.append(TAG_NULL)
    elif isinstance(v, bool):
        out.append(TAG_BOOLEAN + ("1" if v else "0"))
    elif isinstance(v, (int, float)):
        out.append(TAG_NUMBER + encode_number(v))
    elif isinstance(v, str):
        out.append(TAG_STRING + _escape(v))
    elif isinstance(v, (list, tuple)):
        out.append(TAG_LIST)
        for item in v:
            _encode(item, out)
        out.append(END)
    elif isinstance(v, dict):
        _encode_map(v, out)
    elif isinstance(v, Node):
        out.append(TAG_NODE)
        _encode(v.id, out)
        _encode(sorted(v.labels), out)
        _encode_map(v.properties, out)
    elif isinstance(v, Relationship):
        out.append(TAG_REL)
        for part in (v.id, v.type, v.start_node_id, v.end_node_id):
            _encode(part, out)
        _encode_map(v.properties, out)
    elif isinstance(v, Path):
        out.append(TAG_PATH)
        for i, node in enumerate(v.nodes):
            if i:
                _encode(v.relationships[i - 1], out)
            _encode(node, out)
        out.append(END)
    elif is_temporal(v):
        out.append(TEMPORAL_TAGS[v.KIND])
        for value in v.physical().values():
            out.append(_escape(value) if isinstance(value, str) else encode_int(value))
    else:
        raise TypeError(f"cannot encode {type(v).__name__} as a Cypher value")


def _encode_map(m: dict, out: list[str]) -> None:
    out.append(TAG_MAP)
    for key in sorted(m):
        out.append(KEY + _escape(str(key)))
        _encode(m[key], out)
    out.append(END)


def _escape(s: str) -> str:
    return s.replace("\x00", STR_ESC) + STR_END


def double_order_bits(x: float) -> int:
    """The IEEE-754 bits of ``x`` transformed so that unsigned order == numeric order."""
    if x != x:
        bits = _CANONICAL_NAN
    else:
        if x == 0.0:
            x = 0.0  # -0.0 == 0.0 in Cypher
        bits = struct.unpack(">Q", struct.pack(">d", x))[0]
    return bits ^ _MASK if bits & _SIGN else bits | _SIGN


def encode_int(v: int) -> str:
    return f"{v + _SIGN:016x}"


def encode_number(v: int | float) -> str:
    if isinstance(v, int):
        if not -_SIGN <= v < _SIGN:
            raise OverflowError("integer out of the 64-bit range")
        return f"{double_order_bits(float(v)):016x}i{v + _SIGN:016x}"
    return f"{double_order_bits(v):016x}f"


# ----------------------------------------------------------------------------- decode


def decode(s: str) -> Any:
    value, pos = _decode(s, 0)
    if pos != len(s):
        raise ValueError(f"trailing data in encoded value at {pos}")
    return value


def _decode(s: str, pos: int) -> tuple[Any, int]:
    tag = s[pos]
    return _DECODERS[tag](s, pos + 1)


def _dec_null(s, pos):
    return None, pos


def _dec_bool(s, pos):
    return s[pos] == "1", pos + 1


def _dec_number(s, pos):
    bits = int(s[pos : pos + 16], 16)
    pos += 16
    if s[pos] == "i":
        return int(s[pos + 1 : pos + 17], 16) - _SIGN, pos + 17
    raw = bits ^ _SIGN if bits & _SIGN else bits ^ _MASK
    return struct.unpack(">d", struct.pack(">Q", raw))[0], pos + 1


def _dec_string(s, pos):
    chunks = []
    while True:
        j = s.index("\x00", pos)
        chunks.append(s[pos:j])
        if s[j + 1] == "\x01":
            return "".join(chunks), j + 2
        chunks.append("\x00")
        pos = j + 2


def _dec_list(s, pos):
    items = []
    while s[pos] != END:
        item, pos = _decode(s, pos)
        items.append(item)
    return items, pos + 1


def _dec_map(s, pos):
    m = {}
    while s[pos] != END:
        key, pos = _dec_string(s, pos + 1)  # skip the KEY prefix
        m[key], pos = _decode(s, pos)
    return m, pos + 1


def _dec_node(s, pos):
    id_, pos = _decode(s, pos)
    labels, pos = _decode(s, pos)
    props, pos = _decode(s, pos)
    return Node(id_, labels, _without_nulls(props)), pos


def _dec_rel(s, pos):
    parts = []
    for _ in range(5):
        part, pos = _decode(s, pos)
        parts.append(part)
    id_, type_, src, dst, props = parts
    return Relationship(id_, type_, src, dst, _without_nulls(props)), pos


def _dec_path(s, pos):
    items, pos = _dec_list(s, pos)
    return Path(items[0::2], items[1::2]), pos


def _without_nulls(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def _temporal_decoder(kind: str):
    fields = PHYSICAL_FIELDS[kind]

    def decode_temporal(s, pos):
        physical = {}
        for name, field_kind in fields:
            if field_kind == "string":
                physical[name], pos = _dec_string(s, pos)
            else:
                physical[name] = int(s[pos : pos + 16], 16) - _SIGN
                pos += 16
        return CLASS_OF_KIND[kind].from_physical(physical), pos

    return decode_temporal


_DECODERS = {
    TAG_NULL: _dec_null,
    TAG_BOOLEAN: _dec_bool,
    TAG_NUMBER: _dec_number,
    TAG_STRING: _dec_string,
    TAG_LIST: _dec_list,
    TAG_MAP: _dec_map,
    TAG_NODE: _dec_node,
    TAG_REL: _dec_rel,
    TAG_PATH: _dec_path,
    **{tag: _temporal_decoder(kind) for kind, tag in TEMPORAL_TAGS.items()},
}


# ------------------------------------------------------------- Cypher semantics in Python


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "BOOLEAN"
    if isinstance(v, (int, float)):
        return "NUMBER"
    if isinstance(v, str):
        return "STRING"
    if isinstance(v, (list, tuple)):
        return "LIST"
    if isinstance(v, dict):
        return "MAP"
    if isinstance(v, Node):
        return "NODE"
    if isinstance(v, Relationship):
        return "RELATIONSHIP"
    if isinstance(v, Path):
        return "PATH"
    if is_temporal(v):
        return v.KIND
    return "OTHER"


def equals(a: Any, b: Any) -> bool | None:
    """Cypher ``a = b``: None (null) when the answer depends on a null."""
    if a is None or b is None:
        return None
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return False
    if ka == "LIST":
        if len(a) != len(b):
            return False
        return _all3(equals(x, y) for x, y in zip(a, b, strict=False))
    if ka == "MAP":
        if set(a) != set(b):
            return False
        return _all3(equals(a[k], b[k]) for k in a)
    if ka in ("NODE", "RELATIONSHIP"):
        return a.id == b.id
    if ka == "PATH":
        return [n.id for n in a.nodes] == [n.id for n in b.nodes] and [
            r.id for r in a.relationships
        ] == [r.id for r in b.relationships]
    return a == b  # numbers (NaN != NaN), strings, booleans


def _all3(results) -> bool | None:
    """Three-valued AND of an iterable: False wins over null, null over True."""
    saw_null = False
    for r in results:
        if r is False:
            return False
        if r is None:
            saw_null = True
    return None if saw_null else True


def contains(lst: list | None, x: Any) -> bool | None:
    """Cypher ``x IN lst``."""
    if lst is None:
        return None
    saw_null = False
    for item in lst:
        r = equals(x, item)
        if r is True:
            return True
        if r is None:
            saw_null = True
    return None if saw_null else False


class _NaN:
    """Marker result of :func:`compare` when a NaN is involved: every ordering predicate
    is false (not null)."""


NAN = _NaN()


def compare(a: Any, b: Any):
    """Cypher comparability for ``<``, ``<=``, ``>``, ``>=``: -1/0/1, None when the values
    are incomparable (or null), :data:`NAN` when a NaN makes every predicate false."""
    if a is None or b is None:
        return None
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return None
    if ka == "NUMBER":
        if a != a or b != b:
            return NAN
        return (a > b) - (a < b)
    if ka in ("STRING", "BOOLEAN"):
        return (a > b) - (a < b)
    if ka in TEMPORAL_TAGS and ka != "DURATION":
        x, y = encode(a), encode(b)
        return (x > y) - (x < y)
    if ka == "LIST":
        for x, y in zip(a, b, strict=False):
            c = compare(x, y)
            if c is None or c is NAN:
                return c
            if c:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    return None  # maps, nodes, relationships, paths: not comparable with < in Cypher 9


_PREDICATES = {
    "lt": lambda c: c < 0,
    "le": lambda c: c <= 0,
    "gt": lambda c: c > 0,
    "ge": lambda c: c >= 0,
}


def compare_op(op: str, a: Any, b: Any) -> bool | None:
    """``a <op> b`` for op in lt/le/gt/ge with Cypher's null and NaN rules."""
    c = compare(a, b)
    if c is None:
        return None
    if c is NAN:
        return False
    return _PREDICATES[op](c)


def order_key(value: Any) -> str:
    """The ORDER BY key of a value (null sorts last: the highest key)."""
    return encode(value)


def is_finite_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
