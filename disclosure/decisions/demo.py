"""Demo 决策公开: consultations, a 重大行政决策事项目录 and 政府常务会议 records.

- a running consultation (市发展改革委, 重大行政决策), with a DOCX draft and two online
  comments not yet tagged; its period is kept running: when a later `load_demo` finds it
  over (and unanswered), it moves the period to start a week before that day;
- a finished consultation with its published feedback (市政府, 行政规范性文件): tagged
  comments, 主要观点, counts for letters and meetings, and the final document linked;
- a finished consultation with a short period and its reason, feedback overdue (so the
  staff page has a row);
- the city government's catalogs for 2022 and 2026, with links where they exist;
- three executive meetings of the city government over two years.

Idempotent: records are keyed by agency and title (comments by their submission key);
publishing, comments, tags and feedback go through disclosure.publishing.steps and
disclosure.decisions.consultations.
"""

from __future__ import annotations

import datetime
import io

import docx
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import Genre, Organization, Theme
from disclosure.decisions import consultations
from disclosure.decisions.models import (
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    DecisionCatalog,
    DecisionItem,
    DecisionStatus,
    Meeting,
    MeetingAttendance,
    MeetingTopic,
    Viewpoint,
)
from disclosure.library.models import Document, Interpretation
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

D = datetime.date
K = Consultation.Kind

RUNNING_TITLE = "《聊城市城区居民生活用水阶梯价格调整方案（征求意见稿）》公开征求意见"
FINISHED_TITLE = "《聊城市行政规范性文件制定和监督管理办法（征求意见稿）》公开征求意见"
SHORT_TITLE = "《聊城市中小学课后服务管理办法（征求意见稿）》公开征求意见"
FINAL_DOCUMENT_TITLE = "聊城市行政规范性文件制定和监督管理办法"  # in demo_documents
EVALUATION_TITLE = "《聊城市行政规范性文件制定和监督管理办法》执行效果评估报告"

CONTACT = (
    "1. 登录本网站「意见征集」栏目，在本页提交意见；\n"
    "2. 电子邮件：{email}（请在邮件主题注明“征求意见”）；\n"
    "3. 信函：{address}，邮编{postal}（请在信封上注明“征求意见”）。"
)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _draft_docx(title: str, paragraphs: list[str]) -> bytes:
    """The draft as a Word file, as agencies attach it."""
    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _consultation(organization, title: str, actor, on: datetime.date, **fields) -> Consultation:
    existing = Consultation.objects.filter(organization=organization, title=title).first()
    if existing is not None:
        return existing
    consultation = Consultation(
        organization=organization,
        title=title,
        created_by=actor,
        contact=CONTACT.format(
            email=organization.email,
            address=organization.postal_address,
            postal=organization.postal_code,
        ),
        **fields,
    )
    consultation.full_clean()
    consultation.save()
    publishing.submit_for_review(consultation, by=actor)
    return publishing_demo.approve(consultation, on=on)


def _comment(consultation, key: str, at: datetime.datetime, text: str, **contact) -> Comment:
    return consultations.submit_comment(
        consultation, idempotency_key=key, text=text, consent=True, at=at, **contact
    )


