"""The safe reporting point in a real browser: a report filed in Arabic (right to left) and in
French, with JavaScript and without, triaged and answered by the receiving caseworker, who
opens a case record with the reporter's consent; the reporter comes back and reads the reply.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crossroads.cases.models import Case
from crossroads.reporting import challenge
from crossroads.reporting.languages import public_languages
from crossroads.reporting.models import Report, Status
from crossroads.reporting.tests.helpers import ORG_PASSPHRASE, REPORTER_PASSPHRASE, open_point
from crossroads.testing import Personas
from tests.browser.conftest import STEP_TIMEOUT, click_and_load, sign_in

pytestmark = pytest.mark.browser

ACCOUNT = "Le patron de la serre garde nos passeports dans un tiroir"
REPLY = "We can help. Come to our office on Monday, or call us on the number of the form."
# What the reporting pages say in each language: the heading of the form, of the receipt page
# and of the return page, and the status a reporter reads once someone is working on it.
SAYS = {
    "ar": ("أبلِغ عن الاستغلال بأمان", "تم إرسال بلاغك", "بلاغك", "شخص ما يعمل عليه."),
    "fr": (
        "Signaler une exploitation en toute sécurité",
        "Votre signalement a été envoyé",
        "Votre signalement",
        "Quelqu'un s'en occupe.",
    ),
}


@pytest.fixture
def receiving(personas: Personas) -> Personas:
    """Organisation A takes the reports about the Netherlands."""
    open_point(personas.org_admin_a, personas.org_a, ["NLD"])
    return personas


@pytest.fixture
def reporter(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A phone-sized browser, with or without JavaScript (the test's ``javascript`` value)."""
    javascript = request.node.callspec.params["javascript"]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=javascript
    )
    context.set_default_timeout(STEP_TIMEOUT)
    page = context.new_page()
    page.base_url = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _file_report(page: Any, language: str, javascript: bool) -> str:
    page.goto(f"{page.base_url}/report/?lang={language}")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("h1").inner_text() == SAYS[language][0]
    # The phone shows the whole width of the page, right to left too: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.check("input[name=in_danger][value=no]")
    page.check("input[name=kinds][value=labour]")
    page.select_option("select[name=sector]", "A")
    page.check("input[name=controls][value=withholds_documents]")
    page.select_option("select[name=country]", "NLD")
    page.check("input[name=when][value=ongoing]")
    page.check("input[name=who][value=self]")
    page.check("input[name=child][value=no]")
    page.fill("textarea[name=text]", ACCOUNT)
    page.check("input[name=contact][value=here]")
    page.check("input[name=statistics][value=yes]")
    page.check("input[name=case_record][value=yes]")
    page.check("input[name=authorities][value=no]")
    page.fill("input[name=passphrase]", REPORTER_PASSPHRASE)
    page.fill("input[name=passphrase_again]", REPORTER_PASSPHRASE)
    if javascript:
        # The brake asks for an hour of waiting (see the test), so only the proof of work the
        # browser computes lets the report through.
        page.wait_for_function("document.querySelector('input[name=solution]').value !== ''")
    else:
        page.wait_for_timeout(1100)
    click_and_load(page, "button.rp-send")
    assert page.locator("h1").inner_text().endswith(SAYS[language][1])
    receipt = page.locator("[data-testid=receipt]")
    assert receipt.get_attribute("dir") == "ltr"
    code = str(receipt.inner_text())
    assert len(code.replace(" ", "")) == 16
    return code


def _triage_reply_and_open_a_case(page: Any, personas: Personas, report: Report) -> None:
    sign_in(page, personas.caseworker_a.username)
    page.goto(f"{page.base_url}/reporting/")
    page.fill("input[name=passphrase]", ORG_PASSPHRASE)
    click_and_load(page, "form.rp-unlock button[type=submit]")
    click_and_load(page, f"text={report.reference}")
    assert ACCOUNT in page.inner_text("main")
    # The caseworker sees which language to answer in, named in that language.
    assert f"Language: {dict(public_languages())[report.language]}" in page.inner_text("main")
    page.select_option("select[name=status]", Status.IN_PROGRESS)
    # The reply form is on the page that the status sends back: fill in that one.
    click_and_load(page, "form.rp-inline button[type=submit]")
    page.fill("textarea[name=text]", REPLY)
    click_and_load(page, "text=Send the reply")
    assert REPLY in page.inner_text("main")
    click_and_load(page, "text=Open a case record")
    page.fill("input[name=client_code]", "RP-BROWSER-1")
    page.click("text=Open the record")
    page.wait_for_url("**/edit/**")
    case = Case.objects.get(client_code="RP-BROWSER-1")
    assert case.organisation == personas.org_a


def _come_back(page: Any, language: str, receipt: str) -> None:
    page.goto(f"{page.base_url}/report/return/?lang={language}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.fill("input[name=receipt]", receipt)
    page.fill("input[name=passphrase]", REPORTER_PASSPHRASE)
    click_and_load(page, "main form button[type=submit]")
    assert page.locator("h1").inner_text() == SAYS[language][2]
    text = page.inner_text("main")
    assert REPLY in text and SAYS[language][3] in text


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_report_filed_in_the_browser_is_answered_and_opens_a_case(
    receiving: Personas,
    reporter: Any,
    page: Any,
    language: str,
    javascript: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(challenge, "MIN_SECONDS", 3600 if javascript else 1)
    receipt = _file_report(reporter, language, javascript)
    report = Report.objects.get()
    assert report.language == language and report.organisation == receiving.org_a
    assert ACCOUNT.encode() not in bytes(report.sealed)
    _triage_reply_and_open_a_case(page, receiving, report)
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.case is not None
    _come_back(reporter, language, receipt)
