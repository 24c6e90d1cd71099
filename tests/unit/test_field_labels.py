"""Labels depend on where a field sits, choices are glossed from one family, string limits
count characters, JSON faults name line and column: api.field_labels, api.validation_text,
api.json_body and the integer rule of api.schemas.common, without a server."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from api.json_body import json_fault
from api.schemas.common import JSON_BODY
from api.schemas.dossiers import DossierCreate, ExtendIn
from api.schemas.notifications import NotificationsRead
from api.validation_text import field_label, translate
from core import i18n


@pytest.mark.parametrize(
    ("path", "model", "label"),
    [
        ("year", None, "Năm"),  # holidays, overrides, statistics: a plain year
        ("year", "DossierCreate", "Năm thành tích"),
        ("year", "RoundCreate", "Năm của đợt xét"),
        ("name", "OrgCreate", "Tên đơn vị"),
        ("name", "RoundCreate", "Tên đợt xét"),
        ("person.name", "InitiativeIn", "Họ tên"),
        ("title", "InitiativeIn", "Tên sáng kiến"),
        ("nominees[2].name", DossierCreate, "Họ tên / tên tập thể (dòng 3)"),
        ("objection_id", None, "Mã phản ánh"),
        ("foo", "DossierCreate", "Trường “foo”"),
        ("submission_deadlines.district", "RoundCreate", "Hạn gửi theo cấp (Cấp huyện)"),
        (
            "nominees[0].history[1].titles[0]",
            "DossierCreate",
            "Danh hiệu (dòng 1) — Quá trình thành tích (dòng 2) — "
            "Danh sách đối tượng đề nghị (dòng 1)",
        ),
    ],
)
def test_labels_depend_on_the_model(path: str, model: Any, label: str) -> None:
    assert field_label(path, model) == label


def _choice(expected: str, loc: tuple[str, ...] = ("body", "status")) -> str:
    err = {"type": "literal_error", "loc": loc, "ctx": {"expected": expected}}
    return translate(err)["message"]


def test_choices_are_glossed_from_one_family() -> None:
    outbox = _choice("'pending', 'sent' or 'dead'")
    assert "'pending' (chờ gửi)" in outbox
    assert "'sent' (đã gửi)" in outbox
    assert "'dead' (gửi không được, đã dừng thử lại)" in outbox
    kinds = _choice("'discipline', 'disciplinary_review', 'investigation'", ("body", "kind"))
    assert "'discipline' (đang chịu kỷ luật)" in kinds
    assert "'investigation' (đang bị điều tra)" in kinds
    scope = _choice("'unit', 'province' or 'national'", ("body", "scope"))
    assert "'national' (toàn quốc)" in scope
    with i18n.using("en"):
        assert "'pending' (waiting to be sent)" in _choice("'pending', 'sent' or 'dead'")


@pytest.mark.parametrize("error_type", ["too_long", "string_too_long"])
def test_a_string_limit_counts_characters(error_type: str) -> None:
    err = {
        "type": error_type,
        "loc": ("body", "decision_number"),
        "input": "x" * 65,
        "ctx": {"max_length": 64, "actual_length": 65},
    }
    assert translate(err)["message"] == "Số quyết định: có tối đa 64 ký tự"
    with i18n.using("en"):
        assert translate(err)["message"].endswith("should have at most 64 characters")
    rows = {**err, "type": "too_long", "input": ["a"] * 65, "loc": ("body", "ids")}
    assert translate(rows)["message"] == "Danh sách mã: có tối đa 64 mục (đang có 65)"


def test_json_faults_name_line_and_column() -> None:
    fault = json_fault(b'{"a":1,\n"b":}')
    assert fault is not None
    assert (fault.status, fault.field, fault.code) == (400, "body", "json_invalid")
    assert fault.message == "Nội dung yêu cầu: JSON sai cú pháp ở dòng 2, cột 5"
    repeated = json_fault(b'{"x":{"ids":[1],"ids":[2]}}')
    assert repeated is not None
    assert (repeated.status, repeated.field) == (422, "x.ids")
    assert json_fault(b'{"a":{"b":[1,{"c":"\\u0000"}]}}') is None  # a value: the models' job
    assert json_fault("\ufeff{}".encode()) is None


def test_integers_are_strict_in_json_and_lax_in_forms() -> None:
    assert ExtendIn.model_validate({"working_days": "5", "comment": "x"}).working_days == 5
    with pytest.raises(ValidationError) as boolean:
        ExtendIn.model_validate({"working_days": True, "comment": "x"})
    assert boolean.value.errors()[0]["type"] == "int_strict"
    with pytest.raises(ValidationError) as listed:
        NotificationsRead.model_validate({"ids": [1, True]})
    worded = translate(listed.value.errors()[0], "NotificationsRead")
    assert (worded["field"], worded["code"]) == ("ids[1]", "int_strict")
    assert worded["message"].startswith("Danh sách mã (dòng 2): phải là số nguyên")
    token = JSON_BODY.set(True)
    try:
        for loose in ("5", 5.0, False):
            with pytest.raises(ValidationError):
                ExtendIn.model_validate({"working_days": loose, "comment": "x"})
        assert ExtendIn.model_validate({"working_days": 5, "comment": "x"}).working_days == 5
    finally:
        JSON_BODY.reset(token)