def running(orgs: dict[str, Organization], actor, today: datetime.date) -> Consultation:
    fgw = orgs["fgw"]
    starts = today - datetime.timedelta(days=7)
    consultation = _consultation(
        fgw,
        RUNNING_TITLE,
        actor,
        on=starts,
        kind=K.MAJOR,
        summary="拟调整城区居民生活用水第一、二、三阶梯水量和价格，向社会公开征求意见。",
        draft="<p>第一条 为促进节约用水，根据《城镇供水价格管理办法》，制定本方案。</p>"
        "<p>第二条 城区居民生活用水实行阶梯水价，第一阶梯年用水量不超过180立方米……</p>"
        "<p>第三条 多人口家庭可凭户口簿申请增加阶梯水量。</p>",
        explanation="<p>一、起草背景：现行阶梯水价自2021年执行，供水成本已发生较大变化。</p>"
        "<p>二、主要内容：调整阶梯水量和价格，完善多人口家庭政策。</p>"
        "<p>三、听证安排：本方案将依法举行价格听证会。</p>",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=34),
    )
    if consultation.ends_on < today and not consultation.feedback_published_on:
        # Keep the demo's running consultation running.
        Consultation.objects.filter(pk=consultation.pk).update(
            starts_on=starts, ends_on=starts + datetime.timedelta(days=34)
        )
        consultation.refresh_from_db()
    if not consultation.attachments.exists():
        attachment = ConsultationAttachment(
            consultation=consultation,
            kind=ConsultationAttachment.Kind.DRAFT,
            title="聊城市城区居民生活用水阶梯价格调整方案（征求意见稿）",
            file=ContentFile(
                _draft_docx(
                    "聊城市城区居民生活用水阶梯价格调整方案（征求意见稿）",
                    [
                        "第一条 为促进节约用水，制定本方案。",
                        "第二条 城区居民生活用水实行阶梯水价。",
                    ],
                ),
                name="zhengqiuyijiangao.docx",
            ),
        )
        attachment.full_clean()
        attachment.save()
    _comment(
        consultation,
        "demo-fgw-water-1",
        _at(consultation.starts_on + datetime.timedelta(days=1)),
        "建议第一阶梯水量按人均计算，照顾多人口家庭。",
        name="演示市民甲",
        phone="13800000001",
    )
    _comment(
        consultation,
        "demo-fgw-water-2",
        _at(consultation.starts_on + datetime.timedelta(days=2)),
        "希望公布供水成本监审报告，便于理解调价幅度。",
        email="demo-commenter@example.com",
    )
    return consultation


def finished(orgs: dict[str, Organization], actor) -> Consultation:
    lcs = orgs["lcs"]
    consultation = _consultation(
        lcs,
        FINISHED_TITLE,
        actor,
        on=D(2022, 6, 1),
        kind=K.NORMATIVE,
        summary="修订行政规范性文件管理办法，落实统一登记、统一编号、统一印发。",
        draft="<p>第一条 为规范行政规范性文件制定和监督管理工作，制定本办法。</p>"
        "<p>第十条 起草涉及群众切身利益的行政规范性文件，应当向社会公开征求意见。</p>",
        explanation="<p>本办法替代2018年印发的《聊城市行政规范性文件管理办法》，"
        "新增合法性审核时限和「三统一」要求。</p>",
        starts_on=D(2022, 6, 1),
        ends_on=D(2022, 6, 30),
    )
    points = [
        ("建议明确合法性审核的时限。", "已采纳，第十五条规定合法性审核一般不超过7个工作日。"),
        ("建议规范性文件统一在政府网站公开。", "已采纳，第二十条规定统一登记后在政府网站公布。"),
        (
            "建议取消有效期制度。",
            "未采纳：有效期制度是定期清理规范性文件的依据，予以保留。",
        ),
    ]
    viewpoints = [
        Viewpoint.objects.get_or_create(
            consultation=consultation,
            summary=summary,
            defaults={"response": response, "position": i},
        )[0]
        for i, (summary, response) in enumerate(points, start=1)
    ]
    comments = [
        # (key, day, text, contact, adoption, reason, viewpoint, excerpt)
        (
            "1",
            3,
            "合法性审核应规定期限，避免久拖不决。",
            {"phone": "13800000011"},
            Adoption.ADOPTED,
            "",
            0,
            "",
        ),
        (
            "2",
            5,
            "审核时限建议为5个工作日。",
            {"email": "demo2@example.com"},
            Adoption.PARTLY,
            "综合各方意见，时限定为一般不超过7个工作日。",
            0,
            "建议合法性审核时限为5个工作日。",
        ),
        (
            "3",
            8,
            "文件应当在政府网站统一公开。",
            {"phone": "13800000013", "name": "演示市民乙"},
            Adoption.ADOPTED,
            "",
            1,
            "",
        ),
        (
            "4",
            12,
            "有效期制度增加工作量，建议取消。",
            {"phone": "13800000014"},
            Adoption.NOT_ADOPTED,
            "有效期制度是定期清理规范性文件的依据，予以保留。",
            2,
            "建议取消规范性文件有效期制度。",
        ),
        (
            "5",
            20,
            "有效期到期前应提醒起草单位评估。",
            {"email": "demo5@example.com"},
            Adoption.ADOPTED,
            "",
            2,
            "",
        ),
        (
            "6",
            25,
            "建议增加城区道路限行规定。",
            {"phone": "13800000016"},
            Adoption.OUT_OF_SCOPE,
            "道路限行不属于本办法调整范围，已转交市公安局交警支队研究。",
            None,
            "建议增加城区道路限行规定。",
        ),
    ]
    for key, day, text, contact, adoption, reason, point, excerpt in comments:
        comment = _comment(
            consultation, f"demo-lcs-gfxwj-{key}", _at(D(2022, 6, day)), text, **contact
        )
        if not comment.adoption and not consultation.feedback_published_on:
            consultations.tag_comment(
                comment,
                by=actor,
                adoption=adoption,
                reason=reason,
                viewpoint=viewpoints[point] if point is not None else None,
                excerpt=excerpt,
            )
    if not consultation.feedback_published_on:
        Consultation.objects.filter(pk=consultation.pk).update(
            letter_count=3,
            meeting_count=8,
            feedback_summary=(
                "2022年6月1日至30日，市政府就《聊城市行政规范性文件制定和监督管理办法（征求意见稿）》"
                "向社会公开征求意见，并召开座谈会听取县（市、区）司法局和律师代表意见。"
                "起草单位逐条研究了收到的意见，采纳情况如下。"
            ),
        )
        consultation.refresh_from_db()
        consultation = consultations.publish_feedback(consultation, by=actor, on=D(2022, 8, 10))
    _draft_interpretation(consultation, actor)
    final = Document.objects.public().filter(organization=lcs, title=FINAL_DOCUMENT_TITLE).first()
    if final is not None and consultation.final_document_id is None:
        consultations.link_final_document(consultation, by=actor, document=final)
    return consultation


