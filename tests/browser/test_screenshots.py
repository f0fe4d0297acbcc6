"""Screenshots of the main pages for the README and docs: docs/screenshots/<page>[-<role>]-<lang>-<device>.png.

Mobile is 360 px wide, desktop 1280 px; in Dutch, and in English (the language cookie) for the main pages.
Long pages are clipped to 1600 px so the files stay small.

A normal test run writes them to var/screenshots (ignored by git), so ``make test`` never changes tracked
files. To refresh the committed pictures::

    BUURTKRACHT_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest tests/browser/test_screenshots.py
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.pages import PAGES, open_page
from tests.browser.support import save_screenshot, skip_without_chromium

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("BUURTKRACHT_SCREENSHOT_DIR", "var/screenshots")
DEVICES = {"mobile": (360, 740), "desktop": (1280, 800)}
MAX_HEIGHT = 1600
# The dashboard looks different for each role: show the ones a reader of the README cares about.
ROLE_FOR = {"dashboard": ["manager", "coordinator", "volunteer"]}
# English only for the pages most readers open first; Dutch (the default) for all.
ENGLISH = {"home", "network-overview", "house", "dashboard", "house-manage"}

CASES = [
    pytest.param(page, role, language, device, id=f"{page.screenshot}-{role}-{language}-{device}")
    for page in PAGES
    if page.screenshot
    for role in ROLE_FOR.get(page.screenshot, [page.roles[0]])
    for language in (["nl", "en"] if page.screenshot in ENGLISH else ["nl"])
    for device in DEVICES
]


def file_name(page, role: str, language: str, device: str) -> str:
    who = f"-{role}" if page.screenshot in ROLE_FOR or (role != "anonymous" and page.key != "dashboard") else ""
    return f"{page.screenshot}{who}-{language}-{device}.png"


@pytest.mark.parametrize(("page_spec", "role", "language", "device"), CASES)
def test_screenshot(new_page, page_spec, role, language, device):
    width, height = DEVICES[device]
    page = open_page(new_page, role, page_spec, width=width, height=height, language=language)
    target = SCREENSHOTS / file_name(page_spec, role, language, device)
    size = save_screenshot(page, target, width=width, max_height=MAX_HEIGHT)
    with Image.open(target) as saved:
        assert saved.size == size
