"""The web UI: server-rendered pages (Jinja2 + htmx) over the same services as the JSON API."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import (
    admin_calendar_pages,
    admin_org_pages,
    admin_pages,
    attachment_pages,
    audit_pages,
    auth_pages,
    command_pages,
    dashboard_pages,
    dossier_pages,
    import_pages,
    inbox_pages,
    nomination_check,
    nomination_pages,
    notification_pages,
    objection_pages,
    oidc_pages,
    outbox_pages,
    paper_pages,
    public_pages,
    register_pages,
    registry_import,
    registry_pages,
)

router = APIRouter(include_in_schema=False)
# Order matters: /ho-so/moi must be matched before /ho-so/{dossier_id}.
for module in (
    auth_pages,
    oidc_pages,
    inbox_pages,
    nomination_pages,
    nomination_check,
    import_pages,
    dossier_pages,
    command_pages,
    attachment_pages,
    paper_pages,
    objection_pages,
    dashboard_pages,
    public_pages,
    audit_pages,
    admin_pages,
    admin_org_pages,
    admin_calendar_pages,
    outbox_pages,
    notification_pages,
    registry_pages,
    registry_import,
    register_pages,
):
    router.include_router(module.router)
