"""The 答复 form (Art. 35-39): one fieldset per reply type, reply material, published links.

The form lists every fact any reply letter states, grouped in fieldsets marked with the
reply types that need them (``data-reply-types``); ``static/js/reply-form.js`` shows only
the chosen type's fieldsets. Without the script every fieldset shows, and :meth:`clean`
still refuses a reply that lacks what its letter must state (``letters.required_fields``),
naming each missing fact in Chinese.

Not a subclass of ``forms.staff.StepForm`` (``forms.staff`` lists this form in ``STEPS``
and siblings must not import each other): it repeats that class's two fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from requests_app import notices, steps
from requests_app.letters import FIELDS, LetterKind, optional_fields, required_fields
from requests_app.letters.context import DATE
from requests_app.models import InformationRequest
from requests_app.outcomes import (
    GROUND_OUTCOMES,
    REPLY_TYPE_OUTCOMES,
    TERMINATION_OUTCOMES,
    Outcome,
    ReplyType,
    WithholdGround,
    default_reply_type,
)

FILE_SLOTS = 5
LINK_SLOTS = 3
PART_SLOTS = 4

RT = ReplyType
_WITH_MATERIAL = (RT.DISCLOSED, RT.PARTIAL)
_WITH_LINKS = (RT.DISCLOSED, RT.PARTIAL, RT.ALREADY_PUBLIC)

#: Facts the form asks in its own fieldsets (files, links, parts, grounds, the earlier
#: request) or that the request itself gives; the rest come from ``letters.FIELDS``.
_OWN_KEYS = {
    "provision_method",
    "withheld_parts",
    "withhold_ground",
    "withhold_reason",
    "previous_reply_on",
    "previous_letter_number",
    "review_body",
    "court",
    "review_first",
    "attachments",
    "reply_type",
}

#: Facts ``notices.reply_context`` fills in from the request when staff leave them blank.
_DEFAULTED = {
    "provision_method",
    "not_responsible_reason",
    "explanation_requested_on",
    "excessive_reason",
    "clarification_sent_on",
    "clarification_received_on",
}


def _type_keys() -> dict[str, list[str]]:
    """Reply type -> the letter facts (beyond the common ones) its letter states."""
    common = set(required_fields(LetterKind.REPLY)) | set(optional_fields(LetterKind.REPLY))
    result = {}
    for reply_type in ReplyType:
        keys = set(required_fields(LetterKind.REPLY, reply_type, review_first=False))
        keys |= set(optional_fields(LetterKind.REPLY, reply_type))
        result[reply_type] = [k for k in FIELDS if k in keys - common - _OWN_KEYS]
    return result


TYPE_KEYS = _type_keys()

#: Which reply types each letter fact is asked for.
KEY_TYPES: dict[str, list[str]] = {}
for _type, _keys in TYPE_KEYS.items():
    for _key in _keys:
        KEY_TYPES.setdefault(_key, []).append(_type)

#: Withholding grounds of a whole reply (Art. 14-16), by their Chinese labels.
WITHHOLD_GROUND_CHOICES = [
    ("", "请选择"),
    *[(g.value, g.label) for g in WithholdGround if g in GROUND_OUTCOMES],
]
PART_GROUND_CHOICES = [("", "请选择"), *WithholdGround.choices]


def ground_value(text: str) -> str:
    """A ground given by its code or its Chinese label (「保护第三方合法权益」) -> its code."""
    text = (text or "").strip()
    for ground in WithholdGround:
        if text in (ground.value, ground.label):
            return ground.value
    return text


@dataclass
class Fieldset:
    legend: str
    types: list[str]  # empty: every reply type
    fields: list[forms.BoundField]

    @property
    def types_attr(self) -> str:
        return " ".join(self.types)


class EarlierRequestField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.tracking_number}（{obj.closed_on:%Y-%m-%d}答复，{obj.get_outcome_display()}）"


class ReplyForm(forms.Form):
    on = forms.DateField(label="答复日期", help_text="答复告知书的成文日期。")
    reply_type = forms.ChoiceField(
        label="答复类型",
        choices=[("", "按办理结果"), *ReplyType.choices],
        required=False,
        help_text="按《条例》第三十六条至第三十九条选择；选择后只显示该类答复需要填写的内容。",
    )
    outcome = forms.ChoiceField(
        label="办理结果（年度报告统计口径）",
        choices=[
            ("", "按答复类型"),
            *[(o.value, o.label) for o in Outcome if o not in TERMINATION_OUTCOMES],
        ],
        required=False,
    )
    withhold_ground = forms.ChoiceField(
        label="不予公开的依据", choices=WITHHOLD_GROUND_CHOICES, required=False
    )
    withhold_reason = forms.CharField(
        label="不予公开的理由", required=False, help_text="结合申请的具体信息说明理由。"
    )
    previous_request = EarlierRequestField(
        label="原申请",
        queryset=InformationRequest.objects.none(),
        required=False,
        empty_label="请选择同一申请人已答复的申请",
        help_text="原答复日期和文书编号从原申请取得。",
    )
    previous_reply_on = forms.DateField(
        label="原答复日期", required=False, help_text="原申请不在本系统中时填写。"
    )
    review_body = forms.CharField(label="行政复议机关", help_text="写入答复告知书的救济途径。")
    court = forms.CharField(label="人民法院", help_text="可以直接起诉的答复写入告知书。")
    note = forms.CharField(label="备注", required=False)
    personal_data_checked = forms.BooleanField(
        label="已核对答复材料中的个人信息",
        required=False,
        help_text="系统发现材料中有身份证号、手机号、银行卡号时须勾选：属于申请人本人的信息，"
        "或第三方的信息已依第三十七条作区分处理。",
    )

    issues_letter = True

    @classmethod
    def available(cls, req: InformationRequest) -> bool:
        return True

    def __init__(self, *args, req: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.req = req
        self.fields["on"].initial = timezone.localdate()
        self.fields["review_body"].initial = notices.review_body(req.organization)
        self.fields["court"].initial = notices.DEFAULT_COURT
        earlier = (
            InformationRequest.objects.same_applicant(req)
            .exclude(pk=req.pk)
            .filter(closed_on__isnull=False)
            .exclude(outcome="")
            .order_by("-closed_on")
        )
        self.fields["previous_request"].queryset = earlier
        if req.possible_repeat_of_id:
            self.fields["previous_request"].initial = req.possible_repeat_of_id
        for key in KEY_TYPES:
            spec = FIELDS[key]
            field_class = forms.DateField if spec.type == DATE else forms.CharField
            self.fields[key] = field_class(
                label=spec.label, required=False, help_text=spec.help or None
            )
        for n in range(1, PART_SLOTS + 1):
            self.fields[f"part_{n}"] = forms.CharField(label=f"不予公开的内容{n}", required=False)
            self.fields[f"part_ground_{n}"] = forms.ChoiceField(
                label=f"依据{n}", choices=PART_GROUND_CHOICES, required=False
            )
            self.fields[f"part_reason_{n}"] = forms.CharField(label=f"理由{n}", required=False)
        for n in range(1, FILE_SLOTS + 1):
            self.fields[f"file_title_{n}"] = forms.CharField(
                label=f"材料{n}名称", required=False, max_length=200
            )
            self.fields[f"file_{n}"] = forms.FileField(label=f"材料{n}文件", required=False)
        for n in range(1, LINK_SLOTS + 1):
            self.fields[f"link_title_{n}"] = forms.CharField(
                label=f"已公开文件{n}标题", required=False, max_length=200
            )
            self.fields[f"link_index_{n}"] = forms.CharField(
                label=f"索引号{n}", required=False, max_length=60
            )
            self.fields[f"link_url_{n}"] = forms.CharField(
                label=f"网址{n}", required=False, max_length=500
            )
        self.fields["letter_text"] = forms.CharField(
            label="告知书正文",
            widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
            required=False,
            help_text="留空则按模板生成；可先点击“预览告知书”生成正文再修改。",
        )

    # -- what the page shows ---------------------------------------------------------
    def fieldsets(self) -> list[Fieldset]:
        def bound(*names):
            return [self[name] for name in names]

        sets = [
            Fieldset("答复类型", [], bound("reply_type", "outcome", "on")),
            Fieldset(
                "答复材料（随告知书提供的政府信息）",
                list(_WITH_MATERIAL),
                bound(
                    *[
                        name
                        for n in range(1, FILE_SLOTS + 1)
                        for name in (f"file_title_{n}", f"file_{n}")
                    ],
                    "personal_data_checked",
                ),
            ),
            Fieldset(
                "已主动公开的文件（第三十六条第一项）",
                list(_WITH_LINKS),
                bound(
                    *[
                        name
                        for n in range(1, LINK_SLOTS + 1)
                        for name in (f"link_title_{n}", f"link_index_{n}", f"link_url_{n}")
                    ]
                ),
            ),
            Fieldset(
                "不予公开的内容、依据和理由（第三十七条）",
                [RT.PARTIAL],
                bound(
                    *[
                        name
                        for n in range(1, PART_SLOTS + 1)
                        for name in (f"part_{n}", f"part_ground_{n}", f"part_reason_{n}")
                    ]
                ),
            ),
            Fieldset(
                "不予公开（第三十六条第三项）",
                [RT.WITHHELD],
                bound("withhold_ground", "withhold_reason"),
            ),
            Fieldset(
                "重复申请（第三十六条第六项）",
                [RT.REPEATED],
                bound("previous_request", "previous_reply_on"),
            ),
        ]
        for reply_type, keys in TYPE_KEYS.items():
            if keys:
                sets.append(Fieldset(ReplyType(reply_type).label, [reply_type], bound(*keys)))
        sets.append(Fieldset("救济途径", [], bound("review_body", "court", "note")))
        return sets

    def type_map_json(self) -> str:
        """Outcome -> its default reply type, for the script that shows the fieldsets."""
        return json.dumps(
            {o.value: (default_reply_type(o) or "") for o in Outcome},
            ensure_ascii=False,
        )

    # -- validation ------------------------------------------------------------------
    def clean(self):
        d = super().clean()
        reply_type, outcome = d.get("reply_type") or "", d.get("outcome") or ""
        if not reply_type and not outcome:
            self.add_error("reply_type", "请选择答复类型。")
            return d
        if not reply_type:
            reply_type = default_reply_type(outcome) or ""
        if reply_type == RT.WITHHELD and not outcome and d.get("withhold_ground"):
            outcome = GROUND_OUTCOMES[d["withhold_ground"]].value
        if reply_type == RT.WITHHELD and outcome and not d.get("withhold_ground"):
            # The （三） row chosen names the ground.
            d["withhold_ground"] = next((g for g, o in GROUND_OUTCOMES.items() if o == outcome), "")
        if not outcome and reply_type:
            outcome = REPLY_TYPE_OUTCOMES[reply_type][0].value
        d["reply_type"], d["outcome"] = reply_type, outcome
        d["parts"] = self._parts(d)
        d["files"] = self._files(d)
        d["links"] = self._links(d)
        if reply_type:
            self._check_letter_facts(d, ReplyType(reply_type))
        return d

    def _parts(self, d) -> list[dict]:
        parts = []
        for n in range(1, PART_SLOTS + 1):
            part = (d.get(f"part_{n}") or "").strip()
            ground = ground_value(d.get(f"part_ground_{n}") or "")
            reason = (d.get(f"part_reason_{n}") or "").strip()
            if not (part or ground or reason):
                continue
            if not (part and ground and reason):
                self.add_error(f"part_{n}", "每项不予公开的内容都应写明内容、依据和理由。")
            parts.append({"part": part, "ground": ground, "reason": reason})
        return parts

    def _files(self, d) -> list[steps.ReplyFile]:
        files = []
        for n in range(1, FILE_SLOTS + 1):
            title, upload = (d.get(f"file_title_{n}") or "").strip(), d.get(f"file_{n}")
            if upload and not title:
                self.add_error(f"file_title_{n}", "请填写材料名称。")
            elif title and not upload:
                self.add_error(f"file_{n}", "请选择文件。")
            elif upload:
                files.append(steps.ReplyFile(title, upload))
        return files

    def _links(self, d) -> list[steps.PublishedLink]:
        links = []
        for n in range(1, LINK_SLOTS + 1):
            title = (d.get(f"link_title_{n}") or "").strip()
            index = (d.get(f"link_index_{n}") or "").strip()
            url = (d.get(f"link_url_{n}") or "").strip()
            if not (title or index or url):
                continue
            if not title:
                self.add_error(f"link_title_{n}", "请填写已公开文件的标题。")
            links.append(steps.PublishedLink(title, url, index))
        return links

    def _check_letter_facts(self, d, reply_type: ReplyType) -> None:
        """Refuse, field by field, what the reply letter of this type cannot do without."""
        if reply_type == RT.PARTIAL and not d["parts"]:
            self.add_error(
                "part_1", "部分公开的，应逐项说明不予公开的内容、依据和理由（第三十七条）。"
            )
        if reply_type == RT.WITHHELD:
            if not d.get("withhold_ground"):
                self.add_error("withhold_ground", "请选择不予公开的依据。")
            if not (d.get("withhold_reason") or "").strip():
                self.add_error("withhold_reason", "请填写不予公开的理由。")
        if reply_type == RT.REPEATED and not (
            d.get("previous_request") or d.get("previous_reply_on")
        ):
            self.add_error("previous_request", "请选择原申请，或填写原答复日期。")
        if reply_type == RT.ALREADY_PUBLIC and not (
            d["links"] or (d.get("publication_location") or "").strip()
        ):
            self.add_error("link_title_1", "请列出已主动公开的文件，或填写获取方式和途径。")
        defaulted = set(_DEFAULTED)
        if reply_type == RT.ALREADY_PUBLIC:
            defaulted.add("publication_location")
        for key in required_fields(LetterKind.REPLY, reply_type):
            if key in TYPE_KEYS[reply_type] and key not in defaulted and not d.get(key):
                self.add_error(key, f"{reply_type.label}的答复应写明{FIELDS[key].label}。")

    # -- the step ----------------------------------------------------------------------
    def letter_body(self, d) -> str | None:
        return d.get("letter_text") or None

    def run(self, req, by, d):
        details = {key: d[key] for key in TYPE_KEYS.get(d["reply_type"], []) if d.get(key)}
        for key in ("withhold_ground", "withhold_reason", "previous_reply_on"):
            if d.get(key):
                details[key] = d[key]
        if d["parts"]:
            details["withheld_parts"] = d["parts"]
        for key in ("review_body", "court"):
            if d.get(key):
                details[key] = d[key]
        return steps.reply(
            req,
            by=by,
            outcome=d["outcome"],
            reply_type=d["reply_type"] or None,
            details=details,
            note=d.get("note", ""),
            on=d["on"],
            letter_body=self.letter_body(d),
            files=d["files"],
            links=d["links"],
            previous_request=d.get("previous_request"),
            personal_data_checked=d.get("personal_data_checked", False),
        )
