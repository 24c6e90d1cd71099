"""A refusal shown after its field's label never says the label twice ("Kết quả bỏ phiếu: Kết
quả bỏ phiếu không đạt…", "Kết quả bỏ phiếu: Hình thức này phải bỏ phiếu…"): every refusal the
domain words with a field (found in its source) is rendered in both languages and checked."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from api.field_labels import field_label, labelled
from api.refusal_text import msgid_of, refusal_field_text
from core import i18n

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
BALLOT = {"in_favor": 5, "members_total": 11, "present": 10, "share": 0.45, "threshold": 0.5}


def refusals_with_a_field() -> list[tuple[str, str]]:
    """(field, code) of every ``invalid(message, "field", "code", …)`` the domain raises."""
    found: set[tuple[str, str]] = set()
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            field, code = node.args[1], node.args[2]
            if (
                name in ("invalid", "_invalid")
                and isinstance(field, ast.Constant)
                and isinstance(code, ast.Constant)
                and isinstance(field.value, str)
                and isinstance(code.value, str)
            ):
                found.add((field.value, code.value))
    # the council's ballot: worded from the ballot's own reasons
    found |= {("vote", "ballot_failed"), ("vote.present", "quorum")}
    return sorted(found)


PAIRS = refusals_with_a_field()


def test_the_scan_finds_the_domain_refusals() -> None:
    assert ("vote", "vote_required") in PAIRS
    assert ("working_days", "extend_days") in PAIRS
    assert len(PAIRS) >= 10


def _values(code: str) -> dict[str, object]:
    msgid = msgid_of(code)
    assert msgid is not None, code
    names = PLACEHOLDER.findall(i18n.raw(msgid, "vi"))
    return {**dict.fromkeys(names, "X"), **BALLOT}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("field", "code"), PAIRS)
def test_a_refusal_says_its_field_s_label_once(lang: i18n.Lang, field: str, code: str) -> None:
    with i18n.using(lang):
        label = field_label(field).casefold()
        text = refusal_field_text(field, code, _values(code))
    assert text is not None
    folded = text.casefold()
    assert folded.startswith(label), text  # the field is named...
    rest = folded[len(label) :].lstrip(": ")
    assert not rest.startswith(label), text  # ...once


@pytest.mark.parametrize(
    ("lang", "code", "expected"),
    [
        ("vi", "vote_required", "Kết quả bỏ phiếu: bắt buộc với hình thức khen thưởng này"),
        ("en", "vote_required", "Ballot: required for this award"),
        ("vi", "ballot_failed", "Kết quả bỏ phiếu không đạt: 5/11 thành viên đồng ý"),
        ("en", "ballot_failed", "Ballot failed: 5/11"),
    ],
)
def test_the_vote_refusals_read_once(lang: i18n.Lang, code: str, expected: str) -> None:
    with i18n.using(lang):
        text = refusal_field_text("vote", code, BALLOT)
    assert text is not None
    assert text.startswith(expected), text


def test_labelled_keeps_a_message_that_names_its_field() -> None:
    with i18n.using("vi"):
        assert labelled("Xếp loại", "xếp loại X không hợp lệ") == "Xếp loại X không hợp lệ"
        assert labelled("Số ngày", "phải từ 1 đến 60") == "Số ngày: phải từ 1 đến 60"