DRAFT_INTERPRETATION_TITLE = "《聊城市行政规范性文件制定和监督管理办法（征求意见稿）》起草说明解读"


def _draft_interpretation(consultation: Consultation, actor) -> Interpretation:
    """The draft-stage interpretation (起草阶段解读) the consultation links: the start of
    the policy's timeline on the final document's page."""
    existing = consultation.draft_interpretations.filter(title=DRAFT_INTERPRETATION_TITLE).first()
    if existing is not None:
        return existing
    interpretation = Interpretation(
        organization=consultation.organization,
        title=DRAFT_INTERPRETATION_TITLE,
        stage=Interpretation.Stage.DRAFT,
        form=Interpretation.Form.TEXT,
        summary="解读征求意见稿的起草背景、主要内容和需要重点听取意见的问题。",
        body="<h3>一、起草背景</h3><p>2018年办法施行以来……</p>"
        "<h3>二、主要内容</h3><p>新增合法性审核时限和「三统一」要求……</p>"
        "<h3>三、重点听取意见的问题</h3><p>有效期制度是否保留……</p>",
        created_by=actor,
    )
    interpretation.full_clean(exclude=["documents"])
    interpretation.save()
    consultation.draft_interpretations.add(interpretation)
    publishing.submit_for_review(interpretation, by=actor)
    return publishing_demo.approve(interpretation, on=consultation.starts_on)


def short_period(orgs: dict[str, Organization], actor) -> Consultation:
    return _consultation(
        orgs["jyj"],
        SHORT_TITLE,
        actor,
        on=D(2026, 9, 1),
        kind=K.NORMATIVE,
        summary="规范中小学课后服务时间、内容和收费，秋季学期开学前征求意见。",
        draft="<p>第一条 为规范中小学课后服务，减轻家长接送负担，制定本办法。</p>"
        "<p>第五条 课后服务结束时间原则上不早于当地正常下班时间。</p>",
        explanation="<p>本办法依据教育部有关课后服务的要求起草。</p>",
        starts_on=D(2026, 9, 1),
        ends_on=D(2026, 9, 15),
        short_period_reason="课后服务须在秋季学期开学后尽快实施，为不影响学生和家长，"
        "征求意见期限确定为15日。",
    )


