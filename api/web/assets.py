"""The web UI's static files, served by Starlette's ``StaticFiles``.

* ``/static/web/…`` — our own CSS and JavaScript (``api/web/static``).
* ``/static/vendor/<name>/…`` — front-end libraries installed from the npm registry
  (``package.json`` / ``package-lock.json``, ``npm ci``), never vendored in git. The container
  image copies the same folders from its ``assets`` stage (``deploy/Dockerfile``);
  ``tests/deploy/test_image_assets.py`` builds that context and asks the app for every asset a
  page references.

A missing library folder stops the start with a sentence saying what to run, instead of pages
whose scripts answer 404.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

ROOT: Final = Path(__file__).resolve().parents[2]
OWN: Final = Path(__file__).parent / "static"
# mount name -> folder of an npm package's distribution files (relative to the project root)
VENDOR: Final = {"htmx": Path("node_modules/htmx.org/dist")}
MAX_AGE: Final = 3600


class _Assets(StaticFiles):
    """StaticFiles with a cache lifetime and no content sniffing."""

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def vendor_folder(name: str, root: Path = ROOT) -> Path:
    folder = root / VENDOR[name]
    if not folder.is_dir():
        raise RuntimeError(
            f"{folder} is missing: install the web UI's libraries with `npm ci` "
            "(package-lock.json) before starting the API"
        )
    return folder


def mount_assets(app: FastAPI) -> None:
    app.mount("/static/web", _Assets(directory=OWN), name="static-web")
    for name in VENDOR:
        app.mount(
            f"/static/vendor/{name}",
            _Assets(directory=vendor_folder(name)),
            name=f"static-vendor-{name}",
        )
