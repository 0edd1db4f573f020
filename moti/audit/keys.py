"""The Ed25519 key that signs log checkpoints: from a file or the environment, never the database.

`MOTI_LOG_SIGNING_KEY` (PEM text) or `MOTI_LOG_SIGNING_KEY_FILE` (a PEM file) holds the private
key, which only the sealing worker needs. `MOTI_LOG_VERIFY_KEY_FILE` (PEM) lets a verifier
check checkpoints with the public key alone. In development (DEBUG) a key file is made on first
use; in production a missing key is an error.
"""

import hashlib
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _private_pem() -> bytes | None:
    if settings.MOTI_LOG_SIGNING_KEY:
        return settings.MOTI_LOG_SIGNING_KEY.encode()
    path = Path(settings.MOTI_LOG_SIGNING_KEY_FILE)
    if path.exists():
        return path.read_bytes()
    if not settings.DEBUG:
        return None
    # Development: make a key once, readable by this user only.
    path.parent.mkdir(parents=True, exist_ok=True)
    pem, _public = new_key_pem()
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return pem


def signing_key() -> Ed25519PrivateKey:
    pem = _private_pem()
    if pem is None:
        raise ImproperlyConfigured(
            "Set MOTI_LOG_SIGNING_KEY_FILE (or MOTI_LOG_SIGNING_KEY) to the Ed25519 key that "
            "signs the log checkpoints: `moti log-key` makes one.")
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The log signing key is not an Ed25519 key.")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file; ImproperlyConfigured, in one line, if it is not."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError, UnsupportedAlgorithm) as error:
        reason = " ".join(str(error).split())  # one line
        raise ImproperlyConfigured(f"{path}: not a readable PEM public key ({reason})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured(f"{path}: the log verify key is not an Ed25519 key")
    return key


def verify_key() -> Ed25519PublicKey:
    path = settings.MOTI_LOG_VERIFY_KEY_FILE
    if path:
        return load_public_key(path)
    return signing_key().public_key()


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def new_key_pem() -> tuple[bytes, bytes]:
    """A fresh key pair as PEM: (private, public)."""
    key = Ed25519PrivateKey.generate()
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
            key.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo))
