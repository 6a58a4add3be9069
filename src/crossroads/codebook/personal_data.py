"""Find what looks like personal data in free text: names, phone numbers, e-mails, addresses.

Free text in Crossroads (the narrative of an annual submission, the
description of a document or an incident) is about a situation, never about
a person. This checker runs before such text can leave an organisation and
says where each suspicious passage is, so the author can rephrase it ("a
labour inspector" rather than a name).

It is a screen, not a proof: it looks for patterns, in Latin and Cyrillic
script, in the languages of the network (English, French, German, Dutch,
Spanish, Italian, Portuguese, Romanian, Polish, Russian, Ukrainian…):

- e-mail addresses;
- phone numbers: 8 to 15 digits in groups, written with an international
  prefix (``+`` or ``00``), a leading ``0``, or after a word such as "tel",
  "phone", "téléphone", "тел."; dates, year ranges, legal references
  ("2011/36/EU") and web addresses are not numbers to call;
- names: a title before a capitalised word ("Mr", "Mme", "Frau", "г-жа"…), a
  common given name before a capitalised word, an initial before a surname,
  a Slavic patronymic, or a capitalised word after "named", "nommée",
  "по имени"…;
- addresses: a house number beside a street word ("12 rue…", "Hauptstraße 5",
  "ул. Ленина, д. 5", "Via Roma 10") and British postcodes.

Nothing here imports Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a finding looks like."""

    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


@dataclass(frozen=True)
class Finding:
    """A passage of a text that looks like personal data; ``start``/``end`` are offsets."""

    kind: Kind
    start: int
    end: int
    text: str


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/.:,-])(?:\+|00)?\(?\d[\d \u00a0().\-/]{5,}\d(?![\w/%])")
_PHONE_CUE = re.compile(
    r"(?:\btel\b|\btél\b|\btelephone|\btéléphone|\bphone|\bmobile|\bportable|\bhandy"
    r"|\btelefon|\bcall\b|\bappeler|\bwhatsapp|\bviber|\btelegram|\bтел\b|\bтелефон"
    r"|\bзвонить|\bномер|\bмоб\b)[\w.:]*(?:\s+[^\W\d]+)?\W{0,4}$",
    re.IGNORECASE,
)
_FREEPHONE = ("0800", "0808", "0805", "116", "+800", "00800", "8-800", "8800")
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_YEARS = re.compile(r"^(?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)+$")


def _words(text: str) -> frozenset[str]:
    """The words of a list written one after another (lists of titles and names)."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")

# Titles written before a person's name, as they are written (case matters for short ones).
_TITLES = _words(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Mme Mme. Mlle Mlle. M. Monsieur Madame Herr
    Frau Sr. Sra. Srta. Señor Señora Sig. Sig.ra Signor Signora Dhr. Mevr. Pan Pani Domnul
    Doamna Dna. Dl. г-н г-жа господин госпожа гражданин гражданка пан пані
    """
)
# Words after which a capitalised word is a name ("a woman named X").
_NAMING = re.compile(
    r"(?:\bnamed|\bcalled|\bnommée?|\bappelée?|\bs'appelle|\bnamens|\bheißt|\bgenaamd"
    r"|\bllamad[ao]|\bchiamat[ao]|\bпо имени|\bзовут|\bпо фамилии|\bна ім'я|\bзвати)\s+$",
    re.IGNORECASE,
)
_SURNAME_SUFFIX = re.compile(
    r"(?:ovich|evich|ovna|evna|ichna|ович|евич|овна|евна|ична|івна|ович|йович)$", re.IGNORECASE
)
_CYRILLIC_SURNAME = re.compile(r"(?:ов|ова|ев|ева|ин|ина|ский|ская|енко|чук|юк|ко)$")
_LATIN_SURNAME = re.compile(
    r"(?:ov|ova|ev|eva|enko|escu|eanu|ović|ević|ić|ski|ska|sky|skaya|chuk|yuk|sson|sen)$"
)
# Capitalised words that follow a given name without making a person's name.
_NOT_SURNAMES = _words(
    """
    Hospital Clinic School University College Foundation Fund Fonds Stiftung Centre Center
    Street Road House Maison Haus Church Cathedral Project Programme Program Island Islands
    Convention Declaration Protocol Group Network Association Bay Valley Airport Station
    """
)

