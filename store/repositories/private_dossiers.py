"""Dossiers never submitted: a draft, or a draft withdrawn before it was ever submitted.

Until it is submitted a dossier has no route orgs (the projection writes none, see
``workflows.status``), and it is its proposing org's only (contract §13): nobody else reads,
lists, exports or counts it, and statistics leave it out altogether. The ``scope_orgs`` trigger
and the statistics triggers (migrations 0016, 0024) hold the same rule inside PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, func

from store.models import Dossier

SUBMITTED: ColumnElement[bool] = and_(
    Dossier.status != "draft", func.cardinality(Dossier.route_orgs) > 0
)


def never_submitted(status: str, route_orgs: Sequence[str]) -> bool:
    return status == "draft" or not route_orgs
