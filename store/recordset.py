"""Multi-row INSERTs built once per shape: the rows travel as one JSONB parameter.

``insert(T).values([...])`` with a list of rows is never cached by SQLAlchemy: every call
compiles the whole statement again, and the worker's one-transaction commit (a dozen
data-modifying CTEs) spent about half of its CPU doing so. ``INSERT … SELECT … FROM
jsonb_to_recordset(:rows) AS r(col type, …)`` has the same shape whatever the number of rows.
The statements are also built once per process (their bind parameters carry no values): a
statement built per call still costs its construction and its cache key, a walk of the whole
tree (py-spy under ``make bench``: a fifth of the worker's CPU); a :class:`Write` pairs the
shared statement with the values of one execution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, column, func, select
from sqlalchemy.dialects.postgresql import JSONB, Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.dml import UpdateBase


@dataclass(frozen=True)
class Write:
    """A statement built once per shape, and the values of one execution of it."""

    statement: UpdateBase
    params: dict[str, Any] = field(default_factory=dict)

    async def execute(self, session: AsyncSession) -> Any:
        return await session.execute(self.statement, self.params)


def table_of(model: type[DeclarativeBase]) -> Table:
    """The mapped class's table, for Core statements: the ORM would read the parameters of an
    execution as the values of rows to insert."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def recordset_source(name: str, columns: Sequence[Any]) -> Any:
    """``jsonb_to_recordset(:<name>) AS <name>_r(col type, …)``; ``columns`` are ``column()``s."""
    return (
        func.jsonb_to_recordset(bindparam(name, type_=JSONB))
        .table_valued(*columns)
        .render_derived(name=f"{name}_r", with_types=True)
    )


def recordset_insert(model: type[DeclarativeBase], keys: Sequence[str], *, name: str) -> Insert:
    """``INSERT INTO <model> (<keys>) SELECT … FROM jsonb_to_recordset(:<name>)``.

    The rows are bound at execution (``{name: rows}``), each with exactly ``keys``; ``name``
    must be unique within the statement the insert ends up in (it names the parameter and the
    alias)."""
    table = table_of(model)
    source = recordset_source(name, [column(k, table.c[k].type) for k in keys])
    return insert(table).from_select(list(keys), select(*(source.c[k] for k in keys)))
