"""Every page (officer, chairs, admin, the public) and a set of API errors (validation of every
endpoint's schema, domain refusals, authentication and roles), read in Vietnamese: none may show
English, pydantic's phrases, an untranslated msgid or a code where a name belongs."""

from __future__ import annotations

import re
import secrets
from typing import Any

import httpx
from fastapi import FastAPI

from api.authz import Principal
from api.schemas.dossiers import DecisionIn, DossierCreate, WithdrawIn
from api.services import dossier_commands, dossiers
from tests.browser.conftest import ADMIN_PASSWORD, PASSWORD, People
from tests.browser.test_paper_pages import attach
from tests.browser.untranslated import offences, visible_text
from tests.documents.samples import PDF


def _principal(people: People, alias: str, role: str) -> Principal:
    return Principal(
        username=people.username(alias, role),
        full_name=people.username(alias, role),
        org_code=people.orgs[alias],
        roles=frozenset({role}),
    )


async def _create(
    app: FastAPI, people: People, award: str, kind: str, name: str, *, draft: bool = False
) -> str:
    state = app.state.tdkt
    async with state.sessions() as session:
        created = await dossiers.create(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=_principal(people, "U", "officer"),
            body=DossierCreate.model_validate(
                {
                    "proposer_org": people.orgs["U"],
                    "award_code": award,
                    "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
                    "nominees": [{"kind": kind, "name": name}],
                    "draft": draft,
                }
            ),
        )
    return created.id


async def _decide(app: FastAPI, people: People, dossier_id: str, body: DecisionIn) -> None:
    state = app.state.tdkt
    async with state.sessions() as session:
        await dossier_commands.decide(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=_principal(people, "D", "chair"),
            dossier_id=dossier_id,
            body=body,
        )


async def _dossiers_in_every_state(app: FastAPI, people: People) -> dict[str, str]:
    """One dossier per situation a page words differently."""
    found = {"fresh": await _create(app, people, "GIAY_KHEN", "collective", "Tổ Toán")}
    found["decided"] = await _create(app, people, "GIAY_KHEN", "individual", "Phạm Thị Lan")
    await _decide(app, people, found["decided"], DecisionIn(action="approve", comment="Đồng ý"))
    found["returned"] = await _create(app, people, "LDTT", "individual", "Đỗ Quang Huy")
    await _decide(
        app, people, found["returned"], DecisionIn(action="return", comment="Bổ sung minh chứng")
    )
    found["posting"] = await _create(app, people, "HCLD_3", "individual", "Vũ Thu Hằng")
    await _decide(app, people, found["posting"], DecisionIn(action="approve", comment="Đồng ý"))
    found["withdrawn"] = await _create(app, people, "GIAY_KHEN", "individual", "Ngô Văn Tâm")
    state = app.state.tdkt
    async with state.sessions() as session:
        await dossier_commands.withdraw(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=_principal(people, "U", "officer"),
            dossier_id=found["withdrawn"],
            body=WithdrawIn(comment="Đơn vị rút để hoàn thiện"),
        )
    found["draft"] = await _create(
        app, people, "GIAY_KHEN", "individual", "Mạc Thị Duyên", draft=True
    )
    return found


async def _papers_and_objections(
    app: FastAPI, client: httpx.AsyncClient, people: People, made: dict[str, str]
) -> str:
    """A paper attached to the draft and to the fresh dossier (the papers panel with its
    files), and an objection to the posted dossier (the objections panel and the inbox of
    the posting org's chair); returns the objection's reference."""
    csrf = await _sign_in(client, people.username("U", "officer"), PASSWORD)
    for dossier_id in (made["draft"], made["fresh"]):
        attached = await attach(client, dossier_id, csrf, PDF)
        assert attached.status_code == 303, attached.text
    client.cookies.clear()
    # a citizen of their own address: the objection rate limit (5 per address per 10 minutes)
    # counts every test of the session that objects from the same one
    citizen = httpx.ASGITransport(app=app, client=(f"198.51.100.{secrets.randbelow(254) + 1}", 4))
    async with httpx.AsyncClient(transport=citizen, base_url="http://tdkt.test") as public:
        sent = await public.post(
            f"/api/v1/public/postings/{made['posting']}/objections",
            json={"content": "Cá nhân này từng bị kỷ luật năm 2024, đề nghị xem xét lại"},
        )
    assert sent.status_code == 201, sent.text
    return str(sent.json()["reference"])


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field"
    return match.group(1)


async def _sign_in(client: httpx.AsyncClient, username: str, password: str) -> str:
    client.cookies.clear()
    page = await client.get("/login")
    answer = await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": _csrf(page.text)}
    )
    assert answer.status_code == 303, answer.text
    return _csrf((await client.get("/")).text)


def _check_page(url: str, response: httpx.Response, codes: list[str], found: list[str]) -> None:
    assert response.status_code < 500, (url, response.status_code)
    assert 'lang="vi"' in response.text, url
    found += [f"{url}: {o}" for o in offences(visible_text(response.text), codes)]


