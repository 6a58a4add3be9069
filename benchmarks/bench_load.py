"""Load test of a hosted network: the production server on PostgreSQL, under a working day.

Builds the demo network in a fresh PostgreSQL database (or reuses it with
``--reuse``), creates load-test accounts (caseworkers and data officers of
several members, each editing records of their own that nobody else edits,
and analysts), starts ``crossroads serve`` (gunicorn processes and a task
worker), and drives it with locust (``benchmarks/load/locustfile.py``) for
``--minutes``: 45 caseworkers and 5 data officers (sign in, list, filter,
search, open, edit and save with the version they read, and now and then
import a 1,000-row file) and 5 analysts (dashboards, a country, the inbox,
the network tables). Then it waits for the imports to finish and checks that
every acknowledged write is in the database.

Prints the machine's load, requests, errors, p50/p95/p99 server-and-network
time per kind of request, case work together, sign-in, and lost writes.
Targets (idle two-core machine): 0 errors, 0 lost writes, case work p95 <
300 ms, sign-in p95 < 1 s. Locust runs on the same machine and takes CPU
from the server: the figures are pessimistic.

    .venv/bin/python benchmarks/bench_load.py [--minutes 5] [--database-url URL] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

HERE = Path(__file__).resolve().parent
CASE_WORK = ("list", "filter", "search", "open", "edit form", "save")
PASSWORD = "load-test-password-2026"  # noqa: S105 - accounts of a throw-away database

ACCOUNTS = """
import json
from django.contrib.auth.hashers import make_password
from crossroads.accounts.models import Organisation, Role, User
from crossroads.cases.models import Case
members = [o for o in Organisation.objects.filter(kind="member") if o.holds_case_records]
members.sort(key=lambda o: -Case.objects.filter(organisation=o).count())
members = members[:10]
secretariat = Organisation.objects.get(kind="secretariat")
hashed = make_password({password!r})
out = {{"caseworkers": [], "officers": [], "analysts": [],
       "countries": sorted({{o.country for o in members}})}}
people = [("caseworkers", Role.CASEWORKER, n) for n in range({caseworkers})]
people += [("officers", Role.DATA_OFFICER, n) for n in range({officers})]
records = {{o.pk: list(Case.objects.filter(organisation=o).order_by("pk")
                       .values_list("pk", "client_code")[:2000]) for o in members}}
for index, (kind, role, n) in enumerate(people):
    org = members[index % len(members)]
    name = f"load-{{kind}}-{{n:02d}}"
    User.objects.update_or_create(username=name, defaults=dict(
        role=role, organisation=org, password=hashed, is_active=True))
    slot = index // len(members)
    mine = records[org.pk][slot * 20:(slot + 1) * 20]
    out[kind].append({{"username": name, "records": mine}})
for n in range({analysts}):
    name = f"load-analyst-{{n:02d}}"
    User.objects.update_or_create(username=name, defaults=dict(
        role=Role.ANALYST, organisation=secretariat, password=hashed, is_active=True))
    out["analysts"].append({{"username": name}})
print("ACCOUNTS " + json.dumps(out))
"""

CHECK = """
import json
from crossroads.cases.models import Case
from crossroads.tasks.models import TaskRun
journal = [json.loads(line) for line in open({journal!r}, encoding="utf-8")]
expected = {{}}
for entry in journal:
    if entry["kind"] == "save":
        expected[entry["case"]] = max(expected.get(entry["case"], 0), entry["version"])
versions = dict(Case.objects.filter(pk__in=list(expected)).values_list("pk", "version"))
lost_saves = [case for case, version in expected.items() if versions.get(case) != version]
batches = [entry for entry in journal if entry["kind"] == "import"]
lost_rows = 0
for entry in batches:
    found = Case.objects.filter(client_code__startswith=entry["batch"] + "-").count()
    lost_rows += entry["rows"] - found
print("CHECK " + json.dumps({{"saves": len(expected), "acknowledged_saves": sum(
    1 for e in journal if e["kind"] == "save"), "lost_saves": lost_saves,
    "imports": len(batches), "lost_import_rows": lost_rows,
    "failed_tasks": TaskRun.objects.filter(status="failed").count()}}))
"""


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "CROSSROADS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crossroads"
        ),
        help="PostgreSQL server; the database <name>_load on it is (re)built",
    )
    parser.add_argument("--reuse", action="store_true", help="reuse <name>_load if it exists")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--caseworkers", type=int, default=45)
    parser.add_argument("--officers", type=int, default=5)
    parser.add_argument("--analysts", type=int, default=5)
    parser.add_argument("--port", type=int, default=8097)
    return parser.parse_args()


def _crossroads(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "crossroads", *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def _marked(output: str, marker: str) -> Any:
    line = next(line for line in output.splitlines() if line.startswith(marker + " "))
    return json.loads(line[len(marker) + 1 :])


def _database(url: str, reuse: bool) -> tuple[str, bool]:
    """The URL of ``<name>_load``, and whether it holds a demo already."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_load"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and not reuse:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), bool(exists and reuse)


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"the server did not listen on port {port}")


