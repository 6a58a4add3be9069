"""Take the user guide's screenshots from a running demo (``crossroads demo``).

    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000

Drives Debian's chromium headless through Playwright and writes PNG files
to ``docs/images/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "images"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", "crossroads-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def shoot(page: Any, name: str, *, full: bool = False) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(viewport={"width": 1100, "height": 720}, locale="en-GB").new_page()
        sign_in(page, base, "caseworker")
        shoot(page, "home")
        page.goto(f"{base}/cases/?f.exploitation_forms=labour&f.exploitation_forms=forced_begging&year=2024")
        shoot(page, "list")
        page.goto(f"{base}/cases/new/")
        page.fill("#client_code", "NL-GUIDE-1")
        page.fill("#identity_given", "Ana")
        page.fill("#f-year_of_registration", "2025")
        page.select_option("#f-age_band", "24_26")
        page.fill("#f-age_at_identification", "40")
        page.check("input[name=f-exploitation_forms][value=labour]")
        page.fill("#f-citizenship-search", "Roman")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "form")
        page.click("text=Save record")
        page.wait_for_selector("[data-error-summary]")
        shoot(page, "form-error")
        page.goto(f"{base}/cases/?completeness=incomplete")
        page.click("table.data tbody tr:first-child a")
        page.wait_for_selector("h1.mono")
        shoot(page, "record")
        page.click("button:has-text('Sign out')")
        sign_in(page, base, "dataofficer")
        page.goto(f"{base}/cases/import/")
        shoot(page, "import")
        page.click("text=shelter-register-2024.xlsx")
        shoot(page, "import-report", full=True)
        page.goto(f"{base}/cases/export/")
        shoot(page, "export")
        page.select_option("#language-select", "ru")
        page.wait_for_selector("html[lang=ru]")
        page.goto(f"{base}/cases/")
        shoot(page, "list-ru")
        page.select_option("#language-select", "en")
        page.wait_for_selector("html[lang=en]")
        page.click("button:has-text('Sign out')")
        sign_in(page, base, "analyst")
        page.goto(f"{base}/exchange/inbox/")
        shoot(page, "inbox")
        page.goto(f"{base}/monitoring/")
        shoot(page, "monitoring")
        page.goto(f"{base}/monitoring/countries/NLD/")
        shoot(page, "country")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
