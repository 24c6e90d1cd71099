"""Demo data for `make run`: two provinces (three-tier and two-tier), a provincial department
(Sở) with a school that has legal personality, a ministry with a hospital, and one account per
role and org. Idempotent (`ON CONFLICT DO NOTHING`); never loaded in production.

Every demo account has the password `DEMO_PASSWORD`; README "Demo accounts" lists them.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import User
from store.seed import insert_org, insert_user

DEMO_PASSWORD = "Demo@2026"

# code, name, level, parent; units have kind `internal` unless listed in DEMO_KINDS
DEMO_ORGS: tuple[tuple[str, str, str, str | None], ...] = (
    # Three-tier: province → districts → units.
    ("BN", "UBND tỉnh Bắc Ninh", "province", None),
    ("BN-TD", "UBND huyện Tiên Du", "district", "BN"),
    ("BN-QV", "UBND huyện Quế Võ", "district", "BN"),
    ("BN-TD-THLV", "Trường Tiểu học Lạc Vệ", "unit", "BN-TD"),
    ("BN-QV-TTYT", "Trung tâm Y tế huyện Quế Võ", "unit", "BN-QV"),
    # Two-tier (since 1 July 2025): province → communes → units.
    ("HY", "UBND tỉnh Hưng Yên", "province", None),
    ("HY-VG", "UBND xã Văn Giang", "commune", "HY"),
    ("HY-NT", "UBND xã Nghĩa Trụ", "commune", "HY"),
    ("HY-VG-THCS", "Trường THCS Văn Giang", "unit", "HY-VG"),
    ("HY-NT-HTX", "Hợp tác xã Nông nghiệp Nghĩa Trụ", "unit", "HY-NT"),
    # A department of Bắc Ninh and a school with legal personality under it: the school's head
    # decides LĐTT, CSTĐ cơ sở, TTLĐTT and Giấy khen; its Bằng khen climbs Sở → province.
    ("BN-SGD", "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "department", "BN"),
    ("BN-SGD-THPTLTT", "Trường THPT Lý Thái Tổ", "unit", "BN-SGD"),
    # A ministry with a hospital (unit → ministry → BNV → TTg).
    ("BYT", "Bộ Y tế", "ministry", None),
    ("BYT-BVBM", "Bệnh viện Bạch Mai", "unit", "BYT"),
)
DEMO_KINDS = {
    "BN-SGD-THPTLTT": "legal_entity",
    "BYT-BVBM": "legal_entity",
    "HY-NT-HTX": "enterprise",
}

# username prefix → org code; each gets `<prefix>.officer`, `.chair` and `.viewer`.
DEMO_ACCOUNT_ORGS: tuple[tuple[str, str], ...] = (
    ("lv", "BN-TD-THLV"),
    ("td", "BN-TD"),
    ("bn", "BN"),
    ("thcs", "HY-VG-THCS"),
    ("vg", "HY-VG"),
    ("hy", "HY"),
    ("bnv", "BNV"),
    ("ttg", "TTG"),
    ("ctn", "CTN"),
    ("sgd", "BN-SGD"),
    ("ltt", "BN-SGD-THPTLTT"),
    ("byt", "BYT"),
    ("bm", "BYT-BVBM"),
)

# Each account is a person: their name is printed on the papers they sign (quyết định, giấy
# chứng nhận), so it reads as a Vietnamese name, never "Chủ tịch <org code>".
# username prefix → (officer, chair, viewer)
DEMO_PEOPLE: dict[str, tuple[str, str, str]] = {
    "lv": ("Nguyễn Thị Thu Hà", "Trần Văn Khánh", "Lê Thị Minh Hằng"),
    "td": ("Phạm Văn Tuấn", "Nguyễn Đức Thắng", "Vũ Thị Lan"),
    "bn": ("Hoàng Thị Ngọc Anh", "Đỗ Quang Huy", "Bùi Văn Nam"),
    "thcs": ("Đặng Thị Hương", "Ngô Văn Dũng", "Phan Thị Yến"),
    "vg": ("Lương Văn Hải", "Trịnh Minh Tâm", "Đinh Thị Thảo"),
    "hy": ("Nguyễn Văn Long", "Vũ Đình Phúc", "Trần Thị Mai"),
    "bnv": ("Lê Văn Sơn", "Phạm Thị Thanh Huyền", "Nguyễn Hữu Thành"),
    "ttg": ("Hồ Thị Kim Oanh", "Trần Quốc Bảo", "Đoàn Văn Quang"),
    "ctn": ("Mai Thị Hồng Nhung", "Nguyễn Xuân Trường", "Cao Văn Toàn"),
    "sgd": ("Tạ Thị Bích Ngọc", "Lê Minh Đức", "Hà Văn Kiên"),
    "ltt": ("Dương Thị Thu Trang", "Nguyễn Văn Hùng", "Chu Thị Loan"),
    "byt": ("Kiều Văn Lâm", "Trương Thị Hạnh", "Lý Văn Thịnh"),
    "bm": ("Võ Thị Phương", "Đào Duy Anh", "Tô Văn Hiếu"),
}
ROLES = ("officer", "chair", "viewer")
# what the seed named the accounts before (renamed when found unchanged)
OLD_ROLE_NAMES = {"officer": "Cán bộ thi đua", "chair": "Chủ tịch", "viewer": "Người xem"}


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, org code, role) of every demo account."""
    return [(f"{prefix}.{role}", org, role) for prefix, org in DEMO_ACCOUNT_ORGS for role in ROLES]


def demo_full_name(username: str) -> str:
    """The person behind a demo account ("lv.chair" → "Trần Văn Khánh")."""
    prefix, role = username.split(".")
    return DEMO_PEOPLE[prefix][ROLES.index(role)]


async def seed_demo(session: AsyncSession) -> None:
    """Insert the demo orgs and accounts (the state orgs come from the bootstrap seed)."""
    for code, name, level, parent in DEMO_ORGS:
        await insert_org(session, code, name, level, parent, DEMO_KINDS.get(code))
    for username, org, role in demo_accounts():
        await insert_user(session, username, DEMO_PASSWORD, demo_full_name(username), org, [role])
        # a demo database seeded before the accounts had names: "Chủ tịch BN-TD" → a person
        stale = f"{OLD_ROLE_NAMES[role]} {org}"
        await session.execute(
            update(User)
            .where(User.username == username, User.full_name == stale)
            .values(full_name=demo_full_name(username))
        )
