"""Small helpers to write SVG by hand: escaping, numbers, text width, palette."""

from __future__ import annotations

import math
from html import escape

from django.utils import translation
from django.utils.formats import number_format

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies,
# and dark enough on white for thin lines.
PALETTE = ("#1f4e5f", "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#999")
INK = "#1b2430"
INK_SOFT = "#4a5565"
GRID = "#e3e7ec"
FONT = "'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"
FONT_SIZE = 12.0


def attr(value: object) -> str:
    """A value escaped for an XML attribute."""
    return escape(str(value), quote=True)


def text(value: object) -> str:
    """A value escaped for XML text."""
    return escape(str(value), quote=False)


def num(value: float) -> str:
    """A coordinate with at most two decimals (keeps the SVG small)."""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


def text_width(label: str, size: float = FONT_SIZE) -> float:
    """Approximate rendered width of ``label`` in pixels (average glyph of a sans font)."""
    wide = sum(1 for ch in label if ch.isupper() or ch in "mwMW%")
    return (len(label) * 0.55 + wide * 0.12) * size


def truncate(label: str, width: float, size: float = FONT_SIZE) -> str:
    """``label`` shortened with an ellipsis to fit ``width`` pixels."""
    if text_width(label, size) <= width:
        return label
    while label and text_width(label + "…", size) > width:
        label = label[:-1]
    return label.rstrip() + "…"


#: How each language writes a percentage (CLDR's percent patterns): the sign
#: after a no-break space in French, German, Russian…, before the number in Turkish.
PERCENT_PATTERNS = {
    "en": "{}%", "nl": "{}%", "it": "{}%", "pt": "{}%", "pl": "{}%", "bg": "{}%",
    "sr": "{}%", "uk": "{}%", "tr": "%{}",
    "fr": "{}\u202f%", "de": "{}\u00a0%", "ru": "{}\u00a0%", "ro": "{}\u00a0%",
    "es": "{}\u00a0%", "cs": "{}\u00a0%",
}  # fmt: skip


def percent(value: float, decimals: int = 0) -> str:
    """A fraction as a percentage written as the active language does: 0.453 -> "45%",
    "45 %" in French or German, "%45" in Turkish."""
    return percentage(value * 100, decimals)


def percentage(value: float, decimals: int = 0) -> str:
    """A value already in percent (0-100) written as the active language does."""
    language = (translation.get_language() or "en").split("-")[0]
    pattern = PERCENT_PATTERNS.get(language, "{}\u00a0%")
    return pattern.format(number_format(value, decimals))


def count(value: float) -> str:
    """A whole number with the locale's thousands separator."""
    return number_format(round(value), 0, force_grouping=True)


def nice_ticks(high: float, steps: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``high`` (at most ``steps`` + 1 ticks)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def svg_open(width: float, height: float, chart_id: str, title: str, desc: str) -> str:
    """The opening of an accessible SVG: role, title and description for screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-labelledby="{attr(chart_id)}-t {attr(chart_id)}-d" '
        f'font-family="{attr(FONT)}" font-size="{num(FONT_SIZE)}" fill="{INK}">'
        f'<title id="{attr(chart_id)}-t">{text(title)}</title>'
        f'<desc id="{attr(chart_id)}-d">{text(desc)}</desc>'
    )


def label(x: float, y: float, content: str, *, anchor: str = "start", extra: str = "") -> str:
    """A text element."""
    return f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}"{extra}>{text(content)}</text>'


def el(tag: str, content: str | None = None, **attrs: str | float | None) -> str:
    """An SVG element; attribute names use ``_`` for ``-`` (``stroke_width``), floats are
    written short, and ``cls`` stands for ``class``. ``content`` is inserted as is."""
    rendered = []
    for name, value in attrs.items():
        if value is None:
            continue
        key = "class" if name == "cls" else name.replace("_", "-")
        shown = num(value) if isinstance(value, float) else attr(value)
        rendered.append(f' {key}="{shown}"')
    body = "".join(rendered)
    return f"<{tag}{body}/>" if content is None else f"<{tag}{body}>{content}</{tag}>"