async def test_every_page_reads_as_vietnamese(
    client: httpx.AsyncClient, web_app: FastAPI, web_worker: None, people: People
) -> None:
    made = await _dossiers_in_every_state(web_app, people)
    reference = await _papers_and_objections(web_app, client, people, made)
    codes = [people.orgs[a] for a in ("P", "D", "U")]
    pages = ["/", "/ho-so", "/ho-so?overdue=1", "/ho-so?status=draft", "/thong-ke", "/dot-xet"]
    pages += ["/thong-bao"]
    pages += ["/cong-khai", f"/cong-khai?ma={reference}"]
    pages += [f"/ho-so/{d}" for d in made.values()]
    found: list[str] = []
    readers = [
        (people.username("U", "officer"), PASSWORD, ["/ho-so/moi"]),
        (people.username("D", "chair"), PASSWORD, []),
        (people.username("P", "chair"), PASSWORD, []),
        ("admin", ADMIN_PASSWORD, ["/nhat-ky", "/quan-tri/thu-chua-gui"]),
    ]
    for username, password, extra in readers:
        csrf = await _sign_in(client, username, password)
        for url in pages + extra:
            _check_page(url, await client.get(url), codes, found)
        if username.startswith("officer"):
            empty = await client.post("/ho-so/moi", data={"csrf_token": csrf, "nominee_count": "0"})
            _check_page("POST /ho-so/moi", empty, codes, found)
        if username == people.username("D", "chair"):
            wrong = await client.post(
                f"/ho-so/{made['fresh']}/quyet-dinh",
                data={"csrf_token": csrf, "action": "approve", "members_total": "x"},
            )
            _check_page("POST quyet-dinh", wrong, codes, found)
    client.cookies.clear()
    lookups = [f"/cong-khai?ma={reference}", "/cong-khai?ma=PA-0000000000", "/cong-khai?ma=x%3C"]
    for url in ("/login", "/cong-khai", "/login?next=/ho-so", *lookups):
        _check_page(url, await client.get(url), codes, found)
    public = await client.get("/cong-khai")
    short = await client.post(
        f"/cong-khai/{made['posting']}/y-kien",
        data={"content": "ngắn", "csrf_token": _csrf(public.text)},
    )
    _check_page("POST /cong-khai (short)", short, codes, found)
    assert "Nội dung ý kiến" in short.text
    assert not found, "\n".join(found)
    await _names_and_words(client, people, made)
    await _new_panels_walked(client, people, made, reference)


async def _new_panels_walked(
    client: httpx.AsyncClient, people: People, made: dict[str, str], reference: str
) -> None:
    """The walk above did read the draft, the papers, the objections and the lookup."""
    await _sign_in(client, people.username("U", "officer"), PASSWORD)
    draft = (await client.get(f"/ho-so/{made['draft']}")).text
    assert "Hồ sơ đang là bản nháp" in draft
    assert "Hồ sơ nháp: chờ Trường THCS Lạc Vệ đính kèm đủ tài liệu và nộp" in draft
    assert "Đã có</span> Tờ trình" in draft
    assert "Hồ sơ nháp của đơn vị" in (await client.get("/")).text
    english = (await client.get(f"/ho-so/{made['draft']}", params={"lang": "en"})).text
    assert "This dossier is a draft" in english
    assert "Present</span> Submission letter" in english
    assert "Hồ sơ đang là bản nháp" not in english
    await client.get("/", params={"lang": "vi"})
    decided = (await client.get(f"/ho-so/{made['decided']}")).text
    assert "Quyết định khen thưởng (PDF)" in decided  # the generated papers, by name
    await _sign_in(client, people.username("P", "chair"), PASSWORD)
    assert f'data-testid="objection-{reference}"' in (await client.get("/")).text
    posting = (await client.get(f"/ho-so/{made['posting']}")).text
    assert "Nhận phản ánh, kiến nghị" in posting  # the history's action in words
    assert "Người dân (ý kiến công khai)" in posting  # the citizen, not "public"
    client.cookies.clear()
    lookup = (await client.get("/cong-khai", params={"ma": reference})).text
    assert "Hội đồng đang xem xét ý kiến của bạn." in lookup


async def _names_and_words(client: httpx.AsyncClient, people: People, made: dict[str, str]) -> None:
    """Who acts next and by when, names for codes, outcome words by the dossier's situation."""
    await _sign_in(client, people.username("U", "officer"), PASSWORD)
    fresh = (await client.get(f"/ho-so/{made['fresh']}")).text
    assert re.search(
        r"Chờ Chủ tịch UBND huyện Tiên Du xét, quyết định khen thưởng — hạn \d\d/", fresh
    )
    assert "Trường THCS Lạc Vệ" in fresh  # the proposer by name
    assert "Lần trình" not in fresh  # nothing resubmitted yet
    decided = (await client.get(f"/ho-so/{made['decided']}")).text
    assert "Được khen thưởng" in decided
    assert "Được đề nghị" not in decided
    assert "của UBND huyện Tiên Du" in decided  # the deciding authority by name
    withdrawn = (await client.get(f"/ho-so/{made['withdrawn']}")).text
    assert "Hồ sơ đã rút" in withdrawn
    assert "Không được chọn" not in withdrawn
    history = withdrawn[withdrawn.index("Rút hồ sơ") :]
    assert "Trường THCS Lạc Vệ" in history[:400]  # the unit withdrew it, not the district
    returned = (await client.get(f"/ho-so/{made['returned']}")).text
    assert "Chờ Trường THCS Lạc Vệ bổ sung, trình lại — hạn" in returned
    await _sign_in(client, people.username("P", "chair"), PASSWORD)
    posting = (await client.get(f"/ho-so/{made['posting']}")).text
    assert "Đang công khai lấy ý kiến tại UBND tỉnh Bắc Ninh" in posting
    assert 'value="approve"' not in posting  # no approval offered during public posting