_GIVEN_NAMES = frozenset(
    name.casefold()
    for name in _words(
        """
        Aaliyah Abdul Abdullah Abebe Adama Adebayo Adriana Agnieszka Ahmad Ahmed Aida Aigerim
        Aisha Akosua Alain Aleksandr Aleksandra Alexander Alexandra Alexei Ali Alina Alice Aliyu
        Amadou Amina Amir Ana Anastasia Andrea Andrei Andrej Andrzej Angela Angelika Anna Anne
        Annika Antonio Ari Aurelia Ayesha Aziz Bogdan Blessing Boris Camille Carlos Carmen
        Catherine Chidi Chinwe Chioma Christina Claire Cristina Daniel Daniela Dariusz Daria David
        Diana Dmitri Dmitry Dorota Ekaterina Elena Elif Elizabeth Emeka Emily Emma Esther Eva
        Fatima Fatma Florin Francesca Francesco François Gabriela Giovanni Giulia Grzegorz Hanna
        Hans Hassan Helena Hussein Ibrahim Idris Igor Ilya Ina Ioana Irina Isabel Isabelle Ivan
        Ivana Jacques Jakub Jan Jana Javier Jean Jelena Johan Johanna John Jose José Josef Joseph
        Juan Julia Kamal Karim Karin Katarzyna Kateryna Katharina Kofi Konstantin Kwame Laura Lea
        Leila Lena Liudmila Luca Lucia Lucy Ludmila Luis Magdalena Maksim Mamadou Marco Margarita
        Maria María Marie Marina Mario Mariya Mark Marta Martin Mary Maryam Mateusz Michael Michał
        Mihai Mikhail Milan Mohamed Mohammed Muhammad Nadia Natalia Natalya Nataliya Natasha Ngozi
        Nicolae Nikolai Nina Nikola Nour Obinna Oksana Olena Olga Omar Oleksandr Oleksandra Olivia
        Patricia Paul Pavel Peter Petra Pierre Piotr Precious Rafael Rahim Rania Roman Ruslan Said
        Samir Samuel Sandra Sara Sarah Sergei Sergey Sergiy Sofiya Stefan Stefania Svetlana
        Tatiana Tatyana Thomas Tomasz Valentina Vasile Vera Viktor Viktoria Vladimir Volodymyr
        Wojciech Yana Yaroslav Yelena Yulia Yusuf Zainab Zeynep Zoran Александр Александра Алексей
        Алина Анастасия Андрей Анна Богдан Валентина Вера Виктор Виктория Владимир Галина Дарья
        Дмитрий Екатерина Елена Иван Игорь Ирина Кирилл Ксения Лариса Людмила Максим Марина Мария
        Михаил Наталья Наталия Николай Нина Ольга Олена Олександр Оксана Павел Роман Светлана
        Сергей Сергій Татьяна Тетяна Юлия Юлія Ярослав
        """
    )
)


