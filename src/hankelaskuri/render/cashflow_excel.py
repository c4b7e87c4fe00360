"""The cash-flow sheet of the workbook: the project's money month by month, with a chart.

The monthly flows (costs, income, support and contributions received) are the engine's
figures, written as values; the cumulative pre-financing, the totals, the peak and its
month are formulas over them, so the sheet shows how the balance arises and follows an
edited month. A native chart (openpyxl, shown by Excel and LibreOffice alike) draws the
costs and the support received as columns and the amount to pre-finance as a line.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..cashflow import CONTRIBUTIONS, CashFlow, Flow
from ..i18n import label, t
from ..result import Result
from .cashflow import convention_lines, month_label, summary_lines
from .excel import FONT, MONEY, header_text

MONEY_FORMAT = MONEY  # the workbook's one money format
HEAD = Font(name=FONT, bold=True)  # the workbook's font (without a name: a serif fallback)
TITLE = Font(name=FONT, bold=True, size=14)
FILL = PatternFill("solid", fgColor="DDEBF7")
PEAK = PatternFill("solid", fgColor="F8CBAD")


def _columns(flow: Flow) -> list[tuple[str, tuple[Decimal, ...]]]:
    """(key, monthly values) of every flow column with something in it."""
    cols = [("costs", flow.costs), ("income", flow.income), ("support", flow.support)]
    cols += [(row, flow.contributions[row]) for row in CONTRIBUTIONS]
    return [c for c in cols if c[0] in ("costs", "support") or any(c[1])]


# rows of the default height (15 pt) the chart covers (9 cm = 255 pt), and one between
CHART_ROWS = 19


def add_sheet(wb: Workbook, result: Result, cf: CashFlow, lang: str = "fi") -> None:
    """Add the sheet *Kassavirta* for the whole project to ``wb``."""
    from .excel import LOCALES  # the workbook's number locale (Finnish separators)

    MONEY = LOCALES.get(lang, "") + MONEY_FORMAT  # noqa: N806 - a constant for this sheet
    flow = cf.project
    ws = wb.create_sheet(t("cashflow.sheet", lang)[:31])
    ws["A1"] = t("cashflow.title", lang)
    ws["A1"].font = TITLE
    ws["A2"] = result.name  # text from the project stays text (a string cell)
    ws["A2"].data_type = "s"
    cols = _columns(flow)
    bal_col = 3 + len(cols)
    widths = [10, 8, *([15] * len(cols)), 17]
    row = 4
    ws.cell(row, 1, t("cashflow.conventions", lang)).font = HEAD
    for line in [*convention_lines(cf, lang), t("cashflow.sheet_is_fixed", lang)]:
        # each assumption wraps within the table's width, so the page keeps its scale
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=bal_col)
        cell = ws.cell(row, 1, line)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 13 * (1 + len(line) // int(sum(widths) * 1.1))
    row += 2

    names = {
        "costs": t("cashflow.costs", lang),
        "income": label("income", lang),
        "support": t("cashflow.support_in", lang).replace("\n", " "),
        **{k: label(k, lang) for k in CONTRIBUTIONS},
    }
    header = [t("cashflow.month", lang), t("cashflow.project_month", lang)]
    header += [names[key] for key, _ in cols]
    header.append(t("cashflow.balance", lang).replace("-\n", "").replace("\n", " "))
    head_row = row
    for j, text in enumerate(header, start=1):
        cell = ws.cell(head_row, j, text)
        cell.font = HEAD
        cell.fill = FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[head_row].height = 30
    first = head_row + 1
    n = len(flow.months)
    last = first + n - 1
    bal = get_column_letter(bal_col)
    for i, month in enumerate(flow.months):
        r = first + i
        ws.cell(r, 1, month_label(month, lang)).data_type = "s"
        ws.cell(r, 2, i + 1 if i < cf.project_months else None)
        for j, (_, values) in enumerate(cols, start=3):
            ws.cell(r, j, float(values[i])).number_format = MONEY
        costs = f"C{r}"
        received = "-".join(f"{get_column_letter(j)}{r}" for j in range(4, bal_col))
        previous = f"{bal}{r - 1}+" if i else ""
        ws.cell(r, bal_col, f"=ROUND({previous}{costs}-{received},2)").number_format = MONEY
        if flow.peak_index == i:
            ws.cell(r, bal_col).fill = PEAK
    total = last + 1
    ws.cell(total, 1, label("total", lang)).font = HEAD
    for j in range(3, bal_col):
        c = get_column_letter(j)
        cell = ws.cell(total, j, f"=SUM({c}{first}:{c}{last})")
        cell.number_format = MONEY
        cell.font = HEAD
    cell = ws.cell(total, bal_col, f"={bal}{last}")
    cell.number_format = MONEY
    cell.font = HEAD

    # key figures beside the table: formulas over the balance column
    kx = bal_col + 2
    value_col = get_column_letter(kx + 1)
    facts = [
        (t("cashflow.peak_short", lang), f"=MAX(0,MAX({bal}{first}:{bal}{last}))", MONEY),
        (
            t("cashflow.peak_month", lang),
            f'=IF(MAX({bal}{first}:{bal}{last})<=0,"–",'
            f"INDEX(A{first}:A{last},MATCH(MAX({bal}{first}:{bal}{last}),{bal}{first}:{bal}{last},0)))",
            None,
        ),
        (t("cashflow.final_short", lang), f"={bal}{last}", MONEY),
        # the funding plan's own funding and cost, live: after an edit of the budget the
        # months here (figures of the export) no longer match, and the checks show by how much
        (label("own", lang), "=funding_own", MONEY),
        (
            t("cashflow.check", lang),
            f"=ROUND({value_col}{head_row + 2}-{value_col}{head_row + 3},2)",
            MONEY,
        ),
        (
            t("cashflow.check_costs", lang),
            f"=ROUND(SUM(C{first}:C{last})-total_cost,2)",
            MONEY,
        ),
    ]
    for k, (name, value, fmt) in enumerate(facts):
        ws.cell(head_row + k, kx, name).font = HEAD
        cell = ws.cell(head_row + k, kx + 1, value)
        if fmt:
            cell.number_format = fmt
        else:  # the peak's month (text) in line with the amounts above and below it
            cell.alignment = Alignment(horizontal="right")
    words_row = head_row + len(facts) + 1
    for k, line in enumerate(summary_lines(cf, flow, lang)):
        ws.cell(words_row + k, kx, line).data_type = "s"

    # the chart under the key figures, on the first page with them (anchored further down,
    # a page break once ran through it); the claims below the chart
    chart_row = words_row + 3
    crow = chart_row + CHART_ROWS
    ws.cell(crow, kx, t("cashflow.claims", lang)).font = HEAD
    heads = ["claim_no", "claim_period", "claim_costs", "claim_payment", "claim_paid"]
    for j, key in enumerate(heads):
        cell = ws.cell(crow + 1, kx + j, t(f"cashflow.{key}", lang))
        cell.font = HEAD
        cell.fill = FILL
        if key in ("claim_costs", "claim_payment"):
            cell.alignment = Alignment(horizontal="right")
        elif key == "claim_paid":
            cell.alignment = Alignment(horizontal="center")
    for k, claim in enumerate(flow.claims):
        r = crow + 2 + k
        ws.cell(r, kx, f"{claim.number}.")
        ws.cell(r, kx + 1, f"{month_label(claim.first, lang)}–{month_label(claim.last, lang)}")
        ws.cell(r, kx + 2, float(claim.costs)).number_format = MONEY
        ws.cell(r, kx + 3, float(claim.payment)).number_format = MONEY
        ws.cell(r, kx + 4, month_label(claim.paid, lang)).alignment = Alignment(horizontal="center")

    # implementers
    if len(cf.partners) > 1:
        prow = crow + 3 + len(flow.claims)
        ws.cell(prow, kx, t("cashflow.by_partner", lang)).font = HEAD
        for j, key in enumerate(("peak_short", "peak_month", "final_short")):
            cell = ws.cell(prow + 1, kx + 1 + j, t(f"cashflow.{key}", lang))
            cell.font = HEAD
            if key != "peak_month":
                cell.alignment = Alignment(horizontal="right")
        for k, f in enumerate(cf.partners):
            r = prow + 2 + k
            ws.cell(r, kx, f.name).data_type = "s"
            ws.cell(r, kx + 1, float(f.peak)).number_format = MONEY
            ws.cell(r, kx + 2, month_label(f.peak_month, lang) if f.peak_month else "–")
            ws.cell(r, kx + 3, float(f.final)).number_format = MONEY

    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.column_dimensions[get_column_letter(kx)].width = max(30, *(len(f[0]) + 3 for f in facts))
    ws.column_dimensions[get_column_letter(kx + 1)].width = 16
    for j in range(kx + 2, kx + 5):
        ws.column_dimensions[get_column_letter(j)].width = 18
    ws.freeze_panes = ws.cell(first, 3)
    # printed as every other sheet: A4, the project in the header, sheet and page below,
    # the table's head on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddHeader.center.text = header_text(result.name)
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "&P / &N"
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    # the chart: costs and support as columns, the amount to pre-finance as a line
    months = Reference(ws, min_col=1, min_row=first, max_row=last)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "clustered"
    support_col = 3 + [k for k, _ in cols].index("support")
    for col in (3, support_col):
        bars.add_data(
            Reference(ws, min_col=col, min_row=head_row, max_row=last), titles_from_data=True
        )
    bars.set_categories(months)
    balance_line = LineChart()
    balance_line.add_data(
        Reference(ws, min_col=bal_col, min_row=head_row, max_row=last), titles_from_data=True
    )
    balance_line.set_categories(months)
    balance_line.series[0].graphicalProperties.line.width = 28000
    balance_line.series[0].graphicalProperties.line.solidFill = "C00000"
    balance_line.series[0].smooth = False
    bars.title = t("cashflow.chart_title", lang)
    bars.y_axis.title = "€"
    bars.y_axis.numFmt = LOCALES.get(lang, "") + "#,##0"
    bars.y_axis.majorGridlines = None
    bars.x_axis.title = t("cashflow.month", lang)
    bars.legend.position = "b"
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars += balance_line
    bars.height = 9
    bars.width = 22
    ws.add_chart(bars, f"{get_column_letter(kx)}{chart_row}")
