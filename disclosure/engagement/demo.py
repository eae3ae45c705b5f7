"""Demo 政民互动 (2):

- 在线访谈: a past interview of the city government with its 文字实录 (questions shown and
  answered by two guests, one rejected), and an upcoming one of 市教育和体育局 taking
  questions (kept upcoming: a later ``load_demo`` that finds it over moves it a week on);
- the city's 政府开放计划 of the current year: one activity full (with a waiting list),
  one with places left (their times kept in the future the same way);
- the city's 公开承诺事项 of the current year: a task done, one running, one overdue;
- a 政务新媒体 matrix over three agencies, one account closed with its notice;
- two 政务公开专区.

Idempotent: records are keyed by agency and title (questions and sign-ups by their
submission key); publication, screening and sign-ups go through the workflow modules.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Organization
from disclosure.engagement import interviews, signups
from disclosure.engagement.models import (
    Activity,
    Commitment,
    CommitmentList,
    Guest,
    Interview,
    NewMediaAccount,
    OpenDayPlan,
    ProgressEntry,
    Question,
    ServiceHall,
)
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

PAST_TITLE = "优化营商环境 助力民营经济高质量发展"
UPCOMING_TITLE = "2026年义务教育招生入学政策解读"
DAY = datetime.timedelta(days=1)


def _publish(item, actor, on: datetime.date | None = None):
    if item.status == item.Status.DRAFT:
        publishing.submit_for_review(item, by=actor)
        item = publishing_demo.approve(item, on=on)
    return item


def _interview(org, title, actor, starts_at, **fields) -> Interview:
    interview = Interview.objects.filter(organization=org, title=title).first()
    if interview is None:
        interview = Interview(
            organization=org,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1, minutes=30),
            **fields,
        )
        interview.full_clean()
        interview.save()
    return interview


def _guests(interview, rows) -> list[Guest]:
    return [
        Guest.objects.get_or_create(
            interview=interview, name=name, defaults={"post": post, "position": n}
        )[0]
        for n, (name, post) in enumerate(rows, start=1)
    ]


def past_interview(orgs, actor, now) -> Interview:
    starts = timezone.localtime(now - 30 * DAY).replace(hour=9, minute=30, second=0, microsecond=0)
    interview = _interview(
        orgs["lcs"],
        PAST_TITLE,
        actor,
        starts,
        summary="市政府有关负责同志就优化营商环境、支持民营经济发展的政策措施与网友在线交流。",
    )
    guests = _guests(
        interview, [("王建国", "市人民政府副市长"), ("李明", "市发展和改革委员会主任")]
    )
    rows = [
        (
            "demo-ftzb-1",
            "企业开办现在最快需要多长时间？",
            guests[1],
            "全市企业开办已压缩至1个工作日内，全程网办。",
        ),
        (
            "demo-ftzb-2",
            "民营企业融资难，市里有什么支持政策？",
            guests[0],
            "设立了中小企业转贷基金，为企业提供低成本过桥资金。",
        ),
        (
            "demo-ftzb-3",
            "涉企检查太多，能否减少？",
            guests[1],
            "推行「综合查一次」，同一企业一年内同类检查原则上不超过一次。",
        ),
    ]
    if interview.status == interview.Status.DRAFT:
        interview = _publish(interview, actor, on=(starts - 7 * DAY).date())
        for key, text, guest, answer in rows:
            q = interviews.submit_question(
                interview,
                idempotency_key=key,
                text=text,
                phone="13800000011",
                name="演示网友",
                at=starts - DAY,
            )
            q = interviews.show(q, by=actor)
            interviews.answer(
                q, by=actor, guest=guest, text=answer, at=starts + datetime.timedelta(minutes=10)
            )
        spam = interviews.submit_question(
            interview,
            idempotency_key="demo-ftzb-spam",
            text="广告内容",
            phone="13800000012",
            at=starts - DAY,
        )
        interviews.reject(spam, by=actor, reason="与访谈主题无关的广告。")
    return interview


def upcoming_interview(orgs, actor, now) -> Interview:
    starts = timezone.localtime(now + 7 * DAY).replace(hour=15, minute=0, second=0, microsecond=0)
    interview = _interview(
        orgs["jyj"],
        UPCOMING_TITLE,
        actor,
        starts,
        summary="市教育和体育局负责同志解读今年义务教育招生入学政策，欢迎网友提前提问。",
    )
    if interview.has_ended(now):
        Interview.objects.filter(pk=interview.pk).update(
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=1, minutes=30)
        )
        interview.refresh_from_db()
    _guests(interview, [("张华", "市教育和体育局局长")])
    interview = _publish(interview, actor)
    q = interviews.submit_question(
        interview,
        idempotency_key="demo-ftzb-up-1",
        text="随迁子女入学需要准备哪些材料？",
        phone="13800000013",
    )
    if q.status == Question.Status.PENDING:
        interviews.show(q, by=actor)
    interviews.submit_question(
        interview,
        idempotency_key="demo-ftzb-up-2",
        text="学区划分什么时候公布？",
        email="demo-asker@example.com",
    )
    return interview


def open_days(orgs, actor, now) -> OpenDayPlan:
    year = timezone.localdate(now).year
    lcs = orgs["lcs"]
    plan, _ = OpenDayPlan.objects.get_or_create(
        organization=lcs,
        year=year,
        defaults={
            "title": f"聊城市{year}年政府开放活动计划",
            "intro": "走进政府机关，了解政务服务，欢迎市民朋友报名参加。",
        },
    )
    rows = [
        ("走进12345政务服务便民热线", orgs["lcszfb"], 14, 10, "市民中心三楼12345热线大厅"),
        ("走进城市污水处理厂", orgs["sthjj"], 21, 40, "聊城市第一污水处理厂"),
    ]
    activities = []
    for n, (theme, host, days, quota, place) in enumerate(rows, start=1):
        starts = timezone.localtime(now + days * DAY).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        activity = Activity.objects.filter(plan=plan, theme=theme).first()
        if activity is None:
            activity = Activity(
                plan=plan,
                theme=theme,
                host=host,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                place=place,
                quota=quota,
                per_person_limit=2,
                signup_closes_at=starts - 2 * DAY,
                position=n,
            )
            activity.full_clean()
            activity.save()
        elif activity.signup_closes_at <= now:
            Activity.objects.filter(pk=activity.pk).update(
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                signup_closes_at=starts - 2 * DAY,
            )
        activities.append(activity)
    plan = _publish(plan, actor)
    full, roomy = activities
    for n in range(1, 7):  # 5 × 2 people fill 10 places; the sixth waits
        signups.sign_up(
            full,
            name=f"演示市民{n}",
            phone=f"1380000{n:04d}",
            people=2,
            idempotency_key=f"demo-kfhd-full-{n}",
        )
    for n in range(1, 4):
        signups.sign_up(
            roomy,
            name=f"演示市民{n}",
            phone=f"1390000{n:04d}",
            people=1,
            idempotency_key=f"demo-kfhd-roomy-{n}",
        )
    return plan


def commitments(orgs, actor, today) -> CommitmentList:
    lcs = orgs["lcs"]
    clist, _ = CommitmentList.objects.get_or_create(
        organization=lcs,
        year=today.year,
        defaults={"title": f"{today.year}年度市政府重点工作任务公开承诺事项"},
    )
    rows = [
        (
            "新建、改扩建中小学幼儿园10所",
            today + 120 * DAY,
            "市教育和体育局",
            "局长",
            [
                (today - 60 * DAY, "10所学校全部开工。", False),
                (today - 5 * DAY, "10所学校全部建成并投入使用。", True),
            ],
        ),
        (
            "完成老旧小区改造50个",
            today + 90 * DAY,
            "市住房和城乡建设局",
            "局长",
            [
                (today - 30 * DAY, "已完成32个，其余18个正在施工。", False),
            ],
        ),
        (
            "建成城区公共停车泊位2000个",
            today - 15 * DAY,
            "市城市管理局",
            "副局长",
            [
                (today - 45 * DAY, "已建成1200个。", False),
            ],
        ),
    ]
    for n, (task, deadline, unit, post, entries) in enumerate(rows, start=1):
        commitment, _ = Commitment.objects.update_or_create(
            commitment_list=clist,
            task=task,
            defaults={
                "position": n,
                "deadline": deadline,
                "responsible_unit": unit,
                "responsible_post": post,
            },
        )
        for on, text, completes in entries:
            ProgressEntry.objects.update_or_create(
                commitment=commitment, text=text, defaults={"on": on, "completes": completes}
            )
    return _publish(clist, actor)


ACCOUNTS = [
    ("lcs", "wechat", "聊城发布", "liaochengfabu", datetime.date(2014, 3, 1), None, ""),
    ("lcs", "weibo", "聊城发布", "liaochengfabu_weibo", datetime.date(2012, 6, 1), None, ""),
    ("lcs", "douyin", "聊城发布", "lcfb2020", datetime.date(2020, 5, 20), None, ""),
    ("fgw", "wechat", "聊城发改", "lcfgw", datetime.date(2016, 8, 1), None, ""),
    ("jyj", "wechat", "聊城教育", "lcjyty", datetime.date(2015, 9, 1), None, ""),
    (
        "jyj",
        "weibo",
        "聊城教育微博",
        "lcjy_weibo",
        datetime.date(2013, 1, 10),
        datetime.date(2024, 12, 31),
        "因账号整合，「聊城教育微博」自2024年12月31日起停止更新并注销，"
        "相关信息请关注「聊城教育」微信公众号。",
    ),
]


def new_media(orgs) -> None:
    for slug, platform, name, account_id, opened, closed, notice in ACCOUNTS:
        NewMediaAccount.objects.update_or_create(
            platform=platform,
            account_id=account_id,
            defaults={
                "organization": orgs[slug],
                "name": name,
                "opened_on": opened,
                "closed_on": closed,
                "closing_notice": notice,
            },
        )


def service_halls(orgs) -> None:
    rows = [
        ("lcs", "聊城市民中心政务公开专区", "聊城市东昌府区东昌路1号市民中心一楼", "0635-8240001"),
        (
            "dcfq",
            "东昌府区政务服务中心政务公开专区",
            "东昌府区柳园路10号政务服务中心二楼",
            "0635-8240002",
        ),
    ]
    for slug, name, address, phone in rows:
        ServiceHall.objects.get_or_create(
            organization=orgs[slug],
            name=name,
            defaults={
                "address": address,
                "opening_hours": "工作日 9:00—12:00，13:30—17:00",
                "phone": phone,
                "services": "政府公报、政策文件查阅；政策咨询；政府信息公开申请受理。",
            },
        )


def load(orgs: dict[str, Organization], stdout=None) -> None:
    actor = get_user_model().objects.get(username="admin")
    now = timezone.now()
    past_interview(orgs, actor, now)
    upcoming_interview(orgs, actor, now)
    open_days(orgs, actor, now)
    commitments(orgs, actor, timezone.localdate(now))
    new_media(orgs)
    service_halls(orgs)
    if stdout is not None:
        stdout.write(
            f"政民互动：在线访谈 {Interview.objects.count()} 期，"
            f"开放活动 {Activity.objects.count()} 项，承诺事项 {Commitment.objects.count()} 项，"
            f"政务新媒体 {NewMediaAccount.objects.count()} 个，"
            f"政务公开专区 {ServiceHall.objects.count()} 个。"
        )
