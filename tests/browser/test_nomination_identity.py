"""The new-nomination form carries what the API's create takes (contract §11–§13): each
nominee's birth date, CCCD and cited initiatives, the dossier's award type and simplified
procedure, and the draft. Its refusals are the API's, next to the field, the form keeping what
was typed and nothing created; its row check finds the nominee in the registry as the create
does (by CCCD, else name + birth date)."""

from __future__ import annotations

import html
import itertools
import re
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from store.models import Dossier
from tests.browser.conftest import People
from tests.browser.test_paper_pages import XLSX, bearer, sign_in
from tests.browser.test_upload_refusal_pages import GOOD, import_form
from tests.registry.workbook import cccd

pytestmark = pytest.mark.usefixtures("web_worker")

VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")
# one serial per test process, unique per session database: CCCDs and decision numbers
_serial = itertools.count(uuid.uuid4().int % 400_000 + 100_000)


def person(name: str) -> dict[str, str]:
    return {"name": name, "birth_date": "1984-07-01", "identity_number": cccd(next(_serial), 1984)}


def row(who: dict[str, str], rating: str = "HTXS", **cells: str) -> dict[str, str]:
    """Row 0 of the nominee table, as the form posts it."""
    fields = {"name": who["name"], "kind": "individual", "rating": rating,
              "birth_date": who.get("birth_date", ""),
              "identity_number": who.get("identity_number", ""), **cells}  # fmt: skip
    return {f"nominees-0-{k}": v for k, v in fields.items()}


async def post_form(
    client: httpx.AsyncClient, csrf: str, award: str, cells: dict[str, str], lang: str = "vi",
    **fields: str,
) -> httpx.Response:  # fmt: skip
    data = {"csrf_token": csrf, "award_code": award, "year": "2025",
            "summary": "Thành tích năm 2025", "nominee_count": "1", **fields, **cells}  # fmt: skip
    return await client.post(f"/ho-so/moi?lang={lang}", data=data)


def created_id(answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).rsplit("/", 1)[-1]


async def registry_award(
    client: httpx.AsyncClient, headers: dict[str, str], org: str, who: dict[str, str], code: str,
    year: int,
) -> None:  # fmt: skip
    number = f"{next(_serial)}/QĐ-UBND"
    body = {"person": who, "org_code": org, "award_code": code, "year": year,
            "decision_number": number, "decision_date": f"{year + 1}-01-15"}  # fmt: skip
    answer = await client.post("/api/v1/registry", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


async def dossier_count(app: FastAPI) -> int:
    async with app.state.tdkt.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Dossier)) or 0)


def error_of(page: str, key: str) -> str:
    found = re.search(rf'<span class="err" id="e-{re.escape(key)}">(.*?)</span>', page, re.S)
    assert found, f"no error for {key}"
    return html.unescape(found.group(1))


def register_line(page: httpx.Response, initiative: str) -> str:
    """The form's line of the initiative register for number ``initiative``."""
    register = page.text.split('data-testid="initiative-register"', 1)[1].split("</details>")[0]
    found = re.search(rf"<li>Số {initiative}: (.*?)</li>", register, re.S)
    assert found, register
    return html.unescape(found.group(1))


async def check_row(
    client: httpx.AsyncClient, csrf: str, award: str, cells: dict[str, str], lang: str = "vi"
) -> str:
    data = {"award_code": award, "year": "2025", "row": "0", **cells}
    answer = await client.post(
        f"/ho-so/kiem-tra?lang={lang}", data=data, headers={"X-CSRF-Token": csrf}
    )
    assert answer.status_code == 200, answer.text
    return answer.text


async def test_birth_date_and_cccd_reach_the_dossier_and_match_the_registry(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    officer = people.username("U", "officer")
    headers = await bearer(client, officer)
    who = person("Đinh Thị Thu Hà")
    for year in (2024, 2025):  # Bằng khen of the province: CSTD_CS two years running
        await registry_award(client, headers, people.orgs["U"], who, "CSTD_CS", year)
    csrf = await sign_in(client, officer)

    # the row check finds her by CCCD (another name typed) and counts the registry's titles
    by_cccd = await check_row(client, csrf, "BK_TINH", row({**who, "name": "Đinh T. T. Hà"}))
    assert 'data-eligibility="yes"' in by_cccd, by_cccd
    assert 'data-testid="registry-found"' in by_cccd
    assert "Chiến sĩ thi đua cơ sở 2024" in html.unescape(by_cccd)
    by_name = await check_row(client, csrf, "BK_TINH", row({**who, "identity_number": ""}))
    assert 'data-eligibility="yes"' in by_name, by_name  # name + birth date in her unit
    stranger = person("Đinh Thị Thu Hà")  # the same name, another CCCD: someone else
    assert 'data-eligibility="no"' in await check_row(client, csrf, "BK_TINH", row(stranger))

    dossier_id = created_id(await post_form(client, csrf, "BK_TINH", row(who)))
    view = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers)).json()
    (nominee,) = view["nominees"]
    assert (nominee["birth_date"], nominee["identity_number"]) == (
        who["birth_date"],
        who["identity_number"],
    )
    assert nominee["eligibility"]["eligible"] is True, nominee["eligibility"]
    assert (view["award_type"], view["simplified"], view["status"]) == (
        "regular",
        False,
        "in_review",
    )


