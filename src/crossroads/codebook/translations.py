"""The standard's labels and definitions in every language but English.

The TOML files of a version of the standard (fields, events, vocabularies,
the narrative questionnaire…) hold English only. Every other language has
one gettext catalogue per version of the standard:
``standards/<version>/locale/<language>/LC_MESSAGES/standard.po`` (written
by ``crossroads standard_messages``, compiled to ``standard.mo`` by
``make messages``), so adding a language is adding catalogues, never editing
the standard. Each entry's context (``msgctxt``) is the address of one text,
e.g. ``field.gender.label``, ``vocabulary.exploitation_form.labour.definition``
or ``questionnaire.section.situation.label``, and its ``msgid`` the English
text, so a translator sees what to translate and a changed English text
shows up as fuzzy. Translation tools (Poedit, Weblate, Lokalize) open these
files as they open the interface's catalogues.

Nothing here imports Django: the standard is read by the statistics tools too.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossroads.codebook.definitions import Text

DOMAIN = "standard"
#: The language the standard is written in: every text has it in the TOML files.
SOURCE_LANGUAGE = "en"


def catalogue_dir(folder: Path) -> Path:
    """Where the standard of ``folder`` keeps its per-language catalogues."""
    return folder / "locale"


def po_path(folder: Path, language: str) -> Path:
    """The catalogue of ``language`` for the standard held in ``folder``."""
    return catalogue_dir(folder) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(folder: Path) -> tuple[str, ...]:
    """Languages that have a compiled catalogue for the standard in ``folder``, sorted."""
    root = catalogue_dir(folder)
    if not root.is_dir():
        return ()
    return tuple(
        sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").exists())
    )


def load_catalogues(folder: Path, languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each language, ``{context: translation}`` read from its compiled catalogue.

    Only translated entries are in a compiled catalogue (msgfmt leaves out
    empty and fuzzy ones); a text without a translation falls back to English.
    """
    result: dict[str, dict[str, str]] = {}
    for language in languages:
        mo = catalogue_dir(folder) / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        entries: dict[str, str] = {}
        for key, value in catalog.items():
            if isinstance(key, str) and "\x04" in key and value:
                entries[key.split("\x04", 1)[0]] = value
        result[language] = entries
    return result


class Texts:
    """Makes the standard's texts: English from the TOML files, the rest from the catalogues.

    One per reading of a version's files. ``languages`` is English then every
    language with a compiled catalogue; ``sources`` collects (address,
    English text) of every text made, in file order: what a catalogue of
    that version translates.
    """

    def __init__(self, folder: Path) -> None:
        extra = tuple(code for code in catalogue_languages(folder) if code != SOURCE_LANGUAGE)
        self.languages: tuple[str, ...] = (SOURCE_LANGUAGE, *extra)
        self.catalogues = load_catalogues(folder, extra)
        self.sources: list[tuple[str, str]] = []

    def make(self, spec: Any, address: str) -> Text:
        """The text at ``address`` whose TOML value is ``spec`` (``{"en": …}``).

        Raises ``ValueError`` (saying what was found) when ``spec`` is not a
        table holding a non-empty English text; the caller says where.
        """
        if not isinstance(spec, dict):
            raise ValueError(f'expected a table such as {{ en = "…" }}, got {spec!r}')
        english = spec.get(SOURCE_LANGUAGE)
        if not isinstance(english, str) or not english.strip():
            raise ValueError("the English text (en) is missing")
        others = sorted(set(spec) - {SOURCE_LANGUAGE})
        if others:
            raise ValueError(
                f"only English belongs in the TOML files; {', '.join(others)} belongs in "
                f"locale/<language>/LC_MESSAGES/{DOMAIN}.po (crossroads standard_messages)"
            )
        self.sources.append((address, english))
        values = {SOURCE_LANGUAGE: english}
        for language, entries in self.catalogues.items():
            if address in entries:
                values[language] = entries[address]
        return Text(values)


@dataclass
class Entry:
    """One entry of a catalogue."""

    context: str
    msgid: str
    msgstr: str = ""
    fuzzy: bool = False


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    match = _STRING.search(line)
    if match is None:
        return ""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), match.group(1))


def read_po(path: Path) -> dict[str, Entry]:
    """The entries of a catalogue by context (the header is left out)."""
    entries: dict[str, Entry] = {}
    current: dict[str, str] = {}
    fuzzy = False
    key = ""

    def flush() -> None:
        nonlocal current, fuzzy
        if current.get("msgctxt") is not None and current.get("msgid"):
            entries[current["msgctxt"]] = Entry(
                current["msgctxt"], current["msgid"], current.get("msgstr", ""), fuzzy
            )
        current, fuzzy = {}, False

    if not path.exists():
        return entries
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = current.get(key, "") + _unquote(line)
        else:
            key = line.split(" ", 1)[0]
            current[key] = _unquote(line)
    flush()
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_po(path: Path, language: str, sources: list[tuple[str, str]]) -> tuple[int, int]:
    """Write the catalogue of ``language`` for ``sources`` (context, English) in order.

    Translations already in the file are kept; one whose English text changed
    is kept but marked fuzzy (it no longer counts until a translator checks
    it). Returns (entries, entries still to translate).
    """
    old = read_po(path)
    lines = [
        'msgid ""',
        'msgstr ""',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    todo = 0
    for context, english in sources:
        previous = old.get(context)
        msgstr, fuzzy = "", False
        if previous is not None and previous.msgstr:
            msgstr = previous.msgstr
            fuzzy = previous.fuzzy or previous.msgid != english
        if not msgstr or fuzzy:
            todo += 1
        if fuzzy:
            lines.append("#, fuzzy")
        lines += [f"msgctxt {_quote(context)}", f"msgid {_quote(english)}"]
        lines += [f"msgstr {_quote(msgstr)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(sources), todo
