"""The small org chain the dossier's unit tests and the workflow harness share: unit U1 under
district D1 under province P1, the state-level orgs, and a working-day morning to act at."""

from __future__ import annotations

from datetime import datetime

from domain.calendar import VN_TZ
from domain.levels import Level
from domain.routes import OrgNode

AT = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
ANCESTRY = (
    OrgNode("U1", Level.unit, "D1"),
    OrgNode("D1", Level.district, "P1"),
    OrgNode("P1", Level.province, None),
)
STATE_ORGS = {Level.central: "BNV", Level.government: "TTG", Level.president: "CTN"}
