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
from collections.abc import Iterable, Iterator, Sequence
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


# Character code -> value of the hexadecimal digit, 255 for anything else.
_HEX = np.full(256, 255, dtype=np.uint8)
for _value, _char in enumerate("0123456789abcdef"):
    _HEX[ord(_char)] = _value


def _first_64_bits(digits: npt.NDArray[np.uint8]) -> KeyArray:
    """The first 16 hexadecimal digits of each row (values 0-15) as an unsigned integer.

    Pairs of digits make bytes, and eight bytes read as one big-endian
    integer: a few vectorised steps instead of sixteen multiplications.
    """
    pairs = (digits[:, 0:16:2] << 4) | digits[:, 1:16:2]
    return np.ascontiguousarray(pairs).view(">u8").ravel().astype(np.uint64)


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
    digits = _HEX[np.minimum(codes, 255)]
    full = lengths == TOKEN_HEX_LENGTH
    bad = ((lengths != 0) & ~full) | (full & np.any(digits == 255, axis=1))
    if bad.any():
        raise ValueError(int(np.flatnonzero(bad)[0]))
    keys = _first_64_bits(digits)
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
    width = len(LEVEL_NAMES)

    def lines() -> Iterator[list[str]]:
        for row in rows:
            if len(row) != width or not any(row):
                raise ValueError(f"each row needs {width} tokens, at least one of them non-empty")
            # Tokens are hexadecimal: no quoting is ever needed.
            yield [",".join(row)]

    return write_token_lines(destination, list_name, fingerprint, lines())


def write_token_lines(
    destination: str | os.PathLike[str] | IO[str],
    list_name: str,
    fingerprint: str,
    blocks: Iterable[list[str]],
) -> int:
    """Write a token file from blocks of ready-made lines (tokens joined by commas).

    For producers that build the lines themselves (``crossroads tokenize``
    writes a block per few thousand people); :func:`write_token_file` checks
    rows one by one instead. Atomic for a path, as :func:`write_token_file`.
    """
    name = check_list_name(list_name)
    if isinstance(destination, str | os.PathLike):
        path = Path(destination)
        temporary = path.with_name(f".{path.name}.partial")
        try:
            with temporary.open("w", encoding="utf-8", newline="") as handle:
                count = _write(handle, name, fingerprint, blocks)
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)
        return count
    return _write(destination, name, fingerprint, blocks)


def _write(handle: IO[str], name: str, fingerprint: str, blocks: Iterable[list[str]]) -> int:
    handle.write(header_line(name, fingerprint) + "\n" + levels_line() + "\n")
    count = 0
    for block in blocks:
        if block:
            handle.write("\n".join(block) + "\n")
            count += len(block)
    handle.write(trailer_line(count) + "\n")
    return count


def read_token_file(source: str | os.PathLike[str] | IO[str] | bytes) -> TokenFile:
    """Read and check a token file; raise :class:`TokenFileError` naming the line at fault."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        data = Path(source).read_bytes()
    else:
        data = source.read().encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    fast = _read_fast(data)
    if fast is not None:
        return fast
    # Something is wrong somewhere: read line by line to say exactly where.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise TokenFileError(_NOT_TOKENS) from None
    return _read(io.StringIO(text))


def _read_fast(data: bytes) -> TokenFile | None:
    """A well-formed token file parsed in a few NumPy passes, or None if anything is off.

    A secretariat reads token files of 100,000 people or more; splitting
    every line in Python costs seconds, this costs a fraction of one. Any
    irregularity returns None, and the line-by-line reader then reports it.
    """
    first_end = data.find(b"\n")
    second_end = data.find(b"\n", first_end + 1)
    trailer_start = data.rfind(b"\n#", 0, len(data.rstrip()))
    if min(first_end, second_end, trailer_start) < 0 or b"\r" in data:
        return None
    try:
        first = data[:first_end].decode("ascii")
        second = data[first_end + 1 : second_end].decode("ascii")
        trailer = data[trailer_start + 1 :].decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    if not first.startswith(f"#{FORMAT},") or second != levels_line():
        return None
    try:
        name, fingerprint = _parse_header(first)
    except TokenFileError:
        return None
    label, _, count = trailer.partition(",people=")
    if label != TRAILER or not count.isdigit():
        return None
    body = data[second_end + 1 : trailer_start + 1]
    keys = _body_keys(body, int(count))
    return None if keys is None else TokenFile(name, fingerprint, keys)


def _body_keys(body: bytes, people: int) -> KeyArray | None:
    width = len(LEVEL_NAMES)
    if people == 0:
        return np.zeros((0, width), dtype=np.uint64) if not body else None
    buffer = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero((buffer == ord(",")) | (buffer == ord("\n")))
    if ends.size != people * width or buffer[-1] != ord("\n"):
        return None
    kinds = buffer[ends].reshape(people, width)
    if not (kinds[:, -1] == ord("\n")).all() or not (kinds[:, :-1] == ord(",")).all():
        return None
    starts = np.r_[0, ends[:-1] + 1]
    lengths = ends - starts
    full = lengths == TOKEN_HEX_LENGTH
    if not (full | (lengths == 0)).all():
        return None
    keys = np.zeros(starts.size, dtype=np.uint64)
    where = np.flatnonzero(full)
    windows = np.lib.stride_tricks.sliding_window_view(buffer, TOKEN_HEX_LENGTH)
    # In blocks, so that the gathered characters stay a few tens of megabytes.
    for block in range(0, where.size, 1 << 20):
        chosen = where[block : block + (1 << 20)]
        digits = _HEX[windows[starts[chosen]]]
        if (digits == 255).any():
            return None
        keys[chosen] = _first_64_bits(digits)
    keys[full & (keys == 0)] = 1
    table = keys.reshape(people, width)
    if not table.any(axis=1).all():
        return None
    return table


_NOT_TOKENS = (
    "this is not a Crossroads token file (its first line must start with "
    f"'#{FORMAT}'). Make one with 'crossroads tokenize'; never send names or dates of birth."
)


def _read(handle: IO[str]) -> TokenFile:
    """The line-by-line reader: slower, but it names the line of any problem."""
    last = 0
    lines: list[tuple[int, str]] = []
    for last, line in enumerate(handle, start=1):
        if line.strip():
            lines.append((last, line.rstrip("\r\n")))
    if not lines or not lines[0][1].startswith(f"#{FORMAT},"):
        raise TokenFileError(_NOT_TOKENS)
    name, fingerprint = _parse_header(lines[0][1])
    if len(lines) < 2 or lines[1][1].strip() != levels_line():
        raise TokenFileError(
            f"the columns must be exactly: {levels_line()} (one token per level, no other column)",
            line=lines[1][0] if len(lines) > 1 else last + 1,
        )
    body: list[str] = []
    numbers: list[int] = []
    trailer: tuple[int, str] | None = None
    for number, line in lines[2:]:
        if trailer is not None:
            raise TokenFileError(f"nothing may follow the '{TRAILER}' line", line=number)
        if line.startswith("#"):
            trailer = (number, line)
            continue
        body.append(line)
        numbers.append(number)
    _check_trailer(trailer, len(body), last + 1)
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
