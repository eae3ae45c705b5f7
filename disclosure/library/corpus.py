"""Measuring the extractor over a corpus of pages (``manage.py extract_report``).

A corpus is a folder with ``manifest.json``: per page its file, whether it is real or
synthetic, its source, and the expected fields. An expected value scores the field:
right (the same value), wrong (another value) or missing (nothing found). An expected
null means the page does not carry the field: finding nothing is right, finding a value
is wrong (a guess).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from disclosure.library.extract import FIELD_NAMES
from disclosure.library.site_import import extract_file

#: The fields scored, in report order.
SCORED = ("title", "doc_number", "registration_number", "issuer", "written_on",
          "published_on", "index_number")  # fmt: skip
#: The fields whose missing share must stay at or under 5 % (where the page carries them).
KEY_FIELDS = ("doc_number", "written_on", "issuer", "title", "index_number")


@dataclass
class FieldScore:
    right: int = 0
    wrong: int = 0
    missing: int = 0
    absent_right: int = 0  # the page does not carry it, and nothing was found
    carried: int = 0  # pages that carry the field
    wrong_pages: list[str] = field(default_factory=list)
    missing_pages: list[str] = field(default_factory=list)

    @property
    def missing_share(self) -> float:
        return self.missing / self.carried if self.carried else 0.0


@dataclass
class CorpusScore:
    pages: int = 0
    real: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)


def _shown(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def score_corpus(folder: Path) -> CorpusScore:
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    score = CorpusScore(fields={name: FieldScore() for name in SCORED})
    for page in manifest["pages"]:
        score.pages += 1
        score.real += bool(page["real"])
        extracted = extract_file(folder / page["file"])
        for name, expected in page["expected"].items():
            got = _shown(getattr(extracted, name))
            counts = score.fields[name]
            if expected is None:
                if got is None:
                    counts.absent_right += 1
                else:
                    counts.wrong += 1
                    counts.wrong_pages.append(f"{page['file']}：「{got}」（原页面没有此项）")
                continue
            counts.carried += 1
            if got is None:
                counts.missing += 1
                counts.missing_pages.append(page["file"])
            elif got == expected:
                counts.right += 1
            else:
                counts.wrong += 1
                counts.wrong_pages.append(f"{page['file']}：「{got}」，应为「{expected}」")
    return score


def report_lines(score: CorpusScore) -> list[str]:
    lines = [
        f"共 {score.pages} 个页面（真实 {score.real}，合成 {score.pages - score.real}）",
        f"{'字段':<8}{'正确':>6}{'错误':>6}{'缺失':>6}{'无此项':>6}  缺失率",
    ]
    for name, counts in score.fields.items():
        lines.append(
            f"{FIELD_NAMES[name]:<8}{counts.right:>6}{counts.wrong:>6}{counts.missing:>6}"
            f"{counts.absent_right:>6}  {counts.missing_share:.1%}"
        )
    for name, counts in score.fields.items():
        for page in counts.wrong_pages:
            lines.append(f"错误 {FIELD_NAMES[name]}：{page}")
        for page in counts.missing_pages:
            lines.append(f"缺失 {FIELD_NAMES[name]}：{page}")
    return lines
