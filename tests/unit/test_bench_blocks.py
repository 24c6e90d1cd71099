"""Each separate bench run (`--scale`, `--scale-peak`) owns one marked section of the report:
it replaces its own, appends when absent, and the other sections survive."""

from __future__ import annotations

from bench import blocks


def test_a_section_is_replaced_in_place_and_the_others_survive() -> None:
    doc = "# report\n\n" + blocks.wrap("scale", "old scale") + "\n\n" + blocks.wrap("p", "old p")
    doc = blocks.with_block(doc, "scale", blocks.wrap("scale", "new scale"))
    assert blocks.block(doc, "scale") == blocks.wrap("scale", "new scale")
    assert blocks.block(doc, "p") == blocks.wrap("p", "old p")
    assert doc.startswith("# report\n\n")
    assert "old scale" not in doc


def test_an_absent_section_is_appended_and_an_empty_one_changes_nothing() -> None:
    doc = "# report\n"
    added = blocks.with_block(doc, "p", blocks.wrap("p", "peak"))
    assert added == "# report\n\n" + blocks.wrap("p", "peak") + "\n"
    assert blocks.with_block(doc, "p", "") == doc
    assert blocks.block(doc, "p") == ""


def test_a_default_run_carries_the_kept_sections_over() -> None:
    existing = "# old\n\n" + blocks.wrap("scale-peak", "10k") + "\n\n" + blocks.wrap("scale", "1M")
    report = "# new\n"
    for name in ("scale-peak", "scale"):
        report = blocks.with_block(report, name, blocks.block(existing, name))
    assert report.index("10k") < report.index("1M")
    assert report.startswith("# new\n")
    assert "# old" not in report
