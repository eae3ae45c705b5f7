"""Demo 政策解读 and a filled-in 主动公开目录.

Every interpretation form and stage appears at least once (one policy, the 聊城市
行政规范性文件制定和监督管理办法, has its whole timeline); one interpretation comes late and one
regulatory document still lacks one, so the staff timeliness page has something to show;
the 图解 carries images with alt text and the audio and video carry transcripts. Demo
documents are filed under several catalog nodes, and a few nodes get update rules.

Idempotent: an interpretation is keyed by its agency and title; a document's node and a
node's rule are only set when still empty. Publishing goes through disclosure.publishing.steps.
"""

from __future__ import annotations

import datetime
import io
import math
import struct
import wave

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw  # Pillow comes with fpdf2

from catalog.models import Category, Organization
from disclosure.library import demo_documents
from disclosure.library.models import Document, Interpretation, InterpretationMedia
from disclosure.publishing import demo as publishing_demo
from disclosure.publishing import steps as publishing

D = datetime.date
F = Interpretation.Form
S = Interpretation.Stage

# Demo document key → (catalog node name, agency slug owning the node or None if statutory).
PLACEMENTS = {
    "fgw-plan": ("国民经济和社会发展规划、专项规划、区域规划及相关政策", None),
    "jyj-enrol": ("义务教育招生入学", "jyj"),
    "jyj-sports": ("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", None),
    "czj-budget": ("财政预算、决算信息", None),
    "sthjj-air": ("环境质量信息", "sthjj"),
    "sthjj-emergency": ("突发公共事件的应急预案、预警信息及应对情况", None),
    "dcfq-relief": ("社会救助", None),
    "lys-land": ("土地征收", None),
}

# (node name, owning agency slug or None, rule, working days)
UPDATE_RULES = [
    ("财政预算、决算信息", None, Category.UpdateRule.YEARLY, None),
    ("环境质量信息", "sthjj", Category.UpdateRule.MONTHLY, None),
    ("义务教育招生入学", "jyj", Category.UpdateRule.YEARLY, None),
    ("市政府行政规范性文件", "lcs", Category.UpdateRule.WORKING_DAYS, 20),
]

# Documents staff marked as needing an interpretation although their genre does not.
NEEDS_INTERPRETATION = ["lcs-ysq-2025", "dcfq-relief"]
# Documents staff marked 重大政策: followed up like 规范性文件 once in force a while.
MAJOR_POLICIES = ["fgw-price"]


