"""Reading recorded workflow histories (the JSON `temporal workflow show -o json` writes)."""

from __future__ import annotations

import base64
import json
from pathlib import Path


def patch_ids(path: Path) -> set[str]:
    """The patch ids recorded in a history (core_patch markers)."""
    found = set()
    for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
        details = event.get("markerRecordedEventAttributes", {}).get("details", {})
        for payload in details.get("patch-data", {}).get("payloads", []):
            found.add(json.loads(base64.b64decode(payload["data"]))["id"])
    return found
