"""Native workbook charts (openpyxl): costs by category and year, the funding plan, and
each municipality's share. They read the sheets' formula cells, so they follow every
recalculation; no images."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, PieChart, Reference, Series
from openpyxl.chart.data_source import NumFmt, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText
from openpyxl.descriptors import Typed
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

PERCENT = NumFmt(formatCode="0\\ %", sourceLinked=False)  # "70 %", the Finnish way


class _Labels(DataLabelList):
    """Data labels with a number format of their own: openpyxl writes a label's format
    without sourceLinked="0", and LibreOffice then shows the source's "70%" instead."""

    numFmt = Typed(expected_type=NumFmt, allow_none=True)  # type: ignore[assignment]
    __elements__ = DataLabelList.__elements__
    __nested__ = tuple(n for n in DataLabelList.__nested__ if n != "numFmt")


AXIS_MONEY = '#,##0\\ "€"'  # with the language's locale code in front (fi: 1 234 €)
WIDTH, HEIGHT = 16, 7.5  # centimetres: three charts fit a portrait A4 page


def _font(chart: Any, face: str) -> None:
    """The workbook's font family in the chart's texts too."""
    props = CharacterProperties(latin=Font(typeface=face), sz=900)
    chart.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def costs_by_category(
    target: Worksheet,
    anchor: str,
    source: Worksheet,
    first_row: int,
    last_row: int,
    first_col: int,
    years: int,
    title: str,
    face: str,
    locale: str = "",
) -> None:
    """Stacked columns: one column per year (the header row above ``first_row`` names
    them), one series per cost category (named in column B)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    last_col = first_col + years - 1
    for row in range(first_row, last_row + 1):
        values = Reference(source, min_col=first_col, max_col=last_col, min_row=row, max_row=row)
        series = Series(values, title_from_data=False)
        series.tx = SeriesLabel(strRef=StrRef(f"'{source.title}'!$B${row}"))
        chart.series.append(series)
    header = first_row - 1
    chart.set_categories(
        Reference(source, min_col=first_col, max_col=last_col, min_row=header, max_row=header)
    )
    chart.y_axis.numFmt = locale + AXIS_MONEY
    chart.y_axis.majorGridlines = None
    chart.width, chart.height = WIDTH, HEIGHT
    _font(chart, face)
    target.add_chart(chart, anchor)


def funding_plan(
    target: Worksheet, anchor: str, table_first: int, table_last: int, title: str, face: str
) -> None:
    """A pie of the funding rows (labels and amounts in columns A and B of ``target``)."""
    chart = PieChart()
    chart.title = title
    chart.add_data(Reference(target, min_col=2, min_row=table_first, max_row=table_last))
    chart.set_categories(Reference(target, min_col=1, min_row=table_first, max_row=table_last))
    chart.dataLabels = _Labels(numFmt=PERCENT)
    chart.dataLabels.showPercent = True
    for flag in ("showVal", "showCatName", "showSerName", "showLegendKey"):
        setattr(chart.dataLabels, flag, False)
    chart.width, chart.height = WIDTH, HEIGHT
    _font(chart, face)
    target.add_chart(chart, anchor)


def municipal_shares(
    target: Worksheet,
    anchor: str,
    source: Worksheet,
    first_row: int,
    last_row: int,
    share_col: int,
    title: str,
    face: str,
    locale: str = "",
) -> None:
    """Horizontal bars: each municipality's share in euros."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.add_data(
        Reference(source, min_col=share_col, min_row=first_row, max_row=last_row),
        titles_from_data=False,
    )
    chart.set_categories(Reference(source, min_col=1, min_row=first_row, max_row=last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the table's order, top down
    chart.y_axis.numFmt = locale + AXIS_MONEY
    chart.y_axis.majorGridlines = None
    chart.width = WIDTH
    chart.height = max(HEIGHT, 1.5 + 0.6 * (last_row - first_row + 1))
    _font(chart, face)
    # euro labels along the bars' axis slanted: upright they run into each other once the
    # largest share passes 100 000 €
    props = CharacterProperties(latin=Font(typeface=face), sz=800)
    chart.y_axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)],
    )
    target.add_chart(chart, anchor)
