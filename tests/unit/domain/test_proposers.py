"""Who may propose an award (domain.proposers): a rule of the catalogue, checked per award."""

import pytest

from domain.catalog import CatalogError, default_catalog, parse_catalog
from domain.levels import Level
from domain.proposers import may_propose, proposer_keys
from domain.routes import OrgNode

CAT = default_catalog()
PROV = OrgNode("BN", Level.province, None)
COMMUNE = OrgNode("BN-X1", Level.commune, "BN")
DISTRICT = OrgNode("BN-H1", Level.district, "BN")
VILLAGE = OrgNode("BN-X1-T", Level.unit, "BN-X1", "internal")
SCHOOL = OrgNode("BN-X1-TH", Level.unit, "BN-X1", "legal_entity")
COOP = OrgNode("BN-X1-HTX", Level.unit, "BN-X1", "enterprise")
TEAM = OrgNode("BN-X1-TH-T", Level.unit, "BN-X1-TH", "internal")
SO = OrgNode("BN-SGD", Level.department, "BN")
CHAINS = {
    "commune": [COMMUNE, PROV],
    "district": [DISTRICT, PROV],
    "village": [VILLAGE, COMMUNE, PROV],
    "school": [SCHOOL, COMMUNE, PROV],
    "coop": [COOP, COMMUNE, PROV],
    "team": [TEAM, SCHOOL, COMMUNE, PROV],
    "department": [SO, PROV],
    "province": [PROV],
}


@pytest.mark.parametrize(
    ("award", "allowed"),
    [
        ("XA_TIEU_BIEU", {"commune", "district"}),
        ("THON_VH", {"commune", "district", "village"}),
        ("GDVH", {"commune", "district", "village"}),
        ("CSTD_CS", set(CHAINS)),  # no rule of its own: the route decides
        ("CO_CP", set(CHAINS)),  # a province may propose the Government flag for itself
    ],
)
def test_who_may_propose(award: str, allowed: set[str]) -> None:
    found = {name for name, chain in CHAINS.items() if may_propose(CAT.get(award), chain)}
    assert found == allowed


def test_a_unit_is_known_by_its_kind_and_its_parent() -> None:
    assert proposer_keys(CHAINS["village"]) == ("internal", "internal/commune")
    assert proposer_keys([PROV]) == ("province",)
    assert proposer_keys([]) == ()


@pytest.mark.parametrize("proposers", ['["hamlet"]', '["internal/commune/x"]', "[]", '"commune"'])
def test_malformed_proposers_are_refused(proposers: str) -> None:
    text = f"""
[[award]]
code = "X"
name_vi = "X"
name_en = "X"
category = "title"
subjects = ["collective"]
deciding_level = "province"
public_posting = false
bonus_coefficient = 1.0
basis = {{ instrument = "L", article = "1", effective_from = 2024-01-01 }}
proposers = {proposers}
"""
    with pytest.raises(CatalogError, match="proposers"):
        parse_catalog(text)
