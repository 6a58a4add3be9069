"""Turn raw input (form posts, spreadsheet cells, API JSON) into canonical values.

Each function returns the canonical value or raises :class:`ValueProblem`
whose message says what was expected. Codes are matched exactly first, then
case- and accent-insensitively against codes, labels in every language and
aliases, so a spreadsheet written in French or Russian imports as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from crossroads.codebook.definitions import FieldDef, FieldType, Standard, Vocabulary, fold

MULTI_SEPARATORS = re.compile(r"\s*[;|\n]\s*")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y")


class ValueProblem(ValueError):
    """A raw value cannot be read as the field's type; the message says what is allowed."""


def is_blank(raw: Any) -> bool:
    """Whether a raw input counts as 'no answer'."""
    if raw is None or raw == "":
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple | set):
        return all(is_blank(item) for item in raw)
    return False


def _allowed(vocabulary: Vocabulary, language: str, limit: int = 12) -> str:
    """The allowed values as the reader knows them: label in ``language`` and code."""
    values = vocabulary.values
    shown = ", ".join(_named(value.label.get(language), value.code) for value in values[:limit])
    if len(values) > limit:
        return _("%(codes)s … (%(count)d values in all; see the codebook)") % {
            "codes": shown,
            "count": len(values),
        }
    return shown


def _named(label: str, code: str) -> str:
    """“Label (code)”, or the code alone when the label says nothing more."""
    return code if fold(label) == fold(code) else f"{label} ({code})"


def coerce_integer(field_def: FieldDef, raw: Any, *, current_year: int) -> int:
    """An integer within the field's bounds (``max = "current_year"`` is resolved here)."""
    if isinstance(raw, bool):
        raise ValueProblem(_("expected a whole number"))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not re.fullmatch(r"-?\d+", text):
            raise ValueProblem(_("expected a whole number"))
        raw = int(text)
    if not isinstance(raw, int):
        raise ValueProblem(_("expected a whole number"))
    maximum = field_def.maximum
    upper = current_year if maximum == "current_year" else maximum
    lower = field_def.minimum
    if (lower is not None and raw < lower) or (isinstance(upper, int) and raw > upper):
        raise ValueProblem(
            _("expected a whole number from %(low)s to %(high)s")
            % {"low": lower if lower is not None else "…", "high": upper or "…"}
        )
    return raw


def _iso_date(text: str) -> date | None:
    """A YYYY-MM-DD date read quickly (the common case in files); None otherwise."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def coerce_date(raw: Any, *, today: date) -> str:
    """An ISO date string (YYYY-MM-DD) not in the future and not before 1950."""
    value: date | None
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if "T" in text or " " in text:  # a spreadsheet datetime rendered as text
            text = text.replace("T", " ").split(" ")[0]
        value = _iso_date(text)
        patterns: tuple[str, ...] = _DATE_FORMATS if value is None else ()
        for pattern in patterns:
            try:
                value = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if value is None:
            raise ValueProblem(_("expected a date such as 2024-03-31 or 31.03.2024"))
    else:
        raise ValueProblem(_("expected a date such as 2024-03-31 or 31.03.2024"))
    if value > today:
        raise ValueProblem(_("the date is in the future"))
    if value.year < 1950:
        raise ValueProblem(_("the date is before 1950"))
    return value.isoformat()


def coerce_choice(standard: Standard, field_def: FieldDef, raw: Any, language: str = "en") -> str:
    """One code of the field's vocabulary; problems list the values in ``language``."""
    vocabulary = standard.vocabulary_of(field_def)
    if not isinstance(raw, str | int):
        raise ValueProblem(
            _("expected one of: %(allowed)s") % {"allowed": _allowed(vocabulary, language)}
        )
    code = vocabulary.match(str(raw))
    if code is None:
        raise ValueProblem(
            _("expected one of: %(allowed)s") % {"allowed": _allowed(vocabulary, language)}
        )
    return code


