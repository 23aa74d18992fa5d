"""Server-rendered SVG column charts (no script, no library): one column per day or per
label, heights from integers, every number also written out for people who read."""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 220, 16, 40, 8


@dataclass(frozen=True)
class Column:
    label: str
    value: int  # minor units, grams or units: whatever the chart counts, never a float
    shown: str  # the value as people read it (¥1,200 / 3.000 kg)


def columns_svg(title: str, columns: Sequence[Column], css: str = "") -> str:
    """An accessible SVG: ``role=img`` with the title, a <title> per column."""
    if not columns:
        return ""
    top = max(max(c.value for c in columns), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - 2 * LEFT) // len(columns)
    bar_w = max(step * 3 // 4, 2)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - LEFT}" '
        f'y2="{HEIGHT - BOTTOM}"/>',
    ]
    for i, col in enumerate(columns):
        h = max(col.value, 0) * plot_h // top
        x = LEFT + i * step + (step - bar_w) // 2
        y = HEIGHT - BOTTOM - h
        parts.append(
            f'<rect class="col {css}" x="{x}" y="{y}" width="{bar_w}" height="{h}">'
            f"<title>{escape(col.label)}: {escape(col.shown)}</title></rect>"
        )
        if len(columns) <= 16 or i % max(len(columns) // 8, 1) == 0:
            parts.append(
                f'<text x="{x + bar_w // 2}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(col.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
