"""Web forms name each error by the form's own label, once; counts read in proper English."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from api.errors import Conflict
from api.schemas.dossiers import DossierCreate
from api.schemas.public import ResolutionIn
from api.web.forms import service_errors, validation_errors
from core import i18n


def _refusal(schema: type[BaseModel], data: dict[str, object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        schema.model_validate(data)
    return caught.value


def test_the_forms_label_replaces_the_apis() -> None:
    exc = _refusal(ResolutionIn, {"outcome": "upheld", "comment": ""})
    with i18n.using("vi"):
        errors = validation_errors(exc, {"comment": "Lý do, kết quả xác minh"})
    assert errors == {"comment": "Lý do, kết quả xác minh: phải có ít nhất 1 ký tự"}


def test_a_list_count_is_singular_in_english() -> None:
    exc = _refusal(
        DossierCreate,
        {"proposer_org": "U", "award_code": "GIAY_KHEN", "summary": "x", "nominees": []},
    )
    with i18n.using("en"):
        errors = validation_errors(exc, {"nominees": "Nominees"})
    assert errors["nominees"] == "Nominees: should have at least 1 item (has 0)"


def test_a_service_error_names_the_field_and_the_value_once() -> None:
    with i18n.using("vi"):
        exc = Conflict(
            "Số quyết định 1/QĐ-UBND đã được dùng trong năm 2026",
            errors=[{"field": "decision_number", "message": "đã được dùng"}],
        )
        errors = service_errors(
            exc, {"decision_number": "Số quyết định"}, {"decision_number": "1/QĐ-UBND"}
        )
    assert errors == {"decision_number": "Số quyết định “1/QĐ-UBND”: đã được dùng"}
    # a message carrying the API's label gives it up for the form's, said once
    with i18n.using("vi"):
        labelled = Conflict("x", errors=[{"field": "password", "message": "Mật khẩu: quá ngắn"}])
        errors = service_errors(
            labelled, {"password": "Mật khẩu ban đầu"}, {"password": "secret12"}
        )
    assert errors == {"password": "Mật khẩu ban đầu: quá ngắn"}  # never the password typed


def test_a_field_refusal_is_named_by_the_forms_label_whatever_the_apis() -> None:
    """`AppError.field` labels by the request model ("Mã đơn vị", not "Mã"): the form still
    shows the message once, after its own label; one that names its field itself stays whole."""
    with i18n.using("vi"):
        exc = Conflict.field("code", "đã được dùng", model="OrgCreate")
        assert exc.detail == "Mã đơn vị: đã được dùng"
        errors = service_errors(exc, {"code": "Mã"}, {"code": "X1"})
        assert errors == {"code": "Mã “X1”: đã được dùng"}
        itself = Conflict.field("code", "Mã đơn vị X1 đã được dùng", model="OrgCreate")
        assert itself.detail == "Mã đơn vị X1 đã được dùng"
        assert service_errors(itself, {"code": "Mã"}, {"code": "X1"}) == {
            "code": "Mã đơn vị X1 đã được dùng"
        }


def test_a_refusal_is_labelled_once_in_the_readers_language() -> None:
    with i18n.using("en"):
        exc = Conflict.field("submission_deadlines.commune", Conflict.field("level", "x").detail)
    assert exc.detail == "Level: x"  # labelled already: not labelled again
    with i18n.using("vi"):
        keyed = Conflict.field("submission_deadlines.commune", "không có đơn vị gửi")
    assert keyed.detail == "Hạn gửi theo cấp (Cấp xã): không có đơn vị gửi"
