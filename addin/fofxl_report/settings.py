"""A template's Settings from outside: named settings set (``--set``), demo-data marks cleared.

Settings are the cells named ``set_<key>`` (``set_report_date``, ``set_window``, ...);
:func:`apply_settings` writes ``key=value`` pairs into them, typed like the value already there
(a date cell takes a date, a number cell a number, a text cell the text), and
:func:`check_settings` checks each value as the Excel functions that read the cell take it
(``window=abc`` is refused before anything is evaluated); :func:`dates_outside_data` says
when the date settings lie outside the dates of the data sheets. The synthetic-data
marks of a template are the cells named ``demo_mark<k>`` and the document's description;
:func:`clear_demo_marks` blanks them once every data sheet holds the analyst's data.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook

from fofxl import _options
from fofxl.clean import to_date, to_number
from fofxl.errors import FofError, InputError, OptionError

from .books import BookAdapter, OpenpyxlBook, cell_target
from .evaluate import udf_table
from .fields import sheet_specs
from .formulas import Call, FormulaError, Name, Parsed, formula_cells, walk

__all__ = [
    "SettingError",
    "apply_settings",
    "check_settings",
    "clear_demo_marks",
    "dates_outside_data",
    "demo_marked",
    "parse_settings",
]

PREFIX = "set_"
DEMO_MARK = "demo_mark"
#: how far a date setting may lie past a data sheet's first or last date before it is said
#: (a month-end report date a few days after the last weekly NAV is usual)
SLACK = dt.timedelta(days=31)


class SettingError(InputError):
    """An unknown setting or a value its cell cannot take (one line, listing the known ones)."""


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    """``["report_date=2020-12-31", "window=3Y"]`` → ``{"report_date": "2020-12-31", ...}``."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingError(f"--set {item!r}: write NAME=VALUE, e.g. --set window=3Y")
        out[key.strip()] = value.strip()
    return out


def _cell(book: BookAdapter, ref: str) -> tuple[str, str] | None:
    cells = _cells(ref)
    return cells[0] if cells else None


def _cells(ref: str) -> list[tuple[str, str]]:
    """Every (sheet, cell) of a reference such as ``=Log!$A$2:$C$2``."""
    target = cell_target(ref)
    if target is None:
        return []
    sheet, r1, c1, r2, c2 = target
    return [
        (sheet or "Settings", f"{get_column_letter(c)}{r}")
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    ]


def _typed(text: str, old: Any, key: str) -> Any:
    """``text`` as the kind of value the setting holds now (date, number or text)."""
    try:
        if isinstance(old, (dt.date, dt.datetime)):
            return to_date(text, f"--set {key}").to_pydatetime()
        if isinstance(old, (int, float)) and not isinstance(old, bool):
            value = to_number(text, f"--set {key}")
            return int(value) if isinstance(old, int) and value.is_integer() else value
    except InputError as exc:
        raise SettingError(" ".join(str(exc).split())) from None
    if old is None and _options._NUMBER_RE.match(text):  # a blank setting: 52 is a number
        number = to_number(text, f"--set {key}")
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _setting_cells(book: BookAdapter) -> dict[str, str]:
    """The workbook's settings by name (lower case): its defined names ``set_<name>``."""
    return {
        n[len(PREFIX) :].lower(): ref
        for n, ref in book.names().items()
        if n.lower().startswith(PREFIX)
    }


def apply_settings(book: BookAdapter, settings: dict[str, str]) -> list[str]:
    """Write each ``key=value`` into the Settings cell named ``set_<key>``; one line each.

    Raises
    ------
    SettingError
        A key without a ``set_<key>`` cell (the message lists the known ones) or a value the
        cell's kind cannot take (a date cell given ``2020-13-45``).
    """
    cells = _setting_cells(book)
    known = sorted(
        (n[len(PREFIX) :] for n in book.names() if n.lower().startswith(PREFIX)), key=str.lower
    )
    lines = []
    for key, text in settings.items():
        ref = cells.get(key.lower())
        where = _cell(book, ref) if ref is not None else None
        if where is None and not known:
            raise SettingError(
                f"--set {key}: this workbook has no settings (no cell named {PREFIX}<name>); "
                "drop --set"
            )
        if where is None:
            raise SettingError(f"--set {key}: no such setting; the settings are {', '.join(known)}")
        value = _typed(text, book.get_value(*where), key)
        book.set_value(*where, value)
        lines.append(f"set {key} = {text}")
    return lines


def _setting_uses(
    wb: Workbook, functions: Mapping[str, Callable[..., Any]], parsed: Parsed
) -> Iterator[tuple[Callable[..., Any], dict[str, str]]]:
    """Per fofxl call of the workbook's formulas, the function and ``{argument: setting}`` for
    each argument that is a setting's name (``FOF_PCTRANK(d, v, set_window)`` →
    ``{"window": "window"}``)."""
    for ws in wb.worksheets:
        for _, text in formula_cells(ws):
            if PREFIX not in text.lower():
                continue
            node = parsed[text]
            if isinstance(node, FormulaError):
                continue  # the evaluator reports it
            for call in walk(node):
                if not isinstance(call, Call) or call.name not in functions:
                    continue
                arguments = inspect.signature(functions[call.name]).parameters
                uses = {
                    argument: arg.name[len(PREFIX) :]
                    for argument, arg in zip(arguments, call.args, strict=False)
                    if isinstance(arg, Name) and arg.name.lower().startswith(PREFIX)
                }
                if uses:
                    yield functions[call.name], uses


