"""Low-level primitives, all from ``cryptography``: AES-256-GCM, HKDF-SHA256 and X25519.

Nothing here knows about Django or about where keys live; ``keys.py`` and ``sealing.py`` do.
"""

import base64
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A ciphertext did not authenticate: changed, moved to another row or column, or the
    wrong key. The message never contains the stored bytes."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError:
        raise DecryptionError("malformed ciphertext") from None


def aead_seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """``nonce || ciphertext || tag`` under AES-256-GCM with a random 96-bit nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise DecryptionError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise DecryptionError("ciphertext does not authenticate") from None


def derive(key: bytes, info: str, length: int = KEY_BYTES) -> bytes:
    """A sub-key for one purpose (HKDF-SHA256); different ``info`` gives unrelated keys."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info.encode()).derive(key)


def x25519_keypair() -> tuple[bytes, bytes]:
    """(private, public) as 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def x25519_sender_key(recipient_public: bytes) -> tuple[bytes, bytes]:
    """(ephemeral public key, AES key) for sealing to ``recipient_public``.

    The sender forgets the ephemeral private key at once, so it cannot open what it sealed.
    """
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    return ephemeral_public, _sealed_box_key(shared, ephemeral_public, recipient_public)


def x25519_recipient_key(recipient_private: bytes, ephemeral_public: bytes) -> bytes:
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        raise DecryptionError("malformed ephemeral key") from None
    return _sealed_box_key(shared, ephemeral_public, private.public_key().public_bytes_raw())


def _sealed_box_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=ephemeral_public + recipient_public,
        info=b"huquq-intake-sealed-box-v1",
    ).derive(shared)
