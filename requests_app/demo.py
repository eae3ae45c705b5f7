"""Demo 依申请公开 requests in every status, for `manage.py load_demo`.

Idempotent: each request is keyed by its fixed tracking number and skipped when it
exists. Dates are relative to today so the dashboard shows new, due-soon, overdue,
stopped and closed requests; every step goes through requests_app.steps.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Organization
from catalog.workdays import WorkCalendar
from requests_app import steps
from requests_app.models import InformationRequest, ReviewCase
from requests_app.outcomes import Outcome

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(n: int) -> str:
    """A well-formed, invented 居民身份证 number (GB 11643 check character)."""
    first17 = f"37150219850101{n:03d}"
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def _applicant(n: int, name: str, **overrides) -> dict:
    fields = {
        "applicant_type": "person",
        "name": name,
        "id_type": InformationRequest.IdType.RESIDENT_ID,
        "id_number": _resident_id(n),
        "phone": f"1380635{n:04d}",
        "email": f"applicant{n}@example.com",
        "postal_address": f"聊城市东昌府区柳园路{n}号",
        "postal_code": "252000",
        "form": InformationRequest.Form.ELECTRONIC,
        "delivery": InformationRequest.Delivery.EMAIL,
        "channel": InformationRequest.Channel.IN_PERSON,
    }
    fields.update(overrides)
    return fields


def _company(n: int, name: str, kind: str, **overrides) -> dict:
    return _applicant(
        n,
        name,
        applicant_type="organization",
        organization_kind=kind,
        id_type="",
        id_number="",
        credit_code=f"91371500MA3C{n:05d}X"[:18],
        legal_representative="李四",
        **overrides,
    )


def load(orgs: dict[str, Organization], stdout=None) -> list[InformationRequest]:
    """Create the demo requests (one story per status) for the demo agencies."""
    User = get_user_model()
    calendar = WorkCalendar()
    today = timezone.localdate()
    year = today.year

    def back(n: int) -> datetime.date:
        """The n-th working day before today."""
        day, counted = today, 0
        while counted < n:
            day -= datetime.timedelta(days=1)
            if calendar.is_working_day(day):
                counted += 1
        return day

    def staff(slug: str):
        return User.objects.get(username=f"{slug}_staff")

    def head(slug: str):
        return User.objects.get(username=f"{slug}_head")

    created: list[InformationRequest] = []

    def story(code: str, slug: str, received_ago: int | None, fields: dict, actions=()):
        tracking = f"YSQ-{year}-DEM{code}"
        if InformationRequest.objects.filter(tracking_number=tracking).exists():
            return
        org, by = orgs[slug], staff(slug)
        fields = {"description": "（演示）" + fields.pop("description"), **fields}
        if received_ago is None:
            req = steps.submit_online(
                org, idempotency_key=f"demo-{tracking}", tracking_number=tracking, **fields
            )
        else:
            req = steps.register_received(
                org, by=by, received_on=back(received_ago), tracking_number=tracking, **fields
            )
        for step in actions:
            result = step(req, by)
            if isinstance(result, InformationRequest):
                req = result
        created.append(req)

    def assign(req, by):
        return steps.assign(req, by=by, handler=by)

    story(
        "PNDNG",
        "lcs",
        None,
        _applicant(1, "王小明", channel="online", description="2025年市政府常务会议纪要目录"),
    )
    story(
        "RGSTD",
        "lcszfb",
        1,
        _applicant(2, "刘芳", description="城区老旧小区改造项目清单", channel="letter"),
    )
    story(
        "SXXNG",
        "fgw",
        17,
        _company(3, "聊城某某能源有限公司", "business", description="某光伏项目核准文件"),
        [assign],
    )
    story(
        "XVRDE",
        "jyj",
        25,
        _applicant(4, "赵强", description="2025年义务教育阶段学区划分依据"),
        [assign],
    )
    story(
        "CLRFY",
        "czj",
        3,
        _applicant(5, "孙丽", description="关于那笔补助资金的文件"),
        [
            assign,
            lambda r, by: steps.request_clarification(
                r,
                by=by,
                items=["请写明补助资金的名称、年度或文号"],
                reply_by=today + datetime.timedelta(days=15),
                on=back(1),
            ),
        ],
    )
    story(
        "THRDP",
        "sthjj",
        5,
        _company(6, "聊城某某律师事务所", "legal_service", description="某企业排污许可证副本"),
        [
            assign,
            lambda r, by: steps.consult_third_party(
                r, by=by, party="聊城某某化工有限公司", on=back(2), concern="可能涉及商业秘密"
            ),
        ],
    )
    story(
        "GNCYC",
        "dcfq",
        4,
        _applicant(7, "周杰", description="某道路拓宽工程征收补偿方案"),
        [
            assign,
            lambda r, by: steps.consult_other_agency(
                r, by=by, agency="聊城市自然资源和规划局", on=back(1)
            ),
        ],
    )
    story(
        "FEEAA",
        "lys",
        6,
        _applicant(
            8, "吴敏", description="近五年全部行政处罚决定书", form="paper", delivery="post"
        ),
        [
            assign,
            lambda r, by: steps.issue_fee_notice(
                r, by=by, method="per_page", pages=200, on=back(2)
            ),
        ],
    )
    story(
        "XTNDD",
        "lyszfb",
        15,
        _applicant(9, "郑伟", description="某安置小区建设项目全部审批材料"),
        [
            assign,
            lambda r, by: steps.extend(
                r,
                by=by,
                approver=head("lyszfb"),
                days=15,
                reason="涉及多个部门，需调取档案",
                on=back(1),
            ),
        ],
    )
    story(
        "RSNBL",
        "fgw",
        8,
        _applicant(10, "钱军", description="2000年以来全部政府投资项目批复"),
        [
            assign,
            lambda r, by: steps.set_reasonable_date(
                r,
                by=by,
                date=today + datetime.timedelta(days=60),
                reason="申请涉及二十余年的全部批复，数量明显超过合理范围",
                on=back(2),
            ),
        ],
    )
    story(
        "RPLYD",
        "lcs",
        10,
        _company(11, "聊城某某研究院", "research", description="2025年政府工作报告重点任务分工"),
        [
            assign,
            lambda r, by: steps.reply(
                r,
                by=by,
                outcome=Outcome.DISCLOSED,
                reply_type="already_public",
                details={"publication_location": "聊城市人民政府门户网站“政府信息公开”栏目"},
                on=back(1),
            ),
        ],
    )
    story(
        "DLVRD",
        "fgw",
        12,
        _applicant(12, "冯雪", description="某产业园区规划环评报告"),
        [
            assign,
            lambda r, by: steps.reply(
                r,
                by=by,
                outcome=Outcome.PARTIAL,
                details={
                    "withheld_parts": [
                        {
                            "part": "附件3企业工艺参数",
                            "ground": "third_party",
                            "reason": "涉及商业秘密，第三方不同意公开",
                        }
                    ]
                },
                on=back(3),
            ),
            lambda r, by: steps.deliver(r, by=by, method="email", on=back(2)),
        ],
    )
    story(
        "WTHLD",
        "sthjj",
        9,
        _applicant(13, "陈刚", description="某次环境执法检查的内部讨论记录"),
        [
            assign,
            lambda r, by: steps.reply(
                r,
                by=by,
                outcome=Outcome.PROCESS_INFORMATION,
                details={"withhold_reason": "属于讨论记录，依据第十六条第二款不予公开"},
                on=back(1),
            ),
        ],
    )
    story(
        "NCLRF",
        "jyj",
        30,
        _applicant(14, "褚红", description="那个文件"),
        [
            lambda r, by: steps.request_clarification(
                r, by=by, items=["请写明文件名称或文号"], reply_by=back(10), on=back(28)
            ),
            lambda r, by: steps.close_for_no_clarification(r, by=by, on=back(8)),
        ],
    )
    story(
        "NPAID",
        "czj",
        35,
        _applicant(
            15, "卫东", description="近十年全部财政专项资金拨付凭证", form="paper", delivery="post"
        ),
        [
            assign,
            lambda r, by: steps.issue_fee_notice(
                r, by=by, method="per_page", pages=500, on=back(30)
            ),
            lambda r, by: steps.close_for_unpaid_fee(r, by=by, on=back(5)),
        ],
    )

    def review(r, by):
        case = steps.record_review(
            r, by=by, kind=ReviewCase.Kind.REVIEW, filed_on=back(5), body="聊城市人民政府"
        )
        steps.record_review_result(case, by=by, result=ReviewCase.Result.UPHELD, on=back(1))

    story(
        "RCHVD",
        "lcs",
        40,
        _company(16, "聊城某某公益基金会", "nonprofit", description="某福利彩票公益金使用情况"),
        [
            assign,
            lambda r, by: steps.reply(
                r,
                by=by,
                outcome=Outcome.NOT_HELD,
                reply_type="not_responsible",
                details={
                    "responsible_agency": "聊城市民政局",
                    "responsible_agency_contact": "0635-8888888，聊城市东昌府区某路1号",
                },
                on=back(30),
            ),
            lambda r, by: steps.deliver(r, by=by, method="post", on=back(28)),
            lambda r, by: steps.archive(r, by=by, on=back(20)),
            review,
        ],
    )
    if stdout is not None:
        stdout.write(f"依申请公开演示数据：新建 {len(created)} 件申请。")
    return created
