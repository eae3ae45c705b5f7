"""A model field whose column holds only ciphertext (requests_app.crypto)."""

from __future__ import annotations

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from requests_app import crypto


class _EmptyOnlyExact(Exact):
    """``field=""``: ciphertext is random, so equality with anything else means nothing."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(_refusal(self.lhs.target.name, "exact"))
        return super().get_prep_lookup()


def _refusal(name: str, lookup: str) -> str:
    return (
        f"{name} is encrypted at rest and cannot be filtered with '{lookup}': filter "
        f"{name}_hash__in=crypto.id_number_hashes(number) instead (only isnull and "
        f"{name}='' work on the column)."
    )


class EncryptedCharField(models.CharField):
    """Plaintext in Python, a Fernet token in a ``text`` column.

    ``max_length`` is the plaintext's (forms and ``full_clean`` validate it). The column
    refuses every lookup except ``isnull`` and ``=""``: search by the keyed hash instead.
    """

    def get_internal_type(self) -> str:
        return "TextField"  # a token is about 3x the plaintext plus 80 characters

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise FieldError(_refusal(self.name, lookup_name))

    def get_transform(self, lookup_name):
        raise FieldError(_refusal(self.name, lookup_name))
