"""Helpers of the storefront's browser tests: Chromium, axe-core, keyboard-only moves,
phone-width checks, screenshots and the text of downloaded PDFs."""

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pypdf import PdfReader

from tests.harness import ROOT

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Installed by scripts/test.sh from the npm registry (git-ignored).
AXE = ROOT / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
LOCALES = {"ja": "ja-JP", "en": "en-GB"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: LPX_SCREENSHOTS if set (to look at them), else the test's
    temporary folder."""
    chosen = os.environ.get("LPX_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Shopper:
    """One customer's browser: its language, width, and how it moves (mouse or keys)."""

    page: Page
    lang: str
    phone: bool
    keyboard: bool
    shots: Path
    checked: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.lang}-{'phone' if self.phone else 'desktop'}"

    def check(self, name: str) -> None:
        """Every storefront page: no untranslated string, in the right language, no
        sideways scrolling at phone width, no serious or critical axe violation; then a
        full-page screenshot."""
        page = self.page
        page.wait_for_load_state("networkidle")
        html_lang = page.evaluate("document.documentElement.lang")
        assert html_lang == self.lang, f"{name}: page in {html_lang}"
        text = page.evaluate("document.body.innerText")
        assert "⟦" not in text, f"{name}: untranslated string on the page"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} ({self.label}): scrolls sideways by {overflow}px"
        violations = axe_violations(page)
        assert not violations, f"{name} ({self.label}): {violations}"
        page.screenshot(
            path=str(self.shots / f"{self.label}-{name}.png"),
            full_page=True,
            timeout=60_000,  # a loaded 2-core machine can take long over a full page
        )
        self.checked.append(name)

    def click(self, selector: str) -> None:
        if self.keyboard:
            tab_to(self.page, selector)
            self.page.keyboard.press("Enter")
        else:
            self.page.locator(selector).click()

    def fill(self, selector: str, value: str) -> None:
        if self.keyboard:
            tab_to(self.page, selector)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(value)
        else:
            self.page.fill(selector, value)


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Moves the focus with Tab alone until it is on ``selector`` (fails if it never is)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    assert AXE.exists(), "axe-core is missing: scripts/test.sh installs it"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({id: v.id, impact: v.impact,
                          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}))"""
    )
    return list(found)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)
