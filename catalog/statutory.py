"""Statutory lists of the 主动公开目录: the labels are law and must stay exactly so.

Art. 20 of 《政府信息公开条例》(2019) lists what every administrative agency discloses
proactively; Art. 21 adds areas for city and county governments and their departments,
and other areas for townships. THEMES is the State Council's 主题分类 used by gov.cn;
GENRES are the 公文种类 of the 党政机关公文处理工作条例 plus the kinds libraries add.
The annual report's due dates (Art. 49) are at the end.
"""

import datetime

# Art. 20 (1)-(15), in the order of the article.
ARTICLE_20 = [
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
]

# Art. 21, first clause: 设区的市级、县级人民政府及其部门.
ARTICLE_21_CITY_COUNTY = [
    "市政建设",
    "公共服务",
    "公益事业",
    "土地征收",
    "房屋征收",
    "治安管理",
    "社会救助",
]

# Art. 21, second clause: 乡（镇）人民政府.
ARTICLE_21_TOWNSHIP = [
    "农业农村政策落实",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
]

THEMES = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]

# 党政机关公文处理工作条例 Art. 8: the 15 kinds of official documents.
OFFICIAL_GENRES = [
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
]
# What policy libraries add beside the official kinds.
LIBRARY_GENRES = ["规章", "规范性文件", "规划", "方案", "其他"]
# The two genres the annual report counts under Art. 20(1) (table 二: 规章, 行政规范性文件).
GENRE_RULES = "规章"
GENRE_NORMATIVE = "规范性文件"
GENRES = OFFICIAL_GENRES + LIBRARY_GENRES

# The 26 pilot domains of 基层政务公开标准化规范化 (国办发〔2017〕42号); agencies' standard
# catalogs also cover other domains, so this is a list of suggestions, not a constraint.
PILOT_DOMAINS = [
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "扶贫",
    "食品药品监管",
    "城市综合执法",
    "保障性住房",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "户籍管理",
    "涉农补贴",
    "就业",
    "社会救助",
    "养老服务",
    "灾害救助",
    "市政服务",
    "义务教育",
    "医疗卫生",
    "社会保险",
]


# Art. 49: each 县级以上人民政府部门 submits and publishes its report on the previous year
# by 31 January; each 县级以上地方人民政府 (through its 政府信息公开工作主管部门) publishes
# its government's report by 31 March. Townships are not named there; like departments
# they report to the county early in the year, so they get 31 January here.
ANNUAL_REPORT_DUE_DEPARTMENT = (1, 31)
ANNUAL_REPORT_DUE_GOVERNMENT = (3, 31)
_GOVERNMENT_LEVELS_DUE_IN_MARCH = ("province", "city", "county")


def annual_report_due_on(organization, year: int) -> datetime.date:
    """The last day for publishing ``organization``'s annual report on ``year`` (Art. 49)."""
    is_government = getattr(organization, "kind", "") == "government"
    if is_government and getattr(organization, "level", "") in _GOVERNMENT_LEVELS_DUE_IN_MARCH:
        month, day = ANNUAL_REPORT_DUE_GOVERNMENT
    else:
        month, day = ANNUAL_REPORT_DUE_DEPARTMENT
    return datetime.date(year + 1, month, day)
