"""Forms of the disclosure staff pages (the 年度报告). Saving goes through the workflow."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from catalog.models import Organization
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport


class ReportCreateForm(forms.Form):
    organization = forms.ModelChoiceField(label="机关", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=reports.FIRST_YEAR)
    includes_departments = forms.BooleanField(
        label="汇总本级政府及所属各部门的数据（仅人民政府，由主管部门编制）", required=False
    )

    def __init__(self, *args, organizations, supervisor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0]
        this_year = timezone.localdate().year
        self.fields["year"].initial = this_year - 1
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs["max"] = this_year
        if not supervisor:
            del self.fields["includes_departments"]


class ReportTextForm(forms.ModelForm):
    """The written parts and table 二's entered figures of a draft."""

    class Meta:
        model = AnnualReport
        fields = [*reports.TEXT_FIELDS, *reports.ENTERED_FIELDS]
        widgets = {field: forms.Textarea(attrs={"rows": 8}) for field in reports.TEXT_FIELDS}


class OverrideForm(forms.Form):
    cell = forms.ChoiceField(label="数据项", choices=list(fmt.COMPUTED_CELLS.items()))
    value = forms.CharField(label="修正值", max_length=20)
    reason = forms.CharField(
        label="修正理由（必填，将在报告中公开）", widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("cell") and data.get("value") is not None:
            try:
                data["value"] = fmt.parse_value(data["cell"], data["value"])
            except ValueError as exc:
                self.add_error("value", str(exc))
        return data


class RemoveOverrideForm(forms.Form):
    cell = forms.ChoiceField(choices=list(fmt.COMPUTED_CELLS.items()), widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", required=False, max_length=500)
