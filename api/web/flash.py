"""One-time messages after a redirect ("Đã tạo đơn vị …", "Bạn đã đăng xuất.").

The redirecting handler leaves a catalogue msgid (``flash.*`` only) and its values in a short-
lived HttpOnly cookie; the next page words it in the visit's language, shows it once in a
``role="status"`` region and clears the cookie. Only ``flash.*`` msgids are accepted, and values
are escaped like every other template value, so a planted cookie cannot inject text or markup.
"""

from __future__ import annotations

import base64
import json
from typing import Final

from fastapi import Request, Response

from core import i18n

COOKIE: Final = "tdkt_flash"
PREFIX: Final = "flash."
MAX_VALUE: Final = 300


def leave(response: Response, msgid: str, values: dict[str, str], *, secure: bool) -> None:
    if not (msgid.startswith(PREFIX) and i18n.has(msgid)):
        raise ValueError(f"not a flash message of the catalogues: {msgid}")
    payload = json.dumps({"m": msgid, "v": {k: v[:MAX_VALUE] for k, v in values.items()}})
    token = base64.urlsafe_b64encode(payload.encode()).decode()
    response.set_cookie(
        COOKIE, token, max_age=120, httponly=True, samesite="lax", secure=secure, path="/"
    )


def take(request: Request) -> str:
    """The message left for this page, worded; empty when there is none or it is not ours."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 4000:
        return ""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        msgid, values = data["m"], data["v"]
    except (ValueError, KeyError, TypeError, RecursionError):  # a planted cookie: nested too deep
        return ""
    if not (isinstance(msgid, str) and msgid.startswith(PREFIX) and i18n.has(msgid)):
        return ""
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        return ""
    try:
        return i18n.gettext(msgid, **values)
    except (KeyError, ValueError):
        return ""


def clear(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")
