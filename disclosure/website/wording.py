"""错敏词: wrong or forbidden expressions, checked on every text before it goes to review and
before publication (a registered check of the publishing core), and across what is public
(``site_check``).

A 严重 finding blocks until staff correct the text or a reviewer of the agency lets it
pass with a written reason (``override``, recorded in ``WordingOverride`` and the audit
log); 一般 findings are shown, never block. The national check counts 严重表述错误 as a
veto item (国办秘函〔2019〕19号; domain notes §10).

The list: ``PREPARED`` (common errors: 文号 brackets, 年份 forms, mis-written names,
wrong political expressions), ``settings.WORDING_EXTRA_RULES``, the agencies' own names
written without 「人民」, and what staff add in the admin (``WordingRule``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from catalog import audit
from catalog.models import Organization
from config.web.pii import html_text
from disclosure.publishing.steps import begin, check_reviewer, kind_of
from disclosure.website.models import Severity, WordingOverride, WordingRule


@dataclass(frozen=True)
class Rule:
    wrong: str  # what the finding is called (the wrong form, or a description of a pattern)
    right: str
    severity: str = Severity.NORMAL
    pattern: re.Pattern | None = None  # None: ``wrong`` itself is searched

    @property
    def severe(self) -> bool:
        return self.severity == Severity.SEVERE

    def find(self, text: str) -> list[str]:
        if self.pattern is not None:
            return [m.group(0) for m in self.pattern.finditer(text)]
        return [self.wrong] if self.wrong in text else []


_SEVERE, _NORMAL = Severity.SEVERE, Severity.NORMAL

PREPARED: list[Rule] = [
    # Wrong political expressions (严重表述错误).
    Rule("台湾国", "台湾地区", _SEVERE),
    Rule("香港政府", "香港特别行政区政府", _SEVERE),
    Rule("澳门政府", "澳门特别行政区政府", _SEVERE),
    Rule("一带一路战略", "“一带一路”倡议", _SEVERE),
    Rule("中华人民共和国国务院总理令", "中华人民共和国国务院令", _SEVERE),
    # 文号: the year in 六角括号 〔〕 (GB/T 9704-2012 7.2.4), never () [] 【】.
    Rule(
        "文号年份括号错误",
        "〔年份〕",
        _NORMAL,
        re.compile(r"[\u4e00-\u9fa5][\[［【(（](?:19|20)\d{2}[\]］】)）]\s*\d{1,4}\s*号"),
    ),
    # 年份: 〇 not 零 in a year written in Chinese; four digits, never two.
    Rule("年份中的「零」", "〇", _NORMAL, re.compile(r"[一二]零[零〇一二三四五六七八九]{2}年")),
    Rule("两位数年份", "四位数年份", _NORMAL, re.compile(r"(?<![\d年])\d{2}年\d{1,2}月\d{1,2}日")),
    # Mis-written words and names.
    Rule("人民政付", "人民政府"),
    Rule("人民正府", "人民政府"),
    Rule("截止到", "截至"),
    Rule("其它", "其他"),
    Rule("登陆网站", "登录网站"),
    Rule("按排", "安排"),
    Rule("既使", "即使"),
]


def _extra_rules() -> list[Rule]:
    rules = []
    for line in settings.WORDING_EXTRA_RULES:
        severity = _SEVERE if line.startswith("!") else _NORMAL
        wrong, _, right = line.lstrip("!").partition("=")
        if wrong.strip():
            rules.append(Rule(wrong.strip(), right.strip(), severity))
    return rules


def _name_rules() -> list[Rule]:
    """The portal's own agencies named without 「人民」 (聊城市政府办公室 for
    聊城市人民政府办公室): an informal name, not the institution's. One query."""
    rules = []
    for name, registered in Organization.objects.active().values_list("name", "short_name"):
        short = name.replace("人民政府", "政府")
        # The agency's registered short name (简称) is its own, not a mistake.
        if short not in (name, registered) and not name.endswith("人民政府"):
            rules.append(Rule(short, name))
    return rules


def rules() -> list[Rule]:
    """Every rule in force (two queries)."""
    staff = [Rule(r.wrong, r.right, r.severity) for r in WordingRule.objects.filter(is_active=True)]
    return [*PREPARED, *_extra_rules(), *_name_rules(), *staff]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    found: str  # the text as it stands

    @property
    def severe(self) -> bool:
        return self.rule.severe

    def describe(self) -> str:
        right = f"，应为「{self.rule.right}」" if self.rule.right else ""
        return (
            f"「{self.found}」（{self.rule.wrong}{right}）"
            if self.rule.pattern
            else (f"「{self.found}」{right}")
        )


# Fields that are codes, not text staff wrote.
_SKIP = {"status", "index_number", "original_index_number", "search_vector", "validity"}


def item_text(item) -> str:
    """Every text a reader sees of ``item``: its char and text fields, markup removed."""
    parts = []
    for field in item._meta.concrete_fields:
        if field.name in _SKIP or field.choices:
            continue
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(item, field.attname) or ""
            parts.append(html_text(value) if "<" in value else value)
    return "\n".join(parts)


def find(text: str, in_force: list[Rule] | None = None) -> list[Finding]:
    """Each rule's findings in ``text``, severe first, each text once."""
    found, seen = [], set()
    for rule in in_force if in_force is not None else rules():
        for match in rule.find(text):
            if (rule.wrong, match) not in seen:
                seen.add((rule.wrong, match))
                found.append(Finding(rule, match))
    return sorted(found, key=lambda f: not f.severe)


def covered(item) -> set[str]:
    """The severe findings (their texts) reviewers let pass for ``item``."""
    rows = WordingOverride.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    return {text for row in rows for text in row.covered()}


def blocking(item, in_force: list[Rule] | None = None) -> list[Finding]:
    """The severe findings of ``item`` no reviewer let pass."""
    severe = [f for f in find(item_text(item), in_force) if f.severe]
    if not severe or item.pk is None:
        return severe
    passed = covered(item)
    return [f for f in severe if f.found not in passed]


def publication_check(item) -> list[str]:
    """The check the publishing core runs before review and publication."""
    found = blocking(item)
    if not found:
        return []
    return [
        f"发现严重表述错误{'、'.join(f.describe() for f in found)}，请修改后再提交；"
        "如经核实确无错误，须由审核人写明理由后放行。"
    ]


@transaction.atomic
def override(item, *, by, reason: str) -> WordingOverride:
    """A reviewer of the item's agency (not the person who submitted it) lets the current
    severe findings pass, with the reason; recorded and in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("放行错敏词必须写明理由。")
    item = begin(item, by)
    check_reviewer(by, item, noun="放行错敏词")
    found = blocking(item)
    if not found:
        raise ValidationError("未发现需要放行的严重表述错误。")
    label = kind_of(item).audit_label(item)
    row = WordingOverride.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        organization=item.organization,
        label=label[:300],
        expressions="\n".join(f.found for f in found),
        reason=reason,
        by=by,
    )
    audit.record(
        audit.Action.PUBLISHING,
        actor=by,
        obj=item,
        label=label,
        summary=f"放行错敏词：{'、'.join(f.found for f in found)}。理由：{reason}",
    )
    return row
