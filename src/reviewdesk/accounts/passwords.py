"""Password hashing with argon2id (argon2-cffi): never stored, never compared in clear."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from reviewdesk.errors import Invalid

MIN_LENGTH = 8
_HASHER = PasswordHasher()


class WeakPassword(Invalid, ValueError):
    """A password too short to accept; the message says what is needed."""


def hash_password(password: str) -> str:
    """The argon2id hash of a password of at least MIN_LENGTH characters."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"the password has {len(password)} characters; use at least {MIN_LENGTH}"
        )
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether `password` matches the stored hash (False for any malformed hash)."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
