"""Applicants' ID numbers at rest: encrypted, and found only by a keyed hash.

The secrets come from the environment variable ``ID_NUMBER_KEYS`` (comma-separated, the
first is current; ``settings.ID_NUMBER_KEYS``). From each secret HKDF-SHA256 derives two
independent keys: a Fernet key (AES-128-CBC + HMAC-SHA256, authenticated, random IV) and
an HMAC key for the search hash. Encryption always uses the first secret; decryption tries
each in turn (``MultiFernet``), so rows written before a rotation stay readable until
``reencrypt_id_numbers`` moves them to the current key.

Without ``ID_NUMBER_KEYS`` (development, tests) the keys are derived from ``SECRET_KEY``;
the deploy check below refuses that in production (``manage.py check --deploy``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks

from config.web.validators import normalize_id_number

# HKDF "info" labels: one secret, two keys that cannot be confused with each other.
_ENCRYPTION_INFO = b"gov-disclosure-portal id_number encryption v1"
_HASH_INFO = b"gov-disclosure-portal id_number hash v1"
#: A secret shorter than this is refused by the deploy check.
MIN_SECRET_LENGTH = 32


class IdNumberDecryptionError(Exception):
    """A stored ID number none of the configured keys can decrypt (wrong or missing key)."""


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


def configured_secrets() -> tuple[str, ...]:
    """``ID_NUMBER_KEYS``, current first; ``SECRET_KEY`` when it is not set."""
    return tuple(getattr(settings, "ID_NUMBER_KEYS", None) or ()) or (settings.SECRET_KEY,)


@dataclass(frozen=True)
class _Keyring:
    current: Fernet
    all: MultiFernet
    hash_keys: tuple[bytes, ...]


@functools.lru_cache(maxsize=8)
def _keyring(secrets: tuple[str, ...]) -> _Keyring:
    fernets = [Fernet(base64.urlsafe_b64encode(_derive(s, _ENCRYPTION_INFO))) for s in secrets]
    hash_keys = tuple(_derive(s, _HASH_INFO) for s in secrets)
    return _Keyring(current=fernets[0], all=MultiFernet(fernets), hash_keys=hash_keys)


def _fernet() -> MultiFernet:
    return _keyring(configured_secrets()).all


def _current_fernet() -> Fernet:
    return _keyring(configured_secrets()).current


def _hash_keys() -> tuple[bytes, ...]:
    return _keyring(configured_secrets()).hash_keys


def encrypt(plaintext: str) -> str:
    """A Fernet token (ASCII) of ``plaintext`` under the current key; "" stays ""."""
    if not plaintext:
        return ""
    return _fernet().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a token written by :func:`encrypt` under any configured key."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise _undecryptable() from None


def rotate(token: str) -> str:
    """The same plaintext encrypted under the current key (for ``reencrypt_id_numbers``)."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise _undecryptable() from None


def _undecryptable() -> IdNumberDecryptionError:
    return IdNumberDecryptionError(
        "An applicant's ID number cannot be decrypted with any key in ID_NUMBER_KEYS: "
        "the key it was encrypted with is missing (keep old keys after the current one "
        "until reencrypt_id_numbers has run) or the stored value is not ciphertext."
    )


def is_current(token: str) -> bool:
    """Whether ``token`` is encrypted under the current (first) key."""
    try:
        _current_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def is_ciphertext(value: str) -> bool:
    """Whether ``value`` is a token one of the configured keys decrypts."""
    try:
        decrypt(value)
    except IdNumberDecryptionError:
        return False
    return bool(value)


def _digest(key: bytes, number: str) -> str:
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def id_number_hash(number: str) -> str:
    """HMAC-SHA256 (current hash key) of the normalized number, hex; "" for no number."""
    number = normalize_id_number(number)
    return _digest(_hash_keys()[0], number) if number else ""


def id_number_hashes(number: str) -> list[str]:
    """The number's hash under every configured key, current first: lookups use all of
    them, so rows not yet re-hashed after a rotation are still found."""
    number = normalize_id_number(number)
    return [_digest(key, number) for key in _hash_keys()] if number else []


@checks.register(checks.Tags.security, deploy=True)
def check_id_number_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Production needs its own key: the SECRET_KEY fallback is for development only."""
    keys = list(getattr(settings, "ID_NUMBER_KEYS", None) or [])
    if not keys:
        return [
            checks.Error(
                "ID_NUMBER_KEYS is not set: applicants' ID numbers are encrypted with a key "
                "derived from SECRET_KEY.",
                hint="Set ID_NUMBER_KEYS in production (docs/deploy.md, 身份证件号码加密).",
                id="requests_app.E001",
            )
        ]
    if any(len(key) < MIN_SECRET_LENGTH for key in keys):
        return [
            checks.Error(
                f"Every secret in ID_NUMBER_KEYS needs at least {MIN_SECRET_LENGTH} characters.",
                hint="python3 -c 'import secrets; print(secrets.token_urlsafe(32))' makes one.",
                id="requests_app.E002",
            )
        ]
    return []