def split_multi(raw: Any) -> list[Any]:
    """Split a multi-valued raw input: a list, or text separated by ';', '|' or new lines."""
    if isinstance(raw, list | tuple | set):
        items: list[Any] = list(raw)
    elif isinstance(raw, str):
        items = MULTI_SEPARATORS.split(raw.strip())
    else:
        items = [raw]
    return [item for item in items if not is_blank(item)]


def _rejoin(vocabulary: Vocabulary, items: list[Any]) -> list[Any]:
    """Join back pieces of a label that itself contains a separator.

    A few labels hold a ";" ("Water supply; sewerage, waste management"), so
    splitting a cell on ";" cuts them; the longest run of adjacent pieces that
    names a value, joined with "; " or " ; " (French spacing), is taken whole.
    """
    result: list[Any] = []
    index = 0
    while index < len(items):
        taken = 1
        for end in range(len(items), index + 1, -1):
            pieces = [str(item) for item in items[index:end]]
            if any(vocabulary.match(joiner.join(pieces)) for joiner in ("; ", " ; ")):
                taken = end - index
                break
        pieces = [str(item) for item in items[index : index + taken]]
        result.append(items[index] if taken == 1 else "; ".join(pieces))
        if taken > 1 and vocabulary.match(result[-1]) is None:
            result[-1] = " ; ".join(pieces)
        index += taken
    return result


def coerce_multi(
    standard: Standard, field_def: FieldDef, raw: Any, language: str = "en"
) -> list[str]:
    """Codes of the field's vocabulary, deduplicated, in vocabulary order; problems list the
    values in ``language``."""
    vocabulary = standard.vocabulary_of(field_def)
    codes: list[str] = []
    unknown: list[str] = []
    items = split_multi(raw)
    matched = [vocabulary.match(str(item)) for item in items]
    # Rejoining is tried only when a piece names nothing (rare), since it costs
    # a match per run of pieces.
    if isinstance(raw, str) and len(items) > 1 and None in matched:
        items = _rejoin(vocabulary, items)
        matched = [vocabulary.match(str(item)) for item in items]
    for item, code in zip(items, matched, strict=True):
        text = str(item)
        # Commas separate values too, unless the whole text is one label that has commas.
        pieces = [text] if code is not None or "," not in text else text.split(",")
        for piece in pieces:
            piece_code = code or vocabulary.match(piece.strip())
            if piece_code is None:
                unknown.append(piece.strip())
            elif piece_code not in codes:
                codes.append(piece_code)
    if unknown:
        raise ValueProblem(
            _("%(values)s not allowed; allowed values: %(allowed)s")
            % {
                "values": ", ".join(repr(u) for u in unknown),
                "allowed": _allowed(vocabulary, language),
            }
        )
    exclusive = [
        code for code in codes if (value := vocabulary.get(code)) is not None and value.exclusive
    ]
    if exclusive and len(codes) > 1:
        raise ValueProblem(
            _("%(code)s cannot be combined with other values")
            % {"code": _named(_label(vocabulary, exclusive[0], language), exclusive[0])}
        )
    return sorted(codes, key=vocabulary.order)


def _label(vocabulary: Vocabulary, code: str, language: str) -> str:
    value = vocabulary.get(code)
    return value.label.get(language) if value is not None else code


def coerce(
    standard: Standard, field_def: FieldDef, raw: Any, *, today: date, language: str = "en"
) -> int | str | list[str]:
    """Coerce a non-blank raw value to the canonical form of ``field_def``.

    Problems name allowed values by their label in ``language`` and their code.
    """
    kind = field_def.type
    if kind is FieldType.INTEGER:
        return coerce_integer(field_def, raw, current_year=today.year)
    if kind is FieldType.DATE:
        return coerce_date(raw, today=today)
    if kind.is_multiple:
        return coerce_multi(standard, field_def, raw, language)
    return coerce_choice(standard, field_def, raw, language)
