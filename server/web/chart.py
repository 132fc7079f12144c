"""The hourly credits chart as plain SVG geometry, drawn by the template (no JavaScript, no library)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.money import group_indian
from server.web.formatting import count, rupees

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 84, 8, 12, 28


@dataclass(frozen=True)
class Bar:
    hour: int
    x: float
    y: float
    width: float
    height: float
    title: str          # the tooltip: hour, credits, rupees


@dataclass(frozen=True)
class HourlyChart:
    bars: tuple[Bar, ...]
    max_label: str      # the top of the y axis in whole rupees (1,00,000)
    empty: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_ceiling(paise: int) -> int:
    """The next 1, 2 or 5 x 10^n rupees at or above the value, so the axis reads easily."""
    rupees_value = max(1, -(-paise // 100))
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= rupees_value:
                return step * factor * 100
        step *= 10


def hourly_chart(hours: dict[int, tuple[int, int]]) -> HourlyChart:
    top = _nice_ceiling(max((paise for _, paise in hours.values()), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / 24
    bars = []
    for hour in range(24):
        credits, paise = hours.get(hour, (0, 0))
        height = plot_h * paise / top if top else 0
        bars.append(Bar(hour=hour, x=round(LEFT + hour * slot + 2, 1), y=round(TOP + plot_h - height, 1),
                        width=round(slot - 4, 1), height=round(height, 1),
                        title=f"{hour:02d}:00-{hour:02d}:59: {count(credits)} credits, Rs {rupees(paise)}"))
    return HourlyChart(bars=tuple(bars), max_label=group_indian(top // 100), empty=not any(p for _, p in hours.values()))
