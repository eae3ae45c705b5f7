"""The database going away under load, for real: ``make outage-drill``.

    manage.py outage_drill [--outage 6] [--readers 4] [--applications 6]

Keeps ``--readers`` clients requesting public pages under gunicorn (DEBUG off), stops the
PostgreSQL server for ``--outage`` seconds while ``--applications`` applications are sent
through the online form, starts it again, and fails unless every answer during the outage
was the 503 page, the site came back without a restart and no application was lost
(:mod:`disclosure.ops.drill` says exactly what is checked).

The embedded server is stopped and started with its own ``pg_ctl``; for another server give
``--stop-command`` and ``--start-command``. Refuses a database whose name lacks "bench"
unless ``--allow-any-database``. Requests go to 127.0.0.1 only and every loop is bounded.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from disclosure.ops import drill


class Command(BaseCommand):
    help = "压力下停启数据库：检查 503 页面、自动恢复、停库期间提交的申请不丢失"

    def add_arguments(self, parser):
        parser.add_argument("--outage", type=float, default=6, help="数据库停止的秒数")
        parser.add_argument("--before", type=float, default=5, help="停库前正常访问的秒数")
        parser.add_argument("--after", type=float, default=20, help="恢复后继续观察的秒数")
        parser.add_argument("--readers", type=int, default=4, help="并发访问公开页面的客户端数")
        parser.add_argument("--applications", type=int, default=6, help="停库期间提交的申请数")
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--stop-command", help="停止数据库的命令（默认：嵌入式服务器）")
        parser.add_argument("--start-command", help="启动数据库的命令（默认：嵌入式服务器）")
        parser.add_argument("--allow-any-database", action="store_true")

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not options["allow_any_database"]:
            raise CommandError(
                f"数据库「{name}」不是性能测试库：请用 make outage-drill（使用 portal_bench），"
                "或加 --allow-any-database。"
            )
        problems = drill.run(
            port=options["port"],
            outage=options["outage"],
            before=options["before"],
            after=options["after"],
            reader_count=options["readers"],
            application_count=options["applications"],
            stop_command=options["stop_command"],
            start_command=options["start_command"],
            stdout=self.stdout,
        )
        if problems:
            raise CommandError("演练未通过：\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("演练通过。"))
