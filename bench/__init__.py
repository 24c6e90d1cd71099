"""Benchmarks of tdkt against bare Temporal: `python -m bench` (or `make bench`).

The harness starts its own stack (`python -m launcher dev`) in a temporary directory on free
ports, drives it only through the public HTTP contract (plus PostgreSQL for bulk data and
Temporal visibility for action counts), and writes `docs/benchmarks.md`.
"""
