"""Demo dossiers for `make run`, driven through the public HTTP API like a person would.

Runs once the worker and the API answer; does nothing when dossiers already exist, so a second
`make run` keeps the data as it was left. Uses the demo accounts of `store/seed_demo.py`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from store.seed_demo import DEMO_PASSWORD


@dataclass
class DemoClient:
    http: httpx.Client
    tokens: dict[str, str]

    def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            response = self.http.post(
                "/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD}
            )
            response.raise_for_status()
            self.tokens[username] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def post(self, path: str, who: str, body: dict[str, Any], timeout: float = 90) -> Any:
        """POST with an Idempotency-Key, retried while the worker is not polling yet (503):
        the retry of a request that did go through gets its first answer, never a second
        dossier or decision."""
        headers = self.headers(who) | {"Idempotency-Key": uuid.uuid4().hex}
        deadline = time.monotonic() + timeout
        while True:
            response = self.http.post(path, json=body, headers=headers)
            if response.status_code != 503 or time.monotonic() > deadline:
                response.raise_for_status()
                return response.json()
            time.sleep(0.5)

    def submit(self, officer: str, body: dict[str, Any]) -> str:
        return str(self.post("/api/v1/dossiers", officer, body)["id"])

    def wait_stage(self, dossier_id: str, who: str, level: str, timeout: float = 30) -> None:
        """Wait until the dossier waits at `level` with its deadline computed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.http.get(f"/api/v1/dossiers/{dossier_id}", headers=self.headers(who))
            stage = body.json().get("stage") or {}
            if stage.get("level") == level and stage.get("due_at"):
                return
            time.sleep(0.2)
        raise TimeoutError(f"{dossier_id} did not reach {level}")

    def decide(self, dossier_id: str, chair: str, body: dict[str, Any]) -> None:
        self.post(f"/api/v1/dossiers/{dossier_id}/decisions", chair, body)


def _dossier(org: str, award: str, summary: str, *nominees: dict[str, Any]) -> dict[str, Any]:
    return {
        "proposer_org": org,
        "award_code": award,
        "summary": summary,
        "nominees": list(nominees),
    }


def _person(name: str, title: str, direct: bool = False) -> dict[str, Any]:
    return {"kind": "individual", "name": name, "position": title, "is_direct_worker": direct}


def seed_demo_dossiers(base_url: str) -> int:
    """Create five dossiers in different states; returns how many were created."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        demo = DemoClient(http, {})
        existing = http.get("/api/v1/dossiers", headers=demo.headers("lv.officer"))
        existing.raise_for_status()
        if existing.json()["total"] > 0:
            return 0
        waiting = demo.submit(
            "lv.officer",
            _dossier(
                "BN-TD-THLV",
                "LDTT",
                "Hoàn thành tốt nhiệm vụ năm học 2025-2026",
                _person("Nguyễn Thị Mai", "Giáo viên"),
                _person("Trần Văn Hùng", "Nhân viên bảo vệ", direct=True),
            ),
        )
        decided = demo.submit(
            "lv.officer",
            _dossier(
                "BN-TD-THLV",
                "GIAY_KHEN",
                "Thành tích xuất sắc trong Hội khỏe Phù Đổng cấp huyện",
                _person("Lê Thu Trang", "Giáo viên Thể dục"),
            ),
        )
        forwarded = demo.submit(
            "lv.officer",
            _dossier(
                "BN-TD-THLV",
                "BK_TINH",
                "Hai năm liền Chiến sĩ thi đua cơ sở, sáng kiến cấp huyện",
                _person("Phạm Quang Minh", "Hiệu trưởng"),
            ),
        )
        returned = demo.submit(
            "thcs.officer",
            _dossier(
                "HY-VG-THCS",
                "CSTD_CS",
                "Sáng kiến đổi mới phương pháp dạy học môn Toán",
                _person("Đỗ Thị Hạnh", "Tổ trưởng chuyên môn"),
            ),
        )
        demo.submit(
            "thcs.officer",
            _dossier(
                "HY-VG-THCS",
                "TTLDTT",
                "Tổ Khoa học tự nhiên hoàn thành tốt nhiệm vụ",
                {"kind": "collective", "name": "Tổ Khoa học tự nhiên"},
            ),
        )
        demo.wait_stage(decided, "lv.officer", "district")
        demo.decide(decided, "td.chair", {"action": "approve", "comment": "Đồng ý khen thưởng"})
        demo.wait_stage(forwarded, "lv.officer", "district")
        demo.decide(forwarded, "td.chair", {"action": "approve", "comment": "Đồng ý trình tỉnh"})
        demo.wait_stage(returned, "thcs.officer", "commune")
        demo.decide(
            returned,
            "vg.chair",
            {"action": "return", "comment": "Bổ sung giấy chứng nhận sáng kiến"},
        )
        demo.wait_stage(waiting, "lv.officer", "district")
        return 5
