"""Keep a member's spreadsheet of records in step with Crossroads, through the API.

The spreadsheet is a CSV file (UTF-8, ``,`` or ``;``) with a ``client_code`` column and
one column per field of the standard, by code (``gender``, ``citizenship``…); several
values in a cell are separated by ``|``. Each row creates the record with that client
code, or replaces its values when they differ; a row that matches the stored record
changes nothing, so running the script twice is harmless. A row refused by the
standard's checks is reported with each problem and skipped; the others are saved.

    CROSSROADS_TOKEN=crt_… python sync_spreadsheet.py records.csv \\
        --url https://crossroads.example.org

The token needs the scopes ``records:read`` and ``records:write``.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path
from typing import Any

import httpx

MULTIPLE = "|"


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The spreadsheet's rows, empty cells left out and multi-value cells as lists."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = []
    for raw in csv.DictReader(text.splitlines(), dialect=dialect):
        row: dict[str, Any] = {}
        for column, cell in raw.items():
            cell = (cell or "").strip()
            if cell:
                row[column.strip()] = cell.split(MULTIPLE) if MULTIPLE in cell else cell
        rows.append(row)
    return rows


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    """Values compared as text, several values in any order (codes as the file has them)."""
    return {
        key: sorted(map(str, value if isinstance(value, list) else [value]))
        for key, value in values.items()
        if value not in (None, "", [], {})  # an empty value is no value
    }


def find(api: httpx.Client, code: str) -> dict[str, Any] | None:
    """The stored record with exactly this client code, if any."""
    page = api.get("/records", params={"q": code, "limit": 200}).raise_for_status().json()
    return next((r for r in page["results"] if r["client_code"] == code), None)


def sync(api: httpx.Client, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Create or replace each row's record; return how many were created, changed,
    unchanged and refused."""
    counts = {"created": 0, "changed": 0, "unchanged": 0, "refused": 0}
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        code = str(row.pop("client_code", ""))
        body = {"client_code": code, "data": row}
        stored = find(api, code) if code else None
        if stored is None:
            answer = api.post("/records", json=body)
            outcome = "created"
        elif _canonical(stored["data"]) == _canonical(row):
            counts["unchanged"] += 1
            continue
        else:
            current = api.get(f"/records/{stored['id']}").raise_for_status()
            answer = api.put(
                f"/records/{stored['id']}", json=body, headers={"If-Match": current.headers["ETag"]}
            )
            outcome = "changed"
        if answer.status_code in {200, 201}:
            counts[outcome] += 1
            continue
        counts["refused"] += 1
        problem = answer.json()
        print(f"row {number} ({code or 'no client code'}): {problem.get('detail', '')}")
        for error in problem.get("errors", []):
            print(f"  {error['label']}: {error['value']!r} — {error['allowed']}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spreadsheet", type=Path)
    parser.add_argument("--url", required=True, help="the Crossroads instance")
    args = parser.parse_args(argv)
    token = os.environ.get("CROSSROADS_TOKEN", "")
    if not token:
        print("Set CROSSROADS_TOKEN to an access token (Security → Access tokens).")
        return 2
    api = httpx.Client(
        base_url=args.url.rstrip("/") + "/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    counts = sync(api, read_rows(args.spreadsheet))
    print(", ".join(f"{count} {what}" for what, count in counts.items()))
    return 1 if counts["refused"] else 0


if __name__ == "__main__":
    sys.exit(main())
