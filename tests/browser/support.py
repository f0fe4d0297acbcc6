"""Helpers for the browser tests: Chromium launch options, axe, and the checks each page must pass."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BUURTKRACHT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def skip_without_chromium() -> None:
    """Skip the calling test module (at collection) when there is no Chromium or no Playwright."""
    if not CHROMIUM.is_file():
        pytest.skip(
            f"Browser tests skipped: no Chromium at {CHROMIUM} (install it with `apt-get install -y chromium`; "
            "the tests never download a browser).",
            allow_module_level=True,
        )
    pytest.importorskip("playwright.sync_api", reason="Browser tests skipped: Playwright is not installed.")
    pytest.importorskip("axe_playwright_python", reason="Browser tests skipped: axe-playwright-python is missing.")


def axe_violations(page) -> list[dict]:
    """All axe violations of the page for the WCAG 2.0/2.1 A and AA rules."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def describe_violations(violations: list[dict], url: str) -> str:
    """A readable list: rule, impact, help text, and the first few offending elements with their summary."""
    lines = [f"axe found {len(violations)} violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


OVERFLOW_SCRIPT = """
(limit) => {
  const scrollRegion = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p !== document.documentElement && p !== document.body)
        return p;
    }
    return null;
  };
  const describe = (el, right) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' right=' + Math.round(right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || scrollRegion(el)) continue;
    // the box itself sticks out, or its content (a long word, an e-mail address) spills out of it
    const right = Math.max(r.right, r.left + el.scrollWidth);
    if (right > limit + 0.5 && !Array.from(el.children).some((c) => c.getBoundingClientRect().right > limit + 0.5))
      wide.push(describe(el, right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 12)};
}
"""

UNLABELLED_SCROLL_REGIONS_SCRIPT = """
() => Array.from(document.querySelectorAll('body *')).filter((el) => {
  const s = getComputedStyle(el);
  if (!['auto', 'scroll'].includes(s.overflowX) || el.scrollWidth <= el.clientWidth + 1) return false;
  const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  return !(labelled && el.getAttribute('tabindex') === '0');
}).map((el) => el.outerHTML.slice(0, 160))
"""


SQUEEZED_TEXT_SCRIPT = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text.length < 8) continue;
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    const lines = new Set(rects.map((r) => Math.round(r.top))).size;
    const widest = Math.max(0, ...rects.map((r) => r.width));
    // a text of 8+ letters broken over 4+ lines none wider than ~4 letters: unreadable
    if (lines >= 4 && widest < 48)
      found.push(node.parentElement.tagName.toLowerCase() + ': "' + text.slice(0, 30) + '" in ' + lines +
                 ' lines of at most ' + Math.round(widest) + ' px');
  }
  return found.slice(0, 8);
}
"""


def squeezed_text(page) -> list[str]:
    """Text squeezed into a column a few letters wide (one word per line or worse): no horizontal scrolling,
    yet unreadable. Usually a grid or table column that leaves no room for its neighbour."""
    return page.evaluate(SQUEEZED_TEXT_SCRIPT)


def overflow(page, width: int) -> dict:
    """Document scroll width, and the elements sticking out beyond ``width`` outside any scroll region."""
    return page.evaluate(OVERFLOW_SCRIPT, width)


def unlabelled_scroll_regions(page) -> list[str]:
    """Horizontally scrolling elements that are not a labelled, focusable region (keyboard users cannot scroll)."""
    return page.evaluate(UNLABELLED_SCROLL_REGIONS_SCRIPT)


def page_basics(page) -> list[str]:
    """Problems with lang, title, h1 count and zoom lock (design accessibility.md §7 row 14)."""
    problems = []
    lang = page.evaluate("document.documentElement.lang")
    if not lang:
        problems.append("the html element has no lang")
    title = page.title()
    if not title.endswith("– Buurtkracht"):
        problems.append(f"title {title!r} does not end with '– Buurtkracht'")
    h1 = page.locator("h1").count()
    if h1 != 1:
        problems.append(f"{h1} h1 elements (expected exactly one)")
    viewport = page.evaluate("document.querySelector('meta[name=viewport]')?.content || ''")
    if "user-scalable=no" in viewport.replace(" ", "") or "maximum-scale=1" in viewport.replace(" ", ""):
        problems.append(f"zoom is locked: {viewport}")
    duplicates = page.evaluate(
        "() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id]||0)+1;"
        " return Object.keys(seen).filter((k) => seen[k] > 1); }"
    )
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    return problems


def save_screenshot(page, target: Path, *, width: int, max_height: int, top: int = 0) -> tuple[int, int]:
    """The page from ``top`` down, at most ``max_height`` px long, as a 256-colour palette PNG (a page has few
    colours, so this keeps them exact at half the size or less). Returns the size written."""
    import io

    from PIL import Image

    page.evaluate("document.fonts && document.fonts.ready")
    full = page.evaluate("document.documentElement.scrollHeight")
    height = min(full - top, max_height)
    png = page.screenshot(
        full_page=True, clip={"x": 0, "y": top, "width": width, "height": height}, animations="disabled"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            target, "PNG", optimize=True
        )
    return width, height
