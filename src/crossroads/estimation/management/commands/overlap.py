"""``crossroads overlap``: link token files (and members' tokens) into an overlap table.

    crossroads overlap police-2024.csv inspectorate-2024.csv \\
        --from-database --country NLD --year 2024 -o overlap.csv

writes the CSV that ``crossroads estimate`` reads (one 0/1 column per list,
then ``count``) and prints what each linkage level did. Token files made
with different linkage keys are refused. ``--from-database`` adds the
members of the country whose agreement lets them contribute tokens, with
their records of that year whose consent allows linkage; that read is
audited.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.cases.services import linkage_key
from crossroads.estimation.sources import available_sources, token_lists
from crossroads.stats.linkage import (
    LEVEL_NAMES,
    Linkage,
    LinkageError,
    TokenFile,
    TokenFileError,
    TokenList,
    duplicate_groups,
    link,
    read_token_file,
)


class Command(BaseCommand):
    help = "Link token files (and members' tokens) into an overlap table for crossroads estimate."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "files", nargs="*", type=Path, help="Token files (crossroads tokenize)."
        )
        parser.add_argument(
            "--from-database",
            action="store_true",
            help="Add the members' lists of --country and --year from this deployment.",
        )
        parser.add_argument("--country", help="ISO alpha-3 code, with --from-database.")
        parser.add_argument("--year", type=int, help="Year of the records, with --from-database.")
        parser.add_argument(
            "-o", "--output", type=Path, help="Overlap CSV to write (default: print it)."
        )
        parser.add_argument(
            "--levels",
            default=",".join(LEVEL_NAMES),
            help="Token levels to link on, strictest first (default: all).",
        )
        parser.add_argument(
            "--report-duplicates",
            action="store_true",
            help="List the lines of token files that look like the same person twice.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = [self._read(path) for path in options["files"]]
        fingerprints = {token_file.fingerprint for token_file in files}
        if options["from_database"]:
            fingerprints.add(linkage_key().fingerprint)
        if len(fingerprints) > 1:
            listing = "; ".join(
                f"{path}: {token_file.fingerprint}"
                for path, token_file in zip(options["files"], files, strict=True)
            )
            raise CommandError(
                "the token files were made with different linkage keys and cannot be linked "
                f"({listing}"
                + (
                    f"; this deployment: {linkage_key().fingerprint}"
                    if options["from_database"]
                    else ""
                )
                + "). Ask the list holders to tokenise again with the network's key."
            )
        lists = [TokenList.from_file(token_file) for token_file in files]
        if options["from_database"]:
            lists = self._members(options) + lists
        levels = tuple(level.strip() for level in options["levels"].split(",") if level.strip())
        try:
            result = link(lists, levels=levels)
        except LinkageError as error:
            raise CommandError(str(error)) from None
        if options["output"]:
            _write(options["output"], result.to_csv())
            report = self.stdout
        else:
            self.stdout.write(result.to_csv(), ending="")
            report = self.stderr
        self._report(result, report)
        if options["report_duplicates"]:
            for path, token_list in zip(
                options["files"], lists[-len(files) :] if files else [], strict=True
            ):
                for group in duplicate_groups(token_list):
                    lines = ", ".join(str(int(row) + 3) for row in group)
                    report.write(f"{path}: lines {lines} look like the same person")

    def _read(self, path: Path) -> TokenFile:
        try:
            return read_token_file(path)
        except FileNotFoundError:
            raise CommandError(f"no such file: {path}") from None
        except TokenFileError as error:
            raise CommandError(f"{path}: {error}") from None

    def _members(self, options: dict[str, Any]) -> list[TokenList]:
        country, year = options["country"], options["year"]
        if not country or not year:
            raise CommandError("--from-database needs --country and --year")
        country = country.strip().upper()
        sources = [s for s in available_sources(country, year) if s.kind == "member"]
        usable = [s for s in sources if s.allowed and s.people]
        for source in sources:
            if source not in usable:
                reason = "no agreement to contribute tokens" if not source.allowed else "no record"
                self.stderr.write(f"member {source.label} left out: {reason}")
        record(
            None,
            Action.EXPORT,
            object_type="overlap",
            summary=f"Read members' linkage tokens for {country} {year} (crossroads overlap)",
            detail={"lists": [source.label for source in usable], "year": year},
        )
        return token_lists(usable, year)

    def _report(self, result: Linkage, out: Any) -> None:
        sizes = ", ".join(
            f"{name} {size:,}" for name, size in zip(result.lists, result.list_sizes, strict=True)
        )
        out.write(f"Linked {len(result.lists)} lists ({sizes}): {result.people:,} people.")
        for level in result.levels:
            out.write(
                f"  {level.level:<12} links {level.links:>7,}   ambiguous tokens skipped "
                f"{level.ambiguous:>5,}   links refused {level.refused:>5,}"
            )
        for name, count in zip(result.lists, result.duplicates, strict=True):
            if count:
                out.write(f"  {name}: {count} records look like another record of the same list")


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
