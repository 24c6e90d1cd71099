"""The statements of the dossier list (contract §7): filters, scope, page, capped count.

Two shapes, the same rows in the same order (`created_at` newest first, then id):

* **A caller's scope without `q`** reads `dossier_scopes` (migration 0013): one narrow row per
  (org of the dossier's `scope_orgs`, dossier) holding the list keys and every filter column,
  `open_due_at` being `due_at` while the dossier is open. The page's keys come from a range of
  `(org_code, created_at DESC, dossier_id)` with the filters applied to its INCLUDE columns
  (index-only: page 20 skips 950 index entries, not 950 dossiers), the capped count from the
  filter's own `(org_code, <filter>, …)` index; then only the page's dossiers are read.
* **The admin filtering by `org_code`** reads that org's `dossier_scopes` rows the same way:
  the dossiers it proposed or is reviewing are all in its scope (`scope_orgs` holds the proposer
  and every route org, and a stage's org is always one of those), so the page and the counts
  stay on the narrow rows of one org instead of the wide rows of the whole table.
* **Everything else** (the admin, and any `q`) filters `dossiers` itself: the list-order and
  per-filter indexes of 0007 for the admin, the trigram index on the space-free `search_fold`
  for `q` (migration 0019) with the scope as a GIN-indexed containment test on the few
  candidate rows.

`org_code` is "proposed by, or now waiting at": an OR of two indexed columns. Its capped count
adds the two halves' capped counts and subtracts their overlap's (each reads its own index; one
count of the OR read every matching row of the table through a bitmap).

Both read the page's keys first and join the dossiers after (a deferred join): an OFFSET skips
keys, never whole rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)

from store.models import Dossier, DossierScope
from store.repositories import listing
from store.repositories.dossier_summaries import SUMMARY_COLUMNS
from store.repositories.listing import Cursor
from store.repositories.private_dossiers import SUBMITTED


@dataclass(frozen=True)
class ListFilter:
    status: str | None = None
    award_code: str | None = None
    level: str | None = None
    org_code: str | None = None
    overdue: bool | None = None
    q: str | None = None


# Literal SQL, not bound parameters: the partial indexes (migration 0007) are only usable when
# the planner sees these constants, also in a generic plan of a prepared statement.
OPEN = text("dossiers.status IN ('in_review', 'returned')")
NOT_OPEN = text("dossiers.status NOT IN ('in_review', 'returned')")


def visible_to(caller_org: str | None) -> ColumnElement[bool]:
    """Scope filter: proposed by the caller's subtree, or routed through the caller's org.

    `scope_orgs` holds the proposer org, its ancestors and the route orgs (a trigger fills it),
    so both halves are one GIN-indexed containment test.
    """
    if caller_org is None:  # every org's dossiers, but those never submitted are their org's
        return SUBMITTED
    return Dossier.scope_orgs.contains([caller_org])


def overdue_clause(overdue: bool) -> ColumnElement[bool]:
    """Overdue = open and past its due time (data, read through the partial `due_at` index)."""
    if overdue:
        return and_(OPEN, Dossier.due_at < func.now())
    return or_(NOT_OPEN, Dossier.due_at.is_(None), Dossier.due_at >= func.now())


SPACE, NOTHING = literal_column("' '", String), literal_column("''", String)

# "hs-2025-0000123", "HS-2025-00001": a dossier id, or its beginning past the year
ID_PREFIX = re.compile(r"HS-\d{4}-[0-9A-Z]{3,}")


def search_clause(q: str) -> ColumnElement[bool]:
    """Search: an id's beginning by id (a btree range), anything else by `text_clause`.

    Every `search_fold` starts with the dossier's id, and its common trigrams ("hs-", "202",
    …) are in every row: the trigram index answered an id in ~100 ms at a million rows, the id
    index answers it at once."""
    wanted = q.strip().upper()
    if ID_PREFIX.fullmatch(wanted):
        return Dossier.id.like(wanted + "%")
    return text_clause(q)


def text_clause(q: str) -> ColumnElement[bool]:
    """Accent- and case-insensitive substring search: `search_fold` holds `tdkt_fold(search_text)`
    (trigger) and the pattern is folded the same way.

    The trigram index is on `search_fold` without its spaces (migration 0019): a row containing
    the folded `q` contains it without spaces too, so that LIKE finds a superset through rare
    trigrams, and `strpos` (no index, a plain substring test) keeps exactly the rows containing
    the folded `q`. Both patterns are immutable expressions of the bound value, so the planner
    folds them into the constants it estimates and looks up trigrams with. `strpos(…) != 0`,
    not `> 0`: the planner takes `<>` as keeping nearly every row (`>` as a third), so the
    estimate of the matches stays the LIKE's, which decides how a search is counted."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = literal("%", String) + _spaceless(func.tdkt_fold(escaped)) + literal("%", String)
    return and_(
        _spaceless(Dossier.search_fold).like(pattern, escape="\\"),
        func.strpos(Dossier.search_fold, listing.folded(q)) != 0,
    )


def _spaceless(value: Any) -> ColumnElement[str]:
    """`replace(value, ' ', '')` with literal constants: the index expression of migration 0019,
    which the planner matches in any plan (bound constants only in a custom one)."""
    return func.replace(value, SPACE, NOTHING, type_=String)


