"""Measure the extractor: ``manage.py extract_report tests/fixtures/extract_corpus``.

Prints per field how many pages were read right, wrong or not at all (``library.corpus``).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosure.library.corpus import report_lines, score_corpus


class Command(BaseCommand):
    help = "按字段统计元数据识别的正确、错误和缺失数（语料目录需有 manifest.json）"

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not (folder / "manifest.json").is_file():
            raise CommandError(f"「{folder}」中没有 manifest.json。")
        for line in report_lines(score_corpus(folder)):
            self.stdout.write(line)
