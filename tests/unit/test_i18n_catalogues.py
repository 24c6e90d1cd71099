"""The gettext catalogues: complete in both languages, consistent, and covering every msgid the
code and the templates use, every pydantic error type and every field a request can name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pydantic_core import core_schema

from api.authz import Role
from api.legal_text import cite
from api.validation_text import translate
from core import i18n
from domain.dossier_model import Outcome, Phase, Status
from domain.levels import Level, Subject

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalogue(lang: i18n.Lang) -> dict[str, str]:
    with i18n.po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id}


VI = _catalogue("vi")
EN = _catalogue("en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_msgid_is_defined_twice(lang: i18n.Lang) -> None:
    """A second definition silently replaces the first (and msgfmt refuses the file)."""
    ids = re.findall(r'^msgid "(.+)"$', i18n.po_path(lang).read_text(encoding="utf-8"), re.M)
    assert sorted({m for m in ids if ids.count(m) > 1}) == []


def test_every_msgid_has_vietnamese_and_english() -> None:
    assert VI.keys() == EN.keys()
    for msgid in VI:
        assert VI[msgid].strip() or VI[msgid] == " ", f"vi: {msgid} is empty"
        assert EN[msgid].strip() or EN[msgid] == " ", f"en: {msgid} is empty"
        assert unicodedata.is_normalized("NFC", VI[msgid]), msgid


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_message_formats(lang: i18n.Lang) -> None:
    """Every text formats with its placeholders (a stray ``%`` would fail at run time)."""
    texts = VI if lang == "vi" else EN
    for msgid, text in texts.items():
        names = set(PLACEHOLDER.findall(VI[msgid])) | set(PLACEHOLDER.findall(EN[msgid]))
        text % dict.fromkeys(names, "x")


def test_both_languages_use_the_same_placeholders() -> None:
    differ = [m for m in VI if set(PLACEHOLDER.findall(VI[m])) != set(PLACEHOLDER.findall(EN[m]))]
    assert differ == []


def _used_msgids() -> set[str]:
    found: set[str] = set()
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for package in ("api", "activities", "core"):  # the web and API, the e-mails, the shared
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / package),
            method_map=method_map,
            options_map=options,
            keywords={"_": None, "gettext": None},
        ):
            if isinstance(message, str):
                found.add(message)
    return found


def test_every_msgid_used_by_code_and_templates_is_in_the_catalogue() -> None:
    used = _used_msgids()
    assert len(used) > 200
    missing = sorted(m for m in used if m not in VI)
    assert not missing, missing


def test_every_enum_shown_on_pages_has_words() -> None:
    families = {
        "status": [s.value for s in Status],
        "level": [lv.value for lv in Level],
        "kind": [s.value for s in Subject],
        "role": [r.value for r in Role],
        "phase": [p.value for p in Phase],
        "outcome": [o.value for o in Outcome],
    }
    missing = [f"{prefix}.{v}" for prefix, vs in families.items() for v in vs]
    assert [m for m in missing if m not in VI] == []


def test_every_pydantic_error_type_is_translated() -> None:
    types = core_schema.ErrorType.__args__  # type: ignore[attr-defined]
    assert len(types) > 100
    assert [t for t in types if f"pydantic.{t}" not in VI] == []


def test_pydantic_errors_read_as_vietnamese_with_the_field_named() -> None:
    err = {"type": "string_too_short", "loc": ("body", "content"), "ctx": {"min_length": 10}}
    assert translate(err) == {
        "field": "content",
        "code": "string_too_short",
        "message": "Nội dung ý kiến: phải có ít nhất 10 ký tự",
    }
    ge = {"type": "greater_than_equal", "loc": ("body", "year"), "ctx": {"ge": 1945}}
    assert (
        translate(ge, "DossierCreate")["message"] == "Năm thành tích: phải lớn hơn hoặc bằng 1945"
    )
    assert translate(ge, "RoundCreate")["message"] == "Năm của đợt xét: phải lớn hơn hoặc bằng 1945"
    assert translate(ge)["message"] == "Năm: phải lớn hơn hoặc bằng 1945"
    rows = {
        "type": "too_short",
        "loc": ("body", "nominees"),
        "ctx": {"min_length": 1, "actual_length": 0},
    }
    assert translate(rows)["message"].startswith("Danh sách đối tượng đề nghị: phải có ít nhất 1")
    nested = {"type": "missing", "loc": ("body", "nominees", 2, "name"), "ctx": None}
    assert translate(nested, "DossierCreate")["message"] == (
        "Họ tên / tên tập thể (dòng 3): bắt buộc nhập"
    )
    with i18n.using("en"):
        assert translate(ge, "DossierCreate")["message"] == (
            "Achievement year: should be greater than or equal to 1945"
        )


def test_legal_bases_in_vietnamese_form() -> None:
    assert cite("Law 06/2022/QH15 Art.5.2.c") == "điểm c khoản 2 Điều 5 Luật Thi đua, khen thưởng"
    assert cite("ND152/2025 Art.33.5") == "khoản 5 Điều 33 Nghị định 152/2025/NĐ-CP"


def test_numbers_and_percentages_in_vietnamese_format() -> None:
    assert i18n.fmt_percent(0.73333, "vi") == "73,33\u00a0%"
    assert i18n.fmt_percent(0.73333, "en") == "73.33%"
    assert i18n.fmt_number(1490000, "vi") == "1.490.000"


def test_api_language_from_accept_language() -> None:
    assert i18n.negotiate(None) == "vi"
    assert i18n.negotiate("en-US,en;q=0.9") == "en"
    assert i18n.negotiate("fr-FR, vi;q=0.5, en;q=0.4") == "vi"
    assert i18n.negotiate("de") == "vi"
    assert i18n.pick_lang("en", "vi") == "en"
    assert i18n.pick_lang(None, "en") == "en"
    assert i18n.pick_lang("xx", None) == "vi"
