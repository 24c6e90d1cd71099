"""Keep a `--scale` load and time it again: `--keep-data` writes a manifest into the data dir,
`--scale-reuse DIR` restarts the stack on it (the launcher migrates it first, as an upgrade
would) and times every request without loading again (a million rows take 20–40 minutes).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import psycopg

from bench.client import Api
from bench.fixtures import District, Orgs
from bench.names import name
from bench.scale import Loaded
from bench.stack import LauncherStack, free_temporal_port
from launcher.ports import free_port

MANIFEST = "scale-manifest.json"
BENCH_ID = re.compile(r"^HS-\d{4}-BK(\d+)$")


def write_manifest(stack: LauncherStack, orgs: Orgs, loaded: Loaded) -> None:
    document = {
        "admin_password": stack.admin_password,
        "orgs": asdict(orgs),
        "rows": len(loaded.ids),
        "load_s": loaded.seconds,
    }
    (stack.data_dir / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def reuse(data_dir: Path) -> tuple[LauncherStack, Orgs, dict[str, Any]]:
    """A stack on a kept `--scale` data dir (not started), its orgs and its manifest."""
    manifest = json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    raw = manifest["orgs"]
    orgs = Orgs(
        province=raw["province"],
        province_chair=raw["province_chair"],
        districts=[District(**d) for d in raw["districts"]],
    )
    stack = LauncherStack(
        data_dir=data_dir,
        http_port=free_port(),
        temporal_port=free_temporal_port(),
        postgres_port=free_port(),
        admin_password=manifest["admin_password"],
        keep_data=True,
    )
    return stack, orgs, manifest


async def sign_in(api: Api, orgs: Orgs, admin_password: str) -> None:
    """Tokens for the admin and every bench account (created by the kept run)."""
    await api.login("admin", admin_password)
    await api.login(orgs.province_chair)
    for district in orgs.districts:
        await api.login(district.chair)
        for officer in district.officers.values():
            await api.login(officer)


def loaded_again(dsn: str, manifest: dict[str, Any]) -> Loaded:
    """The names and ids of the kept load, in load order (ids carry their row number)."""
    ids = [""] * int(manifest["rows"])
    with psycopg.connect(dsn) as conn:
        for (ident,) in conn.execute("SELECT id FROM dossiers WHERE id LIKE 'HS-%-BK%'"):
            match = BENCH_ID.match(ident)
            if match is not None and int(match.group(1)) < len(ids):
                ids[int(match.group(1))] = ident
    if not all(ids):
        raise RuntimeError("the kept data dir does not hold the manifest's dossiers")
    names = [name(i) for i in range(len(ids))]
    return Loaded(float(manifest["load_s"]), names, ids)