def check_settings(
    wb: Workbook,
    settings: Mapping[str, str],
    functions: Mapping[str, Callable[..., Any]] | None = None,
    parsed: Parsed | None = None,
) -> None:
    """Check the settings just written (:func:`apply_settings`) as the workbook's Excel
    functions read them: a setting given as ``window`` (``low``, ``freq``, ...) of a function is
    read by the reader that function reads it with (:func:`fofxl_addin.udfs.option_readers`:
    FOF_CORR's ``min_periods`` ≥ 2, FOF_INDEX's ``freq`` W or M), and ``low`` ≤ ``high``.

    Raises
    ------
    SettingError
        The first value a function would refuse, in one line (``--set window='abc' is not a
        calendar span; ...``), before anything is evaluated.
    """
    given = {key.lower() for key in settings}
    if not given:
        return
    book = OpenpyxlBook(wb)
    refs = _setting_cells(book)

    def value(key: str) -> Any:
        where = _cell(book, refs.get(key.lower(), ""))
        return book.get_value(*where) if where is not None else None

    from fofxl_addin.udfs import option_readers  # the Excel layer below: only when checking

    try:
        for function, uses in _setting_uses(
            wb,
            functions if functions is not None else udf_table(),
            Parsed() if parsed is None else parsed,
        ):
            readers = option_readers(function)
            for argument, key in uses.items():
                reader = readers.get(argument)
                if reader is not None and key.lower() in given and _options.given(value(key)):
                    reader(value(key), key)
            low, high = uses.get("low"), uses.get("high")
            if low and high and {low.lower(), high.lower()} & given:
                _options.thresholds(value(low), value(high), (low, high))
    except OptionError as exc:
        raise SettingError(f"--set {' '.join(str(exc).split())}") from None


def _date_span(ws: Any) -> tuple[dt.datetime, dt.datetime] | None:
    """First and last date of a data sheet's date column (column A, below the header)."""
    dates = [
        v
        for (v,) in ws.iter_rows(min_row=2, max_col=1, values_only=True)
        if isinstance(v, dt.datetime)
    ]
    return (min(dates), max(dates)) if dates else None


def dates_outside_data(wb: Workbook) -> str | None:
    """One line when date settings (``report_date``, ``start``, ...) lie outside the dates of
    data sheets (more than :data:`SLACK` before the first date or after the last date of one
    of them), saying which sheets, their dates and how to set them; None when all fit. Only a
    date outside every data sheet leaves the report little or nothing to show."""
    book = OpenpyxlBook(wb)
    try:
        specs = sheet_specs(book)
    except FofError:
        return None  # said when the data is injected
    spans = {sheet: _date_span(wb[sheet]) for sheet in wb.sheetnames if sheet.lower() in specs}
    known = {sheet: span for sheet, span in spans.items() if span is not None}
    outside = []
    settings = [(n, ref) for n, ref in book.names().items() if n.lower().startswith(PREFIX)]
    for name, ref in sorted(settings, key=lambda item: _cells(item[1])):
        where = _cell(book, ref)
        value = book.get_value(*where) if where is not None else None
        if not isinstance(value, dt.datetime):
            continue
        beyond = [
            sheet
            for sheet, (first, last) in known.items()
            if not first - SLACK <= value <= last + SLACK
        ]
        if beyond:
            outside.append((name[len(PREFIX) :], value, beyond))
    if not outside:
        return None
    said = ", ".join(f"{key} {value:%Y-%m-%d}" for key, value, _ in outside)
    sheets = list(dict.fromkeys(sheet for *_, beyond in outside for sheet in beyond))
    data = ", ".join(f"{sheet} {known[sheet][0]:%Y-%m-%d}–{known[sheet][1]:%Y-%m-%d}"
                     for sheet in sheets)  # fmt: skip
    fix = " ".join(f"--set {key}=YYYY-MM-DD" for key, *_ in outside)
    verb = "lies" if len(outside) == 1 else "lie"
    if all(len(beyond) == len(known) for *_, beyond in outside):
        return (
            f"{said} {verb} outside the dates of the data ({data}), so the report has little "
            f"or nothing to show; give dates inside them: {fix}"
        )
    others = [sheet for sheet in known if sheet not in sheets]
    return (
        f"{said} {verb} outside the dates of {data} (inside those of {', '.join(others)}), so "
        f"what the report shows of {', '.join(sheets)} does not reach "
        f"{'it' if len(outside) == 1 else 'them'}; if that is not meant, give the data up to "
        f"that date, or set the date inside: {fix}"
    )


def demo_marked(book: BookAdapter) -> bool:
    """True while a ``demo_mark<k>`` cell still holds its label: some data sheet still holds the
    template's (synthetic) data."""
    return any(
        book.get_value(*where) not in (None, "")
        for name, ref in book.names().items()
        if name.lower().startswith(DEMO_MARK)
        for where in _cells(ref)
    )


def clear_demo_marks(book: BookAdapter) -> int:
    """Blank the cells named ``demo_mark<k>`` (the synthetic-data labels); returns how many."""
    count = 0
    for name, ref in book.names().items():
        if name.lower().startswith(DEMO_MARK):
            for where in _cells(ref):
                book.set_value(*where, None)
                count += 1
    return count
