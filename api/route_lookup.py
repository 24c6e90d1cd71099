"""The routes a path names, read from the app's routing table (FastAPI nests included routers, so
Starlette's own matching does not say which route, or which body, a request will reach)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import RouteContext, iter_route_contexts


def routes_at(app: Any, path: str) -> Iterator[RouteContext]:
    """Every route whose path pattern matches `path`, whatever its methods."""
    for context in iter_route_contexts(app.routes):
        pattern = getattr(context, "path_regex", None)
        if pattern is not None and pattern.match(path):
            yield context


def reads_body(app: Any, method: str, path: str) -> bool:
    """True when the route `method` `path` reaches declares a request body (FastAPI reads and
    validates it after the route's dependencies, the role checks among them)."""
    for context in routes_at(app, path):
        if method in (context.methods or ()):
            return getattr(context, "body_field", None) is not None
    return False
