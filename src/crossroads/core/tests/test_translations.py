"""Every interface string of the project's apps is translated into every offered language.

For each app, the strings are extracted afresh from its code and templates
(Django's ``makemessages``, run on a copy so the repository is not touched)
and each must be translated, not fuzzy, in the committed catalogue; the
committed ``.mo`` must be exactly what the ``.po`` compiles to, so a
translation edited without ``make messages`` fails here. Translations keep
every placeholder of the English text, give each plural form of the language,
and a sentence left in English counts as untranslated.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

import crossroads

# Every app of the project: a new app is checked without being listed here.
APPS = [
    app.removeprefix("crossroads.")
    for app in settings.INSTALLED_APPS
    if app.startswith("crossroads.")
]
# Every offered language but English (the source): one added to settings is checked at once.
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
ROOT = Path(crossroads.__file__).resolve().parent
_STRING = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')


def po_messages(path: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every entry of a .po file, the header excepted."""
    found: set[tuple[str, str]] = set()
    entry: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if entry.get("msgid"):
            found.add((entry.get("msgctxt", ""), entry["msgid"]))
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        match = _STRING.match(line)
        if match:
            key = match[1]
            if key in {"msgctxt", "msgid"} and "msgstr" in "".join(entry):
                flush()
            entry[key] = match[2]
        elif line.startswith('"') and key:
            entry[key] = entry.get(key, "") + line[1:-1]
    flush()
    return {(ctx, _unescape(msgid)) for ctx, msgid in found}


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), text)


def compiled(po: Path, target: Path) -> dict[object, str]:
    """The catalogue ``msgfmt`` makes of a .po file (untranslated and fuzzy entries left out)."""
    subprocess.run(["msgfmt", "--check", "-o", str(target), str(po)], check=True)
    with target.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, str]]]:
    """The strings of each app, extracted from a copy of its code and templates."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed (apt-get install gettext): cannot check catalogues")
    result = {}
    for app in APPS:
        copy = tmp_path_factory.mktemp(app) / app
        shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        (copy / "locale").mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "crossroads.settings",
            "CROSSROADS_DATA_DIR": str(copy.parent / "var"),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "fr",
                "--no-location",
                "-v",
                "0",
            ],
            cwd=copy,
            env=env,
            check=True,
        )
        result[app] = po_messages(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    return result


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_every_string_of_the_app_is_translated(
    extracted: dict[str, set[tuple[str, str]]], app: str, language: str, tmp_path: Path
) -> None:
    po = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"{app} has no {language} catalogue: run make messages"
    catalogue = compiled(po, tmp_path / "check.mo")
    translated = {key if isinstance(key, str) else key[0] for key in catalogue}  # type: ignore[index]
    missing = sorted(
        msgid
        for context, msgid in extracted[app]
        if (f"{context}\x04{msgid}" if context else msgid) not in translated
    )
    assert not missing, f"{app}/{language}: untranslated or fuzzy: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_the_compiled_catalogue_matches_its_source(app: str, language: str, tmp_path: Path) -> None:
    folder = ROOT / app / "locale" / language / "LC_MESSAGES"
    committed = folder / "django.mo"
    assert committed.exists(), f"{app}/{language}: no compiled catalogue; run make messages"
    with committed.open("rb") as handle:
        shipped = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    assert shipped == compiled(folder / "django.po", tmp_path / "fresh.mo"), (
        f"{app}/{language}: django.mo is stale; run make messages"
    )


def test_the_check_notices_an_untranslated_string(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Done"\nmsgstr "Fait"\n\nmsgid "Open"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert po_messages(po) == {("", "Done"), ("", "Open")}
    assert set(compiled(po, tmp_path / "x.mo")) - {""} == {"Done"}


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sd]|\{\w*\}")
#: Words of a sentence (not acronyms, codes or placeholders): three of them
#: copied unchanged mean an English sentence left untranslated.
_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")


def _catalogue(app: str, language: str) -> tuple[dict[object, str], int]:
    """The committed compiled catalogue of ``app`` in ``language``, and its plural forms."""
    mo = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    header = translations._info.get("plural-forms", "")  # type: ignore[attr-defined]
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return translations._catalog, int(match[1]) if match else 2  # type: ignore[attr-defined]


def _problems(catalog: dict[object, str], nplurals: int) -> list[str]:
    """Lost placeholders, missing plural forms and English sentences left as they are."""
    problems: list[str] = []
    plurals: dict[str, set[int]] = {}
    for key, translated in catalog.items():
        if key == "":
            continue
        msgid = str(key[0] if isinstance(key, tuple) else key)
        if isinstance(key, tuple):
            plurals.setdefault(msgid, set()).add(key[1])
        source = msgid.split("\x04", 1)[-1].split("\x00")
        expected = set(_PLACEHOLDER.findall(source[-1]))
        found = set(_PLACEHOLDER.findall(translated))
        # A singular form may name its count in words ("one record") instead of %(n)s.
        if found != expected and not (isinstance(key, tuple) and found < expected):
            problems.append(
                f"placeholders {sorted(found)} instead of {sorted(expected)}: {msgid!r}"
            )
        english = source[0]
        if translated == english and len(_WORD.findall(_PLACEHOLDER.sub("", english))) >= 3:
            problems.append(f"left in English: {english!r}")
    for msgid, forms in plurals.items():
        if forms != set(range(nplurals)):
            problems.append(f"{len(forms)} plural forms instead of {nplurals}: {msgid!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_translations_keep_placeholders_and_plural_forms_and_leave_no_english(
    app: str, language: str
) -> None:
    if not (ROOT / app / "locale" / language / "LC_MESSAGES" / "django.mo").exists():
        pytest.skip(f"{app} has no strings")
    catalog, nplurals = _catalogue(app, language)
    problems = _problems(catalog, nplurals)
    assert not problems, f"{app}/{language}: {problems[:10]}"


def test_the_check_notices_lost_placeholders_missing_plurals_and_english_copies() -> None:
    catalog: dict[object, str] = {
        "Saved %(n)s records": "%(n)s fiches enregistrées",
        "Record %(code)s saved.": "Fiche enregistrée.",
        ("%(n)s row", 0): "%(n)s ligne",
        "Choose what to do next": "Choose what to do next",
        "CTDC": "CTDC",
    }
    problems = _problems(catalog, 2)
    assert any("Record %(code)s saved." in p and "placeholders" in p for p in problems)
    assert any("plural forms" in p for p in problems)
    assert any("left in English" in p for p in problems)
    assert len(problems) == 3
