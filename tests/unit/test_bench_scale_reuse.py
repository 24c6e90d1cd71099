"""`--keep-data` leaves a manifest that `--scale-reuse` reads back: the same orgs, password and
rows, on new free ports (nothing is started here)."""

from __future__ import annotations

import shutil

from bench import scale_reuse
from bench.fixtures import District, Orgs
from bench.listing import bench_id
from bench.scale import Loaded
from bench.stack import LauncherStack


def test_the_manifest_round_trips() -> None:
    stack = LauncherStack.create(keep_data=True)
    try:
        orgs = Orgs("BTX", "ct_btx", [District("BTXH01", "ct_btxh01", ["BTXH01D1"], {})])
        ids = [bench_id(2025, 0), bench_id(2026, 1)]
        scale_reuse.write_manifest(stack, orgs, Loaded(12.5, ["a", "b"], ids))
        again, read, manifest = scale_reuse.reuse(stack.data_dir)
        assert read == orgs
        assert again.admin_password == stack.admin_password
        assert again.data_dir == stack.data_dir
        assert again.keep_data is True
        assert manifest["rows"] == 2
        assert manifest["load_s"] == 12.5
        assert [scale_reuse.BENCH_ID.match(i) is not None for i in ids] == [True, True]
        assert scale_reuse.BENCH_ID.match("HS-2026-7F3A9C01") is None  # an API id
    finally:
        shutil.rmtree(stack.data_dir, ignore_errors=True)
