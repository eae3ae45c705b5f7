"""Seed realistic PUBLISHED 主动公开 documents for benchmarks: ``manage.py seed_bench``.

    manage.py seed_bench --documents 100000   # top up to 100,000 bench documents
    manage.py seed_bench --clear              # remove every bench document and agency

The work is done by :mod:`disclosure.ops.seeding`.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from disclosure.ops.seeding import BATCH, clear, seed


class Command(BaseCommand):
    help = "生成性能测试用的已发布政策文件（可补足到指定数量，或全部清除）"

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, help="补足到的测试文件数量，如 100000")
        parser.add_argument("--clear", action="store_true", help="删除全部测试文件和测试机关")
        parser.add_argument("--seed", type=int, default=1, help="随机数种子（默认 1）")
        parser.add_argument("--batch", type=int, default=BATCH, help="每批写入的文件数")

    def handle(self, *args, **options):
        if options["clear"]:
            started = time.perf_counter()
            result = clear()
            self.stdout.write(
                self.style.SUCCESS(
                    f"已清除测试数据（用时 {time.perf_counter() - started:.1f} 秒）。"
                )
            )
            if result["kept"]:
                self.stdout.write(f"有 {result['kept']} 个测试机关仍有其他文件，未删除。")
            if options["documents"] is None:
                return
        target = options["documents"]
        if target is None:
            raise CommandError("请用 --documents N 指定测试文件数量，或用 --clear 清除。")
        if target < 0:
            raise CommandError("--documents 不能为负数。")
        stats = seed(target, seed_value=options["seed"], batch=options["batch"], stdout=self.stdout)
        if not stats["created"]:
            self.stdout.write(f"已有 {stats['existing']} 件测试文件，无需补充。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已新增 {stats['created']} 件测试文件（原有 {stats['existing']} 件），"
                f"废止或修改记录 {stats['relations']} 条，用时 {stats['seconds']:.1f} 秒"
                f"（其中生成 {stats['plan_seconds']:.1f} 秒）。"
            )
        )
