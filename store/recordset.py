"""Multi-row INSERTs that SQLAlchemy can cache: the rows travel as one JSONB parameter.

``insert(T).values([...])`` with a list of rows is never cached by SQLAlchemy: every call
compiles the whole statement again, and the worker's one-transaction commit (a dozen
data-modifying CTEs) spent about half of its CPU doing so. ``INSERT … SELECT … FROM
jsonb_to_recordset(:rows) AS r(col type, …)`` has the same shape whatever the number of rows,
so it is compiled once per process and then only bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, column, func, select
from sqlalchemy.dialects.postgresql import JSONB, Insert, insert
from sqlalchemy.orm import DeclarativeBase


def recordset_insert(
    model: type[DeclarativeBase], rows: Sequence[dict[str, Any]], *, name: str
) -> Insert:
    """``INSERT INTO <model> (<keys of the rows>) SELECT … FROM jsonb_to_recordset(:<name>)``.

    Every row has the same keys (the first row names the columns); ``name`` must be unique
    within the statement the insert ends up in (it names the parameter and the alias)."""
    table = model.__table__
    assert isinstance(table, Table)
    keys = list(rows[0])
    source = (
        func.jsonb_to_recordset(bindparam(name, value=list(rows), type_=JSONB))
        .table_valued(*(column(k, table.c[k].type) for k in keys))
        .render_derived(name=f"{name}_r", with_types=True)
    )
    return insert(model).from_select(keys, select(*(source.c[k] for k in keys)))
