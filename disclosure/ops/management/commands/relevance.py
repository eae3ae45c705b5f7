"""Precision at 10 and known-item success of the 政策文件库 search: ``manage.py relevance``.

The labelled set is written among the documents in the database and rolled back
afterwards (:mod:`disclosure.ops.relevance`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from disclosure.ops import relevance


class Command(BaseCommand):
    help = "用标注的查询集测量政策文件库检索的相关度（前10条准确率、已知条目命中率）"

    def add_arguments(self, parser):
        parser.add_argument("--verbose-queries", action="store_true", help="逐条列出查询结果")

    def handle(self, *args, **options):
        outcomes, bench = relevance.run()
        if options["verbose_queries"]:
            for o in outcomes:
                mark = "✓" if o.first_ok else "✗"
                self.stdout.write(
                    f"{mark} P@10={o.precision:.2f} 「{o.query}」 → {' '.join(o.found[:5])}"
                    f" （期望 {' '.join(o.expected)}）"
                )
        figures = relevance.summary(outcomes)
        self.stdout.write(
            f"标注查询 {figures['queries']} 条：前10条准确率 {figures['precision_at_10']:.3f}，"
            f"已知条目首位命中率 {figures['known_item_rate']:.3f}，"
            f"主题查询首位命中率 {figures['topic_first_rate']:.3f}"
        )
        for kind, (hit, asked) in bench.items():
            if asked:
                self.stdout.write(
                    f"测试文件按{kind}检索，首位命中 {hit}/{asked}（{hit / asked:.0%}）"
                )
