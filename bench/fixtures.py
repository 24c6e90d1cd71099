"""The benchmark's organisations and accounts, created through the API as admin.

One province, `districts` districts under it, `units_per_district` units under each district;
an officer in the first `officers_per_district` units of each district, a chair per district and
one provincial chair. The state-level orgs (BNV, TTG, CTN) come from the bootstrap seed.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from bench.client import Api


@dataclass
class District:
    code: str
    chair: str
    units: list[str] = field(default_factory=list)
    officers: dict[str, str] = field(default_factory=dict)  # unit code -> officer username


@dataclass
class Orgs:
    province: str
    province_chair: str
    districts: list[District]

    @property
    def officer_units(self) -> list[tuple[str, str, District]]:
        """(officer, unit, district) for every unit that has an officer."""
        return [(o, u, d) for d in self.districts for u, o in d.officers.items()]

    @property
    def all_units(self) -> list[str]:
        return [u for d in self.districts for u in d.units]


async def create_orgs(
    api: Api,
    admin_password: str,
    *,
    districts: int = 20,
    units_per_district: int = 5,
    officers_per_district: int = 1,
) -> Orgs:
    await api.login("admin", admin_password)
    tag = secrets.token_hex(2).upper()
    province = f"BT{tag}"
    await api.org(province, f"Tỉnh Đo Hiệu Năng {tag}", "province", None)
    result = Orgs(province=province, province_chair=f"ct_{province.lower()}", districts=[])
    for i in range(1, districts + 1):
        code = f"{province}H{i:02d}"
        result.districts.append(District(code=code, chair=f"ct_{code.lower()}"))
    await asyncio.gather(
        *(
            api.org(d.code, f"Huyện Số {i}", "district", province)
            for i, d in enumerate(result.districts, 1)
        )
    )
    for d in result.districts:
        d.units = [f"{d.code}D{j}" for j in range(1, units_per_district + 1)]
    sem = asyncio.Semaphore(10)

    async def org(code: str, parent: str, j: int) -> None:
        async with sem:
            await api.org(code, f"Trường Tiểu học Số {j} ({code})", "unit", parent)

    await asyncio.gather(
        *(org(u, d.code, j) for d in result.districts for j, u in enumerate(d.units, 1))
    )

    async def user(username: str, org_code: str, roles: list[str]) -> None:
        async with sem:
            await api.user(username, org_code, roles)

    jobs = [user(result.province_chair, province, ["chair"])]
    for d in result.districts:
        jobs.append(user(d.chair, d.code, ["chair"]))
        for u in d.units[:officers_per_district]:
            d.officers[u] = f"cb_{u.lower()}"
            jobs.append(user(d.officers[u], u, ["officer"]))
    await asyncio.gather(*jobs)
    return result
