"""The resubmission panel's nominee table (contract §7: a resubmission may carry new nominees).

The panel shows the dossier's nominees (those no level dropped) as the new-nomination form's
rows, with the same cells; what it posts back becomes the resubmission's ``nominees`` through the
same payload as the create (:func:`api.web.forms.nominee_payload`), judged by the API's schema and
service. A table posted back as it was shown sends no nominees: the dossier keeps its own (and
their ids), as a JSON resubmission without ``nominees`` does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from api.services.nominees import standing
from api.web.forms import nominee_payload, nominee_rows, page_key
from api.web.nomination_pages import ROW_FIELD, row_cell
from store.repositories.dossiers import NomineeRow

DEFAULT_RATING = "HTXS"  # the rating the form's select shows first (the declared history)
PANEL = "resubmit"
PANEL_FIELDS = ("comment", "summary")


def form_row(n: NomineeRow) -> dict[str, Any]:
    """A stored nominee as the row the form would post for it, unchanged."""
    return {
        "name": n.name,
        "position": n.title or "",
        "kind": n.kind,
        "gender": n.gender or "",
        "direct": n.is_direct_worker,
        "rating": DEFAULT_RATING,
        "birth_date": n.birth_date.isoformat() if n.birth_date else "",
        "identity_number": n.identity_number or "",
        "initiative_ids": ", ".join(str(i) for i in n.initiative_ids),
        "ethnic": "1" if n.ethnic_minority else "",
    }


async def shown_rows(session: AsyncSession, dossier_id: str) -> list[dict[str, Any]]:
    nominees, _ = await standing(session, dossier_id)
    return [form_row(n) for n in nominees]


def posted_rows(form: FormData) -> list[dict[str, Any]] | None:
    """The table's rows as posted; None when the post has no table (a client that only sends
    the comment and the summary)."""
    return nominee_rows(form) if "nominee_count" in form else None


async def nominees_payload(
    session: AsyncSession, dossier_id: str, rows: list[dict[str, Any]] | None
) -> list[dict[str, Any]] | None:
    """The resubmission's ``nominees``: None when the table is absent or posted unchanged; a
    row's rating is its declared history for the year the dossier is judged for."""
    if rows is None:
        return None
    nominees, year = await standing(session, dossier_id)
    if rows == [form_row(n) for n in nominees]:
        return None
    return [nominee_payload(row, year) for row in rows]


def page_errors(errors: dict[str, str]) -> dict[str, str]:
    """The panel's errors (API fields) under the dossier page's keys: a nominee's cell by the
    table's own key (``nominees-1-identity_number``, as on the new-nomination form), the list's
    own message as ``nominees``, the comment and summary as ``resubmit-…``, anything else the
    panel's own message (``resubmit``)."""
    found: dict[str, str] = {}
    for field, message in errors.items():
        key = row_cell(page_key(field).replace(".", "-")) if field else ""
        if key in PANEL_FIELDS:
            key = f"{PANEL}-{key}"
        elif not (key == "nominees" or ROW_FIELD.fullmatch(key)):
            key = PANEL
        found[key] = f"{found[key]}; {message}" if key in found else message
    return found
