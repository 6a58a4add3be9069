"""Sorting words as their readers expect: accents beside their letters, scripts in order.

Python sorts strings by code point, which puts "Österreich" and "Česko" after "Zambia".
This module sorts by the Unicode Collation Algorithm's default table (DUCET, through
pyuca): letters with accents sort with their base letters, case and accents only break
ties, Latin comes before Greek and Cyrillic. The default table is not tailored to each
language (Czech readers file "Č" after "C", Swedish ones "Ö" after "Z"); no language of
the network is misread by it, and ICU's tailorings would need a compiled library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pyuca import Collator

T = TypeVar("T")


@lru_cache(maxsize=1)
def _collator() -> Collator:
    # Reading the collation table takes about 0.4 s: once per process, on first use.
    return Collator()


@lru_cache(maxsize=8192)
def collation_key(text: str) -> tuple[int, ...]:
    """The key that sorts ``text`` among others as a reader expects (see the module)."""
    return tuple(_collator().sort_key(text))


def sorted_by_text(items: Iterable[T], text: Callable[[T], str]) -> list[T]:
    """``items`` sorted by the collation of ``text(item)``."""
    return sorted(items, key=lambda item: collation_key(text(item)))
