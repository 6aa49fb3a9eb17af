"""The monthly report as a one-page PDF in Russian and English, with bar charts.

fpdf2 draws the bars itself (no image library); Cyrillic needs a Unicode TrueType font, and
the DejaVu Sans that ships inside matplotlib's wheel is used, so no system font is needed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import matplotlib
from django.utils import translation
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from huquq.core.vocab import Category, Language, Outcome, Urgency

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
BAR_COLOUR = (11, 87, 208)
HIDDEN_COLOUR = (170, 170, 170)
# fontTools logs every glyph it subsets at INFO: nothing useful in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
#: Cities shown on the page; the JSON and CSV keep them all.
TOP_CITIES = 8


def _both(label) -> str:
    """A vocabulary label in Russian and English, once when they are the same."""
    with translation.override("ru"):
        russian = str(label)
    with translation.override("en"):
        english = str(label)
    return russian if russian == english else f"{russian} / {english}"


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(auto=False)
        self.set_margins(12, 10, 12)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_page()

    def line_of_text(self, text: str, *, size: float = 9, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bars(self, title: str, rows: list[tuple[str, int | str]], *, x: float, width: float):
        """A titled horizontal bar chart at column ``x``; hidden counts get a grey stub."""
        top = self.get_y()
        self.set_xy(x, top)
        self.set_font(FONT, "B", 8.5)
        self.cell(width, 5, title, new_x=XPos.LEFT, new_y=YPos.NEXT)
        numbers = [value for _label, value in rows if isinstance(value, int)]
        largest = max(numbers, default=0) or 1
        label_width, value_width = width * 0.45, 16
        bar_room = width - label_width - value_width - 2
        self.set_font(FONT, "", 7)
        for label, value in rows:
            y = self.get_y()
            self.set_xy(x, y)
            self.cell(label_width, 4, label[:48])
            if isinstance(value, int):
                self.set_fill_color(*BAR_COLOUR)
                length = bar_room * value / largest
            else:
                self.set_fill_color(*HIDDEN_COLOUR)
                length = 1.5
            if length > 0:
                self.rect(x + label_width, y + 0.8, length, 2.6, style="F")
            self.set_xy(x + label_width + bar_room + 2, y)
            self.cell(value_width, 4, str(value), align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
        return self.get_y() + 2 - top


def _rows(counts: dict[str, int | str], labels: dict[str, Any]) -> list[tuple[str, int | str]]:
    return [(_both(labels[code]) if code in labels else code, counts[code]) for code in counts]


def report_pdf(report: dict[str, Any], *, public: bool) -> bytes:
    """One A4 page: headline figures, then charts of every table of ``report``."""
    page = _Page()
    page.line_of_text(
        f"Huquq — ежемесячный отчёт / monthly report, {report['month']}", size=14, bold=True
    )
    page.ln(1)
    page.line_of_text(f"Обращения / Requests: {report['requests']}", size=12, bold=True)
    page.line_of_text(f"Новые дела / New cases: {report['cases_opened']}", size=12, bold=True)
    page.ln(1)
    page.line_of_text("Месяц по московскому времени. / Calendar month, Moscow time.", size=8)
    if public:
        page.line_of_text(
            f"Числа от 1 до {report['k'] - 1} скрыты («<{report['k']}»), как и числа, по "
            f"которым их можно вычислить («suppressed»). / Counts from 1 to {report['k'] - 1} "
            f"are hidden, as are counts they could be derived from.",
            size=7,
        )
    page.ln(2)
    charts = [
        ("Категории / Categories", _rows(report["by_category"], dict(Category.choices))),
        ("Срочность / Urgency", _rows(report["by_urgency"], dict(Urgency.choices))),
        ("Язык / Language", _rows(report["by_language"], dict(Language.choices))),
        ("Гражданство / Citizenship", _rows(report["by_citizenship"], {})),
        (
            "Итоги закрытых дел / Outcomes of closed cases",
            _rows(report["outcomes"], dict(Outcome.choices)),
        ),
        (
            f"Города (первые {TOP_CITIES}) / Cities (top {TOP_CITIES})",
            _top_cities(report["by_city"]),
        ),
    ]
    half = (page.w - page.l_margin - page.r_margin - 6) / 2
    columns = (page.l_margin, page.l_margin + half + 6)
    for pair in (charts[0:2], charts[2:4], charts[4:6]):
        top = page.get_y()
        heights = []
        for (title, rows), x in zip(pair, columns, strict=True):
            page.set_y(top)
            heights.append(page.bars(title, rows, x=x, width=half))
        page.set_y(top + max(heights))
    return bytes(page.output())


def _top_cities(by_city: dict[str, int | str]) -> list[tuple[str, int | str]]:
    """The largest published cities; hidden ones sort last, as their size is not shown."""
    ordered = sorted(by_city.items(), key=lambda item: -item[1] if isinstance(item[1], int) else 1)
    return ordered[:TOP_CITIES]
