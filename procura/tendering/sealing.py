"""Envelope encryption for sealed tenders (ADR 0003). Bytes in, bytes out; no ORM.

Each procurement has an X25519 key pair. Every sealed item (a tender's content, each file) is
encrypted with a fresh AES-256-GCM data key; the data key is wrapped to the procurement's PUBLIC
key, sealed-box style (an ephemeral X25519 key, ECDH, HKDF-SHA256, AES-256-GCM), so sealing never
needs the private key. The private key is kept only encrypted with AES-256-GCM under the
key-encryption key (KEK) from the setting PROCURA_TENDER_KEK, and only the opening service asks
for it to be unwrapped.

Every encryption binds `aad` (additional authenticated data: which procurement, which tender,
which part), so a ciphertext moved to another row fails to decrypt instead of opening as the
wrong tender.
"""

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

SCHEME = "x25519-hkdf-sha256-aes256gcm/1"
KEY_BYTES = 32
NONCE_BYTES = 12
_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}
_WRAP_INFO = b"procura/tender-data-key/1"


class SealBroken(Exception):
    """A ciphertext, wrapped key or KEK did not authenticate: tampered with, moved, or wrong key."""


@dataclass(frozen=True)
class Sealed:
    """One sealed item: `ciphertext` is nonce || AES-GCM(data key); `wrapped_key` is the
    ephemeral public key || nonce || AES-GCM(wrap key, data key)."""

    ciphertext: bytes
    wrapped_key: bytes


def keks_from_setting(value: str | None) -> list[bytes]:
    """The KEKs from PROCURA_TENDER_KEK: base64 of 32 bytes, or during a rotation a
    comma-separated list with the NEW key first (it encrypts new private keys; the others only
    decrypt the private keys made under them). A misconfiguration fails loudly."""
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    if not parts:
        raise ImproperlyConfigured("PROCURA_TENDER_KEK must be set (base64 of 32 random bytes).")
    keks = []
    for part in parts:
        try:
            kek = base64.b64decode(part, validate=True)
        except ValueError as error:
            raise ImproperlyConfigured("PROCURA_TENDER_KEK is not valid base64.") from error
        if len(kek) != KEY_BYTES:
            raise ImproperlyConfigured("Each PROCURA_TENDER_KEK must decode to exactly 32 bytes.")
        keks.append(kek)
    return keks


def kek_id(kek: bytes) -> str:
    """A short fingerprint saying which KEK encrypted a private key (for rotation)."""
    return hashlib.sha256(b"procura/kek-id/" + kek).hexdigest()[:16]


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:
        raise SealBroken("The sealed data did not authenticate.") from error


def new_key_pair(kek: bytes, *, context: bytes) -> tuple[bytes, bytes]:
    """(raw public key, private key encrypted under the KEK). The private key leaves this
    function only encrypted."""
    private = X25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(**_RAW)
    private_raw = private.private_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PrivateFormat.Raw,
        encryption_algorithm=serialization.NoEncryption(),
    )
    return public_raw, encrypt_private_key(kek, private_raw, context=context)


def encrypt_private_key(kek: bytes, private_raw: bytes, *, context: bytes) -> bytes:
    return _encrypt(kek, private_raw, b"procura/tender-private-key/" + context)


def decrypt_private_key(kek: bytes, encrypted: bytes, *, context: bytes) -> bytes:
    return _decrypt(kek, encrypted, b"procura/tender-private-key/" + context)


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=ephemeral_public + recipient_public,
        info=_WRAP_INFO,
    ).derive(shared)


def seal(public_raw: bytes, plaintext: bytes, *, aad: bytes) -> Sealed:
    """Encrypt `plaintext` with a fresh data key and wrap that key to `public_raw`."""
    data_key = AESGCM.generate_key(bit_length=256)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(**_RAW)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    wrap_key = _wrap_key(shared, ephemeral_public, public_raw)
    return Sealed(
        ciphertext=_encrypt(data_key, plaintext, aad),
        wrapped_key=ephemeral_public + _encrypt(wrap_key, data_key, aad),
    )


def unseal(private_raw: bytes, sealed: Sealed, *, aad: bytes) -> bytes:
    """Unwrap the data key with the private key, then decrypt. Raises SealBroken."""
    private = X25519PrivateKey.from_private_bytes(private_raw)
    ephemeral_public = sealed.wrapped_key[:KEY_BYTES]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as error:
        raise SealBroken("The wrapped key is not valid.") from error
    wrap_key = _wrap_key(shared, ephemeral_public, private.public_key().public_bytes(**_RAW))
    data_key = _decrypt(wrap_key, sealed.wrapped_key[KEY_BYTES:], aad)
    return _decrypt(data_key, sealed.ciphertext, aad)
