"""Every text of every indicator reads in each offered language, none falling back to English."""

from __future__ import annotations

import pytest
from django.conf import settings

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators import INDICATORS

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
FIELDS = ("title", "definition", "numerator_text", "denominator_text", "pending_text")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_indicator_text_is_left_in_english(language: str) -> None:
    english: list[str] = []
    for spec in INDICATORS:
        for name in FIELDS:
            text = getattr(spec, name)
            if isinstance(text, Text) and text.get(language) == text.get("en"):
                english.append(f"{spec.code}.{name}: {text.get('en')}")
    assert not english, english


def test_a_composed_title_is_written_in_the_readers_language_with_its_part() -> None:
    titles = {spec.code: spec.title for spec in INDICATORS}
    assert titles["R1.4a"].get("de").startswith("Festgestellter Bedarf gedeckt: ")
    assert titles["R1.4a"].get("fr").startswith("Besoin évalué satisfait : ")
    assert titles["R1.4a"].get("en").startswith("Assessed need met: ")
