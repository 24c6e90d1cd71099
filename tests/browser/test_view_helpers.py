"""Pure helpers of the web UI: working days left, the route progress bar, chart geometry, i18n,
success notices and the page keys of errors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.schemas.dossier_views import DossierOut
from api.web.charts import bar_chart, donut
from api.web.command_pages import DECIDE_FIELDS
from api.web.dossier_pages import route_steps
from api.web.forms import in_order, keyed, page_key
from api.web.nomination_pages import ORDER
from api.web.notices import notice
from api.web.views import days_left
from core import i18n
from core.holidays import calendar_from
from domain.calendar import end_of_day


@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        (date(2026, 2, 12), date(2026, 2, 23), 2),  # Tết Bính Ngọ: 13/02 and 23/02 only
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        (date(2026, 3, 4), date(2026, 3, 2), -2),
    ],
)
def test_days_left_counts_vietnamese_working_days(today: date, due: date, left: int) -> None:
    calendar = calendar_from([2026])
    assert days_left(calendar, today, end_of_day(due)) == left
    assert days_left(calendar, today, None) is None


def _dossier(status: str, stage: dict[str, object] | None, history: list[str]) -> DossierOut:
    at = datetime(2026, 3, 2, tzinfo=UTC)
    return DossierOut.model_validate(
        {
            "id": "HS-2026-1",
            "award_code": "BK_TINH",
            "proposer_org": "U",
            "route": ["unit", "district", "province"],
            "status": status,
            "round": 1,
            "stage": None
            if stage is None
            else {"arrived_at": at, "due_at": at, "overdue": False, "escalation_level": 0, **stage},
            "nominees": [],
            "decision": None,
            "history": [
                {"at": at, "actor": "x", "action": a, "level": lv, "comment": ""}
                for a, lv in (h.split(":") for h in history)
            ],
        }
    )


def test_route_steps() -> None:
    at_province = _dossier(
        "in_review",
        {"level": "province", "org_code": "P", "phase": "review"},
        ["submitted:unit", "approved:district"],
    )
    assert [s.state for s in route_steps(at_province)] == ["done", "done", "current"]
    decided = _dossier("decided", None, ["decided:province"])
    assert [s.state for s in route_steps(decided)] == ["done", "done", "done"]
    returned = _dossier(
        "returned",
        {"level": "province", "org_code": "P", "phase": "resubmission"},
        ["approved:district", "returned:province"],
    )
    assert [s.state for s in route_steps(returned)] == ["current", "done", "todo"]


def test_charts_scale_and_close_the_circle() -> None:
    chart = bar_chart([("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")])
    assert [b.length for b in chart.bars] == [190.0, 95.0, 0.0]
    ring = donut([("x", 3), ("y", 1), ("z", 0)])
    assert [s.share for s in ring.slices] == ["75\u00a0%", "25\u00a0%"]  # Vietnamese format
    total = sum(float(s.dash.split()[0]) for s in ring.slices)
    assert total == pytest.approx(ring.circumference, abs=0.05)
    assert donut([]).slices == ()


NAMES = {"U": "Trường THCS Lạc Vệ", "D": "UBND huyện Tiên Du", "P": "UBND tỉnh Bắc Ninh"}


@pytest.mark.parametrize(
    ("action", "status", "stage", "msgid", "org"),
    [
        ("create", "in_review", {"level": "district", "org_code": "D", "phase": "review"},
         "flash.sent", "UBND huyện Tiên Du"),
        ("approve", "in_review", {"level": "province", "org_code": "P", "phase": "review"},
         "flash.forwarded", "UBND tỉnh Bắc Ninh"),
        ("approve", "in_review", {"level": "province", "org_code": "P", "phase": "public_posting"},
         "flash.posting", "UBND tỉnh Bắc Ninh"),
        ("return", "returned", {"level": "unit", "org_code": "U", "phase": "resubmission"},
         "flash.returned", "Trường THCS Lạc Vệ"),
        ("reject", "rejected", None, "flash.rejected", "Trường THCS Lạc Vệ"),
        ("create", "draft", None, "flash.draft", "Trường THCS Lạc Vệ"),
    ],
)  # fmt: skip
def test_success_notices_say_where_the_dossier_went(
    action: str, status: str, stage: dict[str, object] | None, msgid: str, org: str
) -> None:
    said, values = notice(action, _dossier(status, stage, []), NAMES)
    assert said == msgid
    assert values["org"] == org  # a name, never the code
    assert values["id"] == "HS-2026-1"
    assert ("due" in values) == (stage is not None)
    with i18n.using("vi"):
        assert "HS-2026-1" in i18n.gettext(said, **values)


def test_errors_get_the_keys_of_the_page() -> None:
    assert page_key("nominees[2].name") == "nominees-2-name"
    assert page_key("nominees[0]") == "nominees-0-name"
    assert keyed({"vote.members_total": "a", "status": "b", "": "c"}, "decide", DECIDE_FIELDS) == {
        "decide-vote-members_total": "a",
        "decide": "b; c",
    }
    assert keyed({"nominee_ids[3]": "x"}, "decide", DECIDE_FIELDS) == {"decide-nominee_ids": "x"}
    ordered = in_order({"nominees-10-name": "", "year": "", "nominees-2-name": "", "": ""}, ORDER)
    assert list(ordered) == ["", "year", "nominees-2-name", "nominees-10-name"]
