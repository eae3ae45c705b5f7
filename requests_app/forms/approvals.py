"""The head's decision on a pending approval (the approval queue)."""

from __future__ import annotations

from django import forms


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="不同意的理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "不同意的，请写明理由。"},
    )