@pytest.mark.parametrize(
    ("cells", "key", "said"),
    [
        ({"identity_number": "02708400123"}, "nominees-0-identity_number", "12 chữ số"),
        ({"identity_number": "02708400abcd"}, "nominees-0-identity_number", "12 chữ số"),
        ({"birth_date": "1984-02-30"}, "nominees-0-birth_date", "ngày hợp lệ"),
        ({"birth_date": "2090-01-01"}, "nominees-0-birth_date", "tương lai"),
        ({"initiative_ids": "12, abc"}, "nominees-0-initiative_ids", "“abc” (dòng 1)"),
        ({"identity_number": "027084\x0001234"}, "nominees-0-identity_number", "U+0000"),
        ({"birth_date": "1984-07-01\x00"}, "nominees-0-birth_date", "U+0000"),
        ({"initiative_ids": "1\x00"}, "nominees-0-initiative_ids", "(dòng 1)"),
    ],
)
async def test_bad_identity_fields_are_refused_by_name_and_nothing_is_created(
    client: httpx.AsyncClient, web_app: FastAPI, people: People, cells: dict[str, str], key: str,
    said: str,
) -> None:  # fmt: skip
    csrf = await sign_in(client, people.username("U", "officer"))
    before = await dossier_count(web_app)
    who = person("Vương Văn Khoa")
    refused = await post_form(client, csrf, "LDTT", row(who, **cells))
    assert refused.status_code == 422, refused.text
    message = error_of(refused.text, key)
    label = "Sáng kiến" if "initiative" in key else "Ngày sinh" if "birth" in key else "định danh"
    assert label in message, message
    assert "dòng 1" in message, message
    assert said in message, message
    assert f'aria-describedby="e-{key}"' in refused.text
    for typed in (who["name"], *cells.values()):  # the form keeps what was typed
        assert f'value="{html.escape(typed)}"' in refused.text, typed
    assert await dossier_count(web_app) == before


async def test_award_type_and_simplified_procedure(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    officer = people.username("U", "officer")
    headers = await bearer(client, officer)
    csrf = await sign_in(client, officer)
    form = (await client.get("/ho-so/moi")).text
    for words in ("Thường xuyên", "Theo chuyên đề", "Đột xuất", "Quá trình cống hiến", "Đối ngoại",
                  "Thủ tục đơn giản"):  # fmt: skip
        assert words in form, words
    who = person("Hoàng Văn Dũng")
    before = await dossier_count(web_app)
    refused = await post_form(
        client, csrf, "GIAY_KHEN", row(who), award_type="thematic", simplified="1"
    )
    assert refused.status_code == 422, refused.text
    message = error_of(refused.text, "simplified")
    assert message.startswith("Thủ tục đơn giản chỉ áp dụng"), message  # named once
    assert "đột xuất" in message, message
    assert re.search(r'<option value="thematic"\s+selected>', refused.text)
    assert re.search(r'id="f-simplified" name="simplified" value="1" checked', refused.text)
    # said together with the nominee's own mistakes, not after they are mended
    both = await post_form(
        client, csrf, "GIAY_KHEN", row(who, identity_number="1234"), award_type="career",
        simplified="1",
    )  # fmt: skip
    assert both.status_code == 422, both.text
    assert "đột xuất" in error_of(both.text, "simplified")
    assert "12 chữ số" in error_of(both.text, "nominees-0-identity_number")
    assert await dossier_count(web_app) == before

    dossier_id = created_id(
        await post_form(client, csrf, "GIAY_KHEN", row(who), award_type="ad_hoc", simplified="1")
    )
    view = (await client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers)).json()
    assert (view["award_type"], view["simplified"]) == ("ad_hoc", True)


