"""Award types (loại hình khen thưởng, Law Art.8) and the simplified procedure (Law Art.85).

Every dossier has a type: ``regular`` (công trạng, the default), ``thematic`` (chuyên đề,
campaigns), ``ad_hoc`` (đột xuất), ``career`` (quá trình cống hiến) or ``foreign`` (đối ngoại).
Only an ``ad_hoc`` dossier may use the simplified procedure: no public posting (ND152
Art.44.2), the policy's shorter limits (``[review_simplified]``) and the reduced document set
below. Emulation titles are yearly merit titles: they take ``regular`` only unless the catalogue
says otherwise (``award_types``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.catalog import AwardRule
from domain.legal import law, nd152
from domain.refusal import Values


class AwardType(StrEnum):
    regular = "regular"
    thematic = "thematic"
    ad_hoc = "ad_hoc"
    career = "career"
    foreign = "foreign"


AWARD_TYPE_VI = {
    AwardType.regular: "khen thưởng công trạng",
    AwardType.thematic: "khen thưởng theo chuyên đề",
    AwardType.ad_hoc: "khen thưởng đột xuất",
    AwardType.career: "khen thưởng quá trình cống hiến",
    AwardType.foreign: "khen thưởng đối ngoại",
}

# Documents of a dossier (attachment kinds of contract §13): the full set (Law Art.84.1) and
# the reduced set of the simplified procedure: a proposal and a short achievement summary
# written by the proposing body (domain.md §3.8; ND152 Art.33.8).
FULL_DOCUMENTS = ("to_trinh", "bao_cao_thanh_tich", "bien_ban")
SIMPLIFIED_DOCUMENTS = ("to_trinh", "tom_tat_thanh_tich")
FOREIGN_DOCUMENTS = ("to_trinh", "bao_cao_tom_tat")  # ND152 Art.38.4, 42.2
DOCUMENT_BASIS = {
    "full": law("84.1").cite(),
    "simplified": law("85").cite(),
    "foreign": nd152("42.2").cite(),
}


class AwardTypeError(ValueError):
    """An award type not allowed; ``field`` names the offending input, ``code`` and ``values``
    say why (:mod:`domain.refusal`)."""

    def __init__(
        self, field: str, message: str, *, code: str, values: Values | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.values: Values = dict(values or {})


@dataclass(frozen=True)
class Procedure:
    """How a dossier of this type is handled."""

    award_type: AwardType
    simplified: bool
    public_posting: bool
    documents: tuple[str, ...]


def allowed_types(award: AwardRule) -> tuple[AwardType, ...]:
    """Award types ``award`` may be proposed under."""
    if award.award_types:
        return tuple(AwardType(t) for t in award.award_types)
    if award.category == "title":
        return (AwardType.regular,)
    return tuple(AwardType)


def procedure(award: AwardRule, award_type: str, simplified: bool) -> Procedure:
    """Validate the type of a dossier for ``award`` and say how it is handled."""
    try:
        kind = AwardType(award_type)
    except ValueError:
        names = ", ".join(t.value for t in AwardType)
        raise AwardTypeError(
            "award_type",
            f"Loại hình khen thưởng không hợp lệ {award_type!r} (chọn: {names})",
            code="award_type_unknown",
            values={"value": award_type, "award_types": [t.value for t in AwardType]},
        ) from None
    allowed = allowed_types(award)
    if kind not in allowed:
        names = ", ".join(t.value for t in allowed)
        raise AwardTypeError(
            "award_type",
            f"{award.code} không xét theo {AWARD_TYPE_VI[kind]} (chỉ xét theo: {names})",
            code="award_type_not_allowed",
            values={
                "award": award.code,
                "award_type": kind.value,
                "award_types": [t.value for t in allowed],
            },
        )
    if simplified and kind is not AwardType.ad_hoc:
        raise AwardTypeError(
            "simplified",
            "Thủ tục đơn giản chỉ áp dụng cho khen thưởng đột xuất (ad_hoc)",
            code="simplified_ad_hoc_only",
        )
    documents: tuple[str, ...]
    if simplified:
        documents = SIMPLIFIED_DOCUMENTS
    elif kind is AwardType.foreign:
        documents = FOREIGN_DOCUMENTS
    else:
        documents = FULL_DOCUMENTS
    return Procedure(kind, simplified, award.public_posting and not simplified, documents)
