"""20,000 dossiers of one province for the list plan and pagination tests (real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg

ROWS = 20_000
DISTRICTS = 10
UNITS = 10  # per district: 100 units, ~200 dossiers each
PROVINCE = "PT"

# Every dossier: proposed by unit n % 100, routed unit -> district (-> province for 30 %);
# three dossiers share each creation time (ties the keyset order breaks by id).
LOAD = f"""
INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,
    route_orgs, status, summary, search_text, created_by, created_at, stage_level, overdue,
    due_at, stage_org)
SELECT 'HS-' || n, 'dossier-HS-' || n,
       CASE WHEN n % 100 = 3 THEN 'CSTD_TINH' WHEN n % 10 < 3 THEN 'BK_TINH'
            ELSE 'GIAY_KHEN' END,
       u.code, 'three_tier', '[]'::jsonb,
       CASE WHEN n % 10 < 3 THEN ARRAY[u.code, u.parent_code, '{PROVINCE}']
            ELSE ARRAY[u.code, u.parent_code] END,
       CASE WHEN n % 100 = 1 THEN 'withdrawn'
            ELSE (ARRAY['in_review', 'decided', 'returned', 'rejected'])[1 + n % 4] END,
       'Hoàn thành xuất sắc nhiệm vụ',
       lower('HS-' || n || ' nguyễn văn người' || n || ' trường ' || u.code),
       'bulk', now() - make_interval(mins => n - n % 3),
       CASE WHEN n % 4 = 0 THEN 'district' END, n % 7 = 0,
       CASE WHEN n % 4 IN (0, 2) THEN now() + make_interval(hours => n % 97 - 4) END,
       CASE WHEN n % 4 = 0 THEN u.parent_code END
FROM generate_series(1, {ROWS}) AS n
JOIN (SELECT code, parent_code, row_number() OVER (ORDER BY code) - 1 AS k
      FROM orgs WHERE level = 'unit' AND code LIKE '{PROVINCE}%') AS u
  ON u.k = n % {DISTRICTS * UNITS}
"""


def _units() -> Iterator[tuple[str, str]]:
    for d in range(DISTRICTS):
        for u in range(UNITS):
            yield f"{PROVINCE}H{d:02d}D{u:02d}", f"{PROVINCE}H{d:02d}"


OFFICER_ORG = f"{PROVINCE}H03D04"
DISTRICT = f"{PROVINCE}H03"


def load(url: str) -> None:
    """Orgs and dossiers into the migrated database at `url`, then VACUUM ANALYZE."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        orgs: list[tuple[str, str, str | None]] = [(PROVINCE, "province", None)]
        orgs += [(f"{PROVINCE}H{d:02d}", "district", PROVINCE) for d in range(DISTRICTS)]
        orgs += [(code, "unit", parent) for code, parent in _units()]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO orgs (code, name, level, parent_code) VALUES (%s, %s, %s, %s)",
                [(code, code, level, parent) for code, level, parent in orgs],
            )
        conn.execute(LOAD)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE dossiers")
        conn.execute("VACUUM ANALYZE dossier_scopes")
