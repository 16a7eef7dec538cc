"""Benchmarks of graphframe-cypher against hand-written DataFrame code (see bench/README.md)."""
