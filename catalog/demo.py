"""Demo agencies and accounts for `manage.py load_demo`. Idempotent: keyed by slug/username."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Category, Organization, StaffProfile
from catalog.permissions import APPROVER_GROUP, REVIEWER_GROUP
from catalog.roles import ensure_groups
from catalog.standard_catalog import import_items, read_dataset

DEMO_PASSWORD = "portal-demo-2026"

# (slug, name, short, credit code, parent slug, kind, level, office, address, hours, phone,
#  fax, email, postal address, postal code)
AGENCIES = [
    (
        "lcs",
        "聊城市人民政府",
        "市政府",
        "113715000044000019",
        None,
        "government",
        "city",
        "聊城市人民政府办公室（市政府信息公开办公室）",
        "聊城市东昌府区东昌西路1号市政府大楼",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8241234",
        "0635-8241235",
        "xxgk@liaocheng.gov.cn",
        "聊城市东昌府区东昌西路1号",
        "252000",
    ),
    (
        "lcszfb",
        "聊城市人民政府办公室",
        "市政府办公室",
        "11371500004400002C",
        "lcs",
        "department",
        "city",
        "聊城市人民政府办公室政务公开科",
        "聊城市东昌府区东昌西路1号市政府大楼3楼",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8241301",
        "0635-8241302",
        "zwgk@liaocheng.gov.cn",
        "聊城市东昌府区东昌西路1号",
        "252000",
    ),
    (
        "fgw",
        "聊城市发展和改革委员会",
        "市发展改革委",
        "11371500004400003F",
        "lcs",
        "department",
        "city",
        "聊城市发展和改革委员会办公室",
        "聊城市东昌府区柳园南路88号",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8452100",
        "",
        "fgw@liaocheng.gov.cn",
        "聊城市东昌府区柳园南路88号",
        "252000",
    ),
    (
        "jyj",
        "聊城市教育和体育局",
        "市教育和体育局",
        "11371500004400004J",
        "lcs",
        "department",
        "city",
        "聊城市教育和体育局办公室",
        "聊城市东昌府区兴华西路56号",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8232600",
        "0635-8232601",
        "jyj@liaocheng.gov.cn",
        "聊城市东昌府区兴华西路56号",
        "252000",
    ),
    (
        "czj",
        "聊城市财政局",
        "市财政局",
        "11371500004400005M",
        "lcs",
        "department",
        "city",
        "聊城市财政局办公室",
        "聊城市东昌府区花园北路10号",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8253300",
        "",
        "czj@liaocheng.gov.cn",
        "聊城市东昌府区花园北路10号",
        "252000",
    ),
    (
        "sthjj",
        "聊城市生态环境局",
        "市生态环境局",
        "11371500004400006Q",
        "lcs",
        "department",
        "city",
        "聊城市生态环境局办公室",
        "聊城市东昌府区东昌东路129号",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8418200",
        "0635-8418201",
        "sthjj@liaocheng.gov.cn",
        "聊城市东昌府区东昌东路129号",
        "252000",
    ),
    (
        "dcfq",
        "聊城市东昌府区人民政府",
        "东昌府区政府",
        "11371502004400007Q",
        "lcs",
        "government",
        "county",
        "东昌府区人民政府办公室",
        "聊城市东昌府区光岳路2号",
        "工作日 上午9:00—12:00，下午13:30—17:00",
        "0635-8336100",
        "0635-8336101",
        "dcfqxxgk@liaocheng.gov.cn",
        "聊城市东昌府区光岳路2号",
        "252000",
    ),
    (
        "lys",
        "莱阳市人民政府",
        "莱阳市政府",
        "113706820042760118",
        None,
        "government",
        "county",
        "莱阳市人民政府办公室",
        "莱阳市旌旗东路2号",
        "工作日 上午8:30—12:00，下午13:30—17:30",
        "0535-7212345",
        "0535-7212346",
        "lyxxgk@yt.shandong.cn",
        "莱阳市旌旗东路2号",
        "265200",
    ),
    (
        "lyszfb",
        "莱阳市人民政府办公室",
        "莱阳市政府办公室",
        "11370682004276012B",
        "lys",
        "department",
        "county",
        "莱阳市人民政府办公室政务公开科",
        "莱阳市旌旗东路2号市政府大楼",
        "工作日 上午8:30—12:00，下午13:30—17:30",
        "0535-7212350",
        "0535-7212351",
        "lyzwgk@yt.shandong.cn",
        "莱阳市旌旗东路2号",
        "265200",
    ),
]

# 行政复议机关 of the governments whose government above is not on this portal (《行政复议法》
# 第二十四条); every other demo agency's follows from its parent.
REVIEW_BODIES = {"lcs": "山东省人民政府", "lys": "烟台市人民政府"}

# Agencies' own catalog nodes beneath the statutory ones: (slug, parent statutory name, name).
LOCAL_NODES = [
    ("lcs", "财政预算、决算信息", "市级预算"),
    ("lcs", "财政预算、决算信息", "市级决算"),
    ("lcs", "行政法规、规章和规范性文件", "市政府规章"),
    ("lcs", "行政法规、规章和规范性文件", "市政府行政规范性文件"),
    (
        "jyj",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "义务教育招生入学",
    ),
    ("sthjj", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", "环境质量信息"),
]


def load(stdout=None) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for position, row in enumerate(AGENCIES, start=1):
        (
            slug,
            name,
            short,
            code,
            parent,
            kind,
            level,
            office,
            address,
            hours,
            phone,
            fax,
            email,
            postal,
            postcode,
        ) = row
        org, _ = Organization.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "credit_code": code,
                "parent": orgs.get(parent),
                "kind": kind,
                "level": level,
                "review_body": REVIEW_BODIES.get(slug, ""),
                "is_portal_main": slug == "lcs",
                "position": position,
                "office_name": office,
                "office_address": address,
                "office_hours": hours,
                "phone": phone,
                "fax": fax,
                "email": email,
                "postal_address": postal,
                "postal_code": postcode,
            },
        )
        orgs[slug] = org
    for slug, parent_name, name in LOCAL_NODES:
        parent = Category.objects.statutory().get(name=parent_name, parent=None, scope="all")
        Category.objects.get_or_create(
            organization=orgs[slug], parent=parent, name=name, defaults={"scope": "local"}
        )

    _load_standard_catalog(orgs["jyj"])

    supervisor_group, staff_group = ensure_groups()
    User = get_user_model()
    accounts = [("admin", None, True), ("supervisor", None, False)] + [
        (f"{slug}_{role}", slug, False) for slug in orgs for role in ("staff", "head", "reviewer")
    ]
    for n, (username, slug, superuser) in enumerate(accounts):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": superuser, "first_name": demo_name(n)},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if slug:
            StaffProfile.objects.update_or_create(user=user, defaults={"organization": orgs[slug]})
            user.groups.add(staff_group)
            if username.endswith("_head"):
                user.groups.add(Group.objects.get(name=APPROVER_GROUP))
            if username.endswith("_reviewer"):
                user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
        elif not superuser:
            StaffProfile.objects.update_or_create(user=user, defaults={"organization": orgs["lcs"]})
            user.groups.add(supervisor_group)
    return orgs


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN_NAMES = "芳 伟 敏 静 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 丽".split()


def demo_name(n: int) -> str:
    """A plausible, made-up Chinese name for the n-th demo account (lists show names)."""
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN_NAMES[(n * 7 + 3) % len(_GIVEN_NAMES)]


def reviewer_for(organization: Organization):
    """The demo reviewer of ``organization`` (``<slug>_reviewer``), who approves what the
    demo's other accounts submit (four-eyes)."""
    return get_user_model().objects.get(username=f"{organization.slug}_reviewer")


STANDARD_CATALOG_XLSX = Path(__file__).resolve().parent / "demo_data" / "standard_catalog_jyj.xlsx"


def _load_standard_catalog(organization: Organization) -> None:
    """The education bureau's 义务教育 standard catalog, imported from the committed XLSX."""
    report = import_items(read_dataset(STANDARD_CATALOG_XLSX), organization)
    if not report.ok:
        raise RuntimeError(f"demo standard catalog does not import: {report.errors}")
