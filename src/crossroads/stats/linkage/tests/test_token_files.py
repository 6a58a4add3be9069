"""Token files: written whole or not at all, read back exactly, refused clearly when wrong."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from crossroads.stats.linkage import (
    LEVEL_NAMES,
    Identity,
    LinkageKey,
    TokenFileError,
    read_token_file,
    token_cascade,
    token_keys,
    write_token_file,
)
from crossroads.stats.linkage._files import _read

KEY = LinkageKey("network-test-key-0123456789")


def rows() -> list[list[str]]:
    return [
        token_cascade(Identity.from_fields("Ana", "Popescu", "1994-03-07", "f"), KEY).as_list(),
        token_cascade(Identity.from_fields("Ion", "Rusu", "1990", "m"), KEY).as_list(),
    ]


def written() -> str:
    buffer = io.StringIO()
    write_token_file(buffer, "police-2024", KEY.fingerprint, rows())
    return buffer.getvalue()


def test_a_token_file_names_its_format_list_key_and_levels() -> None:
    lines = written().splitlines()
    assert lines[0] == f"#crossroads-tokens,version=1,list=police-2024,key={KEY.fingerprint}"
    assert lines[1] == ",".join(LEVEL_NAMES)
    assert lines[-1] == "#end,people=2"
    assert len(lines) == 5


def test_a_token_file_reads_back_to_the_same_tokens() -> None:
    parsed = read_token_file(io.StringIO(written()))
    assert parsed.list_name == "police-2024"
    assert parsed.fingerprint == KEY.fingerprint
    assert parsed.people == 2
    expected = np.stack([token_keys(row) for row in rows()])
    assert np.array_equal(parsed.keys, expected)
    # The second person has only a year of birth: one token, the others missing.
    assert np.count_nonzero(parsed.keys[1]) == 1


def test_token_keys_are_the_first_64_bits_and_zero_when_missing() -> None:
    token = "0123456789abcdef" + "f" * 16
    assert token_keys([token, ""]).tolist() == [0x0123456789ABCDEF, 0]


def test_a_path_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "tokens.csv"

    def broken() -> object:
        yield rows()[0]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_token_file(target, "police-2024", KEY.fingerprint, broken())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: "given_names,family_names\nAna,Popescu\n", "not a Crossroads token file"),
        (lambda t: t.replace("version=1", "version=9"), "line 1: token file version '9'"),
        (lambda t: t.replace("list=police-2024", "list=po lice"), "line 1: the list label"),
        (lambda t: t.replace(f"key={KEY.fingerprint}", "key=xyz"), "line 1: the key fingerprint"),
        (lambda t: t.replace("exact,", "name,"), "line 2: the columns must be exactly"),
        (lambda t: t.replace("#end,people=2\n", ""), "line 5: the file ends without"),
        (lambda t: t.replace("people=2", "people=3"), "line 5: the file says it holds 3"),
        (lambda t: t + "more\n", "line 6: nothing may follow"),
        (lambda t: t.replace("\n", ",extra\n", 3).replace(",extra", "", 2), "line 3: expected 7"),
        (lambda t: t.replace(rows()[1][-1], "Popescu"), "line 4: the birth_year token is not"),
        (lambda t: t.replace(rows()[1][-1], ""), "line 4: the row has no token at all"),
    ],
)
def test_broken_token_files_are_refused_with_the_line(change: object, message: str) -> None:
    text = change(written())  # type: ignore[operator]
    with pytest.raises(TokenFileError, match=message):
        read_token_file(io.StringIO(text))


def test_an_error_never_repeats_the_content_of_a_row() -> None:
    text = written().replace(rows()[0][0], "Ana Popescu 1994")
    with pytest.raises(TokenFileError) as error:
        read_token_file(io.StringIO(text))
    assert "Popescu" not in str(error.value)


def test_bytes_that_are_not_text_are_refused_as_not_a_token_file() -> None:
    with pytest.raises(TokenFileError, match="not a Crossroads token file"):
        read_token_file(b"\xff\xfe\x00binary")


def test_an_invalid_list_name_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="list name 'count' is not valid"):
        write_token_file(tmp_path / "t.csv", "count", KEY.fingerprint, rows())
    assert list(tmp_path.iterdir()) == []


def test_windows_line_endings_and_blank_lines_read_the_same() -> None:
    expected = read_token_file(io.StringIO(written()))
    for variant in (written().replace("\n", "\r\n"), written().replace("\n", "\n\n")):
        parsed = read_token_file(variant.encode("utf-8"))
        assert np.array_equal(parsed.keys, expected.keys)
        assert parsed.list_name == expected.list_name


def test_the_fast_reader_agrees_with_the_line_by_line_reader(tmp_path: Path) -> None:
    many = [
        token_cascade(
            Identity.from_fields(f"Ana{'x' * (n % 7)}", "Pop", "1994", "f"), KEY
        ).as_list()
        for n in range(50)
    ] + rows()
    path = tmp_path / "tokens.csv"
    write_token_file(path, "ngo", KEY.fingerprint, many)
    fast = read_token_file(path)
    slow = _read(io.StringIO(path.read_text(encoding="utf-8")))
    assert np.array_equal(fast.keys, slow.keys)
    assert fast.people == 52


def test_an_empty_list_reads_as_no_people(tmp_path: Path) -> None:
    path = tmp_path / "tokens.csv"
    assert write_token_file(path, "ngo", KEY.fingerprint, []) == 0
    assert read_token_file(path).people == 0
