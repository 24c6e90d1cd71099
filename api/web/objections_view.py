"""What the dossier page and the inbox show of objections (contract §15): the route's orgs
read them; the chair of the org that posted the dossier resolves the open ones."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import Forbidden
from api.schemas.dossier_views import DossierOut
from api.schemas.public import ObjectionItem
from api.services import objections


@dataclass(frozen=True)
class ObjectionsView:
    dossier_id: str
    items: list[ObjectionItem]
    resolvable: frozenset[str]  # references the caller (the posting org's chair) may resolve

    @property
    def open(self) -> list[ObjectionItem]:
        return [o for o in self.items if o.status == "open"]


def may_resolve(user: Principal, item: ObjectionItem) -> bool:
    return "chair" in user.roles and item.org_code == user.org_code and item.status == "open"


async def objections_view(
    session: AsyncSession, user: Principal, d: DossierOut
) -> ObjectionsView | None:
    try:  # the orgs on the route read them (the proposer and the stages' orgs): the API decides
        found = await objections.list_for(session=session, principal=user, dossier_id=d.id)
    except Forbidden:
        return None
    if not found.items:
        return None
    mine = frozenset(o.reference for o in found.items if may_resolve(user, o))
    return ObjectionsView(d.id, found.items, mine)


async def inbox_objections(
    session: AsyncSession, user: Principal, dossier_ids: list[str]
) -> list[ObjectionsView]:
    """The open objections the caller may resolve, per dossier of the inbox that has any."""
    if "chair" not in user.roles:
        return []
    views = []
    for dossier_id in dossier_ids:
        found = await objections.list_for(session=session, principal=user, dossier_id=dossier_id)
        mine = [o for o in found.items if may_resolve(user, o)]
        if mine:
            views.append(ObjectionsView(dossier_id, mine, frozenset(o.reference for o in mine)))
    return views
