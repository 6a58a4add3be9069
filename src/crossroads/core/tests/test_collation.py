"""Lists sorted as their readers expect: accented letters beside their base letters."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from crossroads.accounts.services import set_language
from crossroads.collation import sorted_by_text
from crossroads.testing import Personas


def test_accented_letters_sort_with_their_base_letter_and_latin_before_cyrillic() -> None:
    names = ["Zambia", "Österreich", "Albania", "Česko", "Україна", "Ísland", "Estonia", "Chile"]
    assert sorted_by_text(names, str) == [
        "Albania", "Česko", "Chile", "Estonia", "Ísland", "Österreich", "Zambia", "Україна",
    ]  # fmt: skip


def test_case_and_accents_only_break_ties() -> None:
    assert sorted_by_text(["éte", "ete", "Ete", "etf"], str) == ["ete", "Ete", "éte", "etf"]


def test_the_record_form_lists_countries_in_the_readers_alphabetical_order(
    personas: Personas,
) -> None:
    set_language(personas.caseworker_a, "fr")
    page = personas.client_for(personas.caseworker_a).get(reverse("cases:create")).text
    select = page[page.index('name="f-citizenship"') :]
    select = select[: select.index("</select>")]
    names = [
        html.unescape(n)
        for n in re.findall(r"<option value=\"[A-Z]{3}\"[^>]*>([^<]+)</option>", select)
    ]
    assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne")
    assert names.index("Oman") < names.index("Ouganda") < names.index("Pakistan")
