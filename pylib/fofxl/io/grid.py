"""From a file to a grid of raw cells, and from the grid to a header and a body.

:func:`_read_grid` reads a CSV (UTF-8, GBK, or UTF-16 after its byte-order mark as Excel's
Unicode Text; any common delimiter) or an .xlsx sheet into rows
of cells, after :mod:`fofxl.io.files` has checked the bytes. :class:`_Reader` finds the header
(the first row naming a date column, or an untitled / pandas ``index`` column of dates), joins a
second header row under it (日期 merged down, 净值 merged over 单位净值 | 累计净值), finds a group
row (股票型 merged over two funds, funds' names over their 单位净值 | 累计净值, a Wind 简称 row)
and Wind's description rows (频率, 单位), and turns columns into dates and numbers, collecting
the bad cells for the report.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import html
import io
import itertools
import math
import operator
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..clean import (
    CHINESE_UNITS,
    YYYYMMDD_RANGE,
    _as_typed,
    chinese_unit,
    chinese_unit_in,
    is_blank,
    to_date,
    to_dates,
    to_number,
    to_numbers,
    to_text,
    unit_size,
)
from ..errors import InputError, OptionError
from .files import OLE_SIGNATURE, ZIP_SIGNATURE, check_size, check_xlsx
from .report import Issue, QualityReport, _Inputs
from .vocabulary import _INDEX_HEADERS, _PERIOD_NAMES, _UNIT_ROW_NAMES, _norm, _role

__all__: list[str] = []


_HEADER_SCAN = 30


class _Grid(NamedTuple):
    """What :func:`_read_grid` reads of a file."""

    #: the rows of cells
    rows: list[Sequence[Any]]
    #: what the report and messages call it (``book.xlsx [sheet 净值]``)
    source: str
    #: warnings and notes on reading, for the report
    warnings: Sequence[str] = ()
    notes: Sequence[str] = ()
    #: what to add to a message that finds no header in the rows (the workbook's sheets, the
    #: CSV's delimiter): "" when nothing
    hint: str = ""
    #: a workbook of the 1904 date system (Mac Excel): its date serials count from 1904-01-01
    date1904: bool = False


def _read_grid(path: Path, sheet: str | None) -> _Grid:
    """The rows of a file (a sheet of a workbook), what to call it, and what to report or
    hint of the reading (:class:`_Grid`)."""
    if not path.exists():
        raise InputError(f"{path}: no such file; check the name and folder.")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file; give a .csv or .xlsx file.")
    check_size(path)
    raw = path.read_bytes()
    name = path.name
    workbook = path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}
    if workbook or raw.startswith((ZIP_SIGNATURE, OLE_SIGNATURE)):
        check_xlsx(raw, name)  # encrypted, old .xls, damaged, not a workbook, zip bomb
        return _read_xlsx(raw, name, sheet)
    if sheet is not None:
        raise OptionError(
            f"sheet={sheet!r} applies to .xlsx workbooks only; {name} is a text (CSV) file: "
            "drop the sheet option."
        )
    rows, delimiter = _read_csv(raw, name)
    hint = (
        f"its lines were split at {_DELIMITERS[delimiter]}, the delimiter that splits them into "
        "the most even columns: if its columns are separated otherwise, save it as a CSV "
        "separated by commas"
        if any(any(cell.strip() for cell in row) for row in rows)
        else ""
    )
    return _Grid(rows, name, hint=hint)


def _read_xlsx(raw: bytes, name: str, sheet: str | None) -> _Grid:
    """The rows of a sheet (``sheet``, else the first visible one: a hidden sheet is not what
    the workbook shows, often last year's data), read by calamine (Rust: a fund universe's
    sheet of a million cells in a second, where openpyxl takes several), then completed from
    the sheet's XML: each error cell (#DIV/0!, which calamine reads as blank) gets its error
    back, and formulas without a saved result are reported. Blank cells are None."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    damaged = InputError(
        f"{name} cannot be read as an .xlsx workbook (damaged, or not really .xlsx); open it "
        "in Excel and save it again, or export a .csv."
    )
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except (CalamineError, OSError, ValueError):
        raise damaged from None
    with book:
        sheets = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        names = [m.name for m in sheets]
        if not names:
            raise InputError(f"{name} has no worksheets; add a sheet with the data.")
        visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
        notes = []
        if sheet is None:
            title = visible[0] if visible else names[0]
            hidden = names[: names.index(title)]
            if hidden:
                notes.append(_hidden_note(hidden, title))
        elif sheet in names:
            title = sheet
        else:
            raise InputError(
                f"{name}: there is no sheet {sheet!r}; the sheets are: {', '.join(names)}."
            )
        try:  # from A1, empty rows and columns before the data kept (cells keep their places)
            cells = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except (CalamineError, OSError, ValueError):
            raise damaged from None
        rows: list[Sequence[Any]] = [_cells_of(row) for row in cells]
        others = [n for n in visible if n != title] if sheet is None else []
        alike = _alike_sheets(book, others, rows[:_HEADER_SCAN])
    xml, date1904 = _sheet_xml(raw, title)
    if xml is None:
        raise damaged
    _restore_errors(rows, xml)
    notice = _formulas_without_results(xml)
    hint = (
        f"the workbook's sheets are {', '.join(names)}: pick the one with the data with "
        "--sheet NAME (sheet=NAME in Python)"
        if len(names) > 1
        else ""
    )
    warnings = [notice] if notice else []
    if alike:
        warnings.append(_alike_warning(alike, title, name))
    return _Grid(rows, f"{name} [sheet {title}]", warnings, notes, hint, date1904)


def _alike_sheets(book: Any, others: list[str], top: list[Sequence[Any]]) -> list[str]:
    """The sheets of ``others`` (a workbook's other visible sheets) that hold data as the
    sheet read (whose first rows are ``top``) does: a header the importer finds
    (:func:`_data_header`) naming NAV, price or income columns, or the same header as the
    sheet read, and a row of data under it (a workbook of one fund a sheet). Not a cover,
    notes or chart sheet; only each sheet's first :data:`_HEADER_SCAN` rows are looked at."""
    from python_calamine import CalamineError

    ours = _data_header(top)
    if ours is None or not others:
        return []
    found = []
    for title in others:
        try:
            cells = book.get_sheet_by_name(title).to_python(
                skip_empty_area=False, nrows=_HEADER_SCAN
            )
        except (CalamineError, OSError, ValueError):
            continue
        header = _data_header([_cells_of(row) for row in cells])
        if header is None:
            continue
        valued = any(_role(c)[0] in ("nav", "market", "income") for c in header)
        if valued or [_norm(c) for c in header] == [_norm(c) for c in ours]:
            found.append(title)
    return found


def _data_header(rows: list[Sequence[Any]]) -> Sequence[Any] | None:
    """The header row of ``rows`` (:func:`_find_header`) when a row under it has a date and
    another value (data, not a header alone); else None."""
    try:
        i, j = _find_header(rows, "")
    except InputError:
        return None
    dated = any(
        not is_blank(_cell(row, j)) and sum(not is_blank(c) for c in row) > 1
        for row in rows[i + 1 :]
    )
    return rows[i] if dated else None


