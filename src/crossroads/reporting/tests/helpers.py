"""Shared set-up of the reporting tests: open reporting points with keys, and a valid
form."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse

from crossroads.accounts.models import Organisation, User
from crossroads.reporting import challenge
from crossroads.reporting.models import ReportingPoint
from crossroads.reporting.services import keys

ORG_PASSPHRASE = "correct horse battery staple"
REPORTER_PASSPHRASE = "blue river morning"
SECRET_TEXT = "The boss at the tomato greenhouse keeps our passports in a drawer"


def open_point(
    admin: User, organisation: Organisation, countries: list[str], kinds: list[str] | None = None
) -> ReportingPoint:
    """An open reporting point with a key under :data:`ORG_PASSPHRASE`."""
    keys.set_up_key(admin, organisation, ORG_PASSPHRASE)  # the recovery code is unused
    point = keys.point_for(organisation)
    return keys.update_point(
        admin, point, is_open=True, countries=countries, kinds=kinds or [], languages=["en"]
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid report, with a challenge met by time (the form served a while ago,
    as without JavaScript)."""
    data: dict[str, Any] = {
        "challenge": challenge.issue(now=time.time() - challenge.MIN_SECONDS - 1),
        "lang": "en",
        "in_danger": "no",
        "kinds": ["labour"],
        "sector": "A",
        "controls": ["withholds_documents", "takes_earnings"],
        "country": "NLD",
        "region": "Westland",
        "when": "ongoing",
        "who": "self",
        "child": "no",
        "text": SECRET_TEXT,
        "contact": "here",
        "channel": "",
        "statistics": "yes",
        "case_record": "yes",
        "authorities": "no",
        "passphrase": REPORTER_PASSPHRASE,
        "passphrase_again": REPORTER_PASSPHRASE,
    }
    data.update(overrides)
    return data


def file_report(client: Client | None = None, url: str = "", **overrides: Any) -> str:
    """File a report through the public form; return its receipt code."""
    client = client or Client()
    response = client.post(url or reverse("report:network"), form_data(**overrides))
    assert response.status_code == 200, response.content[:500]
    receipt = response.context["receipt"]
    assert isinstance(receipt, str)
    return receipt


def unlock(client: Client) -> None:
    """Unlock the organisation's key in ``client``'s browser."""
    response = client.post(reverse("reporting:unlock"), {"passphrase": ORG_PASSPHRASE})
    assert response.status_code == 302


def database_image() -> bytes:
    """Everything the test database holds, to search for what must not be stored in clear.

    On SQLite, the database file's image (every page a copy or a backup of the
    file would hold); on PostgreSQL, the text of every row of every table
    (binary columns written as hexadecimal).
    """
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return bytes(connection.connection.serialize())
    rows: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} AS t")
            rows.extend(str(row[0]) for row in cursor.fetchall())
    return "\n".join(rows).encode()