def _document(organization, title: str, actor, *, on: datetime.date, **fields) -> Document:
    existing = Document.objects.filter(organization=organization, title=title).first()
    if existing is not None:
        return existing
    document = Document(organization=organization, title=title, created_by=actor, **fields)
    document.full_clean()
    document.save()
    publishing.submit_for_review(document, by=actor)
    return publishing_demo.approve(document, on=on)


def catalogs(orgs: dict[str, Organization], actor, running_c, finished_c, short_c) -> None:
    lcs = orgs["lcs"]
    decision = Document.objects.public().filter(organization=lcs, title=FINAL_DOCUMENT_TITLE)
    evaluation = _document(
        lcs,
        EVALUATION_TITLE,
        actor,
        on=D(2025, 4, 15),
        written_on=D(2025, 4, 10),
        summary="评估办法实施两年来合法性审核、「三统一」和有效期管理的执行效果。",
        body="<p>一、评估工作开展情况。二、执行效果。三、存在问题。四、意见建议。</p>",
        theme=Theme.objects.filter(name="综合政务").first(),
        genre=Genre.objects.filter(name="报告").first(),
    )
    rows = {
        2022: (
            D(2022, 2, 15),
            None,
            [
                (
                    "制定《聊城市行政规范性文件制定和监督管理办法》",
                    "市司法局",
                    "《中华人民共和国立法法》《重大行政决策程序暂行条例》",
                    "2022年9月",
                    False,
                    DecisionStatus.EVALUATING,
                    {
                        "consultation": finished_c,
                        "decision_document": decision.first(),
                        "evaluation_report": evaluation,
                    },
                ),
                (
                    "编制《聊城市“十四五”综合交通运输发展规划》",
                    "市交通运输局",
                    "《山东省综合交通运输发展“十四五”规划》",
                    "2022年6月",
                    False,
                    DecisionStatus.DECIDED,
                    {},
                ),
            ],
        ),
        2026: (
            D(2026, 2, 20),
            D(2026, 6, 10),
            [
                (
                    "调整城区居民生活用水阶梯价格",
                    "市发展改革委",
                    "《政府制定价格听证办法》《城镇供水价格管理办法》",
                    "2026年12月",
                    True,
                    DecisionStatus.CONSULTING,
                    {"consultation": running_c},
                ),
                (
                    "制定《聊城市中小学课后服务管理办法》",
                    "市教育和体育局",
                    "《中华人民共和国教育法》",
                    "2026年11月",
                    False,
                    DecisionStatus.CONSULTING,
                    {"consultation": short_c},
                ),
                (
                    "修订《聊城市生活垃圾分类管理办法》",
                    "市城市管理局",
                    "《中华人民共和国固体废物污染环境防治法》",
                    "2026年第四季度",
                    False,
                    DecisionStatus.NOT_STARTED,
                    {},
                ),
                (
                    "编制《聊城市国土空间生态修复规划》",
                    "市自然资源和规划局",
                    "《中华人民共和国土地管理法》",
                    "2026年12月",
                    True,
                    DecisionStatus.NOT_STARTED,
                    {},
                ),
            ],
        ),
    }
    for year, (published_on, adjusted_on, items) in rows.items():
        catalog, _ = DecisionCatalog.objects.get_or_create(
            organization=lcs,
            year=year,
            defaults={
                "is_published": True,
                "published_on": published_on,
                "adjusted_on": adjusted_on,
                "note": "依据《重大行政决策程序暂行条例》第三条编制，经市政府常务会议研究确定。",
            },
        )
        for position, (title, unit, basis, planned, hearing, status, links) in enumerate(
            items, start=1
        ):
            DecisionItem.objects.get_or_create(
                catalog=catalog,
                title=title,
                defaults={
                    "position": position,
                    "lead_unit": unit,
                    "basis": basis,
                    "planned_completion": planned,
                    "hearing_planned": hearing,
                    "status": status,
                    **links,
                },
            )


