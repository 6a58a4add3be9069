"""Demo step: two spreadsheet imports by the demo data officer, through the real import job.

One file is valid and imported; the other has problems and waits for the
officer's decision, so the report page can be seen at once.
"""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from crossroads.accounts.models import User
from crossroads.cases.demo_profiles import PROFILES
from crossroads.cases.demo_records import draw_person
from crossroads.cases.importing.jobs import start_import
from crossroads.core.demo import DemoContext


def _rows(rng: random.Random, prefix: str, count: int, year: int) -> list[dict[str, Any]]:
    profile = PROFILES["NLD"]
    rows = []
    for number in range(1, count + 1):
        person = draw_person(rng, profile, "NLD")
        rows.append(
            {
                "client_code": f"{prefix}-{number:03d}",
                "year_of_registration": year,
                "first_contact_date": f"{year}-03-{(number % 27) + 1:02d}",
                "trafficking_status": "presumed",
                "status_decided_by": "ngo",
                "gender": person["gender"],
                "age_band": person["band"],
                "citizenship": "; ".join(person["citizenship"]),
                "exploitation_forms": person["form"],
                "referred_by": "hotline",
                "case_status": "active",
                "consent_data_use": "aggregate_and_research",
            }
        )
    return rows


def _csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for item in rows:
        sheet.append(list(item.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(context: DemoContext) -> str:
    """Import a clean CSV file and leave a workbook with problems waiting for a decision."""
    officer = User.objects.get(username="dataofficer")
    rng = random.Random(f"{context.seed}-imports")
    good = _rows(rng, "OVW-INTAKE", 24, 2025)
    start_import(officer, SimpleUploadedFile("intake-2025-q1.csv", _csv(good)), here=True)
    legacy = _rows(rng, "OVW-LEGACY", 12, 2024)
    legacy[2]["gender"] = "vrouw"  # Dutch, not a label of the standard
    legacy[5]["first_contact_date"] = "2023-11-02"  # outside the year of registration
    legacy[8]["exploitation_forms"] = "labour; begging on the street"
    for item in legacy:
        item["shelter_notes"] = ""
    legacy[4]["shelter_notes"] = "prefers a female caseworker"
    upload = SimpleUploadedFile("shelter-register-2024.xlsx", _xlsx(legacy))
    start_import(officer, upload, here=True)
    return "2 spreadsheet imports (one imported, one waiting for a decision)"
