"""The pure helpers the API offers the dossier engine and /readyz (api.services.reference)."""

from __future__ import annotations

from datetime import date

import pytest

from api.errors import Invalid
from api.services.reference import award_rule, dossier_procedure, expired_bases


def test_dossier_procedure_maps_refusals_to_422_naming_the_field() -> None:
    simple = dossier_procedure(award_rule("BK_TINH"), "ad_hoc", True)
    assert simple.public_posting is False
    with pytest.raises(Invalid) as info:
        dossier_procedure(award_rule("LDTT"), "ad_hoc", False)
    assert info.value.errors[0]["field"] == "award_type"
    with pytest.raises(Invalid) as info:
        dossier_procedure(award_rule("BK_TINH"), "regular", True)
    assert info.value.errors[0]["field"] == "simplified"


def test_expired_bases_warns_after_the_nd152_sunset() -> None:
    assert expired_bases(date(2026, 12, 1)) == []
    warnings = expired_bases(date(2027, 3, 1))
    assert any(w.startswith("CO_CP: ND152/2025 Art.7") for w in warnings)
    assert all("28/02/2027" in w for w in warnings)


def test_expired_eligibility_criteria_are_a_readyz_warning_too() -> None:
    warnings = expired_bases(date(2027, 3, 1))
    criteria = [w for w in warnings if "tiêu chí xét" in w]
    assert {w.split(":")[0] for w in criteria} == {
        "BK_TINH (Cá nhân)",
        "BK_TINH (Tập thể)",
        "BK_TTG (Cá nhân)",
    }
    assert all("ND152/2025 Art.33.7" in w and "28/02/2027" in w for w in criteria)
