"""Demo guide texts and disclosure rules. Idempotent."""

from __future__ import annotations

import datetime

from catalog.models import Organization
from disclosure.column.models import Guide, Regulation

CLASSIFICATION = (
    "本机关主动公开的政府信息按照《中华人民共和国政府信息公开条例》第二十条、第二十一条分类，"
    "在「法定主动公开内容」中按目录编排；政策文件在「政策文件库」中可按主题分类、体裁、"
    "成文日期和有效性检索。每条信息标注索引号、名称、内容概述和生成日期。"
)
HOW_TO_OBTAIN = (
    "（一）主动公开：通过本网站「政府信息公开」专栏、政府公报、新闻发布会以及档案馆、"
    "公共图书馆、政务服务中心设置的查阅场所获取。\n"
    "（二）依申请公开：公民、法人或者其他组织可通过本网站在线提交申请，也可当面、信函或传真提交"
    "书面申请。申请应当包括申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、"
    "文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。\n"
    "（三）能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长"
    "答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。"
)
OTHER = (
    "依申请提供政府信息不收取费用，但申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "按照《政府信息公开信息处理费管理办法》收取信息处理费。\n"
    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关"
    "或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。"
)


def load(orgs: dict[str, Organization], stdout=None) -> None:
    for org in orgs.values():
        Guide.objects.get_or_create(
            organization=org,
            updated_on=datetime.date(2025, 3, 1),
            defaults={
                "title": f"{org.name}政府信息公开指南",
                "classification": CLASSIFICATION,
                "how_to_obtain": HOW_TO_OBTAIN,
                "body": OTHER,
            },
        )
        Regulation.objects.get_or_create(
            organization=org,
            title=f"{org.name}政府信息公开保密审查制度",
            defaults={
                "published_on": datetime.date(2024, 6, 1),
                "body": (
                    "第一条 为规范政府信息公开保密审查工作，根据《中华人民共和国保守国家秘密法》"
                    "和《中华人民共和国政府信息公开条例》，制定本制度。\n"
                    "第二条 拟公开的政府信息，应当依照法律、法规和国家有关规定进行审查，"
                    "遵循「先审查、后公开」和「一事一审」原则。"
                ),
            },
        )
        Regulation.objects.get_or_create(
            organization=org,
            title=f"{org.name}依申请公开政府信息工作规程",
            defaults={
                "published_on": datetime.date(2024, 9, 10),
                "body": (
                    "一、登记：收到申请后于当日登记，网上申请以双方确认之日为收到申请之日。\n"
                    "二、补正：申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正。\n"
                    "三、答复：自收到申请之日起20个工作日内答复，需要延长的经负责人同意，"
                    "延长期限最长不超过20个工作日。"
                ),
            },
        )
    # The main agency has updated its guide once: two versions show the history.
    main = orgs["lcs"]
    Guide.objects.get_or_create(
        organization=main,
        updated_on=datetime.date(2026, 1, 15),
        defaults={
            "title": f"{main.name}政府信息公开指南",
            "classification": CLASSIFICATION,
            "how_to_obtain": HOW_TO_OBTAIN
            + "\n（四）本机关已开通网上申请渠道，申请人可在线查询办理进度。",
            "body": OTHER,
        },
    )
