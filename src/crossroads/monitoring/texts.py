"""The monitoring definitions' texts (indicators, the country checklist) in every language.

Each text is written in English in the code, marked for translation with
``gettext_noop`` (imported as ``_``), and translated in the monitoring app's
own catalogues, so the completeness check of the catalogues covers it in
every offered language. The translation is read from this app's catalogue
alone: another app may translate the same English words for another place
("Informed of rights" as a table's column, say) and must not change an
indicator's wording. A :class:`~crossroads.codebook.definitions.Text` carries
the text to the code that prints it in a given language (``text.get("ro")``),
as it carries the standard's labels.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from crossroads.codebook.definitions import Text

LOCALE = Path(__file__).resolve().parent / "locale"


def _offered() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=64)
def _catalogue(language: str) -> gettext.NullTranslations:
    """The monitoring app's compiled catalogue of ``language`` (English: none)."""
    return gettext.translation("django", LOCALE, languages=[language], fallback=True)


class _Catalogued(Mapping[str, str]):
    """An English text in each offered language, read from the catalogue when asked for."""

    def __init__(self, english: str) -> None:
        self._english = english

    def __getitem__(self, language: str) -> str:
        if language not in _offered():
            raise KeyError(language)
        return _catalogue(language).gettext(self._english)

    def __iter__(self) -> Iterator[str]:
        return iter(_offered())

    def __len__(self) -> int:
        return len(_offered())


def t(english: str) -> Text:
    """The text ``english`` (marked ``_("…")``) in every offered language."""
    return Text(_Catalogued(english))


class _Composed(_Catalogued):
    """A translated template with ``{name}`` places, filled with texts of the same language."""

    def __init__(self, english: str, parts: Mapping[str, Text]) -> None:
        super().__init__(english)
        self._parts = parts

    def __getitem__(self, language: str) -> str:
        values = {name: part.get(language) for name, part in self._parts.items()}
        return super().__getitem__(language).format(**values)


def t_with(english: str, **parts: Text) -> Text:
    """The text ``english`` (marked ``_("…")``, with ``{name}`` places) in every offered
    language, each place filled with ``parts[name]`` in the same language: "Assessed need
    met: {need}" gives "Besoin évalué satisfait : hébergement sûr" in French, with word
    order and punctuation as each language writes them."""
    return Text(_Composed(english, parts))
