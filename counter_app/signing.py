"""Ed25519 signatures over canonical JSON: transactions to the server, receipt QR payloads."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app import canonical


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_bytes(key: Ed25519PrivateKey, data: bytes) -> str:
    return b64(key.sign(data))


def sign_object(key: Ed25519PrivateKey, value: Any) -> str:
    """Sign the canonical JSON of ``value``; returns URL-safe base64 without padding."""
    return sign_bytes(key, canonical.to_bytes(value))


def fast_signer(key: Ed25519PrivateKey) -> Callable[[bytes], str]:
    """``sign_bytes`` with this key, through libsodium when PyNaCl is installed.

    Ed25519 signatures are deterministic, so both give the same bytes; libsodium
    is about 1.7x faster here (34 us against 57 us a signature) and releases the GIL.
    """
    try:
        from nacl.bindings import crypto_sign, crypto_sign_seed_keypair
    except ImportError:  # pragma: no cover - PyNaCl is optional
        return lambda data: sign_bytes(key, data)
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())
    _, secret = crypto_sign_seed_keypair(seed)
    # The bare binding: nacl.signing's SignedMessage wrapper costs a third again per signature.
    return lambda data: b64(crypto_sign(data, secret)[:64])


def fast_verifier(public_key: Ed25519PublicKey) -> Callable[[bytes, str], bool]:
    """``verify_bytes`` with this key, through libsodium when PyNaCl is installed (faster; releases the GIL)."""
    try:
        from nacl.exceptions import BadSignatureError
        from nacl.signing import VerifyKey
    except ImportError:  # pragma: no cover - PyNaCl is optional
        return lambda data, signature: verify_bytes(public_key, data, signature)
    fast = VerifyKey(public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    def check(data: bytes, signature: str) -> bool:
        try:
            fast.verify(data, unb64(signature))
        except (BadSignatureError, ValueError, TypeError):
            return False
        return True

    return check


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify_bytes(public_key: Ed25519PublicKey, data: bytes, signature: str) -> bool:
    try:
        public_key.verify(unb64(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_object(public_key: Ed25519PublicKey, value: Any, signature: str) -> bool:
    return verify_bytes(public_key, canonical.to_bytes(value), signature)
