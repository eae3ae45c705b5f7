"""The plan of the bench documents: everything about each one decided before it is written.

Documents are generated from word lists (and sentences of the real documents in
disclosure/library/samples) over 50 agencies, every 主题分类 and 体裁, the years
2000-2026 and every validity state (有效, 失效, 尚未施行, 废止, 已修改), with proper
per-agency-per-year 索引号 sequences (the IndexSequence rows are advanced, so later
publications continue after them). :mod:`disclosure.ops.seeding` writes the plan.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from catalog.models import Category, Genre, Organization, Theme
from catalog.validators import credit_code_check_char
from disclosure.library.demo_samples import SAMPLES_DIR
from disclosure.library.extract import extract_metadata, read_text
from disclosure.library.validity import RelationKind, Validity
from disclosure.publishing.models import IndexSequence

SLUG_PREFIX = "bench-"
FIRST_YEAR, LAST_YEAR = 2000, 2026

_SENTENCE_END = re.compile(r"(?<=。)")

# Places (name, level, one-character abbreviation for 文号) and departments
# (name, 文号 代字 suffix, preferred themes, topics).
PLACES = [
    ("青河市", "city", "青"),
    ("安澜县", "county", "澜"),
    ("白石县", "county", "白"),
    ("清源区", "county", "清"),
    ("东湖区", "county", "湖"),
]
LEVEL_WORD = {"city": "市", "county": "县"}

DEPARTMENTS = [
    (
        "人民政府",
        "政发",
        ["综合政务", "国民经济管理、国有资产监管", "城乡建设、环境保护"],
        ["政府工作报告重点任务分工", "优化营商环境", "乡村振兴战略", "重大行政决策程序"],
    ),
    (
        "人民政府办公室",
        "政办字",
        ["综合政务", "市场监管、安全生产监管"],
        ["政务公开", "政府信息公开申请办理", "12345政务服务便民热线", "政务服务一网通办"],
    ),
    (
        "发展和改革委员会",
        "发改",
        ["国民经济管理、国有资产监管", "商贸、海关、旅游"],
        ["重点项目建设", "价格监测", "社会信用体系建设", "节能降碳"],
    ),
    (
        "教育和体育局",
        "教发",
        ["科技、教育", "卫生、体育"],
        ["义务教育招生入学", "学前教育普及普惠", "校外培训机构治理", "全民健身"],
    ),
    (
        "财政局",
        "财预",
        ["财政、金融、审计"],
        ["预算公开", "政府采购", "专项资金管理", "国有资产管理"],
    ),
    (
        "生态环境局",
        "环发",
        ["城乡建设、环境保护"],
        ["大气污染防治", "水污染防治", "环境影响评价", "生态环境保护督察整改"],
    ),
    (
        "住房和城乡建设局",
        "建发",
        ["城乡建设、环境保护", "国土资源、能源"],
        ["老旧小区改造", "保障性住房", "建筑施工安全", "城市供水节水"],
    ),
    (
        "人力资源和社会保障局",
        "人社发",
        ["劳动、人事、监察"],
        ["就业创业补贴", "职业技能培训", "根治欠薪", "社会保险待遇"],
    ),
    (
        "农业农村局",
        "农发",
        ["农业、林业、水利"],
        ["高标准农田建设", "耕地地力保护补贴", "农村人居环境整治", "农产品质量安全"],
    ),
    (
        "卫生健康委员会",
        "卫健发",
        ["卫生、体育", "人口与计划生育、妇女儿童工作"],
        ["基本公共卫生服务", "家庭医生签约服务", "医疗机构监督管理", "爱国卫生运动"],
    ),
]

# (title template, genre, weight). {agency} {place} {topic} {year} are filled in.
TITLES = [
    ("{agency}关于印发{year}年{place}{topic}工作要点的通知", "通知", 14),
    ("{agency}关于做好{year}年度{topic}工作的通知", "通知", 14),
    ("{agency}关于进一步加强{topic}工作的意见", "意见", 8),
    ("{agency}关于印发{place}{topic}实施方案的通知", "方案", 6),
    ("{place}{topic}管理办法", "规范性文件", 8),
    ("{agency}关于{topic}有关事项的公告", "公告", 5),
    ("{agency}关于公布{year}年{topic}名单的通告", "通告", 4),
    ("{agency}关于{year}年{topic}工作情况的报告", "报告", 4),
    ("{agency}关于{topic}工作的批复", "批复", 3),
    ("{agency}关于{year}年{topic}工作情况的通报", "通报", 3),
    ("{agency}关于表彰{year}年度{topic}工作先进集体和先进个人的决定", "决定", 2),
    ("{place}{topic}专项规划（{year}—{year5}年）", "规划", 2),
    ("{agency}关于{topic}有关问题的函", "函", 2),
    ("{place}{topic}工作专题会议纪要", "纪要", 1),
]

SENTENCES = [
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，进一步做好{topic}工作，结合{place}实际，制定本方案。",
    "各{units}要高度重视{topic}工作，明确责任分工，确保各项任务落到实处。",
    "坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，推动{topic}工作提质增效。",
    "要加强对{topic}政策的解读和宣传，及时回应社会关切，营造良好舆论氛围。",
    "建立健全{topic}工作考核评价机制，将考核结果纳入年度综合考核。",
    "各级财政部门要统筹安排{topic}相关资金，加强资金监管，提高资金使用效益。",
    "对工作中发现的问题，要及时研究解决；重大事项及时向{agency}报告。",
    "{agency}将适时对{topic}工作落实情况进行督导检查，并通报检查结果。",
    "鼓励社会力量参与{topic}工作，形成政府主导、部门协同、社会参与的工作格局。",
    "严格落实安全生产责任制，防范化解重大风险，守牢安全底线。",
    "推进政务服务标准化、规范化、便利化，提升企业和群众办事满意度。",
    "依法依规公开{topic}相关信息，主动接受社会监督。",
    "各有关部门要按照职责分工，密切配合，形成工作合力。",
    "本{genre}自印发之日起施行。",
    "本办法自{year}年1月1日起施行，有效期五年。",
    "{year}年，全{level}{topic}工作取得明显成效，群众满意度持续提升。",
    "截至{year}年底，全{level}累计完成{topic}相关任务{n}项。",
    "请各单位于每季度结束后10日内报送{topic}工作进展情况。",
    "联系人：{agency}办公室，联系电话：{phone}。",
    "附件：{place}{topic}工作任务分工表。",
]

UNITS = ["镇人民政府、街道办事处", "县（市、区）人民政府", "有关部门、单位", "直属单位"]


@dataclass
class Agency:
    org: Organization
    place: str
    level: str
    abbr: str
    dept: tuple
    code_prefix: str


@dataclass
class Planned:
    """One document to create, with everything decided before it is written."""

    agency: Agency
    title: str
    genre: str
    theme: str
    written_on: datetime.date
    published_on: datetime.date
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    doc_number: str
    keywords: str
    sentences: list[list[str]]
    category_id: int | None
    joint_with: Agency | None = None
    index_number: str = ""
    source: str = ""
    relations: list[tuple[int, str]] = field(default_factory=list)  # (target position, kind)
    validity: str = Validity.VALID


# -- agencies ----------------------------------------------------------------------------


def bench_agencies() -> list[Agency]:
    """The 50 bench agencies (created on first use)."""
    agencies = []
    for p, (place, level, abbr) in enumerate(PLACES):
        for d, dept in enumerate(DEPARTMENTS):
            n = p * len(DEPARTMENTS) + d + 1
            first17 = f"1137{9900 + p:04d}{990000000 + n:09d}"
            code = first17 + credit_code_check_char(first17)
            org, _ = Organization.objects.get_or_create(
                slug=f"{SLUG_PREFIX}{n:02d}",
                defaults={
                    "name": f"{place}{dept[0]}",
                    "short_name": f"{place[:-1]}{dept[0][:4]}",
                    "credit_code": code,
                    "kind": "government" if dept[0] == "人民政府" else "department",
                    "level": level,
                    "position": 900 + n,
                    "office_name": f"{place}{dept[0]}办公室",
                    "office_address": f"{place}人民路{n}号",
                    "office_hours": "工作日 上午9:00—12:00，下午13:30—17:00",
                    "phone": f"0635-86{n:05d}",
                    "postal_address": f"{place}人民路{n}号",
                    "postal_code": "252000",
                },
            )
            agencies.append(Agency(org, place, level, abbr, dept, abbr + dept[1]))
    return agencies


# -- generation --------------------------------------------------------------------------


def sample_sentences() -> list[str]:
    """Sentences of the real documents kept in disclosure/library/samples."""
    out = []
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        body = extract_metadata(read_text(path)).body.replace("\n", "")
        for sentence in _SENTENCE_END.split(body):
            sentence = sentence.strip()
            if 15 <= len(sentence) <= 150 and not set(sentence) & set("<>&"):
                out.append(sentence)
    return out


class Generator:
    def __init__(self, rnd: random.Random, agencies: list[Agency], today: datetime.date):
        self.rnd = rnd
        self.agencies = agencies
        self.today = today
        self.themes = {t.name: t for t in Theme.objects.all()}
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.categories = list(
            Category.objects.statutory().filter(scope="all").values_list("pk", flat=True)
        )
        self.samples = sample_sentences()
        self.doc_seq: dict[tuple[str, int], int] = defaultdict(int)
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        # More documents in later years, as on real sites.
        self.years, self.year_weights = years, [1 + (y - FIRST_YEAR) / 4 for y in years]
        self.title_weights = [t[2] for t in TITLES]

    def date_in(self, year: int) -> datetime.date:
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), self.today - datetime.timedelta(days=15))
        return start + datetime.timedelta(days=self.rnd.randrange((end - start).days + 1))

    def plan(self) -> Planned:
        rnd = self.rnd
        agency = rnd.choice(self.agencies)
        dept_name, _, dept_themes, topics = agency.dept
        year = rnd.choices(self.years, self.year_weights)[0]
        written_on = self.date_in(year)
        published_on = min(written_on + datetime.timedelta(days=rnd.randint(1, 14)), self.today)
        template, genre, _ = rnd.choices(TITLES, self.title_weights)[0]
        topic = rnd.choice(topics)
        values = {
            "agency": agency.org.name,
            "place": agency.place,
            "topic": topic,
            "year": year,
            "year5": year + 4,
        }
        title = template.format(**values)
        theme = rnd.choice(dept_themes) if rnd.random() < 0.9 else rnd.choice(list(self.themes))
        doc_number = ""
        if genre not in ("纪要", "规划") and rnd.random() < 0.85:
            self.doc_seq[(agency.code_prefix, year)] += rnd.randint(1, 3)
            doc_number = (
                f"{agency.code_prefix}〔{year}〕{self.doc_seq[(agency.code_prefix, year)]}号"
            )
        effective_on = expires_on = None
        if genre == "规范性文件":
            effective_on = published_on + datetime.timedelta(days=30)
            expires_on = add_years(effective_on, 5) - datetime.timedelta(days=1)
        elif rnd.random() < 0.12:
            expires_on = datetime.date(year + rnd.randint(1, 3), 12, 31)
        if published_on > self.today - datetime.timedelta(days=60) and rnd.random() < 0.3:
            # Published, but in force only from a later date: 尚未施行.
            effective_on = self.today + datetime.timedelta(days=rnd.randint(5, 90))
            if expires_on and expires_on < effective_on:
                expires_on = add_years(effective_on, 5)
        values.update(
            units=rnd.choice(UNITS),
            genre="通知" if genre not in ("规范性文件",) else "办法",
            level=LEVEL_WORD[agency.level],
            n=rnd.choice([12, 26, 35, 48, 120, 365]),
            phone=agency.org.phone,
        )
        paragraphs = []
        for _ in range(rnd.randint(2, 5)):
            paragraph = [s.format(**values) for s in rnd.sample(SENTENCES, rnd.randint(2, 4))]
            if self.samples and rnd.random() < 0.25:
                paragraph.append(rnd.choice(self.samples))
            paragraphs.append(paragraph)
        keywords = " ".join(dict.fromkeys([topic, rnd.choice(topics), dept_name[:2]]))
        joint = None
        if rnd.random() < 0.03:
            joint = rnd.choice([a for a in self.agencies if a.place == agency.place])
            joint = None if joint is agency else joint
        return Planned(
            agency=agency,
            title=title,
            genre=genre,
            theme=theme,
            written_on=written_on,
            published_on=published_on,
            effective_on=effective_on,
            expires_on=expires_on,
            doc_number=doc_number,
            keywords=keywords,
            sentences=paragraphs,
            category_id=rnd.choice(self.categories)
            if self.categories and rnd.random() < 0.3
            else None,
            joint_with=joint,
        )


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def derived_validity(doc: Planned, repeal_on, amend_on, today: datetime.date) -> str:
    """The rule of disclosure.library.validity, in Python, for the stored column."""
    if repeal_on and repeal_on <= today:
        return Validity.REPEALED
    if doc.expires_on and doc.expires_on < today:
        return Validity.EXPIRED
    if (doc.effective_on or doc.published_on) > today:
        return Validity.PENDING
    if amend_on and amend_on <= today:
        return Validity.AMENDED
    return Validity.VALID


def assign_index_numbers(planned: list[Planned], agencies: list[Agency]) -> None:
    """Per agency and year of publication, in order of publication; advance IndexSequence."""
    last = {
        (s.organization_id, s.year): s.last_value
        for s in IndexSequence.objects.filter(organization__in=[a.org for a in agencies])
    }
    for doc in planned:
        key = (doc.agency.org.pk, doc.published_on.year)
        last[key] = last.get(key, 0) + 1
        doc.index_number = f"{doc.agency.org.credit_code}/{key[1]}-{last[key]:05d}"
    existing = {
        (s.organization_id, s.year): s
        for s in IndexSequence.objects.filter(organization__in=[a.org for a in agencies])
    }
    new, changed = [], []
    for (org_id, year), value in last.items():
        row = existing.get((org_id, year))
        if row is None:
            new.append(IndexSequence(organization_id=org_id, year=year, last_value=value))
        elif row.last_value != value:
            row.last_value = value
            changed.append(row)
    IndexSequence.objects.bulk_create(new)
    IndexSequence.objects.bulk_update(changed, ["last_value"])


def plan_relations(planned: list[Planned], rnd: random.Random, today: datetime.date) -> None:
    """About 2% of documents are repealed and 2% amended by a later one of their agency."""
    by_agency: dict[int, list[int]] = defaultdict(list)
    repeal_on: dict[int, datetime.date] = {}
    amend_on: dict[int, datetime.date] = {}
    for position, doc in enumerate(planned):
        earlier = by_agency[doc.agency.org.pk]
        if earlier and rnd.random() < 0.04:
            target = rnd.choice(earlier[-200:])
            kind = RelationKind.REPEALS if rnd.random() < 0.5 else RelationKind.AMENDS
            on = doc.effective_on or doc.published_on
            if target not in repeal_on and target not in amend_on:
                doc.relations.append((target, kind))
                (repeal_on if kind == RelationKind.REPEALS else amend_on)[target] = on
        earlier.append(position)
    for position, doc in enumerate(planned):
        doc.validity = derived_validity(doc, repeal_on.get(position), amend_on.get(position), today)
