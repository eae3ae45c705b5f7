"""Personal numbers in text and files: the check before publication (「已公开信息安全检查」)
and before reply material goes to an applicant.

**The one place of the rule**: what counts as personal data that must not be published in
a document's or interpretation's text (居民身份证 numbers with a valid check character,
mainland mobile numbers, bank card numbers passing the Luhn check) and how a finding is
shown (always masked). ``disclosure.publishing.steps`` refuses to publish while there are
findings staff have not confirmed; ``scan_published_pii`` checks what is already public.

Pure functions on text and files; each publishable kind's scans (``disclosure.library.kinds``,
``disclosure.decisions.kinds``) gather the texts it publishes and call them; so does
``requests_app.steps.replies`` for the files of a reply. A finding
never carries the full number: only a masked form and a keyed hash (``digest``) that lets
a confirmation name the numbers it covers.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from config.web.filetext import html_to_text, read_text
from config.web.validators import MOBILE_RE, validate_resident_id

KIND_ID = "居民身份证号码"
KIND_MOBILE = "手机号码"
KIND_BANK_CARD = "银行卡号"

# Attachment kinds (``config.web.filetypes``) whose text ``disclosure.library.extract`` can read.
READABLE_ATTACHMENT_KINDS = {"PDF": ".pdf", "DOCX": ".docx"}

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])(?<!\d\.)"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])(?!\.\d)"
# A separated form must not continue a longer run of digit groups (「2020 2021 2022」).
_NO_GROUP_BEFORE = r"(?<![0-9][ -])"
_NO_GROUP_AFTER = r"(?![ -]\d)"

_CANDIDATE = re.compile(
    _NOT_ALNUM_BEFORE
    + "(?:"
    # A plain run: 11 to 19 digits, or 17 digits and the ID's X.
    + r"(?P<run>\d{17}[Xx]|\d{11,19})"
    # 138 1234 5678 / 138-1234-5678
    + r"|"
    + _NO_GROUP_BEFORE
    + r"(?P<mobile>1[3-9]\d(?P<s1>[ -])\d{4}(?P=s1)\d{4})"
    + _NO_GROUP_AFTER
    # 6222 0212 3456 7890 (123): groups of four, the way cards are printed.
    + r"|"
    + _NO_GROUP_BEFORE
    + r"(?P<card>[3-69]\d{3}(?P<s2>[ -])\d{4}(?P=s2)\d{4}(?P=s2)\d{4}(?:(?P=s2)\d{1,3})?)"
    + _NO_GROUP_AFTER
    # 370102 19900101 123X
    + r"|"
    + _NO_GROUP_BEFORE
    + r"(?P<id>\d{6}(?P<s3>[ -])\d{8}(?P=s3)\d{3}[\dXx])"
    + _NO_GROUP_AFTER
    + ")"
    + _NOT_ALNUM_AFTER
)
# Card numbers start 3–6 (international schemes, 62 银联) or 9 (old domestic cards).
_CARD = re.compile(r"^[3-69]\d{15,18}$")

EXCERPT_CONTEXT = 10


@dataclass(frozen=True)
class Finding:
    kind: str  # KIND_* (Chinese label)
    masked: str  # the number with its middle hidden
    excerpt: str  # a few characters around it, every number in it masked
    where: str  # 标题, 正文, 附件「…」 …
    digest: str = field(repr=False)  # keyed hash of kind and number, for confirmations

    def __str__(self) -> str:
        return f"{self.where}：{self.kind} {self.masked}（…{self.excerpt}…）"


def is_resident_id(number: str) -> bool:
    """18 characters, a real birth date and the GB 11643 check character."""
    try:
        validate_resident_id(number)
    except ValidationError:
        return False
    return True


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def classify(number: str) -> str | None:
    """The kind of personal number ``number`` (digits, maybe a final X) is, or None."""
    number = number.upper()
    if len(number) == 18 and is_resident_id(number):
        return KIND_ID
    if not number.isdigit():
        return None
    if MOBILE_RE.match(number):
        return KIND_MOBILE
    if _CARD.match(number) and luhn_ok(number):
        return KIND_BANK_CARD
    return None


def _keep(kind: str) -> tuple[int, int]:
    """How many leading and trailing digits a masked number shows."""
    return (3, 4) if kind == KIND_MOBILE else (4, 4)


def mask(number: str, kind: str) -> str:
    """3701**********123X, 138****5678, 6222***********0123; separators are kept."""
    digits = [i for i, c in enumerate(number) if c.isalnum()]
    head, tail = _keep(kind)
    hidden = set(digits[head : len(digits) - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(number))


def normalize(text: str) -> str:
    """NFKC: full-width digits and letters (１３８…, Ｘ) become ASCII."""
    return unicodedata.normalize("NFKC", text or "")


def scan_text(text: str, where: str) -> list[Finding]:
    """Every personal number in ``text`` (normalised first), masked."""
    text = normalize(text)
    hits: list[tuple[int, int, str, str]] = []
    for match in _CANDIDATE.finditer(text):
        raw = match.group(0)
        number = re.sub(r"[ -]", "", raw).upper()
        kind = classify(number)
        if kind is None:
            continue
        # A separated form only stands for the kind it is written like.
        if match.group("mobile") and kind != KIND_MOBILE:
            continue
        if match.group("card") and kind != KIND_BANK_CARD:
            continue
        if match.group("id") and kind != KIND_ID:
            continue
        hits.append((match.start(), match.end(), kind, number))
    if not hits:
        return []
    masked_text = list(text)
    for start, end, kind, _number in hits:
        masked_text[start:end] = mask(text[start:end], kind)
    masked_text = "".join(masked_text)
    findings = []
    for start, end, kind, number in hits:
        excerpt = masked_text[max(0, start - EXCERPT_CONTEXT) : end + EXCERPT_CONTEXT]
        findings.append(
            Finding(
                kind=kind,
                masked=masked_text[start:end],
                excerpt=" ".join(excerpt.split()),
                where=where,
                digest=digest(kind, number),
            )
        )
    return findings


def digest(kind: str, number: str) -> str:
    """A keyed hash (SECRET_KEY) of one finding: confirmations store these, never numbers."""
    return salted_hmac("disclosure.pii", f"{kind}:{number}").hexdigest()[:20]


def html_text(markup: str) -> str:
    return html_to_text(markup or "")


@dataclass
class ScanResult:
    findings: list[Finding]
    notes: list[str]  # what could not be checked (attachments of unreadable kinds)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def digests(self) -> set[str]:
        return {f.digest for f in self.findings}

    def unconfirmed(self, confirmed_digests: str) -> list[Finding]:
        confirmed = set((confirmed_digests or "").split())
        return [f for f in self.findings if f.digest not in confirmed]


def attachment_text(attachment, kind: str | None = None) -> str | None:
    """The text of a PDF or DOCX attachment, or None for kinds we cannot read."""
    suffix = READABLE_ATTACHMENT_KINDS.get(kind or attachment.kind)
    if suffix is None or not attachment.file:
        return None
    # Works for any storage (S3 included): copy the file to a local temporary file.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"attachment{suffix}"
        with attachment.file.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        return read_text(path)


def scan_file_content(content: bytes, kind: str, name: str) -> ScanResult:
    """A file's name and, for the kinds we can read (PDF, DOCX), its text."""
    findings = scan_text(name, "文件名")
    suffix = READABLE_ATTACHMENT_KINDS.get(kind)
    if suffix is None:
        return ScanResult(
            findings, [f"「{name}」（{kind or '未知格式'}）无法自动检查，请人工检查。"]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(content)
        try:
            text = read_text(path)
        except Exception:  # a damaged file is reported, not fatal
            return ScanResult(findings, [f"「{name}」无法读取，请人工检查。"])
    return ScanResult(findings + scan_text(text, f"「{name}」"), [])


def scan_attachments(attachments, *, kind_of, read_files: bool) -> ScanResult:
    """Attachments' names, and the text of those we can read (PDF, DOCX)."""
    findings: list[Finding] = []
    notes: list[str] = []
    for attachment in attachments:
        name = attachment.title or attachment.file.name.rsplit("/", 1)[-1]
        findings += scan_text(name, "附件名")
        if not read_files:
            continue
        kind = kind_of(attachment)
        try:
            text = attachment_text(attachment, kind)
        except Exception:  # a damaged file must not hide the others' findings
            notes.append(f"附件「{name}」无法读取，请人工检查。")
            continue
        if text is None:
            notes.append(f"附件「{name}」（{kind or '未知格式'}）无法自动检查，请人工检查。")
        else:
            findings += scan_text(text, f"附件「{name}」")
    return ScanResult(findings, notes)


def describe(findings: list[Finding]) -> list[str]:
    return [str(f) for f in findings]
