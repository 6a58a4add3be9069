"""Linkage: tokenising speed, overlap-building speed, and precision and recall.

Run: .venv/bin/python benchmarks/bench_linkage.py [--people 1000000]

1. Writes ten lists of 100,000 invented people each (one CSV of 1,000,000
   identity rows), drawn from a population of 300,000 and written down by
   each list with realistic errors (typos, transliteration, swapped names,
   day/month swaps, missing day); times ``crossroads tokenize`` on it.
   Target: under 60 s.
2. Splits the tokens into ten token files and times reading them and
   building the overlap table. Target: under 5 s.
3. Reports pairwise precision and recall of the token cascade against the
   truth, level by level, and of a single exact key, on those ten lists and
   on two lists of 10,000 people (the size of the research note's test).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from crossroads.stats.linkage import (
    LEVEL_NAMES,
    Identity,
    Linkage,
    LinkageKey,
    RecordingErrors,
    SyntheticIdentity,
    TokenList,
    link,
    read_token_file,
    synthetic_identities,
    token_cascade,
    tokenize_csv,
    with_recording_errors,
)
from crossroads.stats.linkage._files import header_line, levels_line, trailer_line

KEY = LinkageKey("benchmark-linkage-key-not-a-real-one")
Result = TypeVar("Result")
LISTS = 10
IntArray = npt.NDArray[np.int64]


def timed(work: Callable[[], Result]) -> tuple[Result, str]:
    """Run ``work``; report wall-clock time and CPU time (this process and its workers).

    The machine may be shared with other jobs: CPU time is the work done,
    wall time what a user waits.
    """
    wall = time.perf_counter()
    cpu = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = work()
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    cpu = time.process_time() - cpu + worker_cpu
    return result, f"{time.perf_counter() - wall:.1f} s wall, {cpu:.1f} s CPU"


def write_lists(
    path: Path, population: list[SyntheticIdentity], per_list: int, lists: int, seed: int
) -> IntArray:
    """Write ``lists`` lists of ``per_list`` people each into one CSV; return each row's person."""
    rng = random.Random(seed)
    errors = RecordingErrors()
    truth: list[int] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["given_names", "family_names", "date_of_birth", "sex"])
        for _ in range(lists):
            chosen = rng.sample(range(len(population)), per_list)
            for person in chosen:
                seen = with_recording_errors(rng, population[person], errors)
                writer.writerow([seen.given, seen.family, seen.dob, seen.sex])
            truth.extend(chosen)
    return np.asarray(truth, dtype=np.int64)


def split_token_file(path: Path, directory: Path, per_list: int, lists: int) -> list[Path]:
    """Cut one token file of ``lists * per_list`` rows into one file per list."""
    lines = path.read_text(encoding="utf-8").splitlines()[2:-1]
    paths = []
    for j in range(lists):
        target = directory / f"list-{j}.csv"
        body = lines[j * per_list : (j + 1) * per_list]
        target.write_text(
            "\n".join([header_line(f"list-{j}", KEY.fingerprint), levels_line(), *body])
            + "\n"
            + trailer_line(len(body))
            + "\n",
            encoding="utf-8",
        )
        paths.append(target)
    return paths


def pair_quality(person: tuple[IntArray, ...], truth: tuple[IntArray, ...]) -> tuple[float, float]:
    """Pairwise precision and recall of found people against true people.

    A pair is two records of different lists. Found pairs share a found
    person, true pairs a true person; counted with sums of n(n-1)/2 over
    groups instead of listing pairs (a million records make millions of pairs).
    """
    found = np.concatenate(person)
    true = np.concatenate(truth)

    def pairs(*keys: IntArray) -> int:
        _, counts = np.unique(np.stack(keys, axis=1), axis=0, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    correct, found_pairs, true_pairs = pairs(found, true), pairs(found), pairs(true)
    return correct / max(found_pairs, 1), correct / max(true_pairs, 1)


def describe(name: str, result: Linkage, truth: tuple[IntArray, ...]) -> None:
    precision, recall = pair_quality(result.person, truth)
    print(
        f"  {name:<28} precision {precision:.4f}  recall {recall:.4f}  "
        f"people {result.people:,} (true {len(np.unique(np.concatenate(truth))):,})"
    )


def cascade_by_level(lists: list[TokenList], truth: tuple[IntArray, ...]) -> None:
    for depth in range(1, len(LEVEL_NAMES) + 1):
        levels = LEVEL_NAMES[:depth]
        label = "exact key only" if depth == 1 else f"+ {levels[-1]}"
        describe(label, link(lists, levels=levels), truth)


def small_two_lists(seed: int) -> None:
    """Two lists of 10,000 people sharing 3,000, as in the research note's test."""
    rng = random.Random(seed)
    population = list(synthetic_identities(17000, seed=seed))
    members = {"a": list(range(10000)), "b": [*range(3000), *range(10000, 17000)]}
    lists, truth = [], []
    for name, chosen in members.items():
        rows = []
        for person in chosen:
            seen = with_recording_errors(rng, population[person], RecordingErrors())
            identity = Identity.from_fields(seen.given, seen.family, seen.dob, seen.sex)
            rows.append(token_cascade(identity, KEY).as_list())
        lists.append(TokenList.from_tokens(name, rows))
        truth.append(np.asarray(chosen, dtype=np.int64))
    print("Two lists of 10,000 people sharing 3,000, adding one level at a time:")
    cascade_by_level(lists, tuple(truth))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000, help="identity rows (10 lists)")
    args = parser.parse_args()
    per_list = args.people // LISTS
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU cores")
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        started = time.perf_counter()
        population = list(synthetic_identities(per_list * 3, seed=1))
        identities = directory / "identities.csv"
        truth_rows = write_lists(identities, population, per_list, LISTS, seed=2)
        print(
            f"Invented {len(population):,} people and wrote {LISTS} lists of {per_list:,} "
            f"({time.perf_counter() - started:.1f} s, not part of any target)"
        )

        tokens = directory / "tokens.csv"
        summary, spent = timed(lambda: tokenize_csv(identities, tokens, KEY, "all-lists"))
        print(
            f"Tokenised {summary.people:,} identities on {os.cpu_count()} processes: {spent} "
            "(target: 1,000,000 in under 60 s)"
        )

        paths = split_token_file(tokens, directory, per_list, LISTS)
        token_lists, read = timed(
            lambda: [TokenList.from_file(read_token_file(path)) for path in paths]
        )
        result, linked = timed(lambda: link(token_lists))
        print(
            f"Overlap table of {LISTS} lists x {per_list:,} tokens (target: under 5 s in all):\n"
            f"  reading the token files {read}\n  linking {linked}"
        )
        for report in result.levels:
            print(
                f"  level {report.level:<12} links {report.links:>8,}  "
                f"ambiguous tokens skipped {report.ambiguous:>6,}  refused {report.refused:>5,}"
            )
        truth = tuple(np.split(truth_rows, np.arange(per_list, per_list * LISTS, per_list)))
        print(f"Precision and recall over {LISTS} lists, adding one level at a time:")
        cascade_by_level(token_lists, truth)
    small_two_lists(seed=3)


if __name__ == "__main__":
    main()
