"""Required papers per award, level and procedure (domain/documents.py + documents.toml)."""

from __future__ import annotations

import pytest

from domain.catalog import default_catalog
from domain.documents import (
    DocumentKind,
    DocumentRuleError,
    default_rules,
    documents_summary,
    parse_rules,
    required_rule,
)

K = DocumentKind
FULL = (K.to_trinh, K.bao_cao_thanh_tich, K.bien_ban)


@pytest.mark.parametrize(
    ("award", "level", "simplified", "required", "article"),
    [
        ("GIAY_KHEN", "district", False, FULL, "84"),
        ("CSTD_CS", "commune", False, (*FULL, K.xac_nhan_sang_kien), "84.1"),
        ("CSTD_TQ", "province", False, (*FULL, K.xac_nhan_sang_kien), "36.2"),
        ("CO_CP", "central", False, FULL, "37.2"),
        ("AHLD", "government", False, FULL, "41"),
        ("HCLD_3", "district", False, (K.to_trinh, K.bao_cao_thanh_tich), "38.3"),
        ("HCLD_3", "province", False, FULL, "38.3"),
        ("BK_TTG", "unit", False, (K.to_trinh, K.bao_cao_thanh_tich), "42"),
        ("BK_TTG", "government", False, FULL, "42"),
        ("BK_TTG", "province", True, (K.to_trinh,), "85"),
        ("GIAY_KHEN", "district", True, (K.to_trinh,), "85"),
    ],
)
def test_required_papers(
    award: str, level: str, simplified: bool, required: tuple[K, ...], article: str
) -> None:
    summary = documents_summary(award, level, simplified, [])
    assert summary.required == required
    assert summary.missing == required
    assert summary.present == ()
    assert summary.basis.article == article


def test_present_and_missing_keep_the_kind_order_and_ignore_unknown_kinds() -> None:
    summary = documents_summary("CSTD_TQ", "province", False, ["khac", "bien_ban", "x", "to_trinh"])
    assert summary.present == (K.to_trinh, K.bien_ban, K.khac)
    assert summary.missing == (K.bao_cao_thanh_tich, K.xac_nhan_sang_kien)


def test_every_catalogued_award_has_rules_at_every_level() -> None:
    levels = ("unit", "commune", "district", "province", "central", "government", "president")
    for award in default_catalog().codes():
        for level in levels:
            for simplified in (False, True):
                assert K.to_trinh in required_rule(award, level, simplified).required


def test_every_rule_cites_a_basis_in_force_on_its_start() -> None:
    for rule in default_rules():
        assert rule.basis.in_force(rule.basis.effective_from)
        assert rule.required


BASIS = 'basis = { instrument = "Law", article = "1", effective_from = 2024-01-01 }'
HEAD = "[[rule]]\nawards = []\nlevels = []\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule = [", "invalid TOML"),
        ("x = 1", "non-empty"),
        (
            f'[[rule]]\nawards = []\nlevels = []\nprocedure = "x"\nrequired = []\n{BASIS}',
            "procedure",
        ),
        (
            f'[[rule]]\nawards = []\nlevels = []\nprocedure = "any"\nrequired = ["giay"]\n{BASIS}',
            "required",
        ),
        (
            f'{HEAD}procedure = "any"\nrequired = "to_trinh"\n{BASIS}',
            "list",
        ),
        ('[[rule]]\nawards = []\nlevels = []\nprocedure = "any"\nrequired = []', "missing"),
        (
            '[[rule]]\nawards = []\nlevels = []\nprocedure = "any"\nrequired = []\n'
            'basis = { instrument = "L", article = "1", effective_from = "2024" }',
            "TOML date",
        ),
    ],
)
def test_malformed_rules_are_refused(text: str, message: str) -> None:
    with pytest.raises(DocumentRuleError, match=message):
        parse_rules(text)


def test_no_matching_rule_is_an_error() -> None:
    rules = parse_rules(
        f'[[rule]]\nawards = ["A"]\nlevels = []\nprocedure = "regular"\n'
        f'required = ["khac"]\n{BASIS}'
    )
    assert required_rule("A", "unit", False, rules).required == (K.khac,)
    with pytest.raises(DocumentRuleError, match="no document rule"):
        required_rule("B", "unit", False, rules)