def _alike_warning(alike: list[str], title: str, name: str) -> str:
    """The warning of a workbook's other sheets that hold data like the sheet read, ``title``
    (:func:`_alike_sheets`): not read. ``name``: the workbook's file name."""
    every = " ".join(f"{name}#{sheet}" for sheet in [title, *alike][:3])
    every += " …" if len(alike) > 2 else ""
    if len(alike) == 1:
        return (
            f"sheet {alike[0]} of the workbook holds data like sheet {title} (one fund a "
            f"sheet?) but was not read: import it with --sheet {alike[0]} "
            f"(sheet={alike[0]!r} in Python), or every sheet in one import: {every}"
        )
    return (
        f"sheets {', '.join(alike)} of the workbook hold data like sheet {title} (one fund a "
        "sheet?) but were not read: import each with --sheet NAME (sheet=NAME in Python), or "
        f"every sheet in one import: {every}"
    )


def _hidden_note(hidden: list[str], title: str) -> str:
    """The note of the hidden sheets before the first visible one, ``title``, which was read."""
    one = len(hidden) == 1
    return (
        f"hidden sheet{'' if one else 's'} {', '.join(hidden)} skipped: the first visible "
        f"sheet, {title}, was read (--sheet {hidden[0] if one else 'NAME'} reads "
        f"{'it' if one else 'one'}; sheet=NAME in Python)"
    )


def _cells_of(row: list[Any]) -> tuple[Any, ...]:
    """A row as calamine reads it, as openpyxl gives it: blank cells (calamine's "") as None,
    and none after the row's last value (calamine pads every row to the sheet's width)."""
    end = len(row)
    while end and row[end - 1] == "":
        end -= 1
    del row[end:]
    at = -1
    try:
        while True:  # each blank found by a C scan (a few blanks in a row of funds, usually)
            at = row.index("", at + 1)
            row[at] = None
    except ValueError:
        return tuple(row)


def _sheet_xml(raw: bytes, title: str) -> tuple[bytes | None, bool]:
    """The XML of the worksheet ``title`` (found through the workbook's relationships, as
    Excel does), None when the workbook does not say where it is; and whether the workbook is
    of the 1904 date system (Mac Excel's, ``<workbookPr date1904="1"/>``): its date serials
    count days from 1904-01-01, 1,462 days after the 1900 system's 1899-12-30. calamine
    converts date-formatted cells so; plain numbers read as dates are
    :meth:`_Reader.dates`' to shift."""
    from defusedxml import ElementTree

    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target, date1904 = None, False
            for node in workbook.iter():
                if node.tag.endswith("}workbookPr"):
                    date1904 = node.get("date1904") in ("1", "true")
                if node.tag.endswith("}sheet") and node.get("name") == title:
                    wanted = node.get(relation)
                    for rel in rels:
                        if rel.get("Id") == wanted:
                            target = rel.get("Target")
            if not target:
                return None, date1904
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            member = re.sub(r"[^/]+/\.\./", "", member)  # (a target such as ../xl/sheet1.xml)
            return archive.read(member), date1904
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return None, False


#: An error cell of a sheet's XML: ``<c r="B5" t="e">…<v>#DIV/0!</v></c>`` (group 1: the
#: cell's attributes, group 2: its content).
_ERROR_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*\bt=[\"']e[\"'][^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.S
)
_ERROR_TYPE = re.compile(rb"""t=["']e["']""")
_CELL_REF = re.compile(rb"""\br=["']([A-Z]+)(\d+)["']""")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _restore_errors(rows: list[Sequence[Any]], xml: bytes) -> None:
    """Put each error cell's text (``#DIV/0!``, ``#N/A``) back into ``rows``, where calamine
    left it blank: the importers report an error where a number should be, and read #N/A (a
    lookup that found nothing) as a blank."""
    if not _ERROR_TYPE.search(xml):  # (a literal-led search: a fifth of the full pattern's)
        return
    for match in _ERROR_CELL.finditer(xml):
        ref = _CELL_REF.search(match.group(1))
        value = _VALUE.search(match.group(2))
        if ref is None or value is None:  # (a cell without its place: read as blank)
            continue
        i = int(ref.group(2)) - 1
        j = _column_index(ref.group(1).decode())
        rows.extend(() for _ in range(i + 1 - len(rows)))
        row = list(rows[i]) + [None] * max(0, j + 1 - len(rows[i]))
        row[j] = html.unescape(value.group(1).decode("utf-8", "replace"))
        rows[i] = tuple(row)


def _column_index(letters: str) -> int:
    """The 0-based index of a column named by letters (A is 0, AA is 26)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


#: A cell of a sheet's XML whose formula has no saved result: ``<c …><f>…</f></c>``, or with an
#: empty ``<v></v>`` (the form of a program that does not calculate); group 1: the cell's
#: attributes, group 2: the formula. (Any namespace prefix; the schema puts ``f`` before ``v``.)
_NO_RESULT = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>",
    re.S,
)
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: Cell types whose empty saved result is a result (empty text, an error).
_TEXT_RESULT = re.compile(rb"""\bt=["'](?:str|inlineStr|e)["']""")


def _formulas_without_results(xml: bytes) -> str | None:
    """What to say of a sheet's formulas without a saved result (a workbook written by a program
    that does not calculate): they read as blank. None when there are none; a result saved as
    empty text (``t="str"``) is a result."""
    if b"f>" not in xml or not _HAS_FORMULA.search(xml):  # (a formula is written <f>…</f>:
        return None  # a sheet of values alone is passed over at the speed of a byte search)
    found = [m for m in _NO_RESULT.finditer(xml) if not _TEXT_RESULT.search(m.group(1))]
    if not found:
        return None
    where = re.search(rb"""\br=["']([A-Z]+\d+)["']""", found[0].group(1))
    text = html.unescape((found[0].group(2) or b"").decode("utf-8", "replace"))
    return (
        f"{len(found)} cell{'s' if len(found) > 1 else ''} hold formulas without a saved result "
        f"(first: cell {where.group(1).decode() if where else '?'}, {_short('=' + text)!r}): "
        "the workbook was written by a program that does not calculate, so they read as blank; "
        "open it in Excel or LibreOffice and save it to read their values"
    )


#: The delimiters a CSV may have, in the order a tie goes, and what a message calls them.
_DELIMITERS = {",": "commas", "\t": "tabs", ";": "semicolons", "|": "vertical bars"}


def _read_csv(raw: bytes, name: str) -> tuple[list[Sequence[Any]], str]:
    """The rows of a text file, and the delimiter they were split at (:func:`_delimiter`)."""
    text = _decoded(raw, name)
    lines = [line for line in text.splitlines()[:60] if line.strip() and not line.startswith("#")]
    delimiter = _delimiter(lines)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), delimiter
    except csv.Error:
        raise InputError(
            f"{name} is not a readable CSV file (broken quoting); export it again."
        ) from None


