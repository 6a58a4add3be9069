"""The main pages in each offered language, in a real browser: no English left on them.

English sentences are taken from the sources of every catalogue (the
English of each interface string, cut at its placeholders) and from the
English labels and definitions of the standard and of its narrative
questionnaire (their other languages come from the standard's catalogues);
a page in another language that shows one of them verbatim, where the
language's own text differs, leaks English.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

import crossroads
from crossroads.accounts.services import set_language
from crossroads.codebook.loader import load_standard, translatable_texts
from crossroads.codebook.questionnaire import questionnaire_texts
from crossroads.exchange import public
from crossroads.monitoring import readmodel
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.reports import services
from crossroads.testing import Personas, make_case
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sd]|\{\w*\}|<[^>]+>")
WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
MEMBER_PAGES = ["/", "/cases/", "/cases/new/", "/cases/import/", "/cases/export/", "/codebook/"]
ANALYST_PAGES = ["/", "/exchange/", "/monitoring/", "/estimation/"]
PUBLIC_PAGES = ["/public/"]


def english_phrases(language: str) -> set[str]:
    """English fragments of four words or more whose translation into ``language`` differs."""
    root = crossroads.__file__.rsplit("/", 1)[0]
    phrases: set[str] = set()
    for mo in Path(root).glob(f"*/locale/{language}/LC_MESSAGES/django.mo"):
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, translated in catalog.items():
            msgid = (key[0] if isinstance(key, tuple) else key).split("\x04", 1)[-1]
            for english in msgid.split("\x00"):
                if not english or english == translated:
                    continue
                for fragment in PLACEHOLDER.split(english):
                    fragment = " ".join(fragment.split()).strip(" .,:;()")
                    if len(WORD.findall(fragment)) >= 4 and fragment not in translated:
                        phrases.add(fragment)
    standard = [english for _address, english in translatable_texts() + questionnaire_texts()]
    phrases |= {" ".join(t.split()) for t in standard if len(WORD.findall(t)) >= 4}
    # The codebook shows how each code maps to HTCDS, CTDC and Eurostat, whose
    # values are English names: those are codes of another standard, not leaks.
    mapped = {
        str(code)
        for vocabulary in load_standard().vocabularies.values()
        for value in vocabulary.values
        for code in value.mappings.values()
    }
    return phrases - mapped


def leaks(page: Any, phrases: set[str]) -> list[str]:
    """English phrases visible on the page."""
    text = " ".join(page.inner_text("body").split())
    return sorted(phrase for phrase in phrases if phrase in text)


@pytest.fixture
def published(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    exchange = SyntheticExchange(synthetic_releases(["NLD", "GRC"], [2024, 2025], seed=2))
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    services.publish_year(personas.analyst, 2025)
    yield


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_pages_show_no_english_in_another_language(
    page: Any, personas: Personas, published: None, language: str
) -> None:
    make_case(personas.caseworker_a, "LANG-1", gender=None)
    phrases = english_phrases(language)
    found: dict[str, list[str]] = {}
    for user, paths in ((personas.data_officer_a, MEMBER_PAGES), (personas.analyst, ANALYST_PAGES)):
        set_language(user, language)
        page.context.clear_cookies()
        sign_in(page, user.username)
        for path in paths:
            page.goto(page.base_url + path)
            assert page.locator("html").get_attribute("lang") == language, path
            if hits := leaks(page, phrases):
                found[f"{user.username} {path}"] = hits
    visitor = page.context.browser.new_context(locale=language)  # a first visit, no choice yet
    public_page = visitor.new_page()
    for path in PUBLIC_PAGES:
        public_page.goto(page.base_url + path)
        assert public_page.locator("html").get_attribute("lang") == language, path
        if hits := leaks(public_page, phrases):
            found[f"public {path}"] = hits
    visitor.close()
    assert not found, found
