"""The sealing primitives: what opens what."""

from __future__ import annotations

import pytest

from crossroads.reporting import sealing

FAST = sealing.KdfParameters(n_log2=10)


def test_a_sealed_message_opens_only_with_the_recipients_private_key() -> None:
    key = sealing.new_wrapped_key("a passphrase long enough", FAST)
    sealed = sealing.seal(key.public_key, b"what happened")
    assert b"what happened" not in sealed
    private = sealing.unwrap(key, "a passphrase long enough")
    assert sealing.open_sealed(private, sealed) == b"what happened"
    other = sealing.unwrap(
        sealing.new_wrapped_key("another passphrase", FAST), "another passphrase"
    )
    with pytest.raises(sealing.Damaged):
        sealing.open_sealed(other, sealed)


def test_a_wrong_passphrase_does_not_unwrap_the_key() -> None:
    key = sealing.new_wrapped_key("a passphrase long enough", FAST)
    with pytest.raises(sealing.WrongSecret):
        sealing.unwrap(key, "a passphrase long enougH")


def test_an_altered_sealed_message_is_refused() -> None:
    key = sealing.new_wrapped_key("a passphrase long enough", FAST)
    sealed = bytearray(sealing.seal(key.public_key, b"what happened"))
    sealed[-1] ^= 1
    with pytest.raises(sealing.Damaged):
        sealing.open_sealed(sealing.unwrap(key, "a passphrase long enough"), bytes(sealed))


def test_the_reporters_key_depends_on_both_the_receipt_and_the_passphrase() -> None:
    salt = b"s" * 16
    one = sealing.public_bytes(sealing.reporter_key("1234", "blue river", salt, FAST))
    assert one == sealing.public_bytes(sealing.reporter_key("1234", "blue river", salt, FAST))
    assert one != sealing.public_bytes(sealing.reporter_key("1235", "blue river", salt, FAST))
    assert one != sealing.public_bytes(sealing.reporter_key("1234", "blue rivers", salt, FAST))
