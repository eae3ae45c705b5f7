"""Demo documents of the 政策文件库: every theme, genre, year and validity state can be seen.

Idempotent: a document is keyed by its agency and title, and relations by their two
documents. Everything goes through disclosure.publishing.steps, as staff would do it.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.models import Category, Genre, Organization, Theme
from disclosure.library import steps as library_steps
from disclosure.library.models import Document, DocumentRelation
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

D = datetime.date


# (key, agency slug, title, 文号, theme, genre, 成文日期, 发布日期, 施行日期, 有效期至,
#  keywords, body)
def documents(today: datetime.date) -> list[tuple]:
    """The demo rows; one is dated relative to ``today`` so 尚未施行 can always be seen."""
    return [
        (
            "lcs-ysq-2025",
            "lcszfb",
            "聊城市人民政府办公室关于印发聊城市政府信息公开申请办理工作规范的通知",
            "聊政办字〔2025〕18号",
            "综合政务",
            "通知",
            D(2025, 6, 26),
            D(2025, 6, 27),
            None,
            None,
            "依申请公开 办理规范",
            "各县（市、区）人民政府，市属开发区管委会，市政府各部门：现将《聊城市政府信息公开申请办理工作规范》"
            "印发给你们，请结合实际认真贯彻落实。",
        ),
        (
            "lcs-zdly-2020",
            "lcszfb",
            "聊城市人民政府办公室关于做好2020年度重点领域信息公开工作的通知",
            "聊政办字〔2020〕21号",
            "综合政务",
            "通知",
            D(2020, 6, 19),
            D(2020, 6, 22),
            None,
            D(2020, 12, 31),
            "重点领域 信息公开",
            "为做好2020年度重点领域信息公开工作，现就有关事项通知如下，请认真抓好落实。",
        ),
        (
            "lcs-gfxwj-old",
            "lcs",
            "聊城市行政规范性文件管理办法",
            "聊政发〔2018〕6号",
            "综合政务",
            "规范性文件",
            D(2018, 3, 12),
            D(2018, 3, 15),
            D(2018, 4, 15),
            D(2023, 4, 14),
            "行政规范性文件 合法性审核",
            "第一条 为加强行政规范性文件管理，推进依法行政，制定本办法。",
        ),
        (
            "lcs-gfxwj-new",
            "lcs",
            "聊城市行政规范性文件制定和监督管理办法",
            "聊政发〔2022〕11号",
            "综合政务",
            "规范性文件",
            D(2022, 9, 1),
            D(2022, 9, 5),
            D(2022, 10, 1),
            D(2027, 9, 30),
            "行政规范性文件 统一登记 统一编号 统一印发",
            "第一条 为规范行政规范性文件制定和监督管理工作，"
            "实行统一登记、统一编号、统一印发，制定本办法。",
        ),
        (
            "fgw-price",
            "fgw",
            "聊城市发展和改革委员会关于城市供水价格管理的实施意见",
            "聊发改价格〔2021〕45号",
            "国民经济管理、国有资产监管",
            "意见",
            D(2021, 5, 10),
            D(2021, 5, 12),
            D(2021, 6, 1),
            D(2029, 5, 31),
            "供水价格 阶梯水价",
            "为规范城市供水价格管理，建立健全居民生活用水阶梯价格制度，提出如下实施意见。",
        ),
        (
            "fgw-price-amend",
            "fgw",
            "聊城市发展和改革委员会关于修改城市供水价格管理实施意见部分条款的决定",
            "聊发改价格〔2024〕12号",
            "国民经济管理、国有资产监管",
            "决定",
            D(2024, 3, 8),
            D(2024, 3, 11),
            D(2024, 4, 1),
            None,
            "供水价格 修改",
            "决定对《关于城市供水价格管理的实施意见》第五条阶梯水量标准作如下修改。",
        ),
        (
            "fgw-plan",
            "fgw",
            "聊城市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            "",
            "国民经济管理、国有资产监管",
            "规划",
            D(2021, 2, 26),
            D(2021, 3, 2),
            None,
            None,
            "十四五 规划 远景目标",
            "本纲要主要阐明全市发展战略意图，明确政府工作重点，是未来五年全市经济社会发展的宏伟蓝图。",
        ),
        (
            "jyj-enrol",
            "jyj",
            "聊城市教育和体育局关于做好2024年义务教育学校招生入学工作的通知",
            "聊教体发〔2024〕9号",
            "科技、教育",
            "通知",
            D(2024, 4, 20),
            D(2024, 4, 22),
            None,
            D(2024, 12, 31),
            "义务教育 招生入学 划片招生",
            "各县（市、区）教育和体育局：现就做好2024年义务教育学校招生入学工作通知如下。"
            "严格落实免试就近入学，公办民办学校同步招生。",
        ),
        (
            "jyj-sports",
            "jyj",
            "聊城市全民健身实施计划（2021—2025年）",
            "聊教体字〔2021〕30号",
            "卫生、体育",
            "方案",
            D(2021, 11, 3),
            D(2021, 11, 8),
            None,
            D(2025, 12, 31),
            "全民健身 体育设施",
            "为促进全民健身更高水平发展，构建更高水平的全民健身公共服务体系，制定本实施计划。",
        ),
        (
            "czj-budget",
            "czj",
            "聊城市财政局关于公开2025年市级部门预算的公告",
            "",
            "财政、金融、审计",
            "公告",
            D(2025, 2, 10),
            D(2025, 2, 12),
            None,
            None,
            "部门预算 三公经费",
            "根据《中华人民共和国预算法》规定，现将2025年市级部门预算及“三公”经费预算予以公开。",
        ),
        (
            "czj-funds",
            "czj",
            "聊城市市级财政专项资金管理办法",
            "聊财预〔2023〕7号",
            "财政、金融、审计",
            "规范性文件",
            D(2023, 6, 1),
            D(2023, 6, 5),
            D(2023, 7, 1),
            D(2028, 6, 30),
            "专项资金 绩效管理",
            "第一条 为规范市级财政专项资金管理，提高资金使用效益，制定本办法。",
        ),
        (
            "sthjj-air",
            "sthjj",
            "聊城市生态环境局关于发布2024年度环境质量状况的公告",
            "",
            "城乡建设、环境保护",
            "公告",
            D(2025, 5, 30),
            D(2025, 6, 3),
            None,
            None,
            "环境质量 空气质量 水环境",
            "2024年，全市环境空气质量持续改善，细颗粒物（PM2.5）平均浓度同比下降。",
        ),
        (
            "sthjj-emergency",
            "sthjj",
            "聊城市突发环境事件应急预案",
            "聊环发〔{year}〕3号",
            "城乡建设、环境保护",
            "方案",
            today - datetime.timedelta(days=20),
            today - datetime.timedelta(days=14),
            today + datetime.timedelta(days=40),
            None,
            "突发环境事件 应急预案",
            "为建立健全突发环境事件应急机制，有效应对突发环境事件，制定本预案。",
        ),
        (
            "dcfq-relief",
            "dcfq",
            "东昌府区人民政府关于进一步加强社会救助工作的意见",
            "东政发〔2023〕15号",
            "民政、扶贫、救灾",
            "意见",
            D(2023, 8, 15),
            D(2023, 8, 18),
            None,
            None,
            "社会救助 最低生活保障",
            "为进一步加强和改进社会救助工作，切实保障困难群众基本生活，提出以下意见。",
        ),
        (
            "lys-ywtb-2021",
            "lyszfb",
            "莱阳市人民政府办公室关于印发莱阳市政务服务“一网通办”工作方案的通知",
            "莱政办字〔2021〕15号",
            "综合政务",
            "方案",
            D(2021, 4, 12),
            D(2021, 4, 15),
            None,
            None,
            "一网通办 政务服务",
            "各镇人民政府、街道办事处，市政府各部门：《莱阳市政务服务“一网通办”工作方案》已经市政府同意，"
            "现印发给你们，请认真贯彻执行。",
        ),
        (
            "lys-land",
            "lys",
            "莱阳市人民政府关于公布集体土地征收区片综合地价的通知",
            "莱政发〔2019〕22号",
            "国土资源、能源",
            "通知",
            D(2019, 12, 20),
            D(2019, 12, 25),
            D(2020, 1, 1),
            None,
            "土地征收 区片综合地价",
            "根据《中华人民共和国土地管理法》，现将我市集体土地征收区片综合地价予以公布。",
        ),
    ]


# (document key, changing document key, kind, date, reason)
RELATIONS = [
    ("lcs-gfxwj-old", "lcs-gfxwj-new", "repeals", D(2022, 10, 1), "新办法施行，原办法同时废止。"),
    ("fgw-price", "fgw-price-amend", "amends", D(2024, 4, 1), "调整第五条阶梯水量标准。"),
]


def load(orgs: dict[str, Organization], stdout=None) -> dict[str, Document]:
    actor = get_user_model().objects.get(username="admin")
    themes = {t.name: t for t in Theme.objects.all()}
    genres = {g.name: g for g in Genre.objects.all()}
    statutory_docs = Category.objects.statutory().filter(name="行政法规、规章和规范性文件").first()
    loaded: dict[str, Document] = {}
    for row in documents(timezone.localdate()):
        (key, slug, title, number, theme, genre, written, published) = row[:8]
        effective, expires, keywords, body = row[8:]
        organization = orgs[slug]
        document = Document.objects.filter(organization=organization, title=title).first()
        if document is None:
            document = Document(
                organization=organization,
                title=title,
                doc_number=number.format(year=written.year),
                theme=themes[theme],
                genre=genres[genre],
                category=statutory_docs if genre == "规范性文件" else None,
                written_on=written,
                effective_on=effective,
                expires_on=expires,
                keywords=keywords,
                body=f"<p>{body}</p>",
                registration_number=(
                    f"LCSR-{written.year}-{len(loaded) + 1:03d}" if genre == "规范性文件" else ""
                ),
            )
            document.full_clean()
            document.save()
            publishing.submit_for_review(document, by=actor)
            document = publishing_demo.approve(document, on=published)
        loaded[key] = document
    for old, new, kind, on, reason in RELATIONS:
        exists = DocumentRelation.objects.filter(
            to_document=loaded[old], from_document=loaded[new], kind=kind
        ).exists()
        if not exists:
            step = library_steps.repeal if kind == "repeals" else library_steps.amend
            step(loaded[old], by_document=loaded[new], by=actor, reason=reason, on=on)
    library_steps.refresh_stored_validity()
    return loaded
