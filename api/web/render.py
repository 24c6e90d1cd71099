"""Jinja2 rendering with autoescaping, the gettext catalogues (Jinja2 i18n extension) and
display filters."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.authz import Principal
from api.legal_text import cite
from api.state import AppState
from api.web import once
from api.web.session import CSRF_FIELD, Visit, remember
from core import i18n
from core.i18n import Lang
from domain.calendar import VN_TZ
from domain.catalog import UnknownAward, default_catalog

TEMPLATES = Path(__file__).parent / "templates"


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy (Vietnamese usage, also fine in English); datetimes in Vietnam time."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date() if value.tzinfo else value.date()
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone(VN_TZ) if value.tzinfo else value
    return local.strftime("%H:%M %d/%m/%Y")


def fmt_day_time(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time (the day first, as in lists of messages)."""
    if value is None:
        return "—"
    local = value.astimezone(VN_TZ) if value.tzinfo else value
    return local.strftime("%d/%m/%Y %H:%M")


def fmt_vnd(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}".replace(",", ".") + " ₫"


def fmt_bytes(value: int | None) -> str:
    """File sizes: 812 B, 12,4 KB, 3,1 MB (decimal comma, Vietnamese usage)."""
    if value is None:
        return "—"
    if value < 1024:
        return f"{value} B"
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if value >= size or unit == "KB":
            return f"{value / size:.1f}".replace(".", ",") + f" {unit}"
    return f"{value} B"


def award_name(code: str, lang: Lang | None = None) -> str:
    """The award's name in the page's language; an unknown code is shown as itself."""
    try:
        rule = default_catalog().get(code)
    except UnknownAward:
        return code
    return rule.name_en if (lang or i18n.current_lang()) == "en" else rule.name_vi


def _gettext(msgid: str) -> str:
    return i18n.raw(msgid)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(i18n.current_lang()).ngettext(singular, plural, n)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: ``_("key", n=3)`` formats (and escapes) its values, like ``i18n.gettext``
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["pct"] = lambda ratio: i18n.fmt_percent(ratio)
    env.filters["num"] = lambda value: i18n.fmt_number(value)
    env.filters["d"] = fmt_date
    env.filters["dt"] = fmt_datetime
    env.filters["dmyhm"] = fmt_day_time
    env.filters["vnd"] = fmt_vnd
    env.filters["bytes"] = fmt_bytes
    env.globals["new_form_key"] = once.new_key  # a form's one-time token (`f.form_key`)
    return env


def lang_switch(request: Request, lang: Lang, form_page: str | None = None) -> str:
    """The address of the same page in the other language, always one a GET can show.

    A page reached by GET is itself, its other query parameters (filters, page) kept. A page
    answering a POSTed form (a refusal shown again) is the page the form belongs to
    (``form_page``: the dossier, the form's own GET address), else the local page that sent the
    form, else the inbox; the form's address itself may not answer a GET (405)."""
    other = "en" if lang == "vi" else "vi"
    if request.method in ("GET", "HEAD"):
        path, query = request.url.path, request.url.query
    else:
        target = urlsplit(form_page or local_referer(request) or "/")
        path, query = target.path or "/", target.query
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return path + "?" + urlencode([*params, ("lang", other)])


def local_referer(request: Request) -> str | None:
    """The path and query of the Referer when it is this site's page."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


def page(
    request: Request,
    template: str,
    *,
    state: AppState,
    visit: Visit,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` with the common context and set the visit's cookies."""
    i18n.set_lang(visit.lang)
    names: dict[str, str] = context.pop("org_names", None) or {}
    lang_url = lang_switch(request, visit.lang, context.pop("form_page", None))
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=visit.lang,
            csrf=visit.csrf,
            csrf_field=CSRF_FIELD,
            page_status=status_code,
            user=principal,
            path=request.url.path,
            lang_url=lang_url,
            award_name=award_name,
            cite=cite,
            org_name=lambda code: names.get(code, code) if code else "—",
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    )
    remember(response, visit, state)
    return response
