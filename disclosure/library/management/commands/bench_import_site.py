"""Time ``import_site`` on a generated column: ``manage.py bench_import_site --pages 10000``.

Generates PAGES pages in a temporary folder (two CMS layouts, half of them GB18030, a
PDF attachment every ``--attachment-every`` pages, links to the neighbouring pages),
imports them as drafts of a benchmark agency and prints the time per phase and the
estimate for 10,000 pages. Everything it wrote is rolled back (and the stored attachment
files deleted) unless ``--keep``.
"""

from __future__ import annotations

import datetime
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from pypdf import PdfWriter

from catalog.models import Organization
from disclosure.library import site_import
from disclosure.library.models import Attachment

JCMS = """<html><head><meta charset="utf-8"><title>{title}_基准市人民政府</title></head><body>
<div class="header"><a href="/">首页</a></div>
<div class="position">当前位置：首页 &gt; 政策文件</div>
<table><tr><td>索引号：</td><td>{index}</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>基准市人民政府办公室</td><td>成文日期：</td><td>{written}</td></tr>
<tr><td>标　　题：</td><td>{title}</td></tr>
<tr><td>发文字号：</td><td>基政办字〔{year}〕{n}号</td><td>发布日期：</td><td>{published}</td></tr>
</table><div id="zoom"><p>各县（市、区）人民政府，市政府各部门：</p>{paragraphs}
<p>参见<a href="{previous}">上一件文件</a>和<a href="{following}">下一件文件</a>。</p>{attachment}
<p>基准市人民政府办公室</p><p>{written_cn}</p><p>（此件公开发布）</p></div>
<div class="share">分享到：微信</div><div>【打印本页】【关闭窗口】</div>
<div class="footer">版权所有：基准市人民政府</div></body></html>
"""
TRS = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}</title></head><body><div id="nav">网站首页 信息公开</div>
<ul><li>索 引 号：</li><li>{index}</li><li>发文机关：</li><li>基准市人民政府</li>
<li>成文日期：</li><li>{written}</li><li>发布日期：</li><li>{published}</li>
<li>文　　号：</li><li>基政发〔{year}〕{n}号</li></ul><h1>{title}</h1>
<div class="trs_editor_view TRS_Editor"><p>各县（市、区）人民政府：</p>{paragraphs}
<p>参见<a href="{previous}">上一件文件</a>。</p>{attachment}<p>基准市人民政府</p>
<p>{written_cn}</p></div><div>【打印本页】【关闭窗口】</div></body></html>
"""
SENTENCE = "为进一步做好政务公开工作，推进决策、执行、管理、服务、结果公开，现就有关事项通知如下。"


def generate(root: Path, pages: int, attachment_every: int) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = root / "blank.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    pdf_bytes = pdf.read_bytes()
    pdf.unlink()

    def rel(n: int) -> str:
        return f"xxgk/{2015 + n % 10}/{n % 12 + 1:02d}/t{n:06d}.html"

    for n in range(pages):
        written = datetime.date(2015 + n % 10, n % 12 + 1, n % 28 + 1)
        path = root / rel(n)
        path.parent.mkdir(parents=True, exist_ok=True)
        attachment = ""
        if attachment_every and n % attachment_every == 0:
            (path.parent / f"P{n:06d}.pdf").write_bytes(pdf_bytes)
            attachment = f'<p>附件：<a href="P{n:06d}.pdf">第{n}号附件</a></p>'
        values = {
            "title": f"基准市人民政府办公室关于做好第{n}项政务公开工作的通知",
            "index": f"11000000MB0000000X/{written.year}-{n:05d}",
            "written": written.isoformat(),
            "published": (written + datetime.timedelta(days=3)).isoformat(),
            "written_cn": f"{written.year}年{written.month}月{written.day}日",
            "year": written.year,
            "n": n + 1,
            "paragraphs": "".join(f"<p>{i + 1}. {SENTENCE}</p>" for i in range(8)),
            "previous": "/" + rel((n - 1) % pages),
            "following": "/" + rel((n + 1) % pages),
            "attachment": attachment,
        }
        if n % 2:
            path.write_bytes(TRS.format(**values).encode("gb18030"))
        else:
            path.write_text(JCMS.format(**values), encoding="utf-8")


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "生成模拟栏目并计时 import_site（默认回滚写入的内容）"

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=1000)
        parser.add_argument("--attachment-every", type=int, default=10)
        parser.add_argument("--keep", action="store_true", help="保留导入的文件（默认回滚）")

    def handle(self, *args, **options):
        pages = options["pages"]
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            started = time.monotonic()
            generate(root, pages, options["attachment_every"])
            generated = time.monotonic() - started
            organization, _ = Organization.objects.get_or_create(
                slug="bench-import",
                defaults={
                    "name": "基准市人民政府办公室",
                    "credit_code": "11000000MB0000000X",
                    "kind": Organization.Kind.DEPARTMENT,
                    "level": Organization.Level.CITY,
                },
            )
            stored: list[str] = []
            started = time.monotonic()
            try:
                with transaction.atomic():
                    run = site_import.import_site(root, organization)
                    elapsed = time.monotonic() - started
                    stored = list(
                        Attachment.objects.filter(document__organization=organization).values_list(
                            "file", flat=True
                        )
                    )
                    if not options["keep"]:
                        raise Rollback
            except Rollback:
                storage = Attachment._meta.get_field("file").storage
                for name in stored:
                    storage.delete(name)
        created = run.count(site_import.CREATED)
        per_page = elapsed / max(pages, 1)
        self.stdout.write(
            f"生成 {pages} 个页面用时 {generated:.1f} 秒；导入用时 {elapsed:.1f} 秒"
            f"（每页 {per_page * 1000:.1f} 毫秒，新建 {created}，附件 {len(stored)}）。"
            f"按此推算 10000 个页面约 {per_page * 10000 / 60:.1f} 分钟。"
            + ("" if options["keep"] else "已回滚。")
        )
