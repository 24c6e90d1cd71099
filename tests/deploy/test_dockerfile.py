"""deploy/Dockerfile, read as text (no Docker engine here): the properties the images rely on."""

from __future__ import annotations

import fnmatch
import re
import tomllib

from tests.deploy.conftest import DEPLOY, ROOT

DOCKERFILE = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def _stages() -> dict[str, str]:
    """Stage name -> its instructions (continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    stages: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        match = re.match(r"(?i)^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line)
        if match:
            current = match[2] or match[1]
            stages[current] = ""
        elif current and line.strip() and not line.lstrip().startswith("#"):
            stages[current] += line.strip() + "\n"
    return stages


def test_multi_stage_with_api_and_worker_targets() -> None:
    stages = _stages()
    assert {"build", "runtime", "api", "worker"} <= set(stages)
    assert re.search(r"(?im)^FROM\s+runtime\s+AS\s+api$", DOCKERFILE)
    assert re.search(r"(?im)^FROM\s+runtime\s+AS\s+worker$", DOCKERFILE)
    assert 'CMD ["python", "-m", "api"]' in stages["api"]
    assert 'CMD ["python", "-m", "worker"]' in stages["worker"]
    # the runtime image carries no build tooling: only the finished /app comes across
    assert "uv" not in re.sub(r"/app/\.venv", "", stages["runtime"]).split()
    assert "COPY --from=build" in stages["runtime"]


def test_runs_as_a_non_root_user() -> None:
    users = re.findall(r"(?m)^USER\s+(\S+)", _stages()["runtime"])
    assert users, "the runtime stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_dependencies_come_from_the_lock_file() -> None:
    build = _stages()["build"]
    syncs = re.findall(r"uv sync[^\n]*", build)
    assert len(syncs) == 2
    for sync in syncs:
        assert "--frozen" in sync
        assert "--no-dev" in sync
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (uv_make,) = re.findall(r"(?m)^UV_VERSION\s*:=\s*(\S+)", makefile)
    (uv_docker,) = re.findall(r"(?m)^ARG UV_VERSION=(\S+)", DOCKERFILE)
    assert uv_docker == uv_make, "the image and make must use the same uv"


def test_every_package_is_copied_and_not_ignored() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    copied = set(re.findall(r"(?m)^COPY\s+(?!--)(\S+)\s", DOCKERFILE))
    copied |= {
        part
        for line in re.findall(r"(?m)^COPY\s+(?!--)(.+)\s+\S+$", DOCKERFILE)
        for part in line.split()
    }
    for package in packages:
        assert package in copied, f"package {package} is not copied into the image"
    for source in copied:
        assert (ROOT / source).exists(), f"COPY source {source} missing"
        assert not _ignored(source), f"COPY source {source} is excluded by the .dockerignore"


def _ignored(path: str) -> bool:
    """Docker's rule: the last matching pattern wins; `!` re-includes."""
    ignored = False
    lines = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line.lstrip("!").rstrip("/")
        if pattern == "**" or fnmatch.fnmatch(path, pattern) or path == pattern:
            ignored = not negate
    return ignored
