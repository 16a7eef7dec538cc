"""Smoke test of bench/social.py: the benchmark compares like with like.

On a tiny generated social graph (200 KNOWS relationships, 20 persons, with hubs and parallel
relationships) every benchmark query must give the same rows as Cypher and as its
hand-written DataFrame baseline (compared as sorted lists of tuples, and in order for queries
with ORDER BY). The baselines are also checked against a brute-force Python enumeration of
the Cypher pattern matches (relationship uniqueness, multigraph, trails for var-length), so a
baseline and an engine that were wrong the same way would still be caught.

No timing is asserted anywhere.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import social  # noqa: E402
from bench.datagen import cache_and_materialize, generate_social  # noqa: E402
from bench.queries import QUERIES, choose_parameters  # noqa: E402

TINY = 200  # KNOWS relationships (20 persons)


@pytest.fixture(scope="module")
def tiny(spark):
    persons, knows = cache_and_materialize(*generate_social(spark, TINY))
    parameters = choose_parameters(persons, knows)
    yield persons, knows, parameters
    persons.unpersist()
    knows.unpersist()


@pytest.fixture(scope="module")
def tiny_graph(cypher_session, tiny):
    persons, knows, _ = tiny
    return social.build_graph(cypher_session, persons, knows)


# -- a brute-force reference: enumerate the pattern matches in Python -----------------------


def reference(name: str, persons, knows, p) -> list[tuple]:
    node = {r["id"]: r for r in persons.collect()}
    rels = [(r["id"], r["src"], r["dst"]) for r in knows.collect()]
    out = defaultdict(list)
    for rel in rels:
        out[rel[1]].append(rel)

    if name == "1-hop":
        return [(node[s]["name"], node[d]["name"])
                for _, s, d in rels if node[s]["city"] == p["city"]]
    if name == "2-hop":
        fof = defaultdict(set)
        for r1, a, b in rels:
            if node[a]["age"] >= p["maxStartAge"]:
                continue
            for r2, _, c in out[b]:
                if r2 != r1 and node[c]["age"] > p["minAge"] and c != a:
                    fof[node[a]["name"]].add(c)
        return [(person, len(cs)) for person, cs in fof.items()]
    if name == "triangles":
        count = 0
        for r1, a, b in rels:
            for r2, _, c in out[b]:
                for r3, _, back in out[c]:
                    if back == a and len({r1, r2, r3}) == 3:
                        count += 1
        return [(count,)]
    if name == "by-city":
        ages = defaultdict(list)
        for _, s, d in rels:
            ages[node[s]["city"]].append(node[d]["age"])
        return [(city, len(a), round(sum(a) / len(a), 9)) for city, a in sorted(ages.items())]
    if name == "top-k":
        incoming = Counter(node[d]["name"] for _, _, d in rels)
        ranked = sorted(incoming.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[: p["k"]]
    if name == "varlength":
        ends = set()

        def walk(at, used, depth):  # trails: no relationship twice
            for rel, _, nxt in out[at]:
                if rel not in used:
                    ends.add(nxt)
                    if depth < 3:
                        walk(nxt, used | {rel}, depth + 1)

        walk(p["x"], frozenset(), 1)
        return [(len(ends),)]
    if name in ("varlength-6", "reachable"):
        # Trails are too many to list at 6 hops; the nodes they reach are those of walks
        # (the 3-hop case above checks that on trails).
        hops = 6 if name == "varlength-6" else len(node)
        ends, frontier = set(), {p["x"]}
        for _ in range(hops):
            frontier = {nxt for at in frontier for _, _, nxt in out[at]} - ends
            ends |= frontier
        return [(len(ends),)]
    raise AssertionError(f"no reference for {name}")


def _sorted(rows):
    return sorted(rows, key=repr)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_baseline_matches_reference(tiny, query):
    persons, knows, parameters = tiny
    expected = reference(query.name, persons, knows, parameters)
    actual = social.baseline_rows(query.baseline(persons, knows, parameters))
    assert expected, "the tiny graph should give a non-empty answer"
    assert _sorted(actual) == _sorted(expected)
    if query.ordered:
        assert actual == expected


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_cypher_matches_baseline(tiny, tiny_graph, query):
    persons, knows, parameters = tiny
    expected = social.baseline_rows(query.baseline(persons, knows, parameters))
    assert expected, "the tiny graph should give a non-empty answer"
    try:
        result = tiny_graph.cypher(query.cypher, parameters=parameters)
        actual = social.cypher_rows(result)
    except Exception as exc:  # noqa: BLE001
        if query.optional and social._is_unsupported(exc):
            pytest.skip(f"{query.name}: {social.NOT_SUPPORTED} ({exc})")
        raise
    assert _sorted(actual) == _sorted(expected)
    if query.ordered:
        assert actual == expected


def test_benchmark_script_runs(spark, tmp_path):
    """The whole script path (generate, cache, verify, time, report) on the tiny size, for a
    supported query and the optional var-length one (the others are checked above)."""
    output = tmp_path / "bench-social.json"
    names = ["1-hop", "varlength"]
    report = social.run_benchmark(spark, [TINY], repeat=1, include_varlength=True,
                                  query_names=names, output=output)
    written = json.loads(output.read_text())
    assert written["sizes"] == [TINY]
    by_name = {r["query"]: r for r in written["results"]}
    assert sorted(by_name) == sorted(names)
    for q in (q for q in QUERIES if q.name in names):
        row = by_name[q.name]
        assert row["baseline_ms"] is not None
        if q.optional and row["status"] == social.NOT_SUPPORTED:
            continue
        assert row["status"] == "ok", row["error"]
        assert row["match"] is True
        assert row["cypher_ms"] is not None and row["compile_ms"] is not None
        assert row["ratio"] is not None
    assert social.format_table(report["results"]).count("\n") == len(names) + 1
