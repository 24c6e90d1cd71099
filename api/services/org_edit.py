"""Editing an org (admin): its name, kind (units), document symbol and place name.

What an edit does not reach, by design:

* decision numbers already issued keep their text: a number is written into the dossier's
  decision when it is allocated (``store.repositories.decisions``); a new ``doc_symbol`` is used
  by the org's NEXT number, which goes on counting the same (org, year) sequence;
* dossiers already submitted keep their route: the route is planned from the org tree and its
  kinds at submission and stored with the dossier (and carried by its workflow); a new ``kind``
  only shapes the routes of dossiers submitted afterwards (drafts included);
* a signed quyết định keeps its bytes (it is stored as signed);
* the papers of a decided dossier (quyết định, annex, certificates, tờ trình, biên bản, signed
  or not) print the orgs and chairs the dossier was decided with (migration 0023,
  ``activities.snapshot``), except a dossier decided before that migration.

Papers of a dossier not decided yet print the org's current name, symbol and place name.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal, require_admin
from api.errors import Invalid, NotFound
from api.schemas.orgs import OrgOut, OrgUpdate
from api.services.orgs import get_org
from core.i18n import _
from domain.levels import Level
from domain.org_names import default_doc_symbol
from store.repositories import orgs
from store.repositories.audit import record_audit
from store.repositories.orgs import OrgRow


def _values(row: OrgRow, body: OrgUpdate) -> dict[str, str | None]:
    """The columns to write, each checked as at creation (``api.services.orgs``)."""
    sent = body.model_fields_set
    if not sent:  # an empty PATCH would be an UPDATE without columns
        raise Invalid.field("body", _("msg.nothing_to_change"))
    level = Level(row.level)
    values: dict[str, str | None] = {}
    if "name" in sent:
        if body.name is None:
            raise Invalid.field("name", _("msg.org_name_cannot_be_empty"))
        values["name"] = body.name
    if "kind" in sent:
        if level is not Level.unit:
            raise Invalid.field(
                "kind", _("msg.only_unit_orgs_have_a_kind", value=_(f"level.{level.value}"))
            )
        if body.kind is None:
            raise Invalid.field("kind", _("msg.org_kind_cannot_be_empty"))
        values["kind"] = body.kind.value
    if "doc_symbol" in sent:
        name = values.get("name") or row.name
        values["doc_symbol"] = body.doc_symbol or default_doc_symbol(row.code, level, name)
    if "locality" in sent:
        values["locality"] = body.locality  # None: derived again from the tree
    return values


async def update_org(
    *, session: AsyncSession, principal: Principal, code: str, body: OrgUpdate, ip: str
) -> OrgOut:
    require_admin(principal)
    row = await orgs.get(session=session, code=code)
    if row is None:
        raise NotFound(_("msg.org_code_not_found", code=code))
    values = _values(row, body)
    if not await orgs.update(session=session, code=row.code, values=values):
        raise NotFound(_("msg.org_code_not_found", code=code))
    target = f"{row.code} [{','.join(sorted(values))}]"
    await record_audit(session, principal.username, "org.updated", target, ip)
    await session.commit()
    return await get_org(session=session, code=row.code)
