"""Small server-side SVG bar charts with a title and description for screen readers.

The page always shows the same numbers in a table beside the chart; the SVG is a
picture of that table (``role="img"``, ``<title>`` and ``<desc>``), no JavaScript.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOR = "#b3161b"
AXIS_COLOR = "#595959"
TEXT_COLOR = "#1f1f1f"


def _nice_max(value: int) -> int:
    """A round upper bound for the axis (at least 1)."""
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _header(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def column_chart(
    chart_id: str, title: str, labels: list[str], values: list[int], unit: str = "件"
) -> SafeString:
    """Vertical bars, one per label (e.g. twelve months)."""
    width, height = 640, 260
    left, right, top, bottom = 40, 10, 20, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(values, default=0))
    slot = plot_w / max(len(values), 1)
    description = "；".join(
        f"{label}{value}{unit}" for label, value in zip(labels, values, strict=True)
    )
    parts = [_header(chart_id, width, height, title, description)]
    base = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{AXIS_COLOR}"/>'
    )
    for tick in (0, top_value / 2, top_value):
        y = base - plot_h * tick / top_value
        label = f"{tick:g}"
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{AXIS_COLOR}">{label}</text>'
        )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * value / top_value
        x = left + index * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{base - bar_h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar_h:.1f}" fill="{BAR_COLOR}"/>'
        )
        center = left + index * slot + slot / 2
        if value:
            parts.append(
                f'<text x="{center:.1f}" y="{base - bar_h - 4:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{TEXT_COLOR}">{value}</text>'
            )
        parts.append(
            f'<text x="{center:.1f}" y="{base + 16}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT_COLOR}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    chart_id: str, title: str, labels: list[str], values: list[int], unit: str = "件"
) -> SafeString:
    """Horizontal bars, one per label (long labels such as table 三's headings)."""
    row_h, label_w, width = 28, 150, 640
    height = row_h * max(len(values), 1) + 20
    plot_w = width - label_w - 60
    top_value = _nice_max(max(values, default=0))
    description = "；".join(
        f"{label}{value}{unit}" for label, value in zip(labels, values, strict=True)
    )
    parts = [_header(chart_id, width, height, title, description)]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + index * row_h
        bar_w = plot_w * value / top_value
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{TEXT_COLOR}">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w:.1f}" height="{row_h - 8}" '
            f'fill="{BAR_COLOR}"/>'
        )
        parts.append(
            f'<text x="{label_w + bar_w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" font-size="12" '
            f'fill="{TEXT_COLOR}">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
