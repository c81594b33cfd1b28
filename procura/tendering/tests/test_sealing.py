"""Envelope encryption: what is sealed opens only with the procurement's private key, the right
KEK and the right context."""

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from procura.tendering import sealing

KEK = os.urandom(32)


def _open_pair(kek=KEK, context=b"procurement/1"):
    public, encrypted_private = sealing.new_key_pair(kek, context=context)
    return public, sealing.decrypt_private_key(kek, encrypted_private, context=context)


def test_sealed_content_opens_with_the_private_key():
    public, private = _open_pair()

    sealed = sealing.seal(public, b"price 1250000.00", aad=b"tender A")

    assert b"1250000" not in sealed.ciphertext + sealed.wrapped_key
    assert sealing.unseal(private, sealed, aad=b"tender A") == b"price 1250000.00"


def test_each_seal_uses_a_fresh_data_key_and_nonce():
    public, _ = _open_pair()

    first = sealing.seal(public, b"same", aad=b"a")
    second = sealing.seal(public, b"same", aad=b"a")

    assert first.ciphertext != second.ciphertext
    assert first.wrapped_key != second.wrapped_key


def test_a_ciphertext_moved_to_another_tender_does_not_open():
    public, private = _open_pair()
    sealed = sealing.seal(public, b"content", aad=b"tender A")

    with pytest.raises(sealing.SealBroken):
        sealing.unseal(private, sealed, aad=b"tender B")


@pytest.mark.parametrize("part", ["ciphertext", "wrapped_key"])
def test_a_flipped_bit_does_not_open(part):
    public, private = _open_pair()
    sealed = sealing.seal(public, b"content", aad=b"a")
    damaged = bytearray(getattr(sealed, part))
    damaged[-1] ^= 1
    tampered = sealing.Sealed(**{**sealed.__dict__, part: bytes(damaged)})

    with pytest.raises(sealing.SealBroken):
        sealing.unseal(private, tampered, aad=b"a")


def test_another_procurements_private_key_does_not_open():
    public, _ = _open_pair()
    _, other_private = _open_pair()
    sealed = sealing.seal(public, b"content", aad=b"a")

    with pytest.raises(sealing.SealBroken):
        sealing.unseal(other_private, sealed, aad=b"a")


def test_the_private_key_needs_the_right_kek_and_context():
    _, encrypted = sealing.new_key_pair(KEK, context=b"procurement/1")

    with pytest.raises(sealing.SealBroken):
        sealing.decrypt_private_key(os.urandom(32), encrypted, context=b"procurement/1")
    with pytest.raises(sealing.SealBroken):
        sealing.decrypt_private_key(KEK, encrypted, context=b"procurement/2")


def test_the_kek_setting_may_list_keys_during_a_rotation():
    new, old = os.urandom(32), os.urandom(32)
    value = f"{base64.b64encode(new).decode()}, {base64.b64encode(old).decode()}"

    assert sealing.keks_from_setting(value) == [new, old]
    assert sealing.kek_id(new) != sealing.kek_id(old)
    assert len(sealing.kek_id(new)) == 16


@pytest.mark.parametrize("value", [None, "", "not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_kek_setting_fails_loudly(value):
    with pytest.raises(ImproperlyConfigured):
        sealing.keks_from_setting(value)
