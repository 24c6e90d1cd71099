"""Dossiers never submitted: a draft, or a draft withdrawn before it was ever submitted.

Until it is submitted a dossier has no route orgs (the projection writes none, see
``workflows.status``), and it is its proposing org's only (contract §13): nobody else reads,
lists, exports or counts it, and statistics leave it out altogether. The ``scope_orgs`` trigger
and the statistics triggers (migrations 0016, 0024) hold the same rule inside PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, literal_column

from store.models import Dossier

# ``route_orgs <> '{}'`` rather than ``cardinality(route_orgs) > 0``: the planner estimates a
# comparison from the column's statistics (all but every row), a function call at a fixed third,
# and the lists' counts follow its estimate (store.repositories.listing).
SUBMITTED: ColumnElement[bool] = and_(
    Dossier.status != "draft", Dossier.route_orgs != literal_column("'{}'")
)


def never_submitted(status: str, route_orgs: Sequence[str]) -> bool:
    return status == "draft" or not route_orgs
