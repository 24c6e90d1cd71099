"""One-time form tokens: a form that creates or changes something through a dossier or round
command carries a hidden ``form_key``, a fresh random token each time a page renders it. Its
POST handler sends the token as the command's ``Idempotency-Key`` (the JSON API's, contract
§2), so the same rendered form posted twice (a double click, a resend) has one effect and both
posts get the first answer: the same dossier, the same notice.

* A post without the field (a page rendered before this, a script) runs without a key, as
  before; a value not of our making is refused by name (422), like a repeated field.
* A refused post changed nothing: the form shown again carries a fresh token. When the outcome
  is not known (the engine was unavailable, 503, or the first post of the form was still
  running, 409 in progress) the form keeps the post's token, so sending it again is still
  applied at most once.
* A post that finds the first post of its form still running waits for its answer, as any
  keyed request does (``api.services.idempotency.IN_FLIGHT_WAIT``).
"""

from __future__ import annotations

import re
import secrets
from typing import Final

from starlette.datastructures import FormData

from api.errors import AppError, Invalid
from api.services.idempotency import InProgress
from api.web.forms import single
from core.i18n import _

FIELD: Final = "form_key"
TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{16,128}")  # what new_key makes, with room to change


def new_key() -> str:
    """A fresh token (the templates' ``new_form_key()``, through ``f.form_key(kept)``)."""
    return secrets.token_urlsafe(24)


def posted_key(form: FormData) -> str | None:
    """The token the form was rendered with, None when the post has none (run without a key).
    A repeated or malformed one is refused by name (422): which request it meant cannot be told."""
    if FIELD not in form:
        return None
    value = single(form, FIELD)
    if not TOKEN.fullmatch(value):
        raise Invalid.field(FIELD, _("form.key_invalid"))
    return value


def kept(exc: AppError, key: str | None) -> str:
    """The token the form shown after refusal ``exc`` carries: the post's own when what the
    post did is not known, else "" (a fresh one: the refused post changed nothing)."""
    unknown = exc.status == 503 or isinstance(exc, InProgress)
    return (key or "") if unknown else ""
