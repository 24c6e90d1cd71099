"""What a dossier command did, in words, for the page after it: "Đã gửi hồ sơ HS-… đến UBND
huyện Tiên Du; hạn xử lý 12/01/2027". Worded from the committed state the service answered
with (its status, open stage, due date, decision), naming orgs, never codes."""

from __future__ import annotations

from fastapi.responses import Response

from api.schemas.dossier_views import DossierOut
from api.web.context import Web
from api.web.render import fmt_date

# the command → the msgid when the dossier went on to the open stage's org
ONWARD = {
    "create": "flash.sent",
    "submit": "flash.sent",
    "approve": "flash.forwarded",
    "resubmit": "flash.resubmitted",
    "extend": "flash.extended",
}


def notice(action: str, d: DossierOut, names: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The flash msgid and its values for `action` ending in the state `d`."""
    values = {"id": d.id, "org": names.get(d.proposer_org, d.proposer_org)}
    stage = d.stage
    if stage is not None:
        values["due"] = fmt_date(d.posting_ends_at or stage.due_at)
    if d.status == "decided" and d.decision is not None:
        values.update(number=d.decision.number, date=fmt_date(d.decision.date))
        return "flash.decided", values
    if d.status in ("draft", "rejected", "withdrawn", "expired"):
        return f"flash.{d.status}", values
    if d.status == "returned":
        msgid = "flash.extended_returned" if action == "extend" else "flash.returned"
        return msgid, values
    if stage is None:  # not expected for a dossier in review; say only that it was recorded
        return "flash.recorded", values
    values["org"] = names.get(stage.org_code, stage.org_code)
    if stage.phase == "public_posting" and action != "extend":
        return "flash.posting", values
    return ONWARD.get(action, "flash.recorded"), values


async def to_dossier(web: Web, action: str, d: DossierOut, anchor: str = "") -> Response:
    """303 to the dossier's page, which then says what `action` did and where the dossier is."""
    codes = [d.proposer_org, d.stage.org_code if d.stage else None]
    await web.name_orgs(codes)
    msgid, values = notice(action, d, web.names)
    return web.redirect(f"/ho-so/{d.id}{anchor}", notice=msgid, **values)
