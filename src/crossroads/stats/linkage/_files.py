"""Token files: one list's linkage tokens, as they travel to the secretariat.

A token file is UTF-8 CSV made by ``crossroads tokenize``::

    #crossroads-tokens,version=1,list=police-2024,key=0123456789abcdef
    exact,any_order,family_date,given_date,prefixes,day_month,birth_year
    5f0c...,9a1e...,...,,...
    ...
    #end,people=1834

* the first line names the format and its version, the list's label and the
  fingerprint of the linkage key the tokens were made with (the fingerprint
  is public: it only tells whether two files can be linked);
* the second line names the token levels, in cascade order;
* then one row per person, one token per level (32 hexadecimal digits, or
  empty where the level could not be computed), and no other column;
* the last line repeats the number of people, so a truncated copy is refused.

Nothing else is in the file: no name, no date, no row number, no code.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from crossroads.stats.linkage._tokens import LEVEL_NAMES, TOKEN_HEX_LENGTH

FORMAT = "crossroads-tokens"
VERSION = 1
TRAILER = "#end"
LIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
LIST_NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"

KeyArray = npt.NDArray[np.uint64]


class TokenFileError(ValueError):
    """A token file cannot be read. ``line`` is the 1-based line number, when known.

    Messages never repeat the content of a row: a file uploaded by mistake
    might hold names instead of tokens.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line


def check_list_name(name: str) -> str:
    """Return ``name`` stripped, or raise :class:`ValueError` if it is not a valid list label."""
    cleaned = name.strip()
    if not LIST_NAME.match(cleaned) or cleaned.lower() == "count":
        raise ValueError(f"the list name {name!r} is not valid: use {LIST_NAME_RULE}")
    return cleaned


def header_line(list_name: str, fingerprint: str) -> str:
    """The first line of a token file."""
    return f"#{FORMAT},version={VERSION},list={list_name},key={fingerprint}"


def levels_line() -> str:
    """The second line of a token file: the level names."""
    return ",".join(LEVEL_NAMES)


def trailer_line(people: int) -> str:
    """The last line of a token file."""
    return f"{TRAILER},people={people}"


# ASCII code -> value of the hexadecimal digit, 255 for anything else.
_HEX = np.full(128, 255, dtype=np.uint8)
for _value, _char in enumerate("0123456789abcdef"):
    _HEX[ord(_char)] = _value
_WEIGHTS = (np.uint64(16) ** np.arange(15, -1, -1, dtype=np.uint64)).astype(np.uint64)


