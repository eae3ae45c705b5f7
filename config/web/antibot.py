"""Protection of public forms against bots and double submission, with no outside service.

A form rendered by the server carries a signed token holding the time it was rendered
and a random submission key. On submit:

- a hidden honeypot field must stay empty (bots fill every field);
- the token must be genuine, at least MIN_SECONDS old (people read and type) and at most
  MAX_AGE old (no replay of harvested forms);
- the submission key makes the submit idempotent: a double click or a reload of the POST
  finds the record the first submit created instead of creating another.
"""

from __future__ import annotations

import secrets
import time

from django import forms
from django.core import signing

SALT = "portal.antibot"
MIN_SECONDS = 3
MAX_AGE = 4 * 60 * 60
HONEYPOT_FIELD = "website"


def new_token() -> str:
    return signing.dumps({"t": time.time(), "k": secrets.token_urlsafe(16)}, salt=SALT)


def read_token(token: str, *, now: float | None = None) -> str:
    """Check the token; return its submission key or raise ValidationError (in Chinese)."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise forms.ValidationError("页面打开时间过长，请刷新页面后重新提交。") from None
    except signing.BadSignature:
        raise forms.ValidationError("表单校验失败，请刷新页面后重新提交。") from None
    if now - float(data["t"]) < MIN_SECONDS:
        raise forms.ValidationError("提交过快，请核对填写内容后再提交。")
    return str(data["k"])


class GuardedFormMixin(forms.Form):
    """Adds the honeypot and the signed token to a public form."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="网站（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_token())
        self.submission_key: str | None = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError("提交未通过校验。")
        self.submission_key = read_token(cleaned.get("form_token", ""))
        return cleaned
