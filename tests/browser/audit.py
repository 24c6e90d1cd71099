"""Page checks shared by the browser tests: an axe-core audit and the phone-width rule.

axe-core comes from the npm registry (``package.json`` devDependencies, pinned in
``package-lock.json``); it is injected into the page under test, which needs a browser context
with ``bypass_csp=True`` (the pages forbid inline and foreign scripts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.async_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
VIEWPORTS = {"desktop": (1280, 860), "phone": (390, 844)}
PHONES = ((390, 844), (360, 780))  # the widths no page may scroll sideways at

RUN_AXE = """async (failing) => {
  const result = await window.axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => failing.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}"""


# the innermost elements that stick out of the window, to say what to fix
WIDE = """() => {
  const out = (el) => el.getBoundingClientRect().right > window.innerWidth + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className : "");
  return Array.from(document.querySelectorAll("body *"))
    .filter((el) => out(el) && !Array.from(el.children).some(out))
    .slice(0, 5)
    .map((el) => name(el) + " " + Math.round(el.getBoundingClientRect().right) + "px");
}"""


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page as it is now."""
    assert AXE.is_file(), f"{AXE} is missing: run `make install` (npm ci)"
    if not await page.evaluate("() => Boolean(window.axe)"):
        await page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = await page.evaluate(RUN_AXE, list(FAILING))
    return found


async def page_overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0: it does not)."""
    width: int = await page.evaluate(
        "() => { const s = document.scrollingElement;"
        " return Math.max(0, s.scrollWidth - s.clientWidth); }"
    )
    return width


async def wide_elements(page: Page) -> list[str]:
    """The innermost elements sticking out of the window (what to fix)."""
    found: list[str] = await page.evaluate(WIDE)
    return found


async def check_page(page: Page, where: str) -> list[str]:
    """Problems of the page now: axe violations and, on a phone, sideways scrolling."""
    problems = [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for v in await axe_violations(page)
    ]
    overflow = await page_overflow(page)
    if overflow:
        culprits = await wide_elements(page)
        problems.append(f"{where}: the page scrolls sideways by {overflow} px ({culprits})")
    return problems
