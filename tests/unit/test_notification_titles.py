"""Notification titles: worded by kind from the catalogues, with names where codes are stored,
in the reader's language; what the row cannot tell still reads as a sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from api.services.notifications import title
from core import i18n
from store.repositories.notifications import NotificationRow
from workflows.activity_contracts import DOSSIER_NOTICE_KINDS

ROW = NotificationRow(
    id=7,
    kind="arrived",
    event_key="dossier-HS-2026-0000012-ab12:3:arrived",
    dossier_id="HS-2026-0000012",
    created_at=datetime(2026, 12, 1, 1, 0, tzinfo=UTC),
    read_at=None,
    award_code="CSTD_CS",
    proposer_org="BN-TD-THLV",
    stage_org="BN-TD",
    round_code=None,
    round_name=None,
    event_org=None,
    escalation_level=None,
)
NAMES = {"BN-TD-THLV": "Trường Tiểu học Lạc Vệ", "BN-QV": "UBND huyện Quế Võ"}


@pytest.mark.parametrize(
    ("row", "vi", "en"),
    [
        (
            ROW,
            "Hồ sơ HS-2026-0000012 — Chiến sĩ thi đua cơ sở của Trường Tiểu học Lạc Vệ "
            "chờ xét duyệt",
            "Dossier HS-2026-0000012 — Grassroots Emulation Fighter from Trường Tiểu học Lạc Vệ "
            "awaits review",
        ),
        (
            replace(ROW, kind="returned"),
            "Hồ sơ HS-2026-0000012 — Chiến sĩ thi đua cơ sở bị trả lại, "
            "đề nghị bổ sung và trình lại",
            "Dossier HS-2026-0000012 — Grassroots Emulation Fighter was returned: please complete "
            "and resubmit it",
        ),
        (
            replace(
                ROW,
                kind="round_escalated",
                dossier_id=None,
                award_code=None,
                proposer_org=None,
                round_code="BN-TK-2026",
                round_name="Tổng kết năm 2026",
                event_org="BN-QV",
                escalation_level=2,
            ),
            "Chậm gửi hồ sơ (lần 2): UBND huyện Quế Võ — Tổng kết năm 2026",
            "Submission late (notice 2): UBND huyện Quế Võ — Tổng kết năm 2026",
        ),
        (
            replace(ROW, kind="digest", dossier_id=None, event_key="digest:2026-12-03:BN"),
            "Tổng hợp việc cần xử lý ngày 03/12/2026",
            "Daily summary of work for 03/12/2026",
        ),
        (
            replace(ROW, kind="something_new"),
            "Thông báo về hồ sơ HS-2026-0000012",
            "Notice about dossier HS-2026-0000012",
        ),
        (replace(ROW, kind="something_new", dossier_id=None), "Thông báo", "Notice"),
    ],
)
def test_titles_name_awards_and_orgs(row: NotificationRow, vi: str, en: str) -> None:
    with i18n.using("vi"):
        assert title(row, NAMES) == vi
    with i18n.using("en"):
        assert title(row, NAMES) == en


def test_every_dossier_kind_has_a_title_without_codes() -> None:
    for kind in DOSSIER_NOTICE_KINDS:
        with i18n.using("vi"):
            worded = title(replace(ROW, kind=kind), NAMES)
        assert "CSTD_CS" not in worded, worded
        assert "BN-TD-THLV" not in worded, worded
        assert worded != "Thông báo về hồ sơ HS-2026-0000012", kind
