"""Sending the latest signed checkpoint to outside witnesses (the secretariat).

A witness keeps the checkpoints it receives; with them, anyone can later run
``crossroads audit verify --checkpoints <their copy> --public-key <key>`` and
show that this instance's log was not rewritten, even by someone who also
replaced the checkpoint file. A checkpoint holds no personal data: a
position, a hash, a time and a signature.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from crossroads.audit.models import Witness
from crossroads.audit.sealing import latest_checkpoint, public_key_text

SUBJECT = "Crossroads audit checkpoint of {host}, entry {seq}"
BODY = """This is the latest signed checkpoint of the audit log of the Crossroads instance {host}.
Please keep this message: it lets anyone check later that the log was not rewritten.

{line}

Public key of the instance (Ed25519, base64): {key}

To check the instance's log against the checkpoints you keep, save them one per line in a
file and run: crossroads audit verify --checkpoints FILE --public-key {key}
"""


def send_to_witnesses() -> int:
    """E-mail the latest checkpoint to ``CROSSROADS_AUDIT_WITNESS_EMAILS`` if it was not sent
    yet; return how many recipients it went to (0: nothing new, or no witness set)."""
    recipients = settings.CROSSROADS_AUDIT_WITNESS_EMAILS
    checkpoint = latest_checkpoint()
    if not recipients or checkpoint is None:
        return 0
    if Witness.objects.filter(checkpoint_seq=checkpoint.seq).exists():
        return 0
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    send_mail(
        SUBJECT.format(host=host, seq=checkpoint.seq),
        BODY.format(host=host, line=checkpoint.line(), key=public_key_text()),
        None,
        recipients,
    )
    Witness.objects.create(
        checkpoint_seq=checkpoint.seq, sent_at=timezone.now(), recipients=len(recipients)
    )
    return len(recipients)
