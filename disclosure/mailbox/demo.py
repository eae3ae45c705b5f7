"""Demo 网上留言 and 「我为政府网站找错」 reports across the city government (领导信箱, lcs)
and the education bureau (jyj), with the environment bureau (sthjj) as a routing target:

- 待审查: a new letter to the 领导信箱;
- 待办理: an accepted complex letter of the education bureau, and one routed from the
  领导信箱 to the environment bureau and handed back once, now at the city again;
- 已答复: a letter routed to the education bureau and answered there, published with
  the writer's consent and rated 满意; an answered one not published (no consent), rated
  不满意;
- 已告知其他渠道: a 信访 matter closed with a reply saying where and why;
- 不予受理: an advertisement;
- a valid letter unanswered for 70 days (the 60-day alarm list shows it);
- three error reports: one handled on time, one handled late, one open.

Idempotent: letters are keyed by their submission key (``workflow.submit`` returns the
letter already stored), error reports by their number; the steps run only for a letter
just received. Demo writers are invented; their data never reaches a public page.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.workdays import add_working_days
from disclosure.mailbox import workflow
from disclosure.mailbox.models import Complexity, ErrorReport, Letter, Rating, Referral

WRITERS = [("周明", "13905350001"), ("吴丽", "13905350002"), ("郑强", "13905350003")]


def _user(slug: str):
    return get_user_model().objects.get(username=f"{slug}_staff")


def _received(key: str, org, days_ago: int, *, kind: str, title: str, body: str, n: int, **kw):
    """The letter keyed ``key``, received ``days_ago`` days ago; (letter, created)."""
    name, phone = WRITERS[n % len(WRITERS)]
    letter = workflow.submit(
        org,
        kind=kind,
        title=title,
        body=body,
        name=name,
        phone=phone,
        submission_key=f"demo-mailbox-{key}",
        **kw,
    )
    # Just received by this run: only the receipt is in its log, dated today.
    created = (
        letter.status == Letter.Status.PENDING
        and letter.events.count() == 1
        and letter.received_on == timezone.localdate()
    )
    if created and days_ago:
        # Demo only: the letter arrived earlier; its due date follows the receipt date.
        received_on = timezone.localdate() - datetime.timedelta(days=days_ago)
        Letter.objects.filter(pk=letter.pk).update(
            received_on=received_on,
            received_at=letter.received_at - datetime.timedelta(days=days_ago),
            due_on=workflow.due_on_for(received_on, Complexity.SIMPLE),
        )
        letter.refresh_from_db()
    return letter, created


def _after(letter, working_days: int) -> datetime.date:
    return min(add_working_days(letter.received_on, working_days), timezone.localdate())


def load(orgs, stdout=None) -> None:
    city, edu, env = orgs["lcs"], orgs["jyj"], orgs["sthjj"]
    city_staff, edu_staff, env_staff = _user("lcs"), _user("jyj"), _user("sthjj")

    _received(
        "new",
        city,
        0,
        kind="suggestion",
        title="建议在东昌湖周边增设公共厕所",
        body="东昌湖环湖步道游客多，公共厕所较少，建议增设。",
        n=0,
        may_publish=True,
    )

    letter, created = _received(
        "complex",
        edu,
        2,
        kind="consult",
        title="关于义务教育学区划分的咨询",
        body="新建小区的学区如何确定？何时公布？",
        n=1,
    )
    if created:
        workflow.accept(letter, by=edu_staff, complexity=Complexity.COMPLEX)

    letter, created = _received(
        "handed-back",
        city,
        3,
        kind="complaint",
        title="反映夜间施工噪音扰民问题",
        body="某工地夜间十一点后仍在施工，噪音很大。",
        n=2,
    )
    if created:
        workflow.accept(letter, by=city_staff)
        workflow.route(letter, by=city_staff, to=env)
        workflow.hand_back(
            letter, by=env_staff, reason="建筑施工噪音由住房城乡建设部门管理，请改转住建部门。"
        )

    letter, created = _received(
        "published",
        city,
        20,
        kind="consult",
        title="咨询中小学课后服务收费标准",
        body="孩子所在小学开展课后服务，想了解收费标准和依据。",
        n=0,
        may_publish=True,
    )
    if created:
        workflow.accept(letter, by=city_staff)
        workflow.route(letter, by=city_staff, to=edu, note="属教育部门职责。")
        workflow.answer(
            letter,
            by=edu_staff,
            on=_after(letter, 2),
            reply="课后服务收费标准按《聊城市中小学课后服务管理办法》执行，由学校公示，家长自愿参加。",
        )
        workflow.publish(letter, by=edu_staff, on=_after(letter, 3))
        workflow.rate(letter, rating=Rating.SATISFIED, comment="答复清楚。")

    letter, created = _received(
        "answered",
        edu,
        35,
        kind="help",
        title="求助：孩子转学手续如何办理",
        body="因工作调动需转学，请问需要哪些材料？",
        n=1,
    )
    if created:
        workflow.accept(letter, by=edu_staff)
        workflow.answer(
            letter,
            by=edu_staff,
            on=_after(letter, 3),
            reply="请携带户口簿、居住证明到转入学校所在县（市、区）教育部门办理。",
        )
        workflow.rate(letter, rating=Rating.UNSATISFIED, comment="希望能网上办理。")

    letter, created = _received(
        "petition",
        city,
        10,
        kind="complaint",
        title="反映拆迁补偿问题",
        body="对房屋征收补偿决定不服，多次反映未解决。",
        n=2,
    )
    if created:
        workflow.refer(
            letter,
            by=city_staff,
            referral=Referral.PETITION,
            on=_after(letter, 1),
            reply="您反映的问题属于信访事项，根据《信访工作条例》，请向聊城市信访局提出，"
            "地址：聊城市东昌府区；对征收补偿决定不服的，也可依法申请行政复议或提起诉讼。",
        )

    letter, created = _received(
        "invalid",
        city,
        5,
        kind="consult",
        title="优惠促销广告信息推广",
        body="本店全场五折，欢迎选购。",
        n=0,
    )
    if created:
        workflow.reject(letter, by=city_staff, reason="内容为商业广告，与政务无关。")

    letter, created = _received(
        "alarm",
        edu,
        70,
        kind="suggestion",
        title="建议增加学校周边交通疏导",
        body="上下学时段学校门口拥堵严重。",
        n=1,
    )
    if created:
        workflow.accept(letter, by=edu_staff)

    today = timezone.localdate()
    for number, days_ago, handled_after in (
        ("ZC-DEMO-0001", 30, 2),
        ("ZC-DEMO-0002", 20, 6),
        ("ZC-DEMO-0003", 1, None),
    ):
        if ErrorReport.objects.filter(number=number).exists():
            continue
        received_on = today - datetime.timedelta(days=days_ago)
        report = workflow.record_error_report(
            city,
            by=city_staff,
            number=number,
            received_on=received_on,
            page_url="/xxgk/lcs/",
            problem="「政策解读」栏目链接打不开。",
        )
        if handled_after is not None:
            workflow.handle_error_report(
                report,
                by=city_staff,
                fix="已修复栏目链接。",
                answer="感谢您的指正，问题已整改。",
                on=min(add_working_days(received_on, handled_after), today),
            )
    if stdout is not None:
        stdout.write(
            f"网上留言：{Letter.objects.count()} 件；找错留言：{ErrorReport.objects.count()} 条"
        )
