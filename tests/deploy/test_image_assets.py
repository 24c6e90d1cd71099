"""The container image serves every asset its pages reference.

No Docker engine here, so the test builds the image's ``/app`` the way ``deploy/Dockerfile``
would: the build context is the repository filtered by ``Dockerfile.dockerignore``, each
``COPY`` of the ``build`` stage is applied in order, and ``COPY --from=assets`` takes files from
the ``assets`` stage, whose ``npm ci --omit=dev`` installs exactly what ``package-lock.json``
pins (the checked-out ``node_modules`` stands in for it after its versions are compared with
the lock and dev-only packages are refused). Then the app is started *from that folder* (a
subprocess whose ``api`` package is the copied one) and every ``<script src>`` and
``<link href>`` of its pages is requested: each must answer 200.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from tests.deploy.conftest import DEPLOY, ROOT

PAGES = ("/login", "/cong-khai")


def _instructions() -> list[tuple[str, str, str]]:
    """(stage, keyword, arguments) of every instruction, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text(encoding="utf-8"))
    found: list[tuple[str, str, str]] = []
    stage = ""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, args = line.strip().partition(" ")
        if keyword.upper() == "FROM":
            match = re.search(r"(?i)\sAS\s+(\S+)$", line)
            stage = match[1] if match else args
        found.append((stage, keyword.upper(), args.strip()))
    return found


def _ignore_patterns() -> list[tuple[bool, str]]:
    lines = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    return [
        (line.startswith("!"), line.lstrip("!").rstrip("/"))
        for line in (raw.strip() for raw in lines)
        if line and not line.startswith("#")
    ]


def _in_context(path: str, patterns: list[tuple[bool, str]]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for negate, pattern in patterns:
        if any(p == pattern or fnmatch.fnmatch(p, pattern) for p in prefixes):
            ignored = not negate
    return not ignored


def _context(patterns: list[tuple[bool, str]]) -> set[str]:
    """Every file of the build context, as paths relative to the repository."""
    keep: set[str] = set()
    reincluded = [p for negate, p in patterns if negate]
    for folder, dirs, files in os.walk(ROOT):
        rel = Path(folder).relative_to(ROOT).as_posix()
        rel = "" if rel == "." else rel + "/"
        # a folder is walked only if it is in the context or something under it is re-included
        dirs[:] = [
            d
            for d in dirs
            if _in_context(rel + d, patterns)
            or any(p.startswith(rel + d + "/") for p in reincluded)
        ]
        keep |= {rel + f for f in files if _in_context(rel + f, patterns)}
    return keep


def _lock_packages() -> dict[str, dict[str, object]]:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages: dict[str, dict[str, object]] = lock["packages"]
    return packages


def _assets_stage_file(source: str, workdir: str) -> Path:
    """A path of the assets stage, served from the checked-out node_modules after checks."""
    assert source.startswith(workdir + "/node_modules/"), source
    inner = source[len(workdir) + 1 :]
    package_dir = "/".join(inner.split("/")[:2])
    entry = _lock_packages().get(package_dir)
    assert entry is not None, f"{package_dir} is not in package-lock.json"
    assert not entry.get("dev"), f"{package_dir} is a dev dependency: npm ci --omit=dev skips it"
    installed = json.loads((ROOT / package_dir / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == entry["version"], (
        f"node_modules is not what the lock pins: {package_dir}"
    )
    return ROOT / inner


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def build_app_folder(out: Path) -> Path:
    """``/app`` of the build stage (the runtime stage copies it whole), under ``out``."""
    patterns = _ignore_patterns()
    context = _context(patterns)
    steps = _instructions()
    workdirs = {stage: args for stage, keyword, args in steps if keyword == "WORKDIR"}
    assets = [(k, a) for s, k, a in steps if s == "assets" and k in {"COPY", "RUN"}]
    assert ("COPY", "package.json package-lock.json ./") in assets
    assert any(k == "RUN" and "npm ci" in a and "--omit=dev" in a for k, a in assets)
    assert any(
        s == "runtime" and k == "COPY" and a.startswith("--from=build") and a.endswith("/app /app")
        for s, k, a in steps
    )
    app = out / "app"
    app.mkdir()
    for stage, keyword, args in steps:
        if stage != "build" or keyword != "COPY":
            continue
        words = [w for w in args.split() if not w.startswith("--") or w.startswith("--from=")]
        origin = next((w[len("--from=") :] for w in words if w.startswith("--from=")), None)
        *sources, dest = [w for w in words if not w.startswith("--from=")]
        target = app / dest.removeprefix("/app/").removeprefix("./")
        for source in sources:
            if origin == "assets":
                _copy(_assets_stage_file(source, workdirs["assets"]), target)
                continue
            assert origin is None, f"COPY from an unknown stage {origin}"
            files = [f for f in context if f == source or f.startswith(source.rstrip("/") + "/")]
            assert files, f"COPY {source}: nothing in the build context"
            for file in files:
                rel = Path(file).relative_to(source) if file != source else Path(Path(file).name)
                dest_path = target / rel if (dest.endswith("/") or file != source) else target
                _copy(ROOT / file, dest_path)
    return app


SERVE = r"""
import json, re, sys
from pathlib import Path
import api
assert Path(api.__file__).resolve().is_relative_to(Path.cwd().resolve()), api.__file__
from fastapi.testclient import TestClient
from api.app import create_app
from core.settings import Settings
found = {}
with TestClient(create_app(Settings())) as http:
    for page in sys.argv[1:]:
        answer = http.get(page)
        assert answer.status_code == 200, (page, answer.status_code)
        for ref in re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"', answer.text):
            if ref.startswith("data:"):
                continue
            got = http.get(ref)
            found[ref] = [got.status_code, len(got.content), got.headers.get("content-type", "")]
print(json.dumps(found))
"""


def test_every_asset_a_page_references_is_in_the_image_and_served(
    tmp_path: Path, database_url: str
) -> None:
    app = build_app_folder(tmp_path)
    assert (app / "node_modules/htmx.org/dist/htmx.min.js").is_file()
    assert not (app / "node_modules/axe-core").exists(), "a dev dependency reached the image"
    env = {
        **os.environ,
        "PYTHONPATH": str(app),
        "TDKT_DATABASE_URL": database_url,
        "TDKT_ENV": "test",
        "TDKT_SEED_DEMO": "false",
    }
    run = subprocess.run(
        [sys.executable, "-c", SERVE, *PAGES],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    served = json.loads(run.stdout.strip().splitlines()[-1])
    assert "/static/vendor/htmx/htmx.min.js" in served
    assert {"/static/web/app.css", "/static/web/app.js"} <= set(served)
    for ref, (status, size, media) in served.items():
        assert status == 200, f"{ref} answered {status} from the image's app"
        assert size > 0, ref
        assert media.startswith(("text/css", "text/javascript", "application/javascript")), ref


def test_the_app_refuses_to_start_without_its_libraries(tmp_path: Path) -> None:
    from api.web import assets

    with pytest.raises(RuntimeError, match="npm ci"):
        assets.vendor_folder("htmx", root=tmp_path)
