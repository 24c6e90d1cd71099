"""Sections of docs/benchmarks.md that separate runs write (`--scale`, `--scale-peak`): each sits
between its own markers and survives the runs that do not write it."""

from __future__ import annotations


def _marks(name: str) -> tuple[str, str]:
    return f"<!-- bench --{name}: begin -->", f"<!-- bench --{name}: end -->"


def block(document: str, name: str) -> str:
    """The `name` section of an existing report, markers included ('' when absent)."""
    begin, end = _marks(name)
    start, stop = document.find(begin), document.find(end)
    if start < 0 or stop < start:
        return ""
    return document[start : stop + len(end)]


def with_block(document: str, name: str, new: str) -> str:
    """`document` with its `name` section replaced by (or extended with) `new`."""
    old = block(document, name)
    if old:
        return document.replace(old, new)
    return document.rstrip("\n") + "\n\n" + new + "\n" if new else document


def wrap(name: str, section: str) -> str:
    begin, end = _marks(name)
    return f"{begin}\n{section}\n{end}"
