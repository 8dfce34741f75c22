"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .. import i18n

_HASHER = PasswordHasher()
MIN_LENGTH = 10

# Verified against when the account does not exist, so that an unknown name costs the same time
# as a wrong password (no account enumeration by timing). Written out rather than hashed at
# import (0.1 s at every start of the app and the command line); it must carry the hasher's own
# parameters, which a test checks (``needs_rehash`` is False).
_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$SlfkFV2jDb47LRdFVWtfVA$xRrdf0nVxwYxzvn4PDOMvCeBXvGQbiFV9Zh2OYaCgGQ"


class WeakPasswordError(i18n.LocalisedError, ValueError):
    """The password is too short to be set."""

    PREFIX = "cli.password."


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError("too_short", length=MIN_LENGTH)
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch, a damaged hash or no account."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's (rehash on sign-in)."""
    return _HASHER.check_needs_rehash(stored_hash)
