"""Checking the audit log against its signed checkpoints (``crossroads audit verify``).

The entries in the database are walked in chain order and every hash is
recomputed; the chain's head at each checkpoint must equal the hash that
checkpoint signed. The checkpoints trusted are those of the checkpoint file
(outside the database), or of a copy given by a witness, each checked against
the instance's public key; an attacker with the whole database but not the
signing key can change neither.

What this detects, and what it cannot, is written in docs/security.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from crossroads.audit.models import AuditEntry, Checkpoint, Verification
from crossroads.audit.sealing import SignedCheckpoint, read_checkpoints
from crossroads.audit.services import GENESIS, compute_hash
from crossroads.core import signing


@dataclass(frozen=True)
class Break:
    """Where the log no longer holds, and why."""

    seq: int
    reason: str


@dataclass
class Report:
    """The outcome of :func:`verify`."""

    entries: int = 0
    checkpoints: int = 0
    unsealed: int = 0
    uncovered: int = 0  # sealed after the last checkpoint (the next seal covers them)
    breaks: list[Break] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def _trusted(path: Path | None, public_key: bytes, report: Report) -> dict[int, SignedCheckpoint]:
    """The signed checkpoints of the file, by the entry they cover; a line that is not
    one, or is not signed by ``public_key``, is a break."""
    trusted: dict[int, SignedCheckpoint] = {}
    for number, line in read_checkpoints(path):
        try:
            checkpoint = SignedCheckpoint.from_line(line)
        except (ValueError, KeyError, TypeError):
            report.breaks.append(
                Break(0, f"line {number} of the checkpoint file is not a checkpoint")
            )
            continue
        if not checkpoint.is_signed_by(public_key):
            report.breaks.append(
                Break(
                    checkpoint.seq,
                    f"line {number} of the checkpoint file is not signed by this instance's key",
                )
            )
            continue
        trusted[checkpoint.seq] = checkpoint
    return trusted


def verify(
    *,
    checkpoints: Path | None = None,
    public_key: bytes | None = None,
    trust_database_checkpoints: bool = False,
    batch_size: int = 5000,
) -> Report:
    """Walk the whole chain and compare it with the signed checkpoints.

    Detects an entry changed after it was sealed (its hash), removed or
    inserted (a gap, or a previous hash that does not match), a chain rewritten
    and re-hashed from some entry on (its head no longer matches a checkpoint),
    entries removed from the end or all of them (a checkpoint covers entries that
    are gone), and checkpoints removed from the database or the file.

    ``trust_database_checkpoints``: with no checkpoint file (a backup restored on a
    new machine), check against the checkpoints of the database whose signatures hold.
    """
    key = public_key or signing.public_key_bytes()
    report = Report()
    trusted = _trusted(checkpoints, key, report)
    if not trusted and trust_database_checkpoints:
        trusted = {
            row.seq: checkpoint
            for row in Checkpoint.objects.all()
            if (checkpoint := SignedCheckpoint.from_row(row)).is_signed_by(key)
        }
        checkpoints = checkpoints or Path("(the database)")
    report.checkpoints = len(trusted)
    expected_prev, expected_seq = GENESIS, 1
    for entry in _in_order(batch_size):
        report.entries += 1
        seq = entry.seq or 0
        if seq != expected_seq:
            report.breaks.append(Break(seq, f"entries {expected_seq} to {seq - 1} are missing"))
        if entry.prev_hash != expected_prev:
            report.breaks.append(Break(seq, "does not follow the previous entry (chain broken)"))
        if compute_hash(entry) != entry.hash:
            report.breaks.append(Break(seq, "its content was changed after it was sealed"))
        expected_prev, expected_seq = entry.hash or "", seq + 1
        signed = trusted.get(seq)
        if signed is not None and signed.hash != expected_prev:
            report.breaks.append(
                Break(
                    seq,
                    f"the log up to this entry was rewritten: it no longer matches the "
                    f"checkpoint signed at {signed.at}",
                )
            )
    last = expected_seq - 1
    beyond = [c for c in trusted.values() if c.seq > last]
    if beyond:
        newest = max(beyond, key=lambda c: c.seq)
        report.breaks.append(
            Break(
                newest.seq,
                f"entries {last + 1} to {newest.seq} were removed: the checkpoint "
                f"signed at {newest.at} covers them",
            )
        )
    _compare_with_database(trusted, checkpoints, report)
    covered = max(trusted, default=0)
    report.uncovered = max(0, last - covered)
    report.unsealed = AuditEntry.objects.filter(seq__isnull=True).count()
    return report


def _compare_with_database(
    trusted: dict[int, SignedCheckpoint], path: Path | None, report: Report
) -> None:
    stored = {row.seq: row for row in Checkpoint.objects.all()}
    for seq, checkpoint in sorted(trusted.items()):
        row = stored.get(seq)
        if row is None or row.hash != checkpoint.hash:
            report.breaks.append(Break(seq, "this checkpoint was removed from the database"))
    if stored and not trusted and path is None:
        report.breaks.append(
            Break(
                max(stored),
                f"the checkpoint file is missing or empty, while the database holds "
                f"{len(stored)} checkpoints",
            )
        )


def _in_order(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq or last


def verify_and_record(
    *, checkpoints: Path | None = None, public_key: bytes | None = None
) -> Report:
    """:func:`verify`, with its outcome kept for the safety protocol's checks."""
    report = verify(checkpoints=checkpoints, public_key=public_key)
    Verification.objects.create(
        at=timezone.now(),
        intact=report.intact,
        entries=report.entries,
        checkpoints=report.checkpoints,
        problems=[{"seq": b.seq, "reason": b.reason} for b in report.breaks[:100]],
    )
    return report
