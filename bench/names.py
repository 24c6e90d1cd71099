"""Deterministic Vietnamese names for nominees (no PII: combinations of common parts)."""

from __future__ import annotations

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Quang", "Ngọc", "Đức", "Thu", "Xuân")
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hà",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
    "Khoa",
    "Long",
    "Nhung",
)


def name(i: int) -> str:
    return (
        f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // len(FAMILY)) % len(MIDDLE)]} "
        f"{GIVEN[(i // (len(FAMILY) * len(MIDDLE))) % len(GIVEN)]}"
    )


def nominees(i: int, count: int) -> list[dict[str, object]]:
    return [
        {
            "kind": "individual",
            "name": name(i * count + k),
            "position": "Giáo viên",
            "is_direct_worker": k % 3 == 0,
        }
        for k in range(count)
    ]