def meetings(orgs: dict[str, Organization]) -> None:
    lcs = orgs["lcs"]
    documents = {
        d.title: d for d in Document.objects.public().filter(organization__in=orgs.values())
    }
    interpretations = {i.title: i for i in Interpretation.objects.public()}
    specs = [
        {
            "title": "市政府第38次常务会议",
            "held_on": D(2025, 1, 20),
            "summary": "市长主持会议，副市长、秘书长出席。",
            "topics": [
                (
                    "研究2025年市级部门预算公开工作",
                    "会议要求各部门在人大批准后20日内公开部门预算，细化到经济分类款级科目。",
                    ["聊城市财政局关于公开2025年市级部门预算的公告"],
                    ["市财政局主要负责同志解读2025年市级部门预算"],
                ),
            ],
            "attendances": [],
        },
        {
            "title": "市政府第45次常务会议",
            "held_on": D(2026, 9, 18),
            "summary": "市长主持会议，副市长、秘书长出席，市发展改革委、市水务局负责同志列席。",
            "topics": [
                (
                    "研究《聊城市城区居民生活用水阶梯价格调整方案（征求意见稿）》",
                    "会议原则同意该征求意见稿，要求市发展改革委向社会公开征求意见并依法举行价格听证会。",
                    ["聊城市发展和改革委员会关于城市供水价格管理的实施意见"],
                    ["视频解读：居民生活用水阶梯水量标准调整"],
                ),
                (
                    "听取全市秋冬季安全生产工作情况汇报",
                    "会议要求压实企业主体责任，开展燃气、消防安全专项检查。",
                    [],
                    [],
                ),
            ],
            "attendances": [
                (
                    "public",
                    2,
                    "市民代表",
                    "建议多人口家庭增加阶梯水量，已在方案中采纳。",
                ),
                ("expert", 1, "价格领域专家", "建议公开供水成本监审结论，已采纳。"),
                ("media", 2, "市属新闻媒体", ""),
            ],
            "reading": "<p>会议研究的阶梯水价调整方案关系群众切身利益，"
            "方案将在公开征求意见和听证后再提请审议。</p>",
        },
        {
            "title": "市政府第46次常务会议",
            "held_on": D(2026, 10, 23),
            "summary": "市长主持会议。",
            "topics": [
                (
                    "研究《聊城市中小学课后服务管理办法》",
                    "会议要求市教育和体育局认真研究征求意见中反映的问题，修改完善后按程序印发。",
                    [],
                    [],
                ),
            ],
            "attendances": [
                ("stakeholder", 3, "家长和学校代表", "建议延长课后服务时间，正在研究。")
            ],
        },
    ]
    for spec in specs:
        meeting, created = Meeting.objects.get_or_create(
            organization=lcs,
            title=spec["title"],
            defaults={
                "held_on": spec["held_on"],
                "summary": spec["summary"],
                "reading": spec.get("reading", ""),
            },
        )
        if not created:
            continue
        for position, (title, decision, docs, interps) in enumerate(spec["topics"], start=1):
            topic = MeetingTopic.objects.create(
                meeting=meeting, position=position, title=title, decision=decision
            )
            topic.documents.set([documents[t] for t in docs if t in documents])
            topic.interpretations.set([interpretations[t] for t in interps if t in interpretations])
        for category, count, description, opinions in spec["attendances"]:
            MeetingAttendance.objects.create(
                meeting=meeting,
                category=category,
                count=count,
                description=description,
                opinions=opinions,
            )


def load(orgs: dict[str, Organization], stdout=None) -> None:
    actor = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    running_c = running(orgs, actor, today)
    finished_c = finished(orgs, actor)
    short_c = short_period(orgs, actor)
    catalogs(orgs, actor, running_c, finished_c, short_c)
    meetings(orgs)
    if stdout is not None:
        stdout.write(
            f"决策公开：意见征集 {Consultation.objects.count()} 项，"
            f"决策事项目录 {DecisionCatalog.objects.count()} 个，"
            f"常务会议 {Meeting.objects.count()} 次。"
        )
