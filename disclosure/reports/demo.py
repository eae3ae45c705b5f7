"""Demo 年度报告: the main agency's report on last year (2025), computed and published.

A year of the 聊城市人民政府's requests is built through ``requests_app.steps`` (with
its letters) and a 规章 and a 规范性文件 of 2025 through ``disclosure.publishing.steps``;
then the report is made with ``disclosure.reports.services`` like staff would: draft,
entered figures, texts, one override with its reason, publish. Idempotent: keyed by
tracking numbers, titles and the report's (agency, year).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from catalog.models import Genre, Organization, Theme
from disclosure.library.models import Document
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing
from disclosure.reports import national_format as fmt
from disclosure.reports import services as reports
from disclosure.reports.models import AnnualReport
from requests_app import steps
from requests_app.models import InformationRequest, ReviewCase
from requests_app.outcomes import Outcome

D = datetime.date
YEAR = 2025

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(n: int) -> str:
    first17 = f"37150219900101{n:03d}"
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def _person(n: int, name: str, description: str) -> dict:
    return {
        "applicant_type": "person",
        "name": name,
        "id_type": InformationRequest.IdType.RESIDENT_ID,
        "id_number": _resident_id(n),
        "phone": f"1390635{n:04d}",
        "email": f"nb{n}@example.com",
        "postal_address": f"聊城市东昌府区兴华路{n}号",
        "postal_code": "252000",
        "form": InformationRequest.Form.ELECTRONIC,
        "delivery": InformationRequest.Delivery.EMAIL,
        "channel": InformationRequest.Channel.IN_PERSON,
        "description": "（演示）" + description,
    }


def _company(n: int, name: str, kind: str, description: str) -> dict:
    return {
        **_person(n, name, description),
        "applicant_type": "organization",
        "organization_kind": kind,
        "id_type": "",
        "id_number": "",
        "credit_code": f"91371500MA3D{n:05d}X"[:18],
        "legal_representative": "王五",
    }


def _requests(org: Organization, by, approver) -> None:
    """The 2025 requests of the main agency, one story each (skipped when they exist)."""

    def story(code, received_on, fields, *actions):
        tracking = f"YSQ-{YEAR}-NB{code}"
        if InformationRequest.objects.filter(tracking_number=tracking).exists():
            return
        req = steps.register_received(
            org, by=by, received_on=received_on, tracking_number=tracking, **fields
        )
        for step in actions:
            result = step(req)
            if isinstance(result, InformationRequest):
                req = result

    def reply(outcome, on, reply_type=None, **details):
        return lambda r: steps.reply(
            r, by=by, outcome=outcome, reply_type=reply_type, details=details, on=on
        )

    story(
        "01",
        D(2024, 12, 23),
        _person(1, "李明", "2024年城区道路改造计划"),
        reply(Outcome.DISCLOSED, D(2025, 1, 10)),
    )
    story(
        "02",
        D(2025, 2, 10),
        _person(2, "张华", "2025年政府工作报告"),
        reply(
            Outcome.DISCLOSED,
            D(2025, 2, 12),
            "already_public",
            publication_location="聊城市人民政府门户网站“政府信息公开”栏目",
        ),
    )
    story(
        "03",
        D(2025, 3, 3),
        _company(3, "聊城某某建设有限公司", "business", "某片区改造项目招标文件"),
        reply(
            Outcome.PARTIAL,
            D(2025, 3, 24),
            withheld_parts=[
                {
                    "part": "投标人报价明细",
                    "ground": "third_party",
                    "reason": "涉及投标人商业秘密",
                }
            ],
        ),
    )
    story(
        "04",
        D(2025, 3, 17),
        _company(4, "聊城某某规划研究院", "research", "1980年代城市总体规划原件"),
        reply(Outcome.NOT_HELD, D(2025, 4, 3)),
    )
    story(
        "05",
        D(2025, 4, 7),
        _person(5, "赵丽", "某次市政府专题会议的讨论记录"),
        reply(
            Outcome.PROCESS_INFORMATION,
            D(2025, 4, 25),
            withhold_reason="属于讨论记录，依据条例第十六条第二款不予公开",
        ),
        lambda r: steps.record_review_result(
            steps.record_review(
                r, by=by, kind=ReviewCase.Kind.REVIEW, filed_on=D(2025, 6, 3), body="山东省人民政府"
            ),
            by=by,
            result=ReviewCase.Result.UPHELD,
            on=D(2025, 8, 12),
        ),
    )
    story(
        "06",
        D(2025, 5, 12),
        _company(6, "聊城某某律师事务所", "legal_service", "某企业环境行政许可申请材料"),
        lambda r: steps.consult_third_party(
            r, by=by, party="聊城某某化工有限公司", on=D(2025, 5, 14), concern="可能涉及商业秘密"
        ),
        lambda r: steps.receive_third_party_opinion(
            r, by=by, on=D(2025, 5, 26), opinion="不同意公开", agrees=False
        ),
        reply(
            Outcome.THIRD_PARTY_RIGHTS,
            D(2025, 6, 9),
            withhold_reason="第三方不同意公开，公开会对第三方合法权益造成损害",
        ),
    )
    story(
        "07",
        D(2025, 6, 9),
        _person(7, "孙强", "那个文件"),
        lambda r: steps.request_clarification(
            r, by=by, items=["请写明文件名称或文号"], reply_by=D(2025, 6, 24), on=D(2025, 6, 11)
        ),
        lambda r: steps.close_for_no_clarification(r, by=by, on=D(2025, 6, 30)),
    )
    story(
        "08",
        D(2025, 6, 16),
        _company(8, "聊城某某公益基金会", "nonprofit", "2020年以来全部社会救助资金拨付明细"),
        lambda r: steps.extend(
            r, by=by, approver=approver, days=15, reason="需调取多年档案", on=D(2025, 7, 10)
        ),
        reply(Outcome.DISCLOSED, D(2025, 7, 28)),
    )
    story(
        "09",
        D(2025, 7, 7),
        _person(9, "周强", "投诉某小区物业乱收费"),
        reply(Outcome.COMPLAINT, D(2025, 7, 14), proper_channel="12345政务服务便民热线"),
    )
    story(
        "10",
        D(2025, 8, 4),
        _company(10, "聊城某某商贸中心", "other", "某处房产的不动产登记资料"),
        reply(
            Outcome.ADMINISTRATIVE_QUERY,
            D(2025, 8, 11),
            special_record_type="不动产登记资料",
            special_law="《不动产登记暂行条例》",
            special_route="请到聊城市不动产登记中心查询",
        ),
    )
    story(
        "11",
        D(2025, 9, 1),
        {
            **_person(11, "吴刚", "近十年全部市政府常务会议纪要"),
            "form": InformationRequest.Form.PAPER,
            "delivery": InformationRequest.Delivery.POST,
        },
        lambda r: steps.issue_fee_notice(r, by=by, method="per_page", pages=120, on=D(2025, 9, 3)),
        lambda r: steps.record_payment(r, by=by, on=D(2025, 9, 10)),
        reply(Outcome.DISCLOSED, D(2025, 9, 26)),
    )
    story(
        "12",
        D(2025, 11, 3),
        _person(12, "郑红", "2025年政府工作报告"),
        reply(
            Outcome.REPEATED,
            D(2025, 11, 10),
            previous_reply_on=D(2025, 2, 12),
            previous_letter_number="市政府依申请答〔2025〕1号",
        ),
    )
    # Received late in December: carried over into 2026.
    story(
        "13",
        D(2025, 12, 22),
        _person(13, "冯军", "2025年度财政决算公开情况"),
        reply(Outcome.DISCLOSED, D(2026, 1, 9)),
    )


def _documents(org: Organization, by) -> None:
    """A 规章 and a 规范性文件 issued in 2025."""
    genres = {g.name: g for g in Genre.objects.all()}
    theme = Theme.objects.get(name="综合政务")

    def doc(title, number, genre, written, published):
        document = Document.objects.filter(organization=org, title=title).first()
        if document is not None:
            return document
        document = Document(
            organization=org,
            title=title,
            doc_number=number,
            theme=theme,
            genre=genres[genre],
            written_on=written,
            body=f"<p>（演示）{title}全文。</p>",
        )
        document.full_clean()
        document.save()
        publishing.submit_for_review(document, by=by)
        return publishing_demo.approve(document, on=published)

    doc(
        "聊城市城市供水和节约用水管理办法",
        "聊政令〔2025〕42号",
        "规章",
        D(2025, 4, 18),
        D(2025, 4, 21),
    )
    doc(
        "聊城市政府信息公开申请办理规范",
        "聊政规〔2025〕3号",
        "规范性文件",
        D(2025, 8, 20),
        D(2025, 8, 22),
    )


TEXTS = {
    "overview": (
        "2025年，聊城市人民政府深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，围绕市委、市政府中心工作，持续深化政务公开，提升政府透明度。\n"
        "（一）主动公开。全年通过政府门户网站主动公开政府信息，规章和行政规范性文件全部在"
        "政策文件库集中公开，并同步发布政策解读。\n"
        "（二）依申请公开。严格执行登记、补正、答复各环节法定时限，答复文书统一编号、统一格式。\n"
        "（三）政府信息管理。动态调整主动公开目录，开展规范性文件清理。\n"
        "（四）平台建设。政府信息公开专栏按照统一标准建设，支持检索、查阅、下载。\n"
        "（五）监督保障。将政务公开纳入绩效考核，开展业务培训。"
    ),
    "improvements": (
        "2024年度报告所列问题：部分依申请公开答复文书格式不统一。\n"
        "改进情况：2025年起答复文书由平台按统一模板生成并统一编号，已全部规范。"
    ),
    "problems": (
        "一是部分部门政策解读形式较为单一；二是依申请公开办理中征求意见耗时较长。\n"
        "下一步，将丰富图解、视频等解读形式，完善征求意见工作机制。"
    ),
    "other_matters": (
        "（一）收取信息处理费情况：见本部分所列统计数据。\n"
        "（二）2025年政务公开工作要点落实情况：已按要求全部完成。\n"
        "（三）人大代表建议和政协提案办理结果公开情况：全年公开建议提案办理复文。"
    ),
}


def load(orgs: dict[str, Organization], stdout=None) -> AnnualReport | None:
    org = orgs["lcs"]
    existing = AnnualReport.objects.filter(organization=org, year=YEAR).first()
    if existing is not None:
        return existing
    User = get_user_model()
    by = User.objects.get(username="lcs_staff")
    approver = User.objects.get(username=f"{org.slug}_head")
    _documents(org, User.objects.get(username="admin"))
    _requests(org, by, approver)

    report = reports.create_draft(org, YEAR, by=by)
    reports.update(
        report,
        by=by,
        licensing_decisions=1862,
        penalty_decisions=0,
        enforcement_decisions=0,
        administrative_fees="0",
        **TEXTS,
    )
    reports.override(
        report,
        by=by,
        cell=fmt.t4("review", "corrected"),
        value=1,
        reason="一件行政复议由省政府直接受理、未经本平台登记，复议决定确认答复程序违法",
    )
    report = publishing.publish(report, by=by, on=D(2026, 3, 20))
    if stdout is not None:
        stdout.write(f"年度报告演示数据：已公布{report}。")
    return report
