"""``crossroads tokenize``: a list holder's CSV of identities becomes a token file, offline."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crossroads.stats.linkage import (
    Identity,
    LinkageKey,
    TokenizeError,
    _tokenize,
    read_token_file,
    token_cascade,
    token_keys,
    tokenize_csv,
)
from crossroads.stats.linkage.command import main

SECRET = "network-test-key-0123456789"
KEY = LinkageKey(SECRET)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "network.key"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def identities(tmp_path: Path, text: str, name: str = "identities.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tokenize(source: Path, key_file: Path, target: Path | str, *extra: str) -> tuple[int, str, str]:
    """Run the command on ``source`` with the usual options and ``extra`` ones."""
    return run([str(source), "--key-file", str(key_file), "-o", str(target), *extra])


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    return status, out.getvalue(), err.getvalue()


GOOD = """given_names,family_names,date_of_birth,sex
Ana María,Popescu,07.03.1994,F
Юлия,Иванова,1990-11-02,female
,,,
,,1990-01-01,f
Amina,Diallo,,f
Ana Maria,POPESCU,1994-03-07,female
"""


def test_it_writes_one_row_of_tokens_per_person_and_counts_what_it_left_out(
    tmp_path: Path, key_file: Path
) -> None:
    source = identities(tmp_path, GOOD)
    target = tmp_path / "tokens.csv"
    status, out, _ = tokenize(source, key_file, target, "--list-name", "police-2024", "--quiet")
    assert status == 0
    parsed = read_token_file(target)
    assert (parsed.list_name, parsed.fingerprint, parsed.people) == (
        "police-2024",
        KEY.fingerprint,
        3,
    )
    expected = token_cascade(Identity.from_fields("Юлия", "Иванова", "1990-11-02", "f"), KEY)
    assert parsed.keys[1].tolist() == token_keys(expected.as_list()).tolist()
    assert "Wrote 3 people" in out
    assert "left out, no name:             1" in out
    assert "left out, no date of birth:    1" in out
    assert "rows that look like duplicates: 2" in out


def test_the_file_holds_no_identity(tmp_path: Path, key_file: Path) -> None:
    target = tmp_path / "tokens.csv"
    tokenize(identities(tmp_path, GOOD), key_file, target, "--list-name", "p", "--quiet")
    text = target.read_text(encoding="utf-8")
    for fragment in ("Popescu", "popescu", "1994", "Иванова", "Amina"):
        assert fragment not in text


def test_duplicates_are_listed_by_row_number_on_request(tmp_path: Path, key_file: Path) -> None:
    status, out, _ = tokenize(
        identities(tmp_path, GOOD), key_file, tmp_path / "t.csv", "--list-name", "p",
        "--report-duplicates", "--quiet",
    )  # fmt: skip
    assert status == 0
    assert "rows 2, 7" in out


def test_an_unreadable_date_stops_the_run_naming_the_row_but_never_the_value(
    tmp_path: Path, key_file: Path
) -> None:
    source = identities(
        tmp_path,
        "given_names,family_names,date_of_birth,sex\n"
        "Ana,Popescu,1994-03-07,f\nIon,Rusu,31.02.1990,m\nEva,Stan,yesterday,robot\n",
    )
    target = tmp_path / "tokens.csv"
    status, _, err = tokenize(source, key_file, target, "--list-name", "p")
    assert status == 1
    assert "row 3: date of birth is not a real date" in err
    assert "row 4: date of birth is not in a recognised form" in err
    assert "31.02.1990" not in err and "yesterday" not in err
    assert "no token file was written" in err
    assert set(tmp_path.iterdir()) == {source, key_file}


def test_skip_invalid_leaves_unreadable_rows_out(tmp_path: Path, key_file: Path) -> None:
    source = identities(
        tmp_path,
        "given_names,family_names,date_of_birth,sex\nAna,Popescu,1994-03-07,f\nIon,Rusu,1990,robot\n",
    )
    target = tmp_path / "tokens.csv"
    status, out, _ = tokenize(source, key_file, target, "--list-name", "p", "--skip-invalid")
    assert status == 0
    assert read_token_file(target).people == 1
    assert "left out, unreadable:          1" in out
    assert "row 3: sex is not recognised" in out


def test_semicolons_other_column_names_and_a_single_name_column_are_read(
    tmp_path: Path, key_file: Path
) -> None:
    source = identities(tmp_path, "Naam;Geboortedatum\nAna Popescu;07-03-1994\n")
    target = tmp_path / "tokens.csv"
    status, _, err = tokenize(
        source, key_file, target, "--list-name", "p", "--name-column", "naam",
        "--dob-column", "GEBOORTEDATUM", "--no-sex-column", "--delimiter", "semicolon",
        "--quiet",
    )  # fmt: skip
    assert status == 0, err
    expected = token_cascade(Identity.from_fields("Ana", "Popescu", "1994-03-07", ""), KEY)
    assert read_token_file(target).keys[0].tolist() == token_keys(expected.as_list()).tolist()


def test_a_missing_column_is_named_with_the_option_to_fix_it(
    tmp_path: Path, key_file: Path
) -> None:
    source = identities(tmp_path, "first,last,born\nAna,Popescu,1994\n")
    status, _, err = tokenize(source, key_file, tmp_path / "t.csv", "--list-name", "p")
    assert status == 1
    assert "no column 'given_names' (its columns are 'first', 'last', 'born')" in err
    assert "--given-column" in err


def test_a_row_with_too_many_fields_is_reported(tmp_path: Path, key_file: Path) -> None:
    source = identities(
        tmp_path, "given_names,family_names,date_of_birth\nAna,Popescu, Maria,1994-03-07\n"
    )
    status, _, err = tokenize(
        source, key_file, tmp_path / "t.csv", "--list-name", "p", "--no-sex-column"
    )
    assert status == 1
    assert "row 2: row has 4 fields where the header has 3" in err


def test_a_missing_or_short_key_file_is_refused(tmp_path: Path) -> None:
    source = identities(tmp_path, GOOD)
    status, _, err = run(
        [str(source), "--key-file", str(tmp_path / "nope"), "--list-name", "p", "-o", "t.csv"]
    )
    assert status == 1 and "cannot read the key file" in err
    short = tmp_path / "short.key"
    short.write_text("abc", encoding="utf-8")
    status, _, err = run([str(source), "--key-file", str(short), "--list-name", "p", "-o", "t.csv"])
    assert status == 1 and "at least 16 characters" in err


def test_a_bad_list_name_and_a_wrong_encoding_are_explained(tmp_path: Path, key_file: Path) -> None:
    source = identities(tmp_path, GOOD)
    status, _, err = run(
        [str(source), "--key-file", str(key_file), "--list-name", "police 2024", "-o", "t.csv"]
    )
    assert status == 1 and "list name 'police 2024' is not valid" in err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(
        "given_names,family_names,date_of_birth,sex\nJosé,Muñoz,1990,m\n".encode("cp1252")
    )
    status, _, err = run(
        [str(latin1), "--key-file", str(key_file), "--list-name", "p", "-o", str(tmp_path / "t")]
    )
    assert status == 1 and "--encoding" in err


def test_parallel_hashing_gives_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_tokenize, "PARALLEL_FROM_ROWS", 100)
    monkeypatch.setattr(_tokenize, "CHUNK_ROWS", 150)
    lines = ["given_names,family_names,date_of_birth,sex"]
    lines += [f"N{i},F{i % 97},{1950 + i % 50}-0{1 + i % 9}-1{i % 9},f" for i in range(2000)]
    lines.insert(700, "Eva,Stan,never,f")
    source = identities(tmp_path, "\n".join(lines) + "\n")
    one = tokenize_csv(source, tmp_path / "one.csv", KEY, "p", jobs=1, skip_invalid=True)
    two = tokenize_csv(source, tmp_path / "two.csv", KEY, "p", jobs=2, skip_invalid=True)
    assert one.people == two.people == 2000
    assert [p.row for p in one.skipped_invalid] == [p.row for p in two.skipped_invalid] == [701]
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_the_library_raises_with_every_problem(tmp_path: Path) -> None:
    source = identities(tmp_path, "given_names,family_names,date_of_birth,sex\nA,B,x,f\nC,D,y,f\n")
    with pytest.raises(TokenizeError) as error:
        tokenize_csv(source, tmp_path / "t.csv", KEY, "p")
    assert [str(p) for p in error.value.problems] == [
        "row 2: date of birth is not in a recognised form (use YYYY-MM-DD, DD.MM.YYYY, "
        "DD/MM/YYYY or a year alone)",
        "row 3: date of birth is not in a recognised form (use YYYY-MM-DD, DD.MM.YYYY, "
        "DD/MM/YYYY or a year alone)",
    ]


def test_the_crossroads_command_tokenizes_without_django_or_a_data_directory(
    tmp_path: Path, key_file: Path
) -> None:
    source = identities(tmp_path, GOOD)
    target = tmp_path / "tokens.csv"
    data_dir = tmp_path / "var"
    script = (
        "import sys\n"
        "from crossroads.cli import main\n"
        "try:\n"
        f"    main(['tokenize', {str(source)!r}, '--key-file', {str(key_file)!r},"
        f" '--list-name', 'police-2024', '-o', {str(target)!r}, '--quiet'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "assert 'django' not in sys.modules, 'Django was imported'\n"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "CROSSROADS", "DATABASE"))
    }
    environment["CROSSROADS_DATA_DIR"] = str(data_dir)
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert read_token_file(target).people == 3
    assert not data_dir.exists()
    assert not (tmp_path / "var").exists()
