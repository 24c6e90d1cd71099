"""The audit log and the outbox's dead letters on the web, over ASGI (no browser).

* A web action is logged with the client's address, like the same action through the API (it
  was logged with an empty address), creation included; /nhat-ky names the action in words
  without the code beside it.
* /quan-tri/thu-chua-gui lists the dead letters (recipient by name, subject, attempts, the last
  error in plain words, dd/mm/yyyy HH:MM) with a retry per message and for all: CSRF checked,
  POST → redirect → GET with a message, each retry in the audit log.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from store.db import transaction
from store.models import AuditEntry, OutboxMessage
from store.repositories import outbox as outbox_repo
from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_notification_pages import arrive
from tests.browser.test_paper_pages import csrf_of, sign_in

pytestmark = pytest.mark.usefixtures("web_worker")
PAGE = "/quan-tri/thu-chua-gui"
CREATED = datetime(2026, 3, 9, 1, 5, tzinfo=UTC)  # 08:05 in Vietnam


async def _admin(client: httpx.AsyncClient, path: str = PAGE) -> str:
    client.cookies.clear()
    page = await client.get("/login")
    form = {"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)}
    assert (await client.post("/login", data=form)).status_code == 303
    return csrf_of((await client.get(path)).text)


async def _entries(app: FastAPI, action: str, target: str) -> list[tuple[str, str]]:
    async with transaction(app.state.tdkt.sessions) as session:
        rows = await session.execute(
            select(AuditEntry.actor, AuditEntry.ip).where(
                AuditEntry.action == action, AuditEntry.target == target
            )
        )
        return [(actor, ip) for actor, ip in rows]


async def test_web_actions_are_logged_with_the_address(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    officer = people.username("U", "officer")
    csrf = await sign_in(client, officer)
    created = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "award_code": "GIAY_KHEN",
            "year": "2025",
            "summary": "Hoàn thành xuất sắc nhiệm vụ",
            "nominee_count": "1",
            "nominees-0-name": "Phạm Thị Lan",
            "nominees-0-kind": "individual",
            "draft": "1",
        },
    )
    assert created.status_code == 303, created.text
    dossier_id = created.headers["location"].rsplit("/", 1)[-1]
    assert await _entries(web_app, "dossier.create", dossier_id) == [(officer, "127.0.0.1")]
    withdrawn = await client.post(
        f"/ho-so/{dossier_id}/rut", data={"csrf_token": csrf, "comment": "Nộp nhầm"}
    )
    assert withdrawn.status_code == 303, withdrawn.text
    assert await _entries(web_app, "dossier.withdraw", dossier_id) == [(officer, "127.0.0.1")]

    await _admin(client, "/nhat-ky")
    page = (await client.get("/nhat-ky", params={"action": "dossier.create"})).text
    row = re.search(r"<tr><td>[^<]*</td><td>" + re.escape(officer) + r"</td>.*?</tr>", page)
    assert row is not None, page
    named = '<td><a href="/nhat-ky?action=dossier.create">Tạo hồ sơ đề nghị khen thưởng</a></td>'
    assert named in row.group(0)
    assert "<code" not in row.group(0)
    assert "<td>127.0.0.1</td>" in row.group(0)


async def _dead(app: FastAPI, recipient: str, subject: str, error: str) -> int:
    async with transaction(app.state.tdkt.sessions) as session:
        row = OutboxMessage(
            event_key=f"test:{uuid.uuid4()}",
            recipient=recipient,
            kind="arrived",
            subject=subject,
            body="…",
            status="dead",
            attempts=8,
            last_error=error,
            created_at=CREATED,
        )
        session.add(row)
        await session.flush()
        return row.id


async def _status(app: FastAPI, message_id: int) -> str:
    async with transaction(app.state.tdkt.sessions) as session:
        status = await session.scalar(
            select(OutboxMessage.status).where(OutboxMessage.id == message_id)
        )
        assert status is not None
        return status


async def test_admin_sees_and_retries_dead_letters(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    chair = people.username("D", "chair")
    refused = await _dead(web_app, chair, "Hồ sơ chờ xử lý", "[Errno 111] Connection refused")
    unknown = await _dead(web_app, "khong.con", "Nhắc hạn", "(550, b'5.1.1 no such user')")
    csrf = await _admin(client)
    page = (await client.get(PAGE)).text
    row = re.search(rf"<tr><td>Trần Văn Bình</td>.*?/{refused}/gui-lai.*?</tr>", page, re.S)
    assert row is not None, page
    assert "Hồ sơ chờ xử lý" in row.group(0)
    assert "<td>8</td>" in row.group(0)
    assert "Không kết nối được tới máy chủ thư." in row.group(0)
    assert "09/03/2026 08:05" in row.group(0)
    details = re.sub(r"<details>.*?</details>", "", row.group(0), flags=re.S)
    assert "Connection refused" not in details  # the raw text only under "Chi tiết kỹ thuật"
    assert "(tài khoản không còn)" in page
    assert "Máy chủ thư từ chối địa chỉ của người nhận." in page
    assert 'href="/quan-tri/thu-chua-gui" aria-current="page">Thư chưa gửi được' in page

    # Without the CSRF token: refused, nothing changes.
    forged = await client.post(f"{PAGE}/{refused}/gui-lai", data={})
    assert forged.status_code == 403
    assert await _status(web_app, refused) == "dead"

    # One message: back to the page (303) which says so; queued again, and audited.
    done = await client.post(f"{PAGE}/{refused}/gui-lai", data={"csrf_token": csrf})
    assert (done.status_code, done.headers["location"]) == (303, PAGE)
    after = (await client.get(PAGE)).text
    assert f"Đã đưa thư số {refused} vào hàng đợi gửi lại." in after
    assert await _status(web_app, refused) == "pending"
    assert await _entries(web_app, "outbox.retried", str(refused)) == [("admin", "127.0.0.1")]

    # Again: no longer dead → 409 with the reason, nothing else changes.
    again = await client.post(f"{PAGE}/{refused}/gui-lai", data={"csrf_token": csrf})
    assert again.status_code == 409
    assert await _entries(web_app, "outbox.retried", str(refused)) == [("admin", "127.0.0.1")]
    huge = await client.post(f"{PAGE}/{2**63}/gui-lai", data={"csrf_token": csrf})
    assert huge.status_code == 422

    # All of them.
    everything = await client.post(f"{PAGE}/gui-lai-tat-ca", data={"csrf_token": csrf})
    assert everything.status_code == 303
    assert "thư vào hàng đợi gửi lại." in (await client.get(PAGE)).text
    assert await _status(web_app, unknown) == "pending"
    assert await _entries(web_app, "outbox.retried", str(unknown)) == [("admin", "127.0.0.1")]


async def _dead_count(app: FastAPI) -> int:
    async with transaction(app.state.tdkt.sessions) as session:
        dead = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "dead")
        return int(await session.scalar(dead) or 0)


async def test_admins_see_how_many_letters_are_dead_and_a_retried_one_until_it_is_sent(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    """Every admin page's navigation counts the dead letters (chairs see no count); a letter put
    back in the queue leaves the dead list for the "being retried" table, with its last error
    and next attempt, and leaves that table once it is sent."""
    chair = people.username("D", "chair")
    letter = await _dead(web_app, chair, "Hồ sơ quá hạn", "[Errno 111] Connection refused")
    csrf = await _admin(client)
    home = (await client.get("/")).text
    dead = await _dead_count(web_app)
    assert f"({dead} thư chưa gửi được)" in home
    assert '<span class="count warn" aria-hidden="true"' in home

    done = await client.post(f"{PAGE}/{letter}/gui-lai", data={"csrf_token": csrf})
    assert done.status_code == 303
    page = (await client.get(PAGE)).text
    retrying = page.split('data-testid="outbox-retrying"', 1)[1]
    row = re.search(r"<tr><td>Trần Văn Bình</td>.*?</tr>", retrying, re.S)
    assert row is not None, page
    assert "Hồ sơ quá hạn" in row.group(0)
    assert "Không kết nối được tới máy chủ thư." in row.group(0)
    assert re.search(r"<td>\d{2}/\d{2}/\d{4} \d{2}:\d{2}</td></tr>", row.group(0))
    after = await _dead_count(web_app)
    assert after == dead - 1
    if after:
        assert f"({after} thư chưa gửi được)" in page
    else:
        assert "thư chưa gửi được)" not in page

    async with transaction(web_app.state.tdkt.sessions) as session:
        await outbox_repo.mark_sent(session=session, row_id=letter, emailed=True)
    sent = (await client.get(PAGE)).text.split('id="retrying-h"', 1)[1]
    assert "Hồ sơ quá hạn" not in sent

    await sign_in(client, chair)
    assert "thư chưa gửi được" not in (await client.get("/")).text


async def test_dead_letters_in_english_and_for_admins_only(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    await _dead(web_app, people.username("P", "chair"), "Quyết định", "timed out")
    await _admin(client)
    english = (await client.get(PAGE + "?lang=en")).text
    assert "Undelivered notifications" in english
    assert "The mail server did not answer in time." in english
    assert "Send all again" in english
    await client.get("/login?lang=vi")
    await sign_in(client, people.username("D", "chair"))
    assert (await client.get(PAGE)).status_code == 403


async def test_an_extension_reads_as_the_chairs_with_the_new_deadline(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    """The history line names the district (the chair's org), the days and the new date; the
    web extension is audited with the address."""
    dossier_id = await arrive(web_app, people, "Đỗ Văn Hải")
    chair = people.username("D", "chair")
    csrf = await sign_in(client, chair)
    extended = await client.post(
        f"/ho-so/{dossier_id}/gia-han",
        data={"csrf_token": csrf, "working_days": "3", "comment": "Chờ xác minh"},
    )
    assert extended.status_code == 303, extended.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    line = re.search(r"<strong>Gia hạn xử lý</strong>.*?</li>", page, re.S) or re.search(
        r"<strong>[^<]*[Gg]ia hạn[^<]*</strong>.*?</li>", page, re.S
    )
    assert line is not None, page
    assert "UBND huyện Tiên Du" in line.group(0)
    assert "Trường THCS Lạc Vệ" not in line.group(0)
    assert re.search(r"\+3 ngày làm việc, hạn mới \d\d/\d\d/\d{4}", line.group(0))
    assert await _entries(web_app, "dossier.extend", dossier_id) == [(chair, "127.0.0.1")]