async def test_the_import_form_takes_the_award_type_too(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    officer = people.username("U", "officer")
    csrf = await sign_in(client, officer)
    before = await dossier_count(web_app)
    refused = await client.post(
        "/ho-so/nhap-excel",
        data=import_form(csrf, people, award_type="foreign", simplified="1"),
        files={"file": ("ds.xlsx", GOOD, XLSX)},
    )
    assert refused.status_code == 422, refused.text
    assert "đột xuất" in error_of(refused.text, "imp-simplified")
    assert re.search(r'<option value="foreign"\s+selected>', refused.text)
    assert await dossier_count(web_app) == before
    created = await client.post(
        "/ho-so/nhap-excel",
        data=import_form(csrf, people, award_type="ad_hoc", simplified="1"),
        files={"file": ("ds.xlsx", GOOD, XLSX)},
    )
    view = (
        await client.get(
            f"/api/v1/dossiers/{created_id(created)}", headers=await bearer(client, officer)
        )
    ).json()
    assert (view["award_type"], view["simplified"]) == ("ad_hoc", True)


async def test_draft_keeps_the_new_fields(client: httpx.AsyncClient, people: People) -> None:
    officer = people.username("U", "officer")
    headers = await bearer(client, officer)
    csrf = await sign_in(client, officer)
    who = person("Lò Thị Mai")
    answer = await post_form(
        client, csrf, "GIAY_KHEN", row(who), award_type="ad_hoc", simplified="1", draft="1"
    )
    view = (await client.get(f"/api/v1/dossiers/{created_id(answer)}", headers=headers)).json()
    assert (view["status"], view["award_type"], view["simplified"]) == ("draft", "ad_hoc", True)
    assert view["nominees"][0]["identity_number"] == who["identity_number"]
    chair = await bearer(client, people.username("D", "chair"))
    hidden = await client.get(f"/api/v1/dossiers/{created_id(answer)}", headers=chair)
    assert hidden.status_code == 404  # a draft is its org's alone


async def test_an_initiative_backs_one_title(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    officer = people.username("U", "officer")
    headers = await bearer(client, officer)
    who = person("Trịnh Văn Sáng")
    body = {"person": who, "org_code": people.orgs["U"], "title": "Phần mềm xếp thời khóa biểu",
            "scope": "unit", "recognised_on": "2025-05-20"}  # fmt: skip
    recorded = await client.post("/api/v1/registry/initiatives", json=body, headers=headers)
    assert recorded.status_code == 201, recorded.text
    initiative = str(recorded.json()["id"])
    csrf = await sign_in(client, officer)
    listed = register_line(await client.get("/ho-so/moi"), initiative)
    assert "Phần mềm xếp thời khóa biểu" in listed, listed  # the form lists what may be cited
    assert "chưa dùng" in listed, listed
    cites = row(who, rating="HTT", initiative_ids=initiative)
    created_id(await post_form(client, csrf, "CSTD_CS", cites))
    listed = register_line(await client.get("/ho-so/moi"), initiative)
    assert "đã dùng để đề nghị Chiến sĩ thi đua cơ sở năm 2025" in listed, listed

    before = await dossier_count(web_app)
    refused = await post_form(client, csrf, "BK_TINH", cites)
    assert refused.status_code == 422, refused.text
    message = error_of(refused.text, "nominees-0-initiative_ids")
    assert f"Sáng kiến “{initiative}” (dòng 1)" in message, message
    assert "đang làm căn cứ đề nghị Chiến sĩ thi đua cơ sở năm 2025" in message, message
    assert f'value="{initiative}"' in refused.text
    assert await dossier_count(web_app) == before
    # the row check says so too, before the form is sent
    said = html.unescape(await check_row(client, csrf, "BK_TINH", cites))
    assert "đang làm căn cứ đề nghị Chiến sĩ thi đua cơ sở năm 2025" in said, said


async def test_the_new_fields_in_english(client: httpx.AsyncClient, people: People) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    form = html.unescape((await client.get("/ho-so/moi?lang=en")).text)
    for words in ("Birth date", "Citizen ID (CCCD)", "Initiatives (register no.)", "Ad hoc",
                  "Career of service", "Simplified procedure",
                  "Your unit's initiative register"):  # fmt: skip
        assert words in form, words
    who = person("Mai Văn Tú")
    refused = await post_form(
        client, csrf, "LDTT", row(who, identity_number="12345"), lang="en",
        award_type="career", simplified="1",
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    message = error_of(refused.text, "nominees-0-identity_number")
    assert "Identity number (row 1)" in message, message
    assert "12 digits" in message, message
    assert not VIETNAMESE.search(message), message
    simplified = await post_form(
        client, csrf, "GIAY_KHEN", row(who), lang="en", award_type="career", simplified="1"
    )
    assert simplified.status_code == 422, simplified.text
    message = error_of(simplified.text, "simplified")
    assert message.startswith("The simplified procedure applies only to ad hoc"), message
    assert not VIETNAMESE.search(message), message