def find_personal_data(text: str) -> list[Finding]:
    """Every passage of ``text`` that looks like personal data, in reading order.

    Overlapping findings are merged into the first one (a name inside an
    address is reported as the address).
    """
    if not text or not text.strip():
        return []
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    found: list[Finding] = []
    for match in _EMAIL.finditer(masked):
        found.append(Finding(Kind.EMAIL, match.start(), match.end(), match.group()))
    masked = _EMAIL.sub(lambda m: " " * len(m.group()), masked)
    found += _addresses(masked)
    found += _phones(masked)
    found += _names(masked)
    found.sort(key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for finding in found:
        if merged and finding.start < merged[-1].end:
            continue
        merged.append(finding)
    return merged


def _phones(text: str) -> list[Finding]:
    out = []
    for match in _PHONE.finditer(text):
        raw = match.group().strip()
        digits = sum(ch.isdigit() for ch in raw)
        if not 8 <= digits <= 15:
            continue
        compact = raw.replace(" ", "").replace("\u00a0", "")
        if _DATE.match(compact) or _YEARS.match(raw):
            continue
        if compact.startswith(_FREEPHONE):
            continue  # public helplines (0800…, 116 000) are not a person's number
        if "/" in raw and not raw.startswith("0"):
            continue  # legal references: 2011/36/EU, case 123/2024
        prefixed = raw.startswith(("+", "00", "(0", "0"))
        cue = _PHONE_CUE.search(text[max(0, match.start() - 40) : match.start()])
        if prefixed or cue:
            out.append(Finding(Kind.PHONE, match.start(), match.start() + len(raw), raw))
    return out


_STREET_BEFORE = (
    r"rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route"
    r"|via|viale|piazza|corso|vicolo|calle|avenida|rua|plaza|paseo|carrer|travessa"
    r"|strada|bulevardul|bd\.|str\.|ulica|ul\.|aleja|al\.|utca"
)
_ADDRESS_PATTERNS = (
    # 12 rue de la Paix, 5 bis avenue…, 10 Via Roma (number first, street word next).
    re.compile(
        rf"\b\d{{1,4}}(?:\s?(?:bis|ter|[a-z]))?,?\s+(?:{_STREET_BEFORE})\s+\w+", re.IGNORECASE
    ),
    # Via Roma 10, Calle Mayor 3, ulica Długa 5, str. Victoriei 12.
    re.compile(
        rf"(?<!\w)(?:{_STREET_BEFORE})\s+(?:[^\W\d_][\w'’.\-]*\s+){{0,3}}"
        r"(?:nr\.?\s*|n[°º]\s*)?\d{1,4}[a-z]?\b",
        re.IGNORECASE,
    ),
    # 12 Main Street, 4 Church Road (number, capitalised words, street word).
    re.compile(
        r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][\w'’\-]+\s+){1,3}"
        r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Crescent|Square|Terrace"
        r"|Gardens|Place|Way)\b"
    ),
    # Hauptstraße 5, Kerkstraat 12, Keizersgracht 123, Storgatan 4.
    re.compile(
        r"\b[^\W\d_]*(?:straße|strasse|str\.|gasse|platz|allee|damm|ufer|straat|laan|gracht"
        r"|plein|kade|steeg|singel|gatan|vägen|gade|vej|veien|iela|gatvė|utca|ulica|weg)"
        r"\s+\d{1,4}[a-z]?\b",
        re.IGNORECASE,
    ),
    # ул. Ленина, д. 5; проспект Мира 12; вул. Хрещатик, 22.
    re.compile(
        r"(?<!\w)(?:ул\.|улица|улицы|пр\.|просп\.|проспект|пр-т|пер\.|переулок|бульвар|б-р"
        r"|шоссе|наб\.|набережная|пл\.|площадь|вул\.|вулиця|провулок)\s*"
        r"(?:[^\W\d_][\w.\-]*\s*){1,3},?\s*(?:д\.|дом|буд\.)?\s*\d{1,4}",
        re.IGNORECASE,
    ),
    # British postcodes: SW1A 1AA, M1 1AE.
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
)


def _addresses(text: str) -> list[Finding]:
    out = []
    for pattern in _ADDRESS_PATTERNS:
        for match in pattern.finditer(text):
            out.append(Finding(Kind.ADDRESS, match.start(), match.end(), match.group()))
    return out


def _is_capitalised(word: str) -> bool:
    """A word written like a proper name: capital first letter, not all capitals."""
    core = word.rstrip(".")
    return len(core) > 1 and core[0].isupper() and not core.isupper()


def _names(text: str) -> list[Finding]:
    words = list(_WORD.finditer(text))
    out = []
    for i, match in enumerate(words):
        word = match.group()
        following = words[i + 1] if i + 1 < len(words) else None
        if (
            following is not None
            and _only_space_between(text, match, following)
            and _is_name_pair(word, following.group())
        ):
            end = _word_end(following)
            out.append(Finding(Kind.NAME, match.start(), end, text[match.start() : end]))
            continue
        stop = _particle_surname(text, words, i)
        if stop is not None:
            out.append(Finding(Kind.NAME, match.start(), stop, text[match.start() : stop]))
            continue
        before = text[max(0, match.start() - 20) : match.start()]
        if _is_capitalised(word) and _NAMING.search(before):
            out.append(Finding(Kind.NAME, match.start(), match.end(), word))
    return out


def _is_name_pair(word: str, nxt: str) -> bool:
    """Whether two adjacent words read as a person's name."""
    if not _is_capitalised(nxt):
        return False
    if word in _TITLES:
        return True  # Mr Smith, Mme Dupont, г-жа Иванова
    if not _is_capitalised(word) and not _is_initial(word):
        return False
    if word.rstrip(".").casefold() in _GIVEN_NAMES:
        return nxt.rstrip(".") not in _NOT_SURNAMES  # Maria Petrova, not Maria Hospital
    if _is_initial(word):
        return bool(_LATIN_SURNAME.search(nxt) or _CYRILLIC_SURNAME.search(nxt))  # A. Petrova
    return bool(_SURNAME_SUFFIX.search(nxt))  # Anna Sergeyevna, Иван Сергеевич


_PARTICLES = _words("de da di del della van von der den ter ten le la du al el ben bin")


def _particle_surname(text: str, words: list[re.Match[str]], i: int) -> int | None:
    """The end of a name such as "Anna de Vries" or "Jan van der Berg" starting at word ``i``."""
    word = words[i].group()
    if not _is_capitalised(word) or word.casefold() not in _GIVEN_NAMES:
        return None
    j = i + 1
    while (
        j < len(words)
        and j - i <= 2
        and words[j].group() in _PARTICLES
        and _only_space_between(text, words[j - 1], words[j])
    ):
        j += 1
    if j == i + 1 or j >= len(words) or not _only_space_between(text, words[j - 1], words[j]):
        return None
    return _word_end(words[j]) if _is_capitalised(words[j].group()) else None


def _word_end(match: re.Match[str]) -> int:
    """Where a word ends, without the full stop of a sentence (an initial keeps its own)."""
    word = match.group()
    return match.end() - 1 if word.endswith(".") and len(word) > 2 else match.end()


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word.endswith(".")


def _only_space_between(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    gap = text[first.end() : second.start()]
    return 0 < len(gap) <= 2 and not gap.strip()