def _percentiles(times: list[float]) -> str:
    if not times:
        return "—"
    ordered = sorted(times)
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered
    pick = (lambda p: q[p - 1]) if len(ordered) > 1 else (lambda p: ordered[0])
    return f"p50 {pick(50):7.0f}  p95 {pick(95):7.0f}  p99 {pick(99):7.0f} ms"


def main() -> None:
    args = _parse()
    url, reused = _database(args.database_url, args.reuse)
    folder = Path(tempfile.mkdtemp(prefix="crossroads-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CROSSROADS_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "crossroads.settings",
        "CROSSROADS_REQUEST_LOG_LEVEL": "WARNING",
    }
    if not reused:
        started = time.perf_counter()
        print("building the demo network (and its country tables)…", flush=True)
        _crossroads(env, "demo", "--no-serve")
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    accounts = _marked(
        _crossroads(env, "shell", "-c", textwrap.dedent(ACCOUNTS.format(
            password=PASSWORD, caseworkers=args.caseworkers, officers=args.officers,
            analysts=args.analysts))),
        "ACCOUNTS",
    )  # fmt: skip
    (folder / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
    journal, timings = folder / "journal.jsonl", folder / "timings.json"
    journal.write_text("", encoding="utf-8")
    load_env = {
        **env,
        "CROSSROADS_LOAD_ACCOUNTS": str(folder / "accounts.json"),
        "CROSSROADS_LOAD_PASSWORD": PASSWORD,
        "CROSSROADS_LOAD_JOURNAL": str(journal),
        "CROSSROADS_LOAD_TIMINGS": str(timings),
        "CROSSROADS_LOAD_CASEWORKERS": str(args.caseworkers),
        "CROSSROADS_LOAD_OFFICERS": str(args.officers),
        "CROSSROADS_LOAD_ANALYSTS": str(args.analysts),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "crossroads", "serve", f"--port={args.port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait_for_port(args.port)
        users = args.caseworkers + args.officers + args.analysts
        load_before = os.getloadavg()
        print(f"load before the run: {load_before[0]:.2f} (1 min), {os.cpu_count()} cores")
        print(f"driving {users} people for {args.minutes:g} minutes…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(HERE / "load" / "locustfile.py"),
             "--headless", "--users", str(users), "--spawn-rate", "2",
             "--run-time", f"{int(args.minutes * 60)}s", "--host",
             f"http://127.0.0.1:{args.port}", "--only-summary", "--loglevel", "ERROR"],
            env=load_env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"load during the run (1 min average at its end): {os.getloadavg()[0]:.2f}")
        _wait_for_tasks(env)
        check = _marked(
            _crossroads(env, "shell", "-c", textwrap.dedent(CHECK.format(journal=str(journal)))),
            "CHECK",
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    _report(json.loads(timings.read_text(encoding="utf-8")), check)


def _wait_for_tasks(env: dict[str, str]) -> None:
    code = (
        "from crossroads.tasks.models import TaskRun\n"
        "print('ACTIVE', TaskRun.objects.active().count())"
    )
    for _ in range(300):
        if _marked(_crossroads(env, "shell", "-c", code), "ACTIVE") == 0:
            return
        time.sleep(2)
    print("some background tasks were still running after 10 minutes")


def _report(timings: list[tuple[str, float, int]], check: dict[str, Any]) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for name, milliseconds, status in timings:
        by_kind[name].append(milliseconds)
        if status < 200 or status >= 400:
            errors[name] += 1
    print(f"\n{len(timings)} requests, {sum(errors.values())} errors")
    for name in sorted(by_kind):
        times = by_kind[name]
        print(f"  {name:<15} {len(times):6d}  {_percentiles(times)}  errors {errors[name]}")
    case_work = [t for name in CASE_WORK for t in by_kind.get(name, [])]
    print(f"  {'case work':<15} {len(case_work):6d}  {_percentiles(case_work)}  (target p95 < 300)")
    print(f"  {'sign-in':<15} {len(by_kind['sign-in']):6d}  {_percentiles(by_kind['sign-in'])}"
          "  (target p95 < 1000)")  # fmt: skip
    print(
        f"\nacknowledged saves {check['acknowledged_saves']} on {check['saves']} records, "
        f"lost {len(check['lost_saves'])}; imports {check['imports']}, "
        f"lost rows {check['lost_import_rows']}; failed background tasks {check['failed_tasks']}"
    )


if __name__ == "__main__":
    main()
