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