def _decoded(raw: bytes, name: str) -> str:
    """The text of a file: UTF-16 after its byte-order mark (Excel's Save As > Unicode Text),
    else UTF-8 (with or without its mark) or GBK (gb18030)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")  # (the mark says the byte order, and is dropped)
        except UnicodeDecodeError:
            raise InputError(
                f"{name} starts as UTF-16 text but is not readable as such; open it in Excel "
                "and save it as CSV UTF-8."
            ) from None
    if b"\x00" in raw[:4096]:
        raise InputError(
            f"{name} is not a spreadsheet (binary content); give a .csv or .xlsx file."
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(  # pragma: no cover - gb18030 decodes nearly anything
        f"{name} is not a text (CSV) file; give a .csv or .xlsx file."
    )


def _delimiter(lines: list[str]) -> str:
    """The delimiter of a CSV's first lines: the one that splits a line into cells naming a
    date column (日期, date), else the one with the most lines at its most common count of
    cells (two or more); a tie goes to the first of :data:`_DELIMITERS`. So a title line with a
    comma (沪深300, 中证500 日线) or thousands separators (3,913.48) in a file separated by tabs
    do not outvote its columns."""

    def score(delimiter: str) -> tuple[bool, int]:
        rows = list(csv.reader(lines, delimiter=delimiter))
        dated = any(_role(cell)[0] == "date" for row in rows[:_HEADER_SCAN] for cell in row)
        counts = Counter(len(row) for row in rows if len(row) > 1)
        return dated, max(counts.values(), default=0)

    return max(_DELIMITERS, key=score)  # (max keeps the first of equal scores)


def _all_blank(cells: Sequence[Any]) -> bool:
    """Whether every cell is blank (:func:`~fofxl.clean.is_blank`): cells of text (a CSV's)
    at once, unless they may hold #N/A."""
    try:
        joined = "".join(cells)
    except TypeError:
        return all(map(is_blank, cells))
    return not joined.strip() or ("#" in joined and all(map(is_blank, cells)))


def _cell(row: Sequence[Any], j: int) -> Any:
    return row[j] if j < len(row) else None


def _find_header(rows: list[Sequence[Any]], source: str) -> tuple[int, int]:
    """(index of the header row, index of the date column)."""
    # the first rows with something in them (the header is among them): not every row
    wanted = max(_HEADER_SCAN, 21)
    nonblank = list(itertools.islice((i for i, row in enumerate(rows) if not _all_blank(row)),
                                     wanted))  # fmt: skip
    if not nonblank:
        raise InputError(f"{source} is empty; put a header row and data in it.")
    for i in nonblank[:_HEADER_SCAN]:
        dated = [j for j, cell in enumerate(rows[i]) if _role(cell)[0] == "date"]
        if dated:  # the first, a 日期 before a 月份 (a helper column of the days' months)
            return i, min(dated, key=lambda j: _norm(rows[i][j]) in _PERIOD_NAMES)
    # A header whose date column is untitled (a Wind export): the first column of dates.
    first = nonblank[0]
    below = [rows[i] for i in nonblank[1:21]]
    for j, cell in enumerate(rows[first]):
        if _norm(cell) not in _INDEX_HEADERS or not below:
            continue
        readable = 0
        for row in below:
            try:
                readable += not is_blank(_cell(row, j)) and to_date(_cell(row, j)) is not pd.NaT
            except InputError:
                pass
        if readable >= 0.8 * len(below):
            return first, j
    for i in nonblank[:_HEADER_SCAN]:
        across = _dates_across(rows[i])
        if across:
            raise InputError(
                f"{source}: the dates run across row {i + 1} ({across}), one row per series; "
                "fofxl reads dates down a column: transpose the sheet (Paste Special > "
                "Transpose in Excel) and import it again."
            )
    header = ", ".join(repr(str(c)) for c in rows[first][:6] if not is_blank(c))
    raise InputError(
        f"{source}: no date column; the header (row {first + 1}: {header or 'blank'}) needs a "
        "column named 日期 or date."
    )


#: Text that starts like a date: a four-digit year and a separator (2024-01-05, 2024年1月5日).
_DATE_TEXT = re.compile(r"\s*\d{4}\s*[-/.年]")


def _dates_across(row: Sequence[Any]) -> str:
    """The first and last of a row's cells after its first when three or more, and all but
    one of them, are dates (datetimes, or date text such as 2024-01-05); else ""."""
    cells = [c for c in row[1:] if not is_blank(c)]
    dates = []
    for cell in cells:
        if isinstance(cell, str) and not _DATE_TEXT.match(cell):
            continue  # a number as text (1.01 would read as a serial), or a name
        if isinstance(cell, str | _dt.date):
            try:
                dates.append(to_date(cell))
            except InputError:
                continue
    if len(dates) < 3 or len(dates) < len(cells) - 1:
        return ""
    return f"{dates[0]:%Y-%m-%d} … {dates[-1]:%Y-%m-%d}"


def _is_label(cell: Any) -> bool:
    """A header-like cell: text that is neither a number nor a date."""
    if not isinstance(cell, str) or is_blank(cell):
        return False
    try:
        to_number(cell)
        return False
    except InputError:
        pass
    try:
        return to_date(cell) is pd.NaT
    except InputError:
        return True


def _is_description(row: Sequence[Any], date_col: int) -> bool:
    """A row describing the columns under a Wind header (频率 | 日 | 日, 单位 | 点 | 元)."""
    first = _cell(row, date_col)
    if not _is_label(first):
        return False
    return all(_is_label(c) for j, c in enumerate(row) if j != date_col and not is_blank(c))


def _is_sub_header(row: Sequence[Any], date_col: int) -> bool:
    """A second header row under the first (日期 merged down over two rows, 净值 merged over
    单位净值 | 累计净值): blank under the date, and only labels elsewhere."""
    if not is_blank(_cell(row, date_col)):
        return False
    cells = [c for j, c in enumerate(row) if j != date_col and not is_blank(c)]
    return bool(cells) and all(_is_label(c) for c in cells)


def _combine_headers(
    top: Sequence[Any], sub: Sequence[Any], date_col: int
) -> tuple[list[Any], list[tuple[str, list[int]]]]:
    """One header from two rows: a column's own name is the lower cell when it has one (a
    merged upper cell spans the blanks after it), else the upper cell. Upper cells that are
    not NAV words (净值, nav) group the columns under them: returned as (group, columns)."""
    width = max(len(top), len(sub))
    header: list[Any] = []
    groups: dict[str, list[int]] = {}
    over: Any = None
    for j in range(width):
        t, b = _cell(top, j), _cell(sub, j)
        if j == date_col:
            header.append(t)
            over = None
            continue
        if not is_blank(t):
            over = t
        if is_blank(b):
            header.append(t)
            continue
        header.append(b)
        if over is not None and _role(over)[0] not in ("nav", "date"):
            groups.setdefault(str(over).strip(), []).append(j)
    return header, list(groups.items())


def _groups_above(
    rows: list[Sequence[Any]], header_index: int, date_col: int
) -> list[tuple[str, list[int]]]:
    """A group row just above the header (股票型 merged over two funds, fund names merged over
    their 单位净值 | 累计净值, a Wind 简称 row over 复权单位净值 columns): (group, columns).
    Blank above the date, or a label there (简称, 代码); only labels after it."""
    above = header_index - 1
    if above < 0 or _all_blank(rows[above]):
        return []
    row, header = rows[above], rows[header_index]
    corner = _cell(row, date_col)
    if not (is_blank(corner) or _is_label(corner)):
        return []
    labels = [(j, c) for j, c in enumerate(row) if j != date_col and not is_blank(c)]
    if not labels or not all(_is_label(c) for _, c in labels) or labels[0][0] < date_col:
        return []
    groups: dict[str, list[int]] = {}
    over: Any = None
    for j in range(len(header)):
        if j == date_col:
            continue
        if not is_blank(_cell(row, j)):
            over = _cell(row, j)
        if over is not None and not is_blank(_cell(header, j)):
            groups.setdefault(str(over).strip(), []).append(j)
    return list(groups.items())


def _column_name(cell: Any, j: int) -> str:
    text = to_text(cell) if not is_blank(cell) else None
    return text or f"column {_letters(j)}"


def _letters(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


class _Reader:
    """One import: holds the grid, the report and the strictness, and builds the records."""

    def __init__(
        self,
        rows: list[Sequence[Any]],
        source: str,
        strict: bool,
        stem: str,
        hint: str = "",
        date1904: bool = False,
    ) -> None:
        self.source = source
        self.strict = strict
        self.stem = stem
        #: the workbook's serials count from 1904-01-01 (:func:`_sheet_xml`)
        self.date1904 = date1904
        try:
            self.header_index, self.date_col = _find_header(rows, source)
        except InputError as exc:
            if not hint:  # (the workbook's sheets, the CSV's delimiter: see _read_grid)
                raise
            raise InputError(f"{str(exc).rstrip('.')}; {hint}.") from None
        self.header = list(rows[self.header_index])
        self.report = QualityReport(source=source, layout="", header_row=self.header_index + 1)
        self._dates: np.ndarray | None = None
        #: market data (index bars), whose rows may be intraday bars: set by the importer
        #: before the dates are read (:meth:`dates`)
        self.intraday = False
        self._width: int | None = None  # the shortest row's length
        groups = _groups_above(rows, self.header_index, self.date_col)
        below = self.header_index + 1
        if below < len(rows) and _is_sub_header(rows[below], self.date_col):
            self.header, more = _combine_headers(self.header, rows[below], self.date_col)
            groups += more
            named = [
                _column_name(c, j)
                for j, c in enumerate(self.header)
                if j != self.date_col and not is_blank(c)
            ]
            self.report.notes.append(
                f"header on rows {self.header_index + 1} and {below + 1} (the second names "
                f"the columns): {', '.join(named)}"
            )
            below += 1
        #: (group, columns) of the header's group row: the columns a fund's name is over
        self.groups = groups
        if groups:
            self.report.notes.append(
                "series grouped by the header: "
                + "; ".join(
                    f"{g}: {', '.join(str(self.header[j]).strip() for j in columns)}"
                    for g, columns in groups
                )
            )
        described = []
        self.units: Sequence[Any] = ()  # the row under the header that gives the units (单位)
        while below < len(rows) and _is_description(rows[below], self.date_col):
            described.append(str(_cell(rows[below], self.date_col)).strip())
            if _norm(described[-1]) in _UNIT_ROW_NAMES:
                self.units = rows[below]
            below += 1
        if described:
            self.report.notes.append(
                f"rows {below - len(described) + 1} to {below} describe the columns "
                f"({', '.join(described)}): not data, skipped"
                if len(described) > 1
                else f"row {below} describes the columns ({described[0]}): not data, skipped"
            )
        self.body = rows[below:]
        self.first_row = below + 1  # file row number of body[0]
        self.nonblank = np.array([not _all_blank(r) for r in self.body], dtype=bool)
        self.report.rows_read = int(self.nonblank.sum())
        self.bad_cells: list[tuple[int, int, str, Any]] = []  # (body row, column, name, cell)
        #: per series whose adjusted NAV was built, what from (see ImportResult.built_from)
        self.built_from: dict[str, _Inputs] = {}
        #: (series, file row) of a row a fund's date is given on twice, not used: the row kept
        #: instead and why (None: the later row, for want of a reason); see
        #: :func:`fofxl.io.adjusted._fund_nav`
        self.kept_rows: dict[tuple[str, int], tuple[int, str | None]] = {}

    # -- cell columns ---------------------------------------------------------------------
    def column(self, j: int) -> list[Any]:
        """The cells of column j down the body (None past a short row)."""
        if self._width is None:
            self._width = min(map(len, self.body), default=0)
        if j < self._width:  # every row has the cell: one C pass, not a cell at a time
            return list(map(operator.itemgetter(j), self.body))
        return [_cell(row, j) for row in self.body]

    def dates(self) -> np.ndarray:
        """Date per body row (NaT for blank or unreadable; unreadable ones reported once), as
        a day (:meth:`_as_days`)."""
        if self._dates is None:
            self._dates = self._as_days(self._read_dates())
        return self._dates

    def _as_days(self, stamps: np.ndarray) -> np.ndarray:
        """The dates as days when some carry a time of day (2023-03-14 15:00:00, a datetime
        cell at 15:00, a serial with a fraction), noted: a NAV is published once a day at most,
        so one day at two times is a repeated date and files join day by day. Market data
        (:attr:`intraday`) with several rows a day (:data:`_INTRADAY`) are intraday bars: their
        times are kept; daily bars with one day given twice are days, that day a repeat."""
        days = stamps.astype("M8[D]").astype(stamps.dtype)
        given = ~np.isnat(stamps)
        timed = np.flatnonzero(given & (stamps != days))
        if not len(timed):
            return stamps
        first = f"row {timed[0] + self.first_row}: {pd.Timestamp(stamps[timed[0]]):%Y-%m-%d %H:%M}"
        if self.intraday and len(np.unique(stamps[given])) >= _INTRADAY * len(
            np.unique(days[given])
        ):
            self.report.notes.append(
                f"dates carry times of day ({first}), several on one day: intraday bars, read "
                "with their times"
            )
            return stamps
        what = "one row a day" if self.intraday else "a NAV is published once a day at most"
        self.report.notes.append(
            f"{len(timed)} dates carry a time of day ({first}): read as days ({what}), so a day "
            "given twice is a repeated date"
        )
        return days

    def _read_dates(self) -> np.ndarray:
        label = f"{self.source} column {_column_name(self.header[self.date_col], self.date_col)}"
        cells = self.column(self.date_col)
        first = next((c for c in cells if not is_blank(c)), None)
        if _period_of(first) is not None:
            # (before the numbers: 2021.01 is no serial; _month_ends needs every date a
            # month or quarter label, so a column whose first is not one is read below)
            months = self._month_ends(cells)
            if months is not None:
                return months
        if _year_number(first) is not None:
            raise InputError(self._year_numbers(label, cells))
        try:
            dates = to_dates(cells, label, self.first_row)
        except InputError as exc:
            # month labels whose first is a typo (2021-13), named; or a note row (a footer)
            months = None if _period_of(first) is not None else self._month_ends(cells)
            if months is not None:
                return months
            if self.strict:
                labels = self._labels_among_days(label)
                raise (exc if labels is None else InputError(labels + ".")) from None
        else:
            return self._after_1906(label, self._from_1904(cells, dates.as_unit("ns").to_numpy()))
        out = np.full(len(cells), np.datetime64("NaT", "ns"))
        bad: list[tuple[int, Any, InputError]] = []
        for i, cell in enumerate(cells):
            try:
                stamp = to_date(cell, label, i + self.first_row)
            except InputError as exc:
                bad.append((i, cell, exc))
                continue
            if stamp is not pd.NaT:
                out[i] = stamp.as_unit("ns").to_datetime64()
        nonblank_dates = sum(not is_blank(c) for c in cells)
        if len(bad) * 2 > nonblank_dates:
            i, cell, error = bad[0]
            why = str(error).rstrip(".")
            if _period_of(cell) is not None:  # (201901 is no serial of 2522 either)
                why = (
                    f"{label}: row {i + self.first_row} is {_short(cell)!r}, not a date; month "
                    "labels: give month-end dates such as 2021-01-31"
                )
            raise InputError(
                f"{why} ({len(bad)} of {nonblank_dates} dates in the file are unreadable)."
            )
        for i, cell, _exc in bad:
            if not self.nonblank[i]:
                continue
            if self._is_note_row(i):
                self.report.notes.append(
                    f"row {i + self.first_row} is not data ({_short(cell)!r}): skipped"
                )
                continue
            what = "unreadable date" if _period_of(cell) is None else "a month, not a day"
            self.report.dropped.append(
                Issue(i + self.first_row, None, _short(cell), f"{what}: row dropped")
            )
        labels = self._labels_among_days(label)
        if labels is not None:
            self.report.warnings.append(
                f"{labels}; they were dropped, each next return spanning the gap"
            )
        return self._after_1906(label, self._from_1904(cells, out))

    def _from_1904(self, cells: list[Any], dates: np.ndarray) -> np.ndarray:
        """The dates (datetime64) of a 1904-system workbook's date column (:attr:`date1904`)
        with those read from plain numbers (serials in General format, which calamine leaves
        as numbers and :func:`~fofxl.clean.to_dates` reads in the 1900 system) moved on by
        :data:`_DAYS_1904`, noted; a yyyymmdd number (20240102) is no serial and stays. The
        dates as they are for any other file."""
        if not self.date1904:
            return dates
        low, high = YYYYMMDD_RANGE
        serial = np.array(
            [isinstance(c, (int, float)) and not isinstance(c, bool)
             and not (low <= c <= high and c == int(c)) for c in cells],
            dtype=bool,
        ) & ~np.isnat(dates)  # fmt: skip
        if not serial.any():
            return dates
        out = dates.copy()
        out[serial] += _DAYS_1904
        i = int(np.flatnonzero(serial)[0])
        self.report.notes.append(
            f"column {_column_name(self.header[self.date_col], self.date_col)}: the workbook "
            f"uses the 1904 date system (Mac Excel), so its {int(serial.sum())} dates given as "
            f"serial numbers count days from 1904-01-01 (row {i + self.first_row}: "
            f"{_short(cells[i])} is {pd.Timestamp(out[i]):%Y-%m-%d})"
        )
        return out

    def _labels_among_days(self, label: str) -> str | None:
        """What to say of the month (or quarter) labels among the day dates of the date column
        (once it holds unreadable dates; 2022-04 among a weekly NAV's 2022-04-08): a label
        cannot be placed on a day (it need not be the period's end: a weekly NAV's 2022-04 may
        be April 1st), so its row is not read. None when there are none."""
        rows = [
            (i, cell)
            for i, cell in enumerate(self.column(self.date_col))
            if _period_of(cell) is not None and self.nonblank[i] and not self._is_note_row(i)
        ]
        if not rows:
            return None
        shown = ", ".join(f"row {i + self.first_row} {_short(c)!r}" for i, c in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        return (
            f"{label}: {len(rows)} dates are month or quarter labels among day dates ({shown}"
            f"{more}), which cannot be placed on a day: give each its day (2022-04-29, not "
            "2022-04)"
        )

    def _month_ends(self, cells: list[Any]) -> np.ndarray | None:
        """The dates of a column whose every date is a month label (2021-01, 2021年1月: a
        monthly NAV's) or a quarter label (2019Q1, 2019年1季度) as the period's last day,
        noted: a month's return runs from one month's last NAV to the next's (SPEC §2, periodic
        returns). None when a cell is anything else."""
        labels = [(i, _period_of(c)) for i, c in enumerate(cells) if not is_blank(c)]
        notes = [i for i, period in labels if period is None and self._is_note_row(i)]
        labels = [(i, period) for i, period in labels if i not in notes]  # (a footer)
        periods = [(i, period) for i, period in labels if period is not None]
        if not periods or len(periods) < len(labels):
            self._refuse_odd_label(cells, labels, periods)
            return None
        column = f"column {_column_name(self.header[self.date_col], self.date_col)}"
        kinds = {kind: i for i, (_year, _month, kind) in reversed(periods)}
        if len(kinds) > 1:
            raise InputError(
                f"{self.source} {column}: the dates are month labels (row "
                f"{kinds['month'] + self.first_row}: {_short(cells[kinds['month']])!r}) and "
                f"quarter labels (row {kinds['quarter'] + self.first_row}: "
                f"{_short(cells[kinds['quarter']])!r}), a monthly and a quarterly NAV in one "
                "column: give one of them, or dates such as 2021-01-31."
            )
        months, octobers = self._in_month_order(cells, periods)
        out = np.full(len(cells), np.datetime64("NaT", "ns"))
        for (i, _period), month in zip(periods, months, strict=True):
            out[i] = (np.datetime64(month, "M") + 1).astype("M8[D]") - np.timedelta64(1, "D")
        i, (_year, _month, kind) = periods[0]
        self.report.notes.append(
            f"{column}: the dates are {kind}s (row {i + self.first_row}: {_short(cells[i])!r}): "
            f"read as {kind}-end dates ({pd.Timestamp(out[i]):%Y-%m-%d}, ...), a {kind}'s NAV "
            f"being its last{octobers}"
        )
        for i in notes:
            self.report.notes.append(
                f"row {i + self.first_row} is not data ({_short(cells[i])!r}): skipped"
            )
        return out

    def _in_month_order(
        self, cells: list[Any], periods: list[tuple[int, tuple[int, int, str]]]
    ) -> tuple[list[int], str]:
        """The months (since 1970-01) of month labels, and what to note of those that read as
        January or October (2021.1: Excel shows the number 2021.10 as 2021.1), each read as
        the one that keeps the months in order (rising or falling), the nearer its neighbour
        when both do. Labels typed as numbers (2021.01 in an xlsx) must then be one month a
        row in order; a column that cannot be read so is refused, naming the row."""
        months = [(year - 1970) * 12 + month - 1 for _i, (year, month, _kind) in periods]
        either = [_OCTOBER_OR_JANUARY.fullmatch(_label_text(cells[i]) or "") is not None
                  for i, _period in periods]  # fmt: skip
        typed = any(_year_number(cells[i]) is not None for i, _period in periods
                    if not isinstance(cells[i], str))  # fmt: skip
        if not typed and not any(either):
            return months, ""
        rising, falling = (_months_in_order(months, either, step) for step in (1, -1))
        if isinstance(rising, list):
            ordered = rising
        elif isinstance(falling, list):
            ordered = falling
        else:
            i = periods[max(rising, falling)][0]  # where the longer run breaks
            raise InputError(
                f"{self.source} column {_column_name(self.header[self.date_col], self.date_col)}"
                f": the dates are month labels{' typed as numbers' if typed else ''} (row "
                f"{periods[0][0] + self.first_row}: {_short(cells[periods[0][0]])!r}), but row "
                f"{i + self.first_row} ({_short(cells[i])!r}) breaks the order of one month a "
                "row, so the months cannot be told (2021.1 is January or October): give "
                "month-end dates such as 2021-01-31, or labels as text (2021-10)."
            )
        octobers = [periods[k][0] for k, m in enumerate(ordered) if m != months[k]]
        if not octobers:
            return ordered, ""
        return ordered, (
            f"; {len(octobers)} labels such as {_short(cells[octobers[0]])!r} (row "
            f"{octobers[0] + self.first_row}) read as October by their neighbours (Excel shows "
            "2021.10 as 2021.1)"
        )

    def _refuse_odd_label(
        self,
        cells: list[Any],
        labels: list[tuple[int, tuple[int, int, str] | None]],
        periods: list[tuple[int, tuple[int, int, str]]],
    ) -> None:
        """Refuse a column of month (or quarter) labels, most of its dates, in which a data
        row's date is neither such a label nor a date (2021-13, a typo), naming that cell:
        the others are read as period ends only when every one is a label. Nothing when the
        labels are not most dates, or the others are dates (:meth:`_read_dates` reads those)."""
        if len(periods) * 2 <= len(labels):
            return
        label = f"{self.source} column {_column_name(self.header[self.date_col], self.date_col)}"
        odd = [i for i, period in labels if period is None and not self._is_note_row(i)]
        for i in odd:
            try:
                if _year_number(cells[i]) is not None:  # 2021.13: a serial of 1905
                    raise InputError(label)
                to_date(cells[i], label, i + self.first_row)
            except InputError:
                first, (_year, _month, kind) = periods[0]
                raise InputError(
                    f"{label}: row {i + self.first_row} is {_short(cells[i])!r}, not a {kind}; "
                    f"the other {len(periods)} dates are {kind} labels (row "
                    f"{first + self.first_row}: {_short(cells[first])!r}), read as {kind}-end "
                    f"dates: correct it to a {kind} label, or give {kind}-end dates such as "
                    f"{'2021-01-31' if kind == 'month' else '2021-03-31'}."
                ) from None

    def _after_1906(self, label: str, dates: np.ndarray) -> np.ndarray:
        """The dates (datetime64), refused when every one falls before 1907 (Excel serials
        under 2558: numbers that are no dates, such as row numbers or years)."""
        given = np.flatnonzero(~np.isnat(dates))
        if len(given) and dates[given].max() < _FIRST_YEAR:
            i = int(given[0])
            raise InputError(
                f"{label}: every date is before 1907 (row {i + self.first_row}: "
                f"{_short(self.column(self.date_col)[i])!r} as "
                f"{pd.Timestamp(dates[i]):%Y-%m-%d}), Excel serials of numbers that are no "
                "dates: give dates such as 2021-01-31."
            )
        return dates

    def _year_numbers(self, label: str, cells: list[Any]) -> str:
        """The refusal of a date column of numbers from 1900 to 2100 that are not month labels
        in order (:meth:`_month_ends`): as Excel serials they are days of 1905."""
        i, cell = next((i, c) for i, c in enumerate(cells) if not is_blank(c))
        return (
            f"{label}: row {i + self.first_row} is the number {_short(cell)}, a year or a month "
            "label (2021.01) that as an Excel serial is a day of 1905, not a date: give dates "
            "such as 2021-01-31 (or month labels 2021.01, 2021.02, ... one month a row)."
        )

    def _is_note_row(self, i: int) -> bool:
        """Whether body row i holds no data: labels or blanks beside its date (a footer such
        as 数据来源: Wind)."""
        return all(
            _is_label(c) or is_blank(c) for j, c in enumerate(self.body[i]) if j != self.date_col
        )

    def numbers(
        self, j: int, series: str, nav: bool = False, units: bool = False
    ) -> np.ndarray | None:
        """Numbers of column j (NaN for blank or bad cells, bad ones reported); None when the
        column holds no number at all but has text (a notes column), or, for a NAV column
        (``nav``), only percentages like ``1.11%`` (a growth rate, never a NAV). With ``units``
        (a market file's amounts and volumes) cells may carry a Chinese unit
        (:meth:`in_units`), and numbers with a unit not read are warned of
        (:meth:`warn_unread_units`)."""
        cells = self.column(j)
        scale = self.in_units(j, series, cells) if units else None
        if scale is None:
            column = self._numbers(j, series, cells, nav)
            stated = self.stated_unit(j) if units else None
            if stated and column is not None:
                label = _column_name(self.header[j], j)
                self.report.notes.append(f"column {label}: {_in_unit(stated, series)}")
        else:
            column = self._numbers(j, series, [chinese_unit(c)[0] for c in cells], nav)
            column = None if column is None else column * scale
        if units:
            self.warn_unread_units(j, cells, column)
        return column

    def in_units(self, j: int, series: str, cells: list[Any]) -> np.ndarray | None:
        """What to multiply the number of each of column j's ``cells`` by once its Chinese unit
        (2505.55亿, 4567万元, 1.2212万亿, 374.06万手: :func:`~fofxl.clean.chinese_unit`) is
        taken off: 1e8 for 亿, 1e4 for 万, 1e12 for 万亿, 1e6 for 万手 (a 手 is 100 shares)
        (a column may mix them), divided by the unit its header or unit row states
        (成交额(亿元), 成交量(手): its plain numbers are in that unit and stay so), 1 for a cell
        without a unit; noted once, with the unit of the numbers read (of ``series``, the
        field: amount, volume). In a column whose cells count lots (万手, 手) and none
        shares, a unit without 手 (374.06万) and a plain number count lots too.
        None when no cell has a unit."""
        texts = _joined_texts(cells)
        if not any(c in texts for c in "亿万手"):  # (a look at each cell only when one may be)
            return None
        split = [chinese_unit(c) for c in cells]
        first = next((i for i, (_c, u) in enumerate(split) if u), None)
        if first is None:
            return None
        stated = self.stated_unit(j)
        lots = (stated or "").endswith("手") or (
            any(u and u.endswith("手") for _c, u in split) and "股" not in texts
        )
        plain = stated or ("手" if lots else "")  # the unit of a cell written without one
        units = [_in_lots(u) if lots and u else u or plain for _c, u in split]
        per = unit_size(stated) if stated else 1.0
        scale = np.array([unit_size(u) / per if u else 1.0 for u in units])
        used = sorted({u for _c, u in split if u}, key=unit_size, reverse=True)
        shares = lots and not stated  # lots the cells say, converted to shares
        read_in = "in shares (a 手 as 100, a plain number too)" if shares else None
        self.report.notes.append(
            f"column {_column_name(self.header[j], j)}: numbers with a unit (row "
            f"{first + self.first_row}: {_short(cells[first])!r}) read with "
            + " and ".join(
                f"{u} as 1e{round(math.log10(unit_size(_in_lots(u) if shares else u)))}"
                for u in used
            )
            + f": {read_in or _in_unit(stated, series)}"
        )
        return scale

    def stated_unit(self, j: int) -> str | None:
        """The Chinese unit (亿, 万, ...) column j's header or unit row states (成交额(亿元))."""
        return chinese_unit_in(" ".join(str(c) for c in (self.header[j], _cell(self.units, j))))

    def warn_unread_units(self, j: int, cells: list[Any], column: np.ndarray | None) -> None:
        """Warn, once, of column j's cells that hold a number followed by a unit not read (1.2兆,
        12.3亿美元): dropped, never blanked silently."""
        lost = [
            i for i, c in enumerate(cells)
            if isinstance(c, str) and re.match(r"\s*[-+]?\d", c)
            and (column is None or np.isnan(column[i]))
        ]  # fmt: skip
        if lost:
            self.report.warnings.append(
                f"column {_column_name(self.header[j], j)}: {len(lost)} cell"
                f"{'s hold numbers' if len(lost) > 1 else ' holds a number'} with a unit not "
                f"read (row {lost[0] + self.first_row}: {_short(cells[lost[0]])!r}): dropped; "
                f"write them in 元 (or shares) or with {', '.join(CHINESE_UNITS)}"
            )

    def _numbers(self, j: int, series: str, cells: list[Any], nav: bool) -> np.ndarray | None:
        label = f"{self.source} column {series}"
        texts = _joined_texts(cells) if nav else ""
        percent = (
            [i for i, c in enumerate(cells) if _is_percent(c)]
            if "%" in texts or "％" in texts  # (a look at each cell only when one may be)
            else []
        )
        if not percent:
            try:
                return to_numbers(cells, label, self.first_row)
            except InputError as exc:
                error = exc
        else:
            error = InputError(
                f"{label}: row {percent[0] + self.first_row} is the percentage "
                f"{_short(cells[percent[0]])!r}; a NAV is not a percentage: give the NAV, or "
                "name the column 日增长率 if it holds growth rates."
            )
        out = np.full(len(cells), np.nan)
        bad: list[tuple[int, Any]] = []
        skip = set(percent)
        for i, cell in enumerate(cells):
            if i in skip:
                bad.append((i, cell))
                continue
            try:
                out[i] = to_number(cell, label, i + self.first_row)
            except InputError:
                bad.append((i, cell))
        if np.isnan(out).all():  # no number at all: not a data column, whatever the mode
            i, cell = bad[0]
            what = "percentages, not NAVs" if percent else "no numbers"
            self.report.warnings.append(
                f"column {series} holds {what} (row {i + self.first_row}: "
                f"{_short(cell)!r}); it was skipped"
            )
            return None
        if self.strict:
            raise error
        self.bad_cells.extend((i, j, series, cell) for i, cell in bad)
        return out

    def says_percent(self, j: int) -> bool:
        """Whether column j's header (周收益率(%), 日增长率（%）) or the unit row under it
        (单位 | % | %) says it is in percent."""
        return any(_says_percent(c) for c in (self.header[j], _cell(self.units, j)))

    def percent_text(self, j: int) -> np.ndarray:
        """Which cells of column j are percent text (1.19%)."""
        cells = self.column(j)
        texts = _joined_texts(cells)
        if "%" not in texts and "％" not in texts:  # (a look at each cell only when one may be)
            return np.zeros(len(cells), dtype=bool)
        return np.array([_is_percent(c) for c in cells], dtype=bool)

    def mixed_plain(self, j: int, column: np.ndarray) -> np.ndarray | None:
        """The plain numbers of column j (``column``, from :meth:`numbers`) when they sit
        beside percent text under a header and unit row that say nothing: their scale is
        open (fractions, or percent numbers). None when the column is not such a mix."""
        if self.says_percent(j):
            return None
        written = self.percent_text(j)
        plain = ~written & ~np.isnan(column)
        return plain if written.any() and plain.any() else None

    def in_percent(self, j: int, column: np.ndarray) -> np.ndarray | None:
        """Column j's numbers (``column``, from :meth:`numbers`) as fractions, one scale for the
        column, when it is in percent: its header or unit row says so (:meth:`says_percent`),
        or some cells are percent text (1.19%). Divided by 100, except the percent text, a
        fraction already; plain numbers beside percent text under a header that says nothing
        are read at the scale their size shows (:meth:`plain_scale`). None when nothing says
        percent."""
        written = self.percent_text(j)
        if not self.says_percent(j) and not written.any():
            return None
        plain = self.mixed_plain(j, column)
        if plain is None:
            return np.where(written, column, column / 100.0)
        return np.where(plain, column * self.plain_scale(j, column, plain), column)

    def plain_scale(self, j: int, column: np.ndarray, plain: np.ndarray) -> float:
        """The scale (1.0: fractions, 0.01: percent numbers) of the plain numbers ``plain`` of a
        column that mixes them with percent text (:meth:`mixed_plain`), by their size: the
        percent text (a fraction) must fit among the plain numbers read at that scale, no
        larger than :data:`_FIT` times their 90th percentile nor smaller than their smallest
        divided by it (0.0085 beside 0.5% are fractions, 0.85 beside 0.5% percent numbers).
        Noted; when both scales or neither fit, the nearer by the median is used and a warning
        names a cell of each kind."""
        text = np.abs(column[~plain & ~np.isnan(column)])
        telling = text[text > 0]  # a 0.00% fits any scale
        fits = [
            bool(np.all(telling <= _FIT * np.quantile(at, 0.9))
                 and np.all(telling >= at.min() / _FIT))
            for at in (np.abs(column[plain]), np.abs(column[plain]) / 100.0)
        ]  # fmt: skip
        label = _column_name(self.header[j], j)
        both = self.mixed_cells(j, column, plain)
        if fits[0] != fits[1]:
            scale = 1.0 if fits[0] else 0.01
            self.note_mixed(j, column, plain, scale, "their size shows")
            return scale
        ratio = np.median(np.abs(column[plain])) / max(float(np.median(text)), 1e-300)
        scale = 0.01 if ratio > 10.0 else 1.0
        self.report.warnings.append(
            f"column {label} mixes plain numbers and percent text {both}, and their sizes do "
            f"not say whether the plain numbers are fractions or percent: read as "
            f"{'percent' if scale == 0.01 else 'fractions'}; check the column"
        )
        return scale

    def mixed_cells(self, j: int, column: np.ndarray, plain: np.ndarray) -> str:
        """A cell of each kind of a column mixing plain numbers (``plain``) and percent text:
        "(row 32: '0.5%'; row 2: 0.014427)"."""
        i, k = np.flatnonzero(plain)[0], np.flatnonzero(~plain & ~np.isnan(column))[0]
        return (
            f"(row {k + self.first_row}: {_short(self.column(j)[k])!r}; "
            f"row {i + self.first_row}: {column[i]:g})"
        )

    def note_mixed(
        self, j: int, column: np.ndarray, plain: np.ndarray, scale: float, why: str
    ) -> None:
        """Note (once) the scale ``scale`` the plain numbers of a mixed column were read at."""
        note = (
            f"column {_column_name(self.header[j], j)}: plain numbers beside percent text "
            f"{self.mixed_cells(j, column, plain)} read as "
            f"{'fractions' if scale == 1.0 else 'percent'}, as {why}"
        )
        if note not in self.report.notes:
            self.report.notes.append(note)

    def texts(self, j: int) -> list[tuple[int, str]]:
        """(body row, text) of the non-blank cells of column j."""
        return [(i, str(c).strip()) for i, c in enumerate(self.column(j)) if not is_blank(c)]

    def report_bad_cells(self, dates: np.ndarray, funds: Sequence[str | None] = ()) -> None:
        """Report the text cells found by :meth:`numbers` (long layout: under the fund's name)."""
        for i, _j, column, cell in self.bad_cells:
            if np.isnat(dates[i]):
                continue  # the whole row is already reported
            fund = funds[i] if funds else None
            what = "an Excel error" if str(cell).strip().startswith("#") else "not a number"
            if _is_percent(cell):
                what = "a percentage, not a NAV"
            reason = f"{what}: value dropped"
            if fund is not None:
                reason = f"{what} in column {column}: value dropped"
            self.report.dropped.append(
                Issue(i + self.first_row, fund or column, _short(cell), reason)
            )

    def blank_dates(self, dates: np.ndarray, value_cols: Sequence[int]) -> None:
        """Report rows whose date is blank but which hold values."""
        for i in np.flatnonzero(np.isnat(dates) & self.nonblank):
            row = self.body[i]
            if is_blank(_cell(row, self.date_col)) and any(
                not is_blank(_cell(row, j)) for j in value_cols
            ):
                if self.strict:
                    raise InputError(
                        f"{self.source}: row {i + self.first_row} has values but a blank date; "
                        "give the date or clear the row."
                    )
                self.report.dropped.append(
                    Issue(int(i) + self.first_row, None, "", "blank date: row dropped")
                )


#: How far (a factor) percent text may lie outside the plain numbers of its column read at one
#: scale and still fit that scale (:meth:`_Reader.plain_scale`).
_FIT = 3.0


#: Market rows are intraday bars, their times kept, when they hold this many rows a day on
#: average (daily bars with one day given twice, a data error, are not).
_INTRADAY = 1.5

#: A month label (width-normalised): 2021-01, 2021/1, 2021.1, 2021年1月.
_MONTH_LABEL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
#: A month label of six digits, yyyymm (201901: Wind's and Choice's month exports, SQL dumps),
#: text or number: as an Excel serial it would be a day after 2192, past any date handled.
_MONTH_NUMBER = re.compile(r"(19\d\d|20\d\d)(\d\d)")
#: A quarter label (width-normalised): 2019Q1, 2019 Q1, 2019-Q1, 2019年1季度, 2019年第一季度.
_QUARTER_LABEL = re.compile(
    r"(\d{4})\s*(?:[-/.年]\s*)?(?:[Qq]\s*([1-4])|第?\s*([1-4一二三四])\s*季度?)"
)
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}
#: A month label that is January or October (2021.1: Excel shows the number 2021.10 so).
_OCTOBER_OR_JANUARY = re.compile(r"\d{4}\.1")
#: A plain number as typed (2021.01, 2000).
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")
#: The numbers that read as years (or month labels 2021.01) rather than Excel serials.
_YEARS = (1900, 2101)
#: How much later a date serial of the 1904 date system (from 1904-01-01) falls than the same
#: serial of the 1900 system (from 1899-12-30).
_DAYS_1904 = np.timedelta64(1462, "D")
#: No NAV is dated before it: earlier serial dates are numbers that are no dates.
_FIRST_YEAR = np.datetime64("1907-01-01", "ns")


def _period_of(cell: Any) -> tuple[int, int, str] | None:
    """(year, last month, "month" or "quarter") of a month label (:data:`_MONTH_LABEL`) or a
    quarter label (:data:`_QUARTER_LABEL`, 2019Q1: (2019, 3, "quarter")), else None."""
    text = _label_text(cell)
    if text is None:
        return None
    found = _MONTH_LABEL.fullmatch(text) or _MONTH_NUMBER.fullmatch(text)
    if found is not None:
        month = int(found.group(2))
        return (int(found.group(1)), month, "month") if 1 <= month <= 12 else None
    found = _QUARTER_LABEL.fullmatch(text)
    if found is None:
        return None
    quarter = found.group(2) or found.group(3)
    return int(found.group(1)), 3 * (_QUARTER_NUMBERS.get(quarter) or int(quarter)), "quarter"


def _label_text(cell: Any) -> str | None:
    """The text of a date cell that may be a month or quarter label: a text as typed, a
    number from 1900 to 2100 with a fraction (:func:`_year_number`; 2021.01, a month label
    typed as a number in an xlsx) as Excel shows it (2021.1), or a whole number of six digits
    (201901, :data:`_MONTH_NUMBER`); else None."""
    if isinstance(cell, str):
        return _as_typed(cell)
    number = _year_number(cell)
    if number is not None:
        return None if number == int(number) else repr(number)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == int(cell):
        return str(int(cell)) if 100_000 <= cell < 1_000_000 else None
    return None


def _year_number(cell: Any) -> float | None:
    """A date cell's number (or number as text) when it lies from 1900 to 2100: a year or a
    month label (2021.01), which as an Excel serial would be a day of 1905; else None."""
    if isinstance(cell, str):
        if not _NUMBER.fullmatch(_as_typed(cell)):
            return None
        cell = float(_as_typed(cell))
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        return None
    return float(cell) if _YEARS[0] <= cell < _YEARS[1] else None


def _months_in_order(months: list[int], either: list[bool], step: int) -> list[int] | int:
    """The months (``months``, those flagged in ``either`` read as January, which may be
    October of that year) one a row rising (``step`` 1) or falling (-1), each flagged one the
    candidate in order with its neighbours, the nearer the previous one when both are; else
    the position where the order breaks."""
    afters: list[int | None] = [None]  # the next month that is not flagged, from the end
    for month, flagged in zip(months[:0:-1], either[:0:-1], strict=True):
        afters.append(afters[-1] if flagged else month)
    out: list[int] = []
    for k, (month, after) in enumerate(zip(months, afters[::-1], strict=True)):
        fits = [
            m
            for m in ((month, month + 9) if either[k] else (month,))
            if (not out or (m - out[-1]) * step > 0)
            and (not either[k] or after is None or (after - m) * step > 0)
        ]
        if not fits:
            return k
        near = out[-1] if out else after
        out.append(min(fits, key=lambda m: abs(m - near)) if near is not None else fits[0])
    return out


def _joined_texts(cells: list[Any]) -> str:
    """The text cells of a column as one string (each cell on its own line)."""
    try:
        return "\n".join(cells)  # a CSV column: all text
    except TypeError:
        return "\n".join(c for c in cells if isinstance(c, str))


def _says_percent(cell: Any) -> bool:
    """Whether a header or unit cell says percent: 周收益率(%), 日增长率（％）, %."""
    return isinstance(cell, str) and ("%" in cell or "％" in cell)


def _is_percent(cell: Any) -> bool:
    return isinstance(cell, str) and cell.strip().endswith(("%", "％"))


def _in_lots(unit: str) -> str:
    """A unit of a column that counts lots (手): 万 is 万手 there."""
    return unit if unit.endswith("手") else unit + "手"


def _in_unit(stated: str | None, field: str) -> str:
    """The unit a market file's ``field`` (amount, volume) is read in: the one its header
    states (成交额(万元), 成交量(手)), else 元 for an amount, shares for a volume."""
    if stated:
        lots = " (a 手 is 100 shares)" if stated.endswith("手") else ""
        return f"in {stated}{lots} as its header says (not converted)"
    return "in 元" if field == "amount" else "in shares (or lots, as its plain numbers)"


def _short(cell: Any) -> str:
    """A cell as shown in a message, cut to 40 characters; a whole number as Excel shows it
    (199804, not the 199804.0 an xlsx stores)."""
    whole = isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15
    text = str(int(cell)) if whole else str(cell).strip()
    return text[:40] + "…" if len(text) > 40 else text
