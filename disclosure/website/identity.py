"""The site's identity marks (政府网站发展指引, 国办发〔2017〕47号): every page footer shows
the 网站标识码, 党政机关网站标识, ICP备案编号, 公安机关备案号, 主办单位 and contact
(``templates/includes/site_footer.html``, values from ``config.web.context_processors``).
``check --deploy`` warns while one of them is empty."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Each setting and the mark it holds.
REQUIRED = {
    "SITE_IDENTIFIER_CODE": "网站标识码",
    "ICP_RECORD": "ICP备案编号",
    "PSB_RECORD": "公安机关备案号",
    "PARTY_GOV_MARK_IMAGE": "党政机关网站标识（图片）",
    "PARTY_GOV_MARK_URL": "党政机关网站标识（链接）",
    "SITE_SPONSOR": "主办单位",
    "SITE_CONTACT": "联系方式",
}


def missing_identity(app_configs=None, **kwargs) -> list[checks.Warning]:
    """A warning for each empty identity setting (the national check scores 基本信息)."""
    return [
        checks.Warning(
            f"未设置{label}（环境变量 {name}）：页面底部须展示该信息（国办发〔2017〕47号）。",
            id=f"website.W00{i}",
        )
        for i, (name, label) in enumerate(REQUIRED.items(), start=1)
        if not str(getattr(settings, name, "")).strip()
    ]


def register_checks() -> None:
    checks.register(missing_identity, checks.Tags.security, deploy=True)
