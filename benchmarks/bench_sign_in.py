"""Benchmark of signing in: what the rate limits and the second factor add to the password.

Password hashing (Argon2id at OWASP's parameters, deliberately costly) is the floor of
a sign-in and is not weakened. Prints, with the real hasher, the mean and p95 of:

- checking a password alone (the floor);
- the sign-in service (two rate-limit counters, the password, the audit entry);
- the second step (a rate-limit counter, the authenticator code, the audit entry);
- concurrent sign-ins from 8 threads, as at the start of a working day.

    .venv/bin/python benchmarks/bench_sign_in.py [--database-url URL] [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from _database import percentile, setup


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CROSSROADS_BENCH_DATABASE_URL", ""),
        help="PostgreSQL server to run against (a fresh <name>_bench database is used)",
    )
    parser.add_argument("--rounds", type=int, default=20)
    return parser.parse_args()


def _timed(action: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    return times


def _show(label: str, times: list[float]) -> None:
    print(f"{label}: mean {statistics.mean(times):7.1f} ms, p95 {percentile(times, 0.95):7.1f} ms")


def main() -> None:
    args = _parse()
    with tempfile.TemporaryDirectory() as folder:
        drop = setup(args.database_url, Path(folder))
        try:
            from django.db import connection, connections
            from django.test import RequestFactory
            from django_otp.oath import TOTP

            from crossroads.accounts import second_factor, services
            from crossroads.accounts.models import Role
            from crossroads.testing import PASSWORD, make_org, make_user

            print(f"database: {connection.vendor}")
            organisation = make_org("bench", "NLD")
            users = [make_user(f"user{n}", Role.CASEWORKER, organisation) for n in range(8)]
            factory = RequestFactory()
            _show(
                "password check alone  ",
                _timed(lambda: users[0].check_password(PASSWORD), args.rounds),
            )

            def sign_in() -> None:
                services.sign_in(factory.post("/", REMOTE_ADDR="10.0.0.1"), "user0", PASSWORD)

            _show("sign-in service       ", _timed(sign_in, args.rounds))
            device = second_factor.start_enrolment(users[1])
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            second_factor.confirm_enrolment(users[1], str(totp.token()).zfill(6))
            step = [0]

            def second() -> None:
                # A different, valid step each time (a code is never accepted twice).
                step[0] += 1
                totp.time = time.time() + 30 * (step[0] % 2)
                device.refresh_from_db()
                device.last_t = -1
                device.save(update_fields=["last_t"])
                second_factor.verify(users[1], str(totp.token()).zfill(6))

            _show("second step (code)    ", _timed(second, args.rounds))
            latencies: list[float] = []
            lock = threading.Lock()

            def worker(number: int) -> None:
                mine = _timed(
                    lambda: services.sign_in(
                        factory.post("/", REMOTE_ADDR=f"10.0.1.{number}"), f"user{number}", PASSWORD
                    ),
                    max(2, args.rounds // 4),
                )
                connections.close_all()
                with lock:
                    latencies.extend(mine)

            threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            _show("8 concurrent sign-ins ", latencies)
        finally:
            drop()


if __name__ == "__main__":
    main()