def _problem_texts(body: dict[str, Any]) -> list[str]:
    texts = [str(body.get("title", "")), str(body.get("detail", ""))]
    texts += [str(e.get("message", "")) for e in body.get("errors") or []]
    return texts


async def _token(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    answer = await client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _wrong_types(schema: dict[str, Any], spec: dict[str, Any]) -> list[Any]:
    """Bodies that break the schema: empty, every property of the wrong type, too long."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    props = schema.get("properties", {})
    wrong: list[Any] = [{}, [], "x"]
    wrong.append({name: [] for name in props})
    wrong.append({name: {"x": 1} for name in props})
    wrong.append(dict.fromkeys(props, "x" * 20000))
    wrong.append(dict.fromkeys(props, -(10**12)))
    return wrong


async def test_every_api_error_reads_as_vietnamese(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    client.cookies.clear()
    spec = web_app.openapi()
    tokens = [
        await _token(client, "admin", ADMIN_PASSWORD),
        await _token(client, people.username("U", "officer"), PASSWORD),
        await _token(client, people.username("D", "chair"), PASSWORD),
    ]
    codes = [people.orgs[a] for a in ("P", "D", "U")]
    found: list[str] = []
    seen: list[str] = []
    checked = 0

    async def check(method: str, url: str, **kwargs: Any) -> None:
        nonlocal checked
        answer = await client.request(method, url, **kwargs)
        if answer.headers.get("content-type", "").startswith("application/problem+json"):
            checked += 1
            seen.extend(_problem_texts(answer.json()))
            found.extend(
                f"{method} {url}: {o}" for o in offences(_problem_texts(answer.json()), codes)
            )

    for path, operations in spec["paths"].items():
        if path.endswith("/logout"):
            continue  # it would end the sessions the walk uses (its refusals are 401s, covered)
        url = re.sub(r"\{[^}]+\}", "khong-co", path)
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            bodies = (
                _wrong_types(content["application/json"]["schema"], spec)
                if "application/json" in content
                else [None]
            )
            for headers in [{}, {"Authorization": "Bearer sai"}, *tokens]:
                for body in bodies if headers in tokens else [None]:
                    await check(method.upper(), url, json=body, headers=headers)
            query = {
                p["name"]: "x" * 300 for p in operation.get("parameters", []) if p["in"] == "query"
            }
            if query:
                await check(method.upper(), url, params=query, headers=tokens[0])
    # domain refusals worded from the catalogues
    await check(
        "POST",
        "/api/v1/eligibility",
        headers=tokens[1],
        json={
            "award_code": "GIAY_KHEN",
            "year": 2025,
            "subject": "individual",
            "history": [{"year": 2025, "rating": "HTXS"}],
            "awards": [],
        },
    )
    await check(
        "GET",
        "/api/v1/bonus",
        headers=tokens[1],
        params={
            "award_code": "TTLDTT",
            "subject": "individual",
            "decision_date": "2026-01-05",
        },
    )
    await check("POST", "/api/v1/auth/token", data={"username": "ai", "password": "sai-mat-khau"})
    await check("POST", "/api/v1/dossiers", headers=tokens[1], json={"award_code": "GIAY_KHEN"})
    assert checked > 300, checked
    said = "\n".join(seen)
    for expected in (
        "Danh sách đối tượng đề nghị: bắt buộc nhập",  # pydantic's "Field required", worded
        "phải là số nguyên",
        "Thiếu mã truy cập",
        "Việc này cần vai trò",
        "Chưa có bộ tiêu chí kiểm tra tự động cho Giấy khen",
        "Tập thể lao động tiên tiến không xét tặng cho cá nhân",
        "Sai tên đăng nhập hoặc mật khẩu",
    ):
        assert expected in said, expected
    assert not found, "\n".join(sorted(set(found))[:80])


async def test_api_speaks_english_when_asked(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    vi = await client.get("/api/v1/dossiers")
    en = await client.get("/api/v1/dossiers", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert vi.status_code == en.status_code == 401
    assert vi.json()["title"] == "Chưa đăng nhập hoặc phiên đã hết hạn"
    assert en.json()["title"] == "Not authenticated"
    assert en.headers["content-language"] == "en"
    assert vi.headers["content-language"] == "vi"