def _filters(f: ListFilter) -> list[ColumnElement[bool]]:
    """Every filter but `org_code` (see `_org_halves`), as predicates on `dossiers`."""
    clauses: list[ColumnElement[bool]] = []
    if f.status is not None:
        clauses.append(Dossier.status == f.status)
    if f.award_code is not None:
        clauses.append(Dossier.award_code == f.award_code)
    if f.level is not None:
        clauses.append(Dossier.stage_level == f.level)
    if f.overdue is not None:
        clauses.append(overdue_clause(f.overdue))
    if f.q:
        clauses.append(search_clause(f.q))
    return clauses


def _org_halves(f: ListFilter, table: Any) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """`org_code`'s two halves on `table`: proposed by the org; now waiting at it."""
    return table.proposer_org == f.org_code, table.stage_org == f.org_code


def _with_org(base: ColumnElement[bool], f: ListFilter, table: Any) -> ColumnElement[bool]:
    if f.org_code is None:
        return base
    return and_(base, or_(*_org_halves(f, table)))


def list_where(*, caller_org: str | None, filters: ListFilter) -> ColumnElement[bool]:
    """The list's rows as a predicate on `dossiers` (whichever shape `list_statements` picks)."""
    return _with_org(and_(visible_to(caller_org), *_filters(filters)), filters, Dossier)


def scope_of(caller_org: str | None, filters: ListFilter) -> str | None:
    """The org whose `dossier_scopes` rows the list reads, or None when it reads `dossiers`:
    the caller's own scope, or for the admin (no scope) the `org_code` filter's org."""
    if filters.q:
        return None
    return caller_org if caller_org is not None else filters.org_code


def _scope_base(caller_org: str | None, f: ListFilter) -> ColumnElement[bool]:
    """The scope's rows with every filter but `org_code`, on `dossier_scopes`."""
    s = DossierScope
    scope = scope_of(caller_org, f)
    clauses: list[ColumnElement[bool]] = [s.org_code == scope]
    if caller_org is None:  # the admin, in the filter org's scope: not that org's drafts,
        clauses.append(s.status != "draft")  # nor the drafts it withdrew (never submitted)
        clauses.append(exists().where(Dossier.id == s.dossier_id, SUBMITTED))
    if f.status is not None:
        clauses.append(s.status == f.status)
    if f.award_code is not None:
        clauses.append(s.award_code == f.award_code)
    if f.level is not None:
        clauses.append(s.stage_level == f.level)
    if f.overdue is True:
        clauses.append(s.open_due_at < func.now())
    elif f.overdue is False:
        clauses.append(or_(s.open_due_at.is_(None), s.open_due_at >= func.now()))
    return and_(*clauses)


def scope_where(caller_org: str | None, f: ListFilter) -> ColumnElement[bool]:
    """`list_where` for a list without `q` read from a scope (`scope_of`), on `dossier_scopes`."""
    return _with_org(_scope_base(caller_org, f), f, DossierScope)


def uses_scopes(caller_org: str | None, filters: ListFilter) -> bool:
    return scope_of(caller_org, filters) is not None


def _base(caller_org: str | None, filters: ListFilter) -> tuple[ColumnElement[bool], Any]:
    """(predicate without `org_code`, table) of the list's rows."""
    if uses_scopes(caller_org, filters):
        return _scope_base(caller_org, filters), DossierScope
    return and_(visible_to(caller_org), *_filters(filters)), Dossier


def count_source(caller_org: str | None, filters: ListFilter) -> tuple[ColumnElement[bool], Any]:
    """(predicate, table) whose matching rows the list's `total` counts."""
    base, table = _base(caller_org, filters)
    return _with_org(base, filters, table), table


def _capped(base: ColumnElement[bool], table: Any, f: ListFilter, limit: int) -> Select[int]:
    if f.org_code is None:
        return listing.capped_count(base, table, limit)
    proposed, waiting = _org_halves(f, table)
    return listing.capped_count_of_either(base, proposed, waiting, table, limit)


def count_statement(
    caller_org: str | None, filters: ListFilter, limit: int = listing.EXACT_COUNT_LIMIT
) -> Select[int]:
    """The list's count capped at `limit` + 1: with `org_code`, from its two halves."""
    return _capped(*_base(caller_org, filters), filters, limit)


def list_statements(
    *,
    caller_org: str | None,
    filters: ListFilter,
    page: int,
    page_size: int,
    cursor: Cursor | None = None,
) -> tuple[Select[int], Select[Any]]:
    """The capped count and the page query of the list (one row more than the page, to see if
    another page follows). With a cursor the page starts after it (keyset), else at the offset."""
    base, table = _base(caller_org, filters)
    where = _with_org(base, filters, table)
    count = _capped(base, table, filters, listing.EXACT_COUNT_LIMIT)
    if table is DossierScope:
        ident, created = DossierScope.dossier_id, DossierScope.created_at
    else:
        ident, created = Dossier.id, Dossier.created_at
    keys = select(ident.label("id"), created.label("created_at")).where(where)
    keys = keys.order_by(created.desc(), ident)
    if cursor is not None:
        keys = keys.where(listing.after(cursor, created, ident))
    else:
        keys = keys.offset((page - 1) * page_size)
    found = keys.limit(page_size + 1).subquery("page_keys")
    page_stmt = (
        select(*SUMMARY_COLUMNS)
        .join(found, found.c.id == Dossier.id)
        .order_by(found.c.created_at.desc(), found.c.id)
    )
    return count, page_stmt
