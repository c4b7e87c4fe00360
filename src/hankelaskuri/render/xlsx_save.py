"""Saving a workbook: openpyxl's own writer, with the worksheets' cells written as text.

openpyxl writes every cell through lxml's incremental writer, three or four element
contexts per cell: most of the time of saving a large workbook. :func:`save` is openpyxl's
``Workbook.save`` with one part done differently: the ``<sheetData>`` of each worksheet
(its rows and cells) is joined as text, with every value escaped by the standard library's
XML escaping (``xml.sax.saxutils.escape``). Everything else in a worksheet part
(properties, views, columns, protection, merged cells, validations, page setup, header and
footer, the drawing) and every other part of the package (styles, charts, defined names)
is still openpyxl's own, serialised by lxml, and each worksheet part is put in the zip
from memory rather than through a temporary file.

The bytes are the ones openpyxl writes: the same elements and attributes in the same
order, ASCII with character references (``ä`` as ``&#228;``), ``&#13;`` for a carriage
return, ``xml:space="preserve"`` on text with spaces at either end, style ids given in
the order openpyxl gives them. Text stays text (an inline string, never a formula); a
value of any other kind than text, number, formula or date (rich text, array formulas,
comments, hyperlinks, merged cells) is written by openpyxl's own cell writer. Characters
XML cannot hold are refused, as lxml refuses them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from lxml.etree import tostring, xmlfile  # type: ignore[import-untyped]
from openpyxl.cell._writer import lxml_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS

_TEXT = {"\r": "&#13;"}  # as libxml2 escapes text (&, <, > by escape itself)
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
# what XML 1.0 cannot hold: control characters, lone surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBERS = (int, float, Decimal, bool)
_DATES = (date, datetime)
_CELL: Any = Cell  # compared by identity: a subclass is written by openpyxl
_UNSTYLED = StyleArray().tobytes()  # the default style: a cell with it has no style written


def save(workbook: Workbook, path: Any) -> None:
    """``workbook.save(path)`` (a path or a binary file), the cells written by
    :func:`sheet_data`."""
    if workbook.read_only or workbook.write_only:
        workbook.save(path)
        return
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        modified = datetime.now(tz=UTC).replace(tzinfo=None)
        workbook.properties.modified = modified  # as openpyxl's save_workbook sets it
        _Writer(workbook, archive).write_data()


class _Writer(ExcelWriter):
    _archive: ZipFile

    def write_worksheet(self, ws: Any) -> None:
        """openpyxl's ``write_worksheet`` for a workbook in memory, the part from memory."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer: its elements serialised one by one (as its incremental
    writer serialises them), the rows from :func:`sheet_data`."""

    ws: Any
    _rels: Any

    def __init__(self, ws: Any) -> None:
        self.parts: list[bytes] = [b'<worksheet xmlns="%s">' % SHEET_MAIN_NS.encode()]
        super().__init__(ws, out=BytesIO())

    def get_stream(self) -> Any:
        parts = self.parts
        while True:
            element = yield
            if element is not None:
                parts.append(tostring(element))

    def write_rows(self) -> None:
        self.parts.append(sheet_data(self.ws))

    def read(self) -> bytes:
        self.close()
        return b"".join(self.parts) + b"</worksheet>"

    def cleanup(self) -> None:  # no temporary file
        pass


def sheet_data(ws: Any) -> bytes:
    """The worksheet's ``<sheetData>`` as openpyxl's writer serialises it."""
    wb = ws.parent
    cell_styles = wb._cell_styles
    ids: dict[bytes, str | None] = {}  # a style array's bytes → its id in the workbook
    cells: dict[tuple[int, int], Any] = ws._cells
    rows: dict[int, list[Any]] = defaultdict(list)
    for key in sorted(cells):
        rows[key[0]].append(cells[key])
    dims = ws.row_dimensions
    for number in dims.keys() - rows.keys():  # rows with a height or style but no cells
        rows[number] = []
    iso_dates, epoch = wb.iso_dates, wb.epoch
    out = ["<sheetData>"]
    add = out.append
    for number in sorted(rows):
        dim = dims.get(number)
        if dim is None:
            add(f'<row r="{number}">')
        else:
            attributes = {"r": f"{number}"}
            attributes.update(dim)
            add(
                "<row"
                + "".join(f' {k}="{escape(v, _ATTRIBUTE)}"' for k, v in attributes.items())
                + ">"
            )
        for cell in rows[number]:
            if type(cell) is not _CELL or cell._comment is not None or cell._hyperlink is not None:
                _other(add, ws, cell)
                continue
            style = cell._style
            if style is None:
                sid = None
            else:
                key = style.tobytes()
                if key in ids:
                    sid = ids[key]
                else:
                    sid = ids[key] = None if key == _UNSTYLED else f"{cell_styles.add(style)}"
            value, kind = cell._value, cell.data_type
            if value is None and sid is None:
                continue
            c = f'<c r="{get_column_letter(cell.column)}{number}"'
            if sid is not None:
                c += f' s="{sid}"'
            if value is None:
                add(f'{c} t="n"></c>' if kind == "n" else _other_text(ws, cell))
            elif type(value) is str and kind == "s":  # text: an inline string, always
                if not value:
                    add(f'{c} t="inlineStr"></c>')
                elif value != value.strip():
                    add(f'{c} t="inlineStr"><is><t xml:space="preserve">{escape(value, _TEXT)}')
                    add("</t></is></c>")
                else:
                    add(f'{c} t="inlineStr"><is><t>{escape(value, _TEXT)}</t></is></c>')
            elif type(value) is str and kind == "f":
                add(f"{c}><f>{escape(value[1:], _TEXT)}</f><v></v></c>" if value else f"{c}></c>")
            elif type(value) in _NUMBERS and kind in ("n", "b"):
                add(f'{c} t="{kind}"><v>{safe_string(value)}</v></c>')
            elif type(value) in _DATES and kind == "d" and not iso_dates and _naive(value):
                add(f'{c} t="n"><v>{safe_string(to_excel(value, epoch))}</v></c>')
            else:
                add(_other_text(ws, cell))
        add("</row>")
    add("</sheetData>")
    text = "".join(out)
    bad = _NOT_XML.search(text)
    if bad:
        raise IllegalCharacterError(f"{bad.group()!r} cannot be used in worksheets.")
    return text.encode("ascii", "xmlcharrefreplace")


def _naive(value: date) -> bool:
    """A date, or a time of day without a time zone (openpyxl refuses one with a zone)."""
    return getattr(value, "tzinfo", None) is None


def _other(add: Any, ws: Any, cell: Any) -> None:
    """A cell with a comment, a hyperlink or not of the class :class:`Cell` (a merged
    cell), as openpyxl's own row writer writes it."""
    if cell._comment is not None:
        ws._comments.append(CommentRecord.from_cell(cell))
    if cell._value is not None or cell.has_style or cell._comment:
        add(_other_text(ws, cell))


def _other_text(ws: Any, cell: Any) -> str:
    """The cell as openpyxl's own cell writer writes it: any value of another kind (rich
    text, an array formula, a time, a date with a time zone, which it refuses)."""
    out = BytesIO()
    with xmlfile(out) as xf:
        lxml_write_cell(xf, ws, cell, cell.has_style)
    return str(out.getvalue().decode("ascii"))