def token_keys(tokens: Sequence[str]) -> KeyArray:
    """The first 64 bits of each token as an unsigned integer; 0 for an empty token.

    The linker indexes tokens by these 64 bits. Two different tokens agree on
    them with probability 2**-64, i.e. less than one chance in ten million
    over ten lists of 100,000 people at every level. Vectorised (one NumPy
    pass over the characters) because a secretariat reads millions of tokens.
    Raises :class:`ValueError` whose argument is the position of the first
    token that is neither empty nor 32 lower-case hexadecimal digits.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    # One character more than a token, so that a longer value shows as too long.
    width = TOKEN_HEX_LENGTH + 1
    text = np.asarray(tokens, dtype=f"<U{width}")
    lengths = np.char.str_len(text)
    codes = text.view(np.uint32).reshape(len(text), width)[:, :TOKEN_HEX_LENGTH]
    digits = _HEX[np.minimum(codes, 127)]
    full = lengths == TOKEN_HEX_LENGTH
    bad = ((lengths != 0) & ~full) | (full & np.any(digits == 255, axis=1))
    if bad.any():
        raise ValueError(int(np.flatnonzero(bad)[0]))
    keys: KeyArray = (digits[:, :16].astype(np.uint64) * _WEIGHTS).sum(axis=1, dtype=np.uint64)
    keys[~full] = 0
    # A real token whose first 64 bits are zero would read as "missing"; move it.
    keys[full & (keys == 0)] = 1
    return keys


@dataclass(frozen=True)
class TokenFile:
    """A parsed token file: the list's label, the key fingerprint and the tokens.

    ``keys`` has one row per person and one column per level of
    :data:`~crossroads.stats.linkage.LEVEL_NAMES` (see :func:`token_keys`).
    """

    list_name: str
    fingerprint: str
    keys: KeyArray

    @property
    def people(self) -> int:
        """The number of people (rows) in the file."""
        return int(self.keys.shape[0])


def write_token_file(
    destination: str | os.PathLike[str] | IO[str],
    list_name: str,
    fingerprint: str,
    rows: Iterable[Sequence[str]],
) -> int:
    """Write a token file from rows of tokens (level order, '' when missing); return the count.

    A path is written atomically: to a temporary file renamed at the end,
    so an interrupted run never leaves a partial file behind.
    """
    name = check_list_name(list_name)
    if isinstance(destination, str | os.PathLike):
        path = Path(destination)
        temporary = path.with_name(f".{path.name}.partial")
        try:
            with temporary.open("w", encoding="utf-8", newline="") as handle:
                count = _write(handle, name, fingerprint, rows)
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)
        return count
    return _write(destination, name, fingerprint, rows)


def _write(handle: IO[str], name: str, fingerprint: str, rows: Iterable[Sequence[str]]) -> int:
    handle.write(header_line(name, fingerprint) + "\n" + levels_line() + "\n")
    count = 0
    width = len(LEVEL_NAMES)
    for row in rows:
        if len(row) != width or not any(row):
            raise ValueError(f"each row needs {width} tokens, at least one of them non-empty")
        # Tokens are hexadecimal: no quoting is ever needed.
        handle.write(",".join(row) + "\n")
        count += 1
    handle.write(trailer_line(count) + "\n")
    return count


def read_token_file(source: str | os.PathLike[str] | IO[str] | bytes) -> TokenFile:
    """Read and check a token file; raise :class:`TokenFileError` naming the line at fault."""
    if isinstance(source, bytes):
        try:
            return _read(io.StringIO(source.decode("utf-8-sig")))
        except UnicodeDecodeError:
            raise TokenFileError(_NOT_TOKENS) from None
    if isinstance(source, str | os.PathLike):
        with Path(source).open(encoding="utf-8-sig", newline="") as handle:
            try:
                return _read(handle)
            except UnicodeDecodeError:
                raise TokenFileError(_NOT_TOKENS) from None
    return _read(source)


_NOT_TOKENS = (
    "this is not a Crossroads token file (its first line must start with "
    f"'#{FORMAT}'). Make one with 'crossroads tokenize'; never send names or dates of birth."
)


def _read(handle: IO[str]) -> TokenFile:
    lines = iter(handle)
    first = next(lines, "")
    if not first.startswith(f"#{FORMAT},"):
        raise TokenFileError(_NOT_TOKENS)
    name, fingerprint = _parse_header(first)
    second = next(lines, "")
    if second.strip() != levels_line():
        raise TokenFileError(
            f"the columns must be exactly: {levels_line()} (one token per level, no other column)",
            line=2,
        )
    body: list[str] = []
    numbers: list[int] = []
    trailer: tuple[int, str] | None = None
    number = 2
    for number, line in enumerate(lines, start=3):
        if not line.strip():
            continue
        if trailer is not None:
            raise TokenFileError(f"nothing may follow the '{TRAILER}' line", line=number)
        if line.startswith("#"):
            trailer = (number, line)
            continue
        body.append(line.rstrip("\r\n"))
        numbers.append(number)
    _check_trailer(trailer, len(body), number + 1)
    return TokenFile(name, fingerprint, _parse_rows(body, numbers))


def _parse_rows(body: list[str], numbers: list[int]) -> KeyArray:
    """Tokens of the data rows, by level; one C-level split for the whole file."""
    width = len(LEVEL_NAMES)
    fields = ",".join(body).split(",") if body else []
    if len(fields) != width * len(body):
        for row, line in enumerate(body):
            found = line.count(",") + 1
            if found != width:
                raise TokenFileError(
                    f"expected {width} tokens separated by commas, found {found} fields",
                    line=numbers[row],
                )
    keys = np.zeros((len(body), width), dtype=np.uint64)
    for level in range(width):
        try:
            keys[:, level] = token_keys(fields[level::width])
        except ValueError as error:
            raise TokenFileError(
                f"the {LEVEL_NAMES[level]} token is not {TOKEN_HEX_LENGTH} lower-case "
                "hexadecimal digits",
                line=numbers[int(error.args[0])],
            ) from None
    empty = np.flatnonzero(~keys.any(axis=1))
    if empty.size:
        raise TokenFileError("the row has no token at all", line=numbers[int(empty[0])])
    return keys


def _parse_header(first: str) -> tuple[str, str]:
    fields = first.strip().split(",")
    values = dict(field.partition("=")[::2] for field in fields[1:])
    if values.get("version") != str(VERSION):
        raise TokenFileError(
            f"token file version {values.get('version')!r} is not supported "
            f"(this Crossroads reads version {VERSION})",
            line=1,
        )
    name = values.get("list", "")
    if not LIST_NAME.match(name):
        raise TokenFileError(f"the list label must be {LIST_NAME_RULE}", line=1)
    fingerprint = values.get("key", "")
    if not FINGERPRINT.match(fingerprint):
        raise TokenFileError("the key fingerprint must be 16 hexadecimal digits", line=1)
    return name, fingerprint


def _check_trailer(trailer: tuple[int, str] | None, people: int, end: int) -> None:
    if trailer is None:
        raise TokenFileError(
            f"the file ends without its '{TRAILER},people=…' line: it is probably truncated; "
            "copy or export it again",
            line=end,
        )
    number, line = trailer
    label, _, count = line.strip().partition(",people=")
    if label != TRAILER or not count.isdigit():
        raise TokenFileError(f"expected '{TRAILER},people=<number>'", line=number)
    if int(count) != people:
        raise TokenFileError(
            f"the file says it holds {int(count)} people but has {people} rows: "
            "it is incomplete or was edited",
            line=number,
        )
