"""Documents tests: the API harness of tests/api with its own settings (a data dir for blobs,
the default 20 MB upload limit) and a real S3-compatible server (moto's standalone server)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from launcher.ports import free_port
from tests.api.conftest import World, app, client, eventually, submit, suite_settings, worker, world

__all__ = ["app", "client", "worker", "world"]


@pytest.fixture(scope="session")
def api_settings(
    fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment, tmp_root: Path
) -> Settings:
    return suite_settings(fresh_database_url(), dev_env, "docs", tmp_root=tmp_root)


@pytest.fixture(scope="session")
def s3_endpoint(tmp_root: Path) -> Iterator[str]:
    """moto's S3-compatible HTTP server as a separate process on a free port."""
    binary = shutil.which("moto_server")
    assert binary is not None, "moto[server] is a dev dependency"
    port = free_port()
    log = (tmp_root / "moto.log").open("wb")
    process = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/moto-api/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("moto_server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def s3_settings(endpoint: str, bucket: str) -> Settings:
    return Settings(
        blob_backend="s3",
        s3_endpoint_url=endpoint,
        s3_bucket=bucket,
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )


VOTE = {"members_total": 10, "present": 9, "in_favor": 9}


async def decided(
    http: httpx.AsyncClient, world: World, vote: dict[str, int] | None = None, **kwargs: object
) -> dict[str, object]:
    """A dossier submitted by U1 and approved by D1's chair (GIAY_KHEN is decided there), with
    the district council's `vote` when one is given."""
    created = await submit(http, world, **kwargs)  # type: ignore[arg-type]
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    await eventually(
        http,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )
    answer = await http.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý"} | ({} if vote is None else {"vote": vote}),
        headers=world.as_("D1", "chair"),
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


@pytest.fixture
async def schedules(dev_env: WorkflowEnvironment) -> AsyncIterator[list[str]]:
    """Schedule ids the test may have made; deleted afterwards."""
    made: list[str] = []
    yield made
    for schedule_id in made:
        with suppress(RPCError):  # never made
            await dev_env.client.get_schedule_handle(schedule_id).delete()
