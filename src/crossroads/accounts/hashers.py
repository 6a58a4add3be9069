"""How account passwords are stored: Argon2id at the cost OWASP recommends.

Argon2id is memory-hard: guessing a stolen hash on graphics cards or
dedicated hardware costs memory as well as time, which PBKDF2 (Django's
default) does not ask. Django's own Argon2 parameters (100 MiB, 2 passes,
8 lanes) cost as much processor time as its PBKDF2 (about 0.22 s a sign-in
on one core); under a morning's sign-ins on a two-core server that queued
every other request behind the hashing. OWASP's password storage guidance
lists settings of equal strength; this takes the one with the most memory
and one pass (46 MiB, 1 pass, 1 lane: about 55 ms of one core), so the
attacker's cost stays high while a sign-in stays cheap for the server.

Hashes made with other parameters or by PBKDF2 (accounts created by earlier
versions) still verify, and Django rewrites them with these parameters at
the account's next successful sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

MEMORY_KIB = 46 * 1024
"""Memory each hash fills, in KiB (OWASP: 46 MiB with one pass)."""


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2id hasher at OWASP's 46 MiB, one pass, one lane (see the module)."""

    time_cost = 1
    memory_cost = MEMORY_KIB
    parallelism = 1
