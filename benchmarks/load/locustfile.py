"""The load of a hosted network's working day, for locust (run by ``bench_load.py``).

Caseworkers sign in once, then list, filter, search, open and edit their
organisation's records (each saves with the version it read, and changes one
answer so that every acknowledged save makes a new version); data officers
also import a 1,000-row file now and then; analysts open the statistics
pages. Every acknowledged write (a save answered with its redirect, an
upload answered with its import page) is written to the journal file named
by ``CROSSROADS_LOAD_JOURNAL``, so that the driver can check afterwards that
the database holds every one of them. The accounts come from
``CROSSROADS_LOAD_ACCOUNTS`` (a JSON file the driver writes).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import re
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

ACCOUNTS: dict[str, list[dict[str, Any]]] = json.loads(
    Path(os.environ["CROSSROADS_LOAD_ACCOUNTS"]).read_text(encoding="utf-8")
)
PASSWORD = os.environ["CROSSROADS_LOAD_PASSWORD"]
JOURNAL = Path(os.environ["CROSSROADS_LOAD_JOURNAL"])
_journal_lock = threading.Lock()
_next_account = {kind: itertools.count() for kind in ("caseworkers", "officers", "analysts")}


def journal(entry: dict[str, Any]) -> None:
    """Append one acknowledged write."""
    with _journal_lock, JOURNAL.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


class FormFields(HTMLParser):
    """What a browser would send for the form whose action is ``action``: every named,
    enabled control outside ``<template>``, with checked boxes and selected options."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.in_form = False
        self.in_template = 0
        self.select: str | None = None
        self.select_multiple = False
        self.select_values: list[str] = []
        self.select_first: str | None = None
        self.options: dict[str, list[str]] = {}
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("action", "") in (self.action, ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select, self.select_multiple = a["name"], "multiple" in a
            self.select_values, self.select_first = [], None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.options.setdefault(self.select, []).append(value)
            if self.select_first is None:
                self.select_first = value
            if "selected" in a:
                self.select_values.append(value)
        elif tag == "textarea" and a.get("name"):
            self.fields.append((a["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self.in_template:
            self.in_template -= 1
        elif tag == "select" and self.select is not None:
            values = self.select_values
            if not values and not self.select_multiple and self.select_first is not None:
                values = [self.select_first]
            self.fields.extend((self.select, v) for v in values)
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IMPORT_EVERY = 120.0  # seconds between two imports of one data officer


class Person(HttpUser):
    """Someone who signs in once and then works."""

    abstract = True
    wait_time = between(1, 3)
    accounts = ""  # which list of ACCOUNTS this kind of person signs in from

    def on_start(self) -> None:
        kind = ACCOUNTS[self.accounts]
        self.account = kind[next(_next_account[self.accounts]) % len(kind)]
        page = self.client.get("/accounts/sign-in/", name="sign-in page")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/sign-in/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.account["username"],
                "password": PASSWORD,
            },
            headers={"Referer": f"{self.host}/accounts/sign-in/"},
            name="sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken") or ""


class Caseworker(Person):
    fixed_count = int(os.environ.get("CROSSROADS_LOAD_CASEWORKERS", "45"))
    accounts = "caseworkers"

    def on_start(self) -> None:
        super().on_start()
        # (record id, client code) of the records this person alone edits.
        self.records: list[tuple[int, str]] = [tuple(r) for r in self.account["records"]]

    @task(4)
    def list_records(self) -> None:
        self.client.get("/cases/", name="list")

    @task(2)
    def filter_records(self) -> None:
        choice = random.choice(["f.gender=female", "f.gender=male", "completeness=incomplete"])
        self.client.get(f"/cases/?{choice}", name="filter")

    @task(2)
    def search(self) -> None:
        _record, code = random.choice(self.records)
        self.client.get(f"/cases/?q={code[:-1]}", name="search")

    @task(4)
    def open_record(self) -> None:
        record, _code = random.choice(self.records)
        self.client.get(f"/cases/{record}/", name="open")

    @task(2)
    def edit_record(self) -> None:
        record, _code = random.choice(self.records)
        form_page = self.client.get(f"/cases/{record}/edit/", name="edit form")
        fields = FormFields(f"/cases/{record}/edit/")
        fields.feed(form_page.text)
        data = [(k, v) for k, v in fields.fields if k != "f-duration_band"]
        options = [o for o in fields.options.get("f-duration_band", []) if o]
        current = dict(fields.fields).get("f-duration_band", "")
        version = dict(fields.fields).get("version", "")
        if not options or not version:
            return
        changed = random.choice([o for o in options if o != current] or options)
        data.append(("f-duration_band", changed))
        with self.client.post(
            f"/cases/{record}/edit/",
            data=data,
            headers={"Referer": f"{self.host}/cases/{record}/edit/"},
            name="save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                journal({"kind": "save", "case": record, "version": int(version) + 1})
            else:
                response.failure(f"save answered {response.status_code}")


class DataOfficer(Caseworker):
    """A data officer works on records like a caseworker and imports a file now and then."""

    fixed_count = int(os.environ.get("CROSSROADS_LOAD_OFFICERS", "5"))
    accounts = "officers"

    last_import = 0.0

    @task(1)
    def import_file(self) -> None:
        # About one file every two minutes per officer: a busy day's imports.
        if time.monotonic() - self.last_import < IMPORT_EVERY:
            return
        self.last_import = time.monotonic()
        batch = f"L{random.getrandbits(40):010x}"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [
                "client_code",
                "year_of_registration",
                "gender",
                "age_band",
                "citizenship",
                "exploitation_forms",
                "case_status",
                "consent_data_use",
            ]
        )
        for n in range(1000):
            writer.writerow([f"{batch}-{n:04d}", 2025, random.choice(["female", "male"]), "24_26",
                             "ROU", "labour", "active", "aggregate_only"])  # fmt: skip
        body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        with self.client.post(
            "/cases/import/",
            data={"csrfmiddlewaretoken": self.csrf()},
            files={"file": (f"{batch}.csv", body, "text/csv")},
            headers={"Referer": f"{self.host}/cases/import/"},
            name="import",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                journal({"kind": "import", "batch": batch, "rows": 1000})
            else:
                response.failure(f"import answered {response.status_code}")


class Analyst(Person):
    fixed_count = int(os.environ.get("CROSSROADS_LOAD_ANALYSTS", "5"))
    accounts = "analysts"
    wait_time = between(2, 6)

    @task(3)
    def dashboards(self) -> None:
        self.client.get("/monitoring/", name="dashboard")

    @task(2)
    def country(self) -> None:
        country = random.choice(ACCOUNTS["countries"])
        self.client.get(f"/monitoring/countries/{country}/", name="country")

    @task(2)
    def inbox(self) -> None:
        self.client.get("/exchange/inbox/", name="inbox")

    @task(1)
    def network(self) -> None:
        self.client.get("/exchange/network/", name="network tables")


TIMINGS = Path(os.environ["CROSSROADS_LOAD_TIMINGS"])
_timings: list[tuple[str, float, int]] = []


def _timed(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    status = getattr(response, "status_code", 0) if exception is None else -1
    _timings.append((name, response_time, status))


def _write_timings(**_: Any) -> None:
    TIMINGS.write_text(json.dumps(_timings), encoding="utf-8")


events.request.add_listener(_timed)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_write_timings)  # type: ignore[no-untyped-call]
