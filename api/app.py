"""The FastAPI application factory: `create_app(settings)`; nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api import web
from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.openapi import install_openapi
from api.params import text_params
from api.routers import (
    attachments,
    auth,
    documents,
    dossiers,
    health,
    notifications,
    objections,
    orgs,
    outbox,
    public,
    reference,
    registry,
    rounds,
    security,
    signing,
    stats,
)
from api.state import AppState, Metrics
from api.web import rounds as web_rounds
from api.web.assets import mount_assets
from api.web.error_pages import html_error
from core import i18n
from core.settings import Settings
from store.db import make_engine, make_read_sessionmaker, make_sessionmaker

DESCRIPTION = """
tdkt carries nomination dossiers (hồ sơ đề nghị khen thưởng) from the proposing unit up the chain
of emulation & commendation councils to a decision. Errors are `application/problem+json`.
"""


def create_app(settings: Settings) -> FastAPI:
    if settings.database_url is None:
        raise RuntimeError("TDKT_DATABASE_URL is not set")
    database_url = settings.database_url
    i18n.load()  # a broken catalogue stops the start, not a request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(database_url, pool_size=settings.db_pool_size)
        app.state.tdkt = AppState(
            settings=settings,
            engine=engine,
            sessions=make_sessionmaker(engine),
            reads=make_read_sessionmaker(engine),
            metrics=Metrics.create(),
        )
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(
        title="tdkt — Thi đua, Khen thưởng",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(text_params)],  # every route's path and query parameters
    )
    install_error_handlers(app, pages=html_error)
    install_middleware(app, settings, pages=html_error)
    install_openapi(app)
    app.include_router(health.router)
    for module in (
        auth,
        security,
        orgs,
        reference,
        dossiers,
        attachments,
        signing,  # before documents: quyet-dinh.signed.pdf ahead of quyet-dinh.{fmt}
        documents,
        public,
        objections,
        stats,
        rounds,
        registry,
        outbox,
        notifications,
    ):
        app.include_router(module.router)
    app.include_router(documents.lists)
    app.include_router(web_rounds.router)
    app.include_router(web.router)
    mount_assets(app)
    return app
