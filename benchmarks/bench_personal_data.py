"""How often the personal-data checker of free text is wrong, and how fast it is.

Runs the checker on the sample of realistic narrative paragraphs kept with its
tests (50 without personal data, in ten languages; 20 with a name, phone
number, e-mail or address) and prints the false-positive rate, the detection
rate and the time per paragraph.

    .venv/bin/python benchmarks/bench_personal_data.py
"""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

from crossroads.codebook.personal_data import find_personal_data

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src/crossroads/codebook/tests/data/narrative_paragraphs.toml"
)


def main() -> None:
    sample = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    clean, personal = sample["clean"], sample["personal"]
    false_positives = [(p, find_personal_data(p)) for p in clean]
    false_positives = [(p, f) for p, f in false_positives if f]
    missed = [p for p in personal if not find_personal_data(p)]
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for paragraph in clean + personal:
            find_personal_data(paragraph)
    per_paragraph = (time.perf_counter() - started) / (rounds * (len(clean) + len(personal)))
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(
        f"false positives: {len(false_positives)} of {len(clean)} ordinary paragraphs "
        f"({len(false_positives) / len(clean):.0%})"
    )
    for paragraph, findings in false_positives:
        print("  -", ", ".join(f"{f.kind}: {f.text!r}" for f in findings), "in", paragraph[:60])
    print(
        f"detected: {len(personal) - len(missed)} of {len(personal)} paragraphs with personal data"
    )
    for paragraph in missed:
        print("  missed:", paragraph)
    print(f"time: {per_paragraph * 1e6:.0f} µs per paragraph")


if __name__ == "__main__":
    main()