def _image(colour: str) -> bytes:
    """A small bar chart standing in for a 图解 (its content is told by the alt text)."""
    image = Image.new("RGB", (480, 270), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 479, 40], fill=colour)
    for i, height in enumerate((60, 110, 170, 90)):
        draw.rectangle([60 + i * 100, 250 - height, 120 + i * 100, 250], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _tone(seconds: float = 1.5) -> bytes:
    """A short WAV tone standing in for an audio interpretation."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        frames = (
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * t / 8000)))
            for t in range(int(8000 * seconds))
        )
        out.writeframes(b"".join(frames))
    return buffer.getvalue()


def interpretations() -> list[dict]:
    """The demo interpretations: documents by demo key, publication date, media."""
    return [
        {
            "documents": ["lcs-gfxwj-new"],
            "slug": "lcs",
            "title": "《聊城市行政规范性文件制定和监督管理办法》政策解读",
            "form": F.TEXT,
            "summary": "解读办法的制定背景、「三统一」要求和合法性审核程序。",
            "body": "<h3>一、制定背景</h3><p>为规范行政规范性文件制定和监督管理工作……</p>"
            "<h3>二、主要内容</h3><p>实行统一登记、统一编号、统一印发……</p>"
            "<h3>三、新旧政策差异</h3><p>与原办法相比，新增合法性审核时限……</p>"
            "<h3>四、咨询方式</h3><p>市司法局，电话0635-8241000。</p>",
            "on": D(2022, 9, 6),
        },
        # The policy's whole life (「全周期」解读): a 二次解读 a year after it took effect, a
        # 政策例行吹风会 as its 阶段性解读, and the 实施效能评估. Its draft-stage explanation
        # hangs on the consultation (disclosure.decisions.demo).
        {
            "documents": ["lcs-gfxwj-new"],
            "slug": "lcs",
            "title": "《聊城市行政规范性文件制定和监督管理办法》实施一年二次解读",
            "stage": S.SECOND,
            "form": F.QA,
            "summary": "办法施行一年来，就「三统一」和合法性审核中的常见问题再作解读。",
            "body": "<h3>问：哪些文件须统一登记？</h3><p>答：涉及公民、法人和其他组织权利义务……</p>"
            "<h3>问：合法性审核多长时间完成？</h3><p>答：一般不超过7个工作日……</p>",
            "on": D(2023, 10, 10),
        },
        {
            "documents": ["lcs-gfxwj-new"],
            "slug": "lcs",
            "title": "市政府第8场政策例行吹风会：行政规范性文件管理",
            "stage": S.INTERIM,
            "form": F.BRIEFING,
            "interpreter_name": "王明",
            "interpreter_role": "市司法局副局长",
            "summary": "介绍办法实施以来规范性文件备案审查和清理情况。",
            "body": "<p>文字实录：各位记者朋友，大家好。办法施行以来……</p>",
            "on": D(2024, 6, 18),
        },
        {
            "documents": ["lcs-gfxwj-new"],
            "slug": "lcs",
            "title": "《聊城市行政规范性文件制定和监督管理办法》实施效能评估报告",
            "stage": S.EVALUATION,
            "form": F.TEXT,
            "summary": "评估办法实施两年来的执行效果、存在问题和改进建议。",
            "body": "<h3>一、评估概况</h3><p>……</p><h3>二、实施效果</h3><p>……</p>"
            "<h3>三、问题和建议</h3><p>……</p>",
            "on": D(2025, 4, 16),
        },
        {
            "documents": ["lcs-gfxwj-new"],
            "slug": "lcs",
            "title": "聊城日报评论：让每一件规范性文件都经得起检验",
            "form": F.MEDIA_COMMENT,
            "summary": "聊城日报评论员文章，评论办法实行「三统一」的意义。",
            "body": "<p>（转自《聊城日报》2022年9月8日评论员文章）规范性文件……</p>",
            "on": D(2022, 9, 8),
        },
        {
            "documents": ["czj-funds"],
            "slug": "czj",
            "title": "一图读懂《聊城市市级财政专项资金管理办法》",
            "form": F.GRAPHIC,
            "summary": "以图解形式说明专项资金的设立、分配、使用和绩效管理。",
            "body": "<p>图解内容见下方图片，每张图片均附有文字说明。</p>",
            "on": D(2023, 6, 5),
            "media": [
                {
                    "kind": "image",
                    "title": "图1 专项资金管理全流程",
                    "image": "#1f5fa8",
                    "text_alternative": "图1：专项资金管理分四步——设立（须经市政府批准）、"
                    "分配（因素法或项目法）、使用（专款专用）、绩效评价（每年一次）。",
                },
                {
                    "kind": "image",
                    "title": "图2 绩效评价结果运用",
                    "image": "#b3261e",
                    "text_alternative": "图2：绩效评价结果分优、良、中、差四档，"
                    "评为差的专项资金次年压减或取消。",
                },
            ],
        },
        {
            "documents": ["jyj-enrol"],
            "slug": "jyj",
            "title": "2024年义务教育招生入学政策音频解读",
            "form": F.AUDIO,
            "summary": "用音频讲解划片招生、免试就近入学和公民同招。",
            "body": "",
            "on": D(2024, 4, 23),
            "media": [
                {
                    "kind": "audio",
                    "title": "招生政策音频解读（约1分钟）",
                    "audio": True,
                    "text_alternative": "主持人：今年义务教育招生有哪些变化？\n"
                    "市教育和体育局：严格落实免试就近入学，公办民办学校同步招生，"
                    "按学区划片招生，报名时间为6月下旬。",
                },
            ],
        },
        {
            "documents": ["fgw-price", "fgw-price-amend"],
            "slug": "fgw",
            "title": "视频解读：居民生活用水阶梯水量标准调整",
            "form": F.VIDEO,
            "summary": "说明阶梯水量标准调整的原因、新标准和对居民的影响。",
            "body": "<p>视频文字稿附后。</p>",
            "on": D(2024, 3, 12),
            "media": [
                {
                    "kind": "video",
                    "title": "阶梯水价调整说明（演示视频地址）",
                    "embed_url": "https://media.example.org/zcjd/fgw-water-price",
                    "text_alternative": "旁白：自2024年4月1日起，第一阶梯水量由每户每年180立方米"
                    "调整为……多人口家庭可申请增加阶梯水量。",
                },
            ],
        },
        {
            "documents": ["jyj-sports"],
            "slug": "jyj",
            "title": "动漫解读：全民健身身边事",
            "form": F.ANIMATION,
            "summary": "以动漫形式介绍全民健身实施计划的惠民措施。",
            "body": "",
            "on": D(2021, 11, 9),
            "media": [
                {
                    "kind": "video",
                    "title": "全民健身动漫（演示视频地址）",
                    "embed_url": "https://media.example.org/zcjd/jyj-fitness",
                    "text_alternative": "动漫旁白：到2025年，城市社区15分钟健身圈全覆盖，"
                    "公共体育场馆免费或低收费开放……",
                },
            ],
        },
        {
            "documents": ["lcs-ysq-2025"],
            "slug": "lcszfb",
            "title": "《聊城市政府信息公开申请办理工作规范》问答",
            "form": F.QA,
            "summary": "就申请渠道、答复期限、收费等常见问题作出解答。",
            "body": "<p><strong>问：可以通过哪些渠道提出申请？</strong></p>"
            "<p>答：可通过网上申请平台、信函、传真或当面提交。</p>"
            "<p><strong>问：多长时间答复？</strong></p>"
            "<p>答：不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，"
            "延长期限最长不超过20个工作日。</p>",
            "on": D(2025, 6, 27),
        },
        {
            "documents": ["fgw-plan"],
            "slug": "fgw",
            "title": "专家解读：聊城市“十四五”规划纲要的五个关键词",
            "form": F.EXPERT,
            "interpreter_name": "张华",
            "interpreter_role": "聊城大学商学院教授",
            "summary": "专家从产业、城乡、生态、开放、民生五个方面解读规划纲要。",
            "body": "<p>规划纲要提出了未来五年的发展目标……</p>",
            "on": D(2021, 3, 4),
        },
        {
            "documents": ["czj-budget"],
            "slug": "czj",
            "title": "市财政局主要负责同志解读2025年市级部门预算",
            "form": F.HEAD,
            "interpreter_name": "刘强",
            "interpreter_role": "聊城市财政局局长",
            "is_first_interpreter": True,
            "summary": "第一解读人介绍2025年市级部门预算安排和“三公”经费压减情况。",
            "body": "<p>2025年市级部门预算坚持过紧日子，“三公”经费继续压减……</p>",
            "on": D(2025, 2, 12),
        },
        {
            "documents": ["sthjj-air"],
            "slug": "sthjj",
            "title": "2024年度环境质量状况新闻发布会",
            "form": F.PRESS,
            "interpreter_name": "赵敏",
            "interpreter_role": "聊城市生态环境局副局长",
            "summary": "新闻发布会通报2024年全市空气和水环境质量并答记者问。",
            "body": "<p>发布人介绍2024年度全市环境质量状况，并回答记者提问。</p>",
            "on": D(2025, 6, 4),
        },
        {
            # Late on purpose: the document came out on Friday 18 August 2023, the
            # interpretation only on 30 August, five working days after it was due.
            "documents": ["dcfq-relief"],
            "slug": "dcfq",
            "title": "《东昌府区人民政府关于进一步加强社会救助工作的意见》解读",
            "form": F.TEXT,
            "summary": "解读社会救助对象认定、救助标准和申请程序。",
            "body": "<p>一、救助对象。二、救助标准。三、申请程序。</p>",
            "on": D(2023, 8, 30),
        },
    ]


def _node(name: str, slug: str | None, orgs: dict[str, Organization]) -> Category | None:
    if slug is None:
        return Category.objects.statutory().filter(name=name).first()
    return Category.objects.filter(organization=orgs[slug], name=name).first()


def _documents(orgs: dict[str, Organization]) -> dict[str, Document]:
    found = {}
    for row in demo_documents.documents(timezone.localdate()):
        key, slug, title = row[:3]
        document = Document.objects.filter(organization=orgs[slug], title=title).first()
        if document is not None:
            found[key] = document
    return found


def fill_catalog(orgs: dict[str, Organization], documents: dict[str, Document]) -> None:
    for key, (name, slug) in PLACEMENTS.items():
        document, node = documents.get(key), _node(name, slug, orgs)
        if document is not None and node is not None and document.category_id is None:
            document.category = node
            document.save()
    for key in MAJOR_POLICIES:
        if key in documents:
            Document.objects.filter(pk=documents[key].pk).update(major_policy=True)
    for key in NEEDS_INTERPRETATION:
        document = documents.get(key)
        if document is not None and document.needs_interpretation is None:
            document.needs_interpretation = True
            document.save()
    for name, slug, rule, days in UPDATE_RULES:
        node = _node(name, slug, orgs)
        if node is not None and not node.update_rule:
            node.update_rule, node.update_working_days = rule, days
            node.full_clean()
            node.save()


def load(orgs: dict[str, Organization], stdout=None) -> list[Interpretation]:
    actor = get_user_model().objects.get(username="admin")
    documents = _documents(orgs)
    fill_catalog(orgs, documents)
    loaded = []
    for row in interpretations():
        organization = orgs[row["slug"]]
        existing = Interpretation.objects.filter(
            organization=organization, title=row["title"]
        ).first()
        if existing is not None:
            loaded.append(existing)
            continue
        interpretation = Interpretation(
            organization=organization,
            title=row["title"],
            form=row["form"],
            stage=row.get("stage", S.PUBLICATION),
            summary=row["summary"],
            body=row["body"],
            interpreter_name=row.get("interpreter_name", ""),
            interpreter_role=row.get("interpreter_role", ""),
            is_first_interpreter=row.get("is_first_interpreter", False),
            created_by=actor,
        )
        interpretation.full_clean(exclude=["documents"])
        interpretation.save()
        interpretation.documents.set([documents[key] for key in row["documents"]])
        for position, spec in enumerate(row.get("media", []), start=1):
            media = InterpretationMedia(
                interpretation=interpretation,
                kind=spec["kind"],
                title=spec["title"],
                text_alternative=spec["text_alternative"],
                embed_url=spec.get("embed_url", ""),
                position=position,
            )
            if "image" in spec:
                media.file = ContentFile(_image(spec["image"]), name=f"tujie-{position}.png")
            elif spec.get("audio"):
                media.file = ContentFile(_tone(), name="jiedu.wav")
            media.full_clean()
            media.save()
        publishing.submit_for_review(interpretation, by=actor)
        loaded.append(publishing_demo.approve(interpretation, on=row["on"]))
    if stdout is not None:
        stdout.write(f"政策解读：{len(loaded)} 篇。")
    return loaded
