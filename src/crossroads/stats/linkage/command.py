"""``crossroads tokenize``: a list holder's own tool, with no server and no settings.

Police, labour inspectorates and other NGOs run it on their own machine to
turn a CSV of identities into a token file for a hidden-victim estimate::

    crossroads tokenize identities.csv --key-file network.key \\
        --list-name police-2024 -o police-2024-tokens.csv

It needs nothing but the installed package: the ``crossroads`` entry point
hands ``tokenize`` to :func:`main` before Django is loaded, so it reads no
settings, opens no database, creates no data directory and never contacts a
server. Only the token file is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from tqdm import tqdm

from crossroads.stats.linkage._files import LIST_NAME_RULE
from crossroads.stats.linkage._tokenize import (
    ColumnError,
    IdentityColumns,
    TokenizeError,
    TokenizeSummary,
    tokenize_csv,
)
from crossroads.stats.linkage._tokens import LinkageKey


class Writer(Protocol):
    """Where messages go: a text stream (``sys.stdout``, Django's ``OutputWrapper``)."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


DELIMITERS = {"comma": ",", ",": ",", "semicolon": ";", ";": ";", "tab": "\t"}

#: At most this many unreadable rows are listed; the count says how many there are.
LISTED_PROBLEMS = 50

DESCRIPTION = (
    "Turn a CSV of identities (names, date of birth, sex) into a file of linkage tokens "
    "for a hidden-victim estimate. Runs offline: nothing but the token file is written and "
    "nothing is sent anywhere."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``crossroads tokenize`` (shared with the management command)."""
    parser.add_argument("identities", type=Path, help="CSV file of identities, with a header row.")
    parser.add_argument(
        "--key-file",
        type=Path,
        required=True,
        help="File holding the network's linkage key, from the key custodian.",
    )
    parser.add_argument(
        "--list-name",
        required=True,
        help=f"Label of the list, e.g. police-2024 ({LIST_NAME_RULE}).",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="Token file to write (CSV)."
    )
    columns = parser.add_argument_group("columns (header names, any case)")
    columns.add_argument("--given-column", default="given_names", help="Given names.")
    columns.add_argument("--family-column", default="family_names", help="Family names.")
    columns.add_argument(
        "--name-column",
        help="A single full-name column instead of given and family names "
        "(the last word is taken as the family name).",
    )
    columns.add_argument("--dob-column", default="date_of_birth", help="Date of birth.")
    columns.add_argument("--sex-column", default="sex", help="Sex (female, male, other or empty).")
    columns.add_argument("--no-sex-column", action="store_true", help="The file has no sex column.")
    reading = parser.add_argument_group("reading")
    reading.add_argument(
        "--delimiter",
        choices=sorted(DELIMITERS),
        metavar="{comma,semicolon,tab}",
        help="Column separator (default: guessed from the header).",
    )
    reading.add_argument(
        "--encoding", default="utf-8-sig", help="Text encoding of the file (default UTF-8)."
    )
    reading.add_argument(
        "--skip-invalid",
        action="store_true",
        help="Leave out rows whose date of birth or sex cannot be read, instead of stopping.",
    )
    reading.add_argument(
        "--report-duplicates",
        action="store_true",
        help="List the row numbers of records that look like the same person.",
    )
    reading.add_argument(
        "--jobs", type=int, help="Processes used for hashing (default: one per CPU core)."
    )
    reading.add_argument("--quiet", action="store_true", help="No progress bar.")


def run(options: argparse.Namespace, out: Writer, err: Writer) -> int:
    """Run the command; return the exit status (0 done, 1 nothing written)."""
    try:
        key = _read_key(options.key_file)
    except ValueError as error:
        err.write(f"error: {error}\n")
        return 1
    columns = IdentityColumns(
        given=options.given_column,
        family=options.family_column,
        full_name=options.name_column,
        date_of_birth=options.dob_column,
        sex=None if options.no_sex_column else options.sex_column,
    )
    bar = tqdm(total=0, unit=" rows", disable=options.quiet, file=err, mininterval=0.5)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        summary = tokenize_csv(
            options.identities,
            options.output,
            key,
            options.list_name,
            columns=columns,
            delimiter=DELIMITERS.get(options.delimiter or ""),
            encoding=options.encoding,
            skip_invalid=options.skip_invalid,
            report_duplicates=options.report_duplicates,
            jobs=options.jobs,
            progress=progress,
        )
    except TokenizeError as error:
        bar.close()
        for problem in error.problems[:LISTED_PROBLEMS]:
            err.write(f"{problem}\n")
        if len(error.problems) > LISTED_PROBLEMS:
            err.write(f"… and {len(error.problems) - LISTED_PROBLEMS} more.\n")
        err.write(f"error: {error}\n")
        return 1
    except (ColumnError, ValueError, OSError, UnicodeDecodeError) as error:
        bar.close()
        err.write(f"error: {_describe(error)}\n")
        return 1
    bar.close()
    _report(summary, options, out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``crossroads tokenize``."""
    parser = argparse.ArgumentParser(prog="crossroads tokenize", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv), sys.stdout, sys.stderr)


def _read_key(path: Path) -> LinkageKey:
    try:
        secret = path.read_bytes().strip()
    except OSError as error:
        raise ValueError(f"cannot read the key file {str(path)!r}: {error.strerror}") from None
    if not secret:
        raise ValueError(f"the key file {str(path)!r} is empty")
    return LinkageKey(secret)


def _describe(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return (
            f"the identity file is not in the {error.encoding} encoding; "
            "give the right one with --encoding (e.g. --encoding cp1252)"
        )
    if isinstance(error, OSError):
        return f"{error.strerror}: {error.filename}"
    return str(error)


def _report(summary: TokenizeSummary, options: argparse.Namespace, out: Writer) -> None:
    out.write(
        f"Wrote {summary.people} people to {options.output} "
        f"(list {summary.list_name}, key fingerprint {summary.fingerprint}).\n"
    )
    out.write(f"  rows read:                     {summary.rows}\n")
    out.write(f"  left out, no name:             {summary.no_name}\n")
    out.write(f"  left out, no date of birth:    {summary.no_date}\n")
    if options.skip_invalid:
        out.write(f"  left out, unreadable:          {len(summary.skipped_invalid)}\n")
        for problem in summary.skipped_invalid[:LISTED_PROBLEMS]:
            out.write(f"    {problem}\n")
    out.write(f"  rows that look like duplicates: {summary.duplicate_rows}\n")
    for group in summary.duplicate_groups:
        out.write("    rows " + ", ".join(str(row) for row in group) + "\n")
    if summary.duplicate_rows and not options.report_duplicates:
        out.write("    (--report-duplicates lists their row numbers)\n")
    out.write(
        "Check with the key custodian that the fingerprint is right, then send the token "
        "file to the secretariat. It holds no name and no date of birth; keep the identity "
        "file where it is.\n"
    )
