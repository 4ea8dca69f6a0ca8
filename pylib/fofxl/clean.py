"""Input cleaning: the one place where raw values become clean series.

Every public analytics function starts by calling :func:`as_series` or :func:`as_frame`; the
add-in and the importers turn raw cells into series with :func:`series_from_cells` and
:func:`frame_from_cells`. After that, private kernels work on clean float64 arrays and never
re-check.

The missing-value policy (SPEC §2) lives here and nowhere else:

* blanks (``None``, ``""``, whitespace, ``NaN``, ``NaT``) and Excel's ``#N/A`` are a missing
  observation: the row is dropped, and the next return spans the gap; never a zero;
* any other Excel error value (``#REF!``, ``#DIV/0!``, ...) is an error naming the row;
* text that is not a number is an error naming the row; numeric text ("1.05", "12%") is a
  number;
* dates may be datetimes, Excel serial numbers (1900 date system), ISO text
  (``2023-06-30``), ``2023/6/30``, ``20230630`` or ``2023年6月30日``;
* dates are sorted; a duplicate date is an error naming the date;
* a NAV (``kind="nav"``) or a price (``kind="price"``) must be > 0: a value <= 0 is an error
  naming the row.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
import numbers
import operator
import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = [
    "EXCEL_ERRORS",
    "YYYYMMDD_RANGE",
    "Kind",
    "as_frame",
    "as_series",
    "frame_from_cells",
    "is_blank",
    "panel_arrays",
    "series_arrays",
    "series_from_cells",
    "to_categories",
    "to_date",
    "to_dates",
    "to_number",
    "to_number_columns",
    "to_number_rows",
    "to_numbers",
    "to_text",
    "to_texts",
]

Kind = Literal["nav", "price", "value", "return"]

#: Kinds whose values must be > 0, and the word the error message uses for them.
_POSITIVE = {"nav": "NAV", "price": "price"}

#: Excel error values as text (what xlwings passes with ``err_to_str``, and what CSV exports hold).
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#N/A!",
    }
)
_MISSING_ERRORS = frozenset({"#N/A", "#N/A!"})

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_MAX_SERIAL = 2958465  # 9999-12-31
_LAST_SERIAL = pd.Timedelta.max.days  # 2192-04-10: serials past it overflow nanoseconds
#: The whole numbers read as the dates they spell, yyyymmdd (20240102), not as serials.
YYYYMMDD_RANGE = (19000101, 21001231)
_TEXT_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y.%m.%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日",  # as Chinese-locale exports write dates as text
)


def _where(name: str, row: int | None, date: Any = None) -> str:
    where = name
    if row is not None:
        where += f": row {row}"
    if date is not None and not (isinstance(date, float) and math.isnan(date)):
        try:
            where += f" ({pd.Timestamp(date):%Y-%m-%d})"
        except (ValueError, TypeError):
            pass
    return where


def is_blank(value: Any) -> bool:
    """True for a missing observation: None, empty or blank text, NaN, NaT or ``#N/A``."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return text == "" or text.upper() in _MISSING_ERRORS
    if isinstance(value, float):
        return math.isnan(value)
    if value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, np.floating | np.datetime64):
        return bool(np.isnat(value)) if isinstance(value, np.datetime64) else bool(np.isnan(value))
    return False


def _excel_error(value: Any) -> str | None:
    if isinstance(value, str):
        text = value.strip().upper()
        if text in EXCEL_ERRORS and text not in _MISSING_ERRORS:
            return value.strip()
    return None


def _short(value: Any) -> str:
    text = str(value)
    return repr(text[:40] + "…") if len(text) > 40 else repr(text)


#: Numeric text as Excel reads it in an English locale: digits with an optional point, commas
#: only as thousands separators (1,234.5), an optional exponent and percent sign. Anything
#: else (a decimal comma "1,05", "nan", "1_000") is not a number: never a silently wrong one.
_NUMBER_TEXT = re.compile(
    r"^[+-]?(?=\.?\d)(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?$", re.ASCII
)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*(?:\.\d{3})*,\d+$", re.ASCII)


def _as_typed(value: str) -> str:
    """Text as typed, width-normalised: full-width digits and separators (１.０５,
    ２０２３／６／１５, as Chinese input methods type them) and ideographic spaces as their
    ASCII forms, stripped."""
    return unicodedata.normalize("NFKC", value).strip()


def _number_text(value: str) -> tuple[str, float]:
    """Text as typed (:func:`_as_typed`) and its percent scale."""
    text = _as_typed(value)
    if text.endswith("%"):
        return text[:-1].rstrip(), 0.01
    return text, 1.0


#: What each Chinese unit counts, the combined ones vendors print included (同花顺's and
#: 东方财富's 1.22万亿 for two markets' turnover).
CHINESE_UNITS = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "千万": 1e7, "百万": 1e6,
    "十万": 1e5, "亿": 1e8, "万": 1e4,
}  # fmt: skip
_UNIT_WORD = "|".join(CHINESE_UNITS)  # (the combined ones first)
#: A lot (手) of shares: a volume in 手 (374.06万手, 成交量(手)) counts 100 shares a 手.
LOT = 100.0
#: A number written with a Chinese unit (2505.55亿, 4567万元, 120万股, 374.06万手, 9876手):
#: the number, the unit, 手 if it counts lots.
_CHINESE_UNIT = re.compile(rf"(.*\d)\s*(?:({_UNIT_WORD})[元股]?|({_UNIT_WORD})?(手))")
#: A unit named in a header or unit row (成交额(亿元), 成交量(万手), 成交量(手), 总手).
_UNIT_IN_TEXT = re.compile(rf"(?:{_UNIT_WORD})?手(?!率)|{_UNIT_WORD}")


def chinese_unit(value: Any) -> tuple[Any, str | None]:
    """A number text with a Chinese unit (``"2505.55亿"``, ``"4567万元"``, ``"374.06万手"``) as
    its number text and its unit (亿, 万, 万亿 ..., :data:`CHINESE_UNITS`, followed by 手 for
    lots: 万手, or 手 alone); any other cell as itself and None."""
    if not isinstance(value, str) or not any(c in value for c in "亿万手"):
        return value, None
    found = _CHINESE_UNIT.fullmatch(_as_typed(value))
    if found is None:
        return value, None
    number, word, lots_word, lots = found.groups()
    return number, word or f"{lots_word or ''}{lots}"


def chinese_unit_in(text: str) -> str | None:
    """The first Chinese unit a text names (成交额(万亿元): 万亿; 成交量(万手): 万手;
    成交量(手): 手), as :func:`chinese_unit` gives it."""
    found = _UNIT_IN_TEXT.search(text)
    return None if found is None else found.group()


def unit_size(unit: str) -> float:
    """What one of a :func:`chinese_unit` unit counts, in 元 or shares: 1e8 for 亿, 1e6 for
    万手 (1e4 lots of :data:`LOT` shares), 100 for 手."""
    lots = unit.endswith("手")
    word = unit[:-1] if lots else unit
    return (CHINESE_UNITS[word] if word else 1.0) * (LOT if lots else 1.0)


def _parse_number_text(value: str) -> float | None:
    """The number a text cell holds (``"1.05"``, ``"1,234.5"``, ``"12%"``), else None."""
    text, scale = _number_text(value)
    if not _NUMBER_TEXT.match(text):
        return None
    result = float(text.replace(",", "")) * scale
    return result if math.isfinite(result) else None


def _is_real(value: Any) -> bool:
    """Whether a cell is a real number: Python's, numpy's, a Fraction or a Decimal (a
    database's numeric column arrives as Decimal); not a bool (checked before)."""
    return isinstance(value, numbers.Real) or (isinstance(value, Decimal) and not value.is_snan())


def _float(value: Any) -> float:
    """A real number as a float; an integer past the float range is infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def to_number(value: Any, name: str = "values", row: int | None = None) -> float:
    """Turn one cell into a float; NaN for a blank.

    Accepts numbers (also numpy's, Decimal and Fraction), numeric text (``"1.05"``,
    ``"1,234.5"``, ``"12%"``) and blanks. Booleans, other text and Excel errors other than
    ``#N/A`` raise :class:`~fofxl.errors.InputError`.
    """
    if is_blank(value):
        return math.nan
    if isinstance(value, bool | np.bool_):
        raise InputError(
            f"{_where(name, row)} is {value}, a TRUE/FALSE value; {name} must be numbers: "
            "put a number in that cell or clear it."
        )
    if _is_real(value):
        result = _float(value)
        if math.isinf(result):
            raise InputError(f"{_where(name, row)} is infinite; put a finite number there.")
        return result
    error = _excel_error(value)
    if error is not None:
        raise InputError(
            f"{_where(name, row)} holds the Excel error {error}; fix the formula in that cell "
            "or clear it."
        )
    if isinstance(value, str):
        parsed = _parse_number_text(value)
        if parsed is not None:
            return parsed
        hint = (
            "use a point for decimals (1.05), or type a number or clear the cell."
            if _DECIMAL_COMMA.match(_number_text(value)[0])
            else "type a number or clear the cell."
        )
        raise InputError(f"{_where(name, row)} is the text {_short(value)}, not a number; {hint}")
    raise InputError(
        f"{_where(name, row)} is {_short(value)}, not a number; type a number or clear the cell."
    )


#: Cell types a column of numbers converts in one numpy pass (not bool: TRUE/FALSE is refused).
_PLAIN_NUMBERS = frozenset({float, int, type(None)})

# Version shim: pandas' C loops over Python cells, which ``pd.DataFrame(rows)`` runs; a pandas
# that moved them leaves the numpy pass of :func:`_plain_numbers` to serve.
try:
    from pandas._libs import lib as _pandas_lib
except ImportError:  # pragma: no cover
    _pandas_lib = None
_object_rows = getattr(_pandas_lib, "to_object_array", None)
_numbers_of_objects = getattr(_pandas_lib, "maybe_convert_objects", None)


def to_numbers(
    values: Iterable[Any], name: str = "values", first_row: int = 1, percent: bool = True
) -> np.ndarray:
    """Turn a column of cells into a float64 array (NaN for blanks), naming the row on error.

    With ``percent=False`` (NAVs and prices) a percentage like ``"1.23%"`` is an error: a NAV
    is not a percentage; percent text stays a number where returns or rates are expected.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        out = values.astype(np.float64)
        bad = np.flatnonzero(np.isinf(out))
        if bad.size:
            raise InputError(
                f"{_where(name, int(bad[0]) + first_row)} is infinite; put a finite number there."
            )
        return out
    if isinstance(values, pd.Series | pd.Index) and values.dtype.kind in "fiu":
        return to_numbers(values.to_numpy(dtype=np.float64), name, first_row)
    items = _cells(values)
    plain = None if _all_text(items) else _plain_numbers([items])  # (text: a CSV's column)
    if plain is not None:
        return plain[0]
    typed = _typed_numbers(items, percent)
    if typed is not None:
        return typed
    if not percent:
        _refuse_percent(items, name, first_row)
    out = np.empty(len(items), dtype=np.float64)
    for i, value in enumerate(items):
        if type(value) is float:
            out[i] = value if not math.isinf(value) else to_number(value, name, i + first_row)
        else:
            out[i] = to_number(value, name, i + first_row)
    return out


def _cells(values: Iterable[Any]) -> list[Any]:
    """The cells as a list: a list as it is; a pandas Series, Index or array through numpy
    (iterating a pandas string array boxes each cell in Python, 8x slower)."""
    if isinstance(values, list):
        return values
    if isinstance(values, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
        return np.asarray(values, dtype=object).tolist()
    return list(values)


def _all_text(items: list[Any]) -> bool:
    """Whether every cell is text (as a CSV's are): one C pass."""
    try:
        "".join(items)
    except TypeError:
        return False
    return True


#: The characters of a number typed as text that ``float`` and :func:`to_number` read alike:
#: digits, a point, a sign, an exponent and spaces around (no letters: no "nan" or "inf").
_TYPED_NUMBER_CHARACTERS = b"0123456789.eE+- \t\n\r\x0b\x0c"


def _typed_numbers(items: list[Any], percent: bool = True) -> np.ndarray | None:
    """A column of numbers typed as text (``"1.0523"``, or ``"0.52%"`` where percentages are
    numbers: as a web page or a CSV pasted into Excel leaves them), with blanks as None, parsed
    at once; None when a cell is anything else or a text has any other character (thousands
    separators, full-width digits: the cell-by-cell path reads those), or a number is not
    finite."""
    if not set(map(type, items)) <= _TEXT_LABELS:
        return None
    texts = list(filter(None, items))
    if len(texts) < len(items):  # the empty texts of a CSV's blank fields are blanks
        items = [text or None for text in items]
    joined = "".join(texts)
    scale = None
    if "%" in joined:  # percentages, each text a number and its % sign at the end
        if not (
            percent
            and joined.count("%") == len(texts)
            and all(map(str.endswith, texts, itertools.repeat("%")))
        ):
            return None
        items = [text[:-1] if text else text for text in items]
        joined = joined.replace("%", "")
        scale = 0.01
    if not _only(joined, _TYPED_NUMBER_CHARACTERS):
        return None
    try:
        out = np.array(items, dtype=np.float64)  # float() of each text, None as NaN
    except ValueError:  # a text such as "1-2", or "  " (a blank the cell-by-cell path reads)
        return None
    if scale is not None:
        out *= scale  # as to_number scales each one
    return None if np.isinf(out).any() else out


def _only(text: str, characters: bytes) -> bool:
    """Whether ``text`` is made of ``characters`` (ASCII) alone: one C pass over all of it."""
    return text.isascii() and not text.encode("ascii").translate(None, characters)


def _plain_numbers(columns: Sequence[Sequence[Any]]) -> np.ndarray | None:
    """The columns Excel sends (floats, blanks as None), all converted in one numpy pass, as a
    (columns, rows) array with NaN for blanks; None for anything else (text, TRUE/FALSE, an
    infinite value, ragged columns), which the cell loop of :func:`to_numbers` converts or names.

    A column converts in blocks (:func:`_fill_plain`): numbers alone in C, blocks with blanks
    by numpy once the types of their cells are checked.
    """
    if not len(columns) or not len(columns[0]):
        return None
    height = len(columns[0])
    if any(len(column) != height for column in columns):
        return None
    out = np.empty((len(columns), height), dtype=np.float64)
    for j, column in enumerate(columns):
        if not _fill_plain(out[j], column):
            return None
    if _hides_bool(out, columns) or np.isinf(out).any():
        return None
    return out


#: The block of a column converted at once: long enough that Python's per-block work is
#: nothing, short enough that a few blanks leave most blocks numbers alone.
_BLOCK = 4096


def _fill_plain(out: np.ndarray, cells: Sequence[Any]) -> bool:
    """Fill ``out`` with the cells (numbers, blanks as NaN) block by block: a block of numbers
    alone in one C pass (:func:`_reals`), one with blanks (None) by numpy once the types of its
    cells are checked; False at a cell that is neither (text, a date, an error, an integer
    past the float range, TRUE/FALSE beside a blank; among numbers alone :func:`_hides_bool`
    finds TRUE/FALSE)."""
    for start in range(0, len(cells), _BLOCK):
        block = cells[start : start + _BLOCK] if len(cells) > _BLOCK else cells
        if _reals(block, out[start : start + len(block)]) is not None:
            continue
        kinds = set(map(type, block))
        if not kinds <= _PLAIN_NUMBERS:
            if not kinds <= _PLAIN_NUMBERS_AND_TEXT:
                return False
            blanked = _text_blanks_as_none(block)  # (#N/A from a lookup that found nothing)
            if blanked is None:
                return False
            block = blanked
        try:
            out[start : start + len(block)] = np.array(block, dtype=np.float64)
        except OverflowError:
            return False
    return True


_PLAIN_NUMBERS_AND_TEXT = _PLAIN_NUMBERS | {str}


def _text_blanks_as_none(cells: Sequence[Any]) -> list[Any] | None:
    """The cells with each text that is a blank (``#N/A``, ``""``, spaces) as None; None when
    a text is anything else (a number as text, an error: the cell-by-cell path reads it)."""
    out = list(cells)
    for i, cell in enumerate(out):
        if type(cell) is str:
            if not is_blank(cell):
                return None
            out[i] = None
    return out


def _reals(cells: Sequence[Any], out: np.ndarray | None = None) -> np.ndarray | None:
    """The cells as float64, written into ``out`` (a contiguous float64 array of their length)
    or a new array, in one C pass when every one is an int or a float; None when one is
    anything else (a blank, text, a date, an error, an integer past the float range), with
    ``out`` then partly written.

    TRUE/FALSE pass as 1 and 0 (a bool is an int): :func:`_hides_bool` finds them. Other
    numbers pass as :func:`to_number` reads them (numpy's, Decimal, Fraction). ``struct``
    packs each cell with ``PyFloat_AsDouble``, as ``array.array("d")`` does, at a third of
    its cost per cell.
    """
    if out is None:
        out = np.empty(len(cells), dtype=np.float64)
    try:
        _doubles(len(cells)).pack_into(out.data, 0, *cells)
    except struct.error:  # (any cell float() refuses: None, text, a signalling Decimal NaN)
        return None
    return out


@functools.lru_cache(maxsize=64)
def _doubles(count: int) -> struct.Struct:
    """The packing of ``count`` C doubles (one per width of row or block met)."""
    return struct.Struct(f"={count}d")


def _hides_bool(values: np.ndarray, lines: Sequence[Sequence[Any]]) -> bool:
    """Whether a TRUE/FALSE cell was read as a number: ``values[i, j]`` came from
    ``lines[i][j]``, and only a 0 or a 1 can be a bool, so only those cells are looked at."""
    at_lines, at_cells = np.nonzero((values == 0) | (values == 1))
    return any(
        isinstance(lines[i][j], bool | np.bool_)
        for i, j in zip(at_lines.tolist(), at_cells.tolist(), strict=True)
    )


def to_number_columns(
    columns: Sequence[Sequence[Any]],
    names: Sequence[str],
    first_row: int = 1,
    percent: bool = True,
) -> np.ndarray:
    """Several columns of cells (same height) as a (rows, columns) float64 array, NaN for
    blanks: :func:`to_numbers` on each, column ``j`` named ``names[j]`` in messages.

    A panel of plain numbers (a fund universe's NAVs) converts in one numpy pass instead of
    one per column.
    """
    plain = _plain_numbers(columns)
    if plain is not None:
        return plain.T
    out = np.empty((len(columns[0]) if len(columns) else 0, len(columns)), dtype=np.float64)
    for j, column in enumerate(columns):
        out[:, j] = to_numbers(column, names[j], first_row, percent)
    return out


def _plain_number_rows(rows: Sequence[Sequence[Any]]) -> np.ndarray | None:
    """:func:`_plain_numbers` for a panel given as rows, one row at a time: a row of numbers
    alone converts in C (:func:`_reals`); a row with blanks (None, or the empty text ``""``) is
    plain when pandas' own cell loops (those ``pd.DataFrame(rows)`` runs) read it as integers
    or floats once its blanks are NaN, or when it is all blank; None for anything else.

    Excel hands a range over row by row, so the cells of one row sit together in memory: a row
    walk reads them in order, where splitting columns would jump across the whole panel.
    """
    if _object_rows is None or _numbers_of_objects is None or not len(rows) or not len(rows[0]):
        return _plain_numbers(rows)
    width = len(rows[0])
    if set(map(len, rows)) != {width}:
        return None
    out = np.empty((len(rows), width), dtype=np.float64)
    read_by_reals = []  # the rows read in one C pass
    # a row below one with a blank likely has one too (a fund not yet started is blank in
    # every row until it starts): it goes straight to pandas' loop, since a try in C would
    # stop at the blank, wasted
    blank_above = False
    for i, cells in enumerate(rows):
        if not blank_above and _reals(cells, out[i]) is not None:
            read_by_reals.append(i)
            continue
        row = _object_rows([cells])[0]  # (our own object array: the row stays as given)
        values = _numbers_of_objects(row)
        if values.dtype.kind not in "fiu":
            empty = row == ""  # blanks as a formula's "" (=IF(…, "", …)) or Office.js sends
            if empty.any():
                row[empty] = None
                values = _numbers_of_objects(row)
        if values.dtype.kind not in "fiu":
            blanked = _text_blanks_as_none(cells)  # other blank texts: a failed lookup's #N/A
            if blanked is not None:
                row = _object_rows([blanked])[0]
                values = _numbers_of_objects(row)
        if values.dtype.kind in "fiu":
            out[i] = values
            blank_above = bool(np.isnan(out[i]).any())
        elif operator.countOf(row, None) == width:
            out[i] = np.nan
            blank_above = True
        else:
            return None
    # only a row read by _reals can hide a TRUE/FALSE as 1 or 0 (pandas' loop keeps it a bool)
    hides = (
        _hides_bool(out, rows)
        if len(read_by_reals) == len(rows)
        else _hides_bool(out[read_by_reals], [rows[i] for i in read_by_reals])
    )
    return None if hides or np.isinf(out).any() else out


def to_number_rows(
    rows: Sequence[Sequence[Any]],
    names: Sequence[str],
    first_row: int = 1,
    percent: bool = True,
) -> np.ndarray:
    """:func:`to_number_columns` for cells given as rows (each row one date, one cell per
    column); a panel of plain numbers converts in one pass, without splitting columns."""
    plain = _plain_number_rows(rows)
    if plain is not None:
        return plain
    if not len(rows):
        return np.empty((0, len(names)), dtype=np.float64)
    return to_number_columns(
        [list(column) for column in zip(*rows, strict=True)], names, first_row, percent
    )


def _refuse_percent(values: Iterable[Any], name: str, first_row: int) -> None:
    if isinstance(values, np.ndarray | pd.Series | pd.Index) and values.dtype.kind in "fiu":
        return
    for i, value in enumerate(values):
        if isinstance(value, str) and value.strip().endswith(("%", "％")):
            raise InputError(
                f"{_where(name, i + first_row)} is the percentage {_short(value)}; a NAV or price "
                "is not a percentage: give the NAV itself (growth rates belong in a returns "
                "range)."
            )


def to_text(value: Any, name: str = "labels", row: int | None = None) -> str | None:
    """Turn one cell into a label: None for a blank, text stripped, ``3.0`` as ``"3"``.

    Dates become ``2023-06-30``; Excel errors other than ``#N/A`` raise
    :class:`~fofxl.errors.InputError` naming the row.
    """
    if is_blank(value):
        return None
    error = _excel_error(value)
    if error is not None:
        raise InputError(
            f"{_where(name, row)} holds the Excel error {error}; fix the formula in that cell "
            "or clear it."
        )
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.date | np.datetime64):
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, dict | list | tuple | set):  # a structure is never one cell's label
        raise InputError(
            f"{_where(name, row)} is {_short(value)}, not a cell value; put text or a number there."
        )
    return str(value)


def to_texts(values: Iterable[Any], name: str = "labels", first_row: int = 1) -> list[str | None]:
    """Turn a column of cells into labels (None for blanks), naming the row on error."""
    items = _cells(values)
    labels = _distinct_labels(items, name)
    if labels is None:
        return [to_text(value, name, i + first_row) for i, value in enumerate(items)]
    if all(label is value for value, label in labels.items()):
        return list(items)  # already labels (stripped text, None): nothing to map
    return list(map(labels.__getitem__, items))


def to_categories(
    values: Iterable[Any], name: str = "labels", first_row: int = 1
) -> pd.Categorical:
    """:func:`to_texts` as a pandas Categorical (blanks missing, categories sorted): a label
    column repeats few values, so each distinct cell is converted and coded once."""
    items = _cells(values)
    coded = _text_codes(items, name)
    if coded is not None:
        return coded
    labels = _distinct_labels(items, name)
    if labels is None:
        return pd.Categorical(to_texts(items, name, first_row))  # (names the bad row)
    categories = sorted({label for label in labels.values() if label is not None})
    code = {label: k for k, label in enumerate(categories)}
    code_of = {value: -1 if label is None else code[label] for value, label in labels.items()}
    codes = np.fromiter(map(code_of.__getitem__, items), dtype=np.int64, count=len(items))
    return pd.Categorical.from_codes(codes, categories)


def _text_codes(items: list[Any], name: str) -> pd.Categorical | None:
    """:func:`to_categories` of a column of text and blanks in one pass, each distinct cell
    coded when first met (:class:`_TextCodes`); None at any other cell, or a cell refused, for
    the general path to read (and name the row)."""
    codes = _TextCodes(name)
    try:
        found = np.fromiter(map(codes.__getitem__, items), dtype=np.int64, count=len(items))
    except (_NotText, TypeError):  # (TypeError: an unhashable Office.js cell-value object)
        return None
    categories = sorted(codes.labels)
    rank = np.full(len(categories) + 1, -1, dtype=np.int64)  # met order -> sorted; -1 stays
    for k, label in enumerate(categories):
        rank[codes.labels[label]] = k
    return pd.Categorical.from_codes(rank[found], categories)


class _NotText(Exception):
    """A label cell that is not text or blank, or is refused: the general path reads it."""


class _TextCodes(dict[Any, int]):
    """The code of each distinct text (or blank) cell met, in the order labels are met; a new
    cell is converted once, on its first lookup. Only text equals text (and None None), so
    a cell found here has the label of the cell it equals."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.labels: dict[str, int] = {}

    def __missing__(self, cell: Any) -> int:
        if type(cell) not in _TEXT_LABELS:
            raise _NotText
        try:
            label = to_text(cell, self.name)
        except InputError:
            raise _NotText from None
        code = -1 if label is None else self.labels.setdefault(label, len(self.labels))
        self[cell] = code
        return code


def _distinct_labels(items: list[Any], name: str) -> dict[Any, str | None] | None:
    """Each distinct cell of a label column and its label, when the column is text (or
    numbers) with blanks; None when it holds anything else or a cell is refused, for the
    cell-by-cell conversion to name the row. Text and numbers are never mixed, nor TRUE/FALSE,
    so that equal keys always give equal labels."""
    try:
        distinct = set(items)
    except TypeError:  # an unhashable cell (an Office.js cell-value object): named cell by cell
        return None
    # only text equals text: distinct cells that are all text (or blank) are the column's kinds
    if not all(type(value) in _TEXT_LABELS for value in distinct):
        kinds = set(map(type, items))  # a TRUE can hide behind an equal 1: every cell's type
        if not (kinds <= _TEXT_LABELS or kinds <= _PLAIN_NUMBERS):
            return None
    try:
        return {value: to_text(value, name) for value in distinct}
    except InputError:
        return None


#: Text with blanks: a label column :func:`to_texts` converts once per distinct value.
_TEXT_LABELS = frozenset({str, type(None)})


def _parse_text_date(text: str) -> pd.Timestamp | None:
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return pd.Timestamp(_dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def to_date(value: Any, name: str = "dates", row: int | None = None) -> pd.Timestamp:
    """Turn one cell into a Timestamp (NaT for a blank).

    Accepts datetimes and dates, Excel serial numbers (1900 system, days since 1899-12-30),
    eight-digit numbers ``yyyymmdd``, and text in the forms ``2023-06-30``, ``2023/6/30``,
    ``20230630`` or an Excel serial as text.
    """
    if is_blank(value):
        return pd.NaT
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None) if value.tzinfo is not None else value
    if isinstance(value, _dt.datetime):
        return pd.Timestamp(value.replace(tzinfo=None))
    if isinstance(value, _dt.date | np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, bool | np.bool_):
        raise InputError(
            f"{_where(name, row)} is {value}, a TRUE/FALSE value, not a date; type a date there."
        )
    if _is_real(value):
        serial = _float(value)
        if YYYYMMDD_RANGE[0] <= serial <= YYYYMMDD_RANGE[1] and serial == int(serial):
            parsed = _parse_text_date(str(int(serial)))
            if parsed is not None:
                return parsed
        if 1 <= serial <= _LAST_SERIAL:
            return _EXCEL_EPOCH + pd.Timedelta(days=serial)
        if _LAST_SERIAL < serial <= _MAX_SERIAL:
            raise InputError(
                f"{_where(name, row)} is the serial {serial:g}, a date after "
                f"{_EXCEL_EPOCH + pd.Timedelta(days=_LAST_SERIAL):%Y-%m-%d}, the last date fofxl "
                "handles; use a real date or clear the cell."
            )
        raise InputError(
            f"{_where(name, row)} is the number {serial:g}, which is not a date; type a date "
            "(2023-06-30) or an Excel date serial."
        )
    error = _excel_error(value)
    if error is not None:
        raise InputError(
            f"{_where(name, row)} holds the Excel error {error}; fix the formula in that cell "
            "or clear it."
        )
    if isinstance(value, str):
        text = _as_typed(value)
        parsed = _parse_text_date(text)
        if parsed is not None:
            return parsed
        if _NUMBER_TEXT.match(text) and "," not in text:  # a serial as text ("45107")
            if not text.isdigit() or len(text) != 8:
                return to_date(float(text), name, row)
        raise InputError(
            f"{_where(name, row)} is {_short(value)}, not a date; use a date cell or text like "
            "2023-06-30."
        )
    raise InputError(f"{_where(name, row)} is {_short(value)}, not a date; type a date there.")


def to_dates(values: Iterable[Any], name: str = "dates", first_row: int = 1) -> pd.DatetimeIndex:
    """Turn a column of cells into a DatetimeIndex (NaT for blanks), naming the row on error."""
    if isinstance(values, pd.DatetimeIndex):
        return values.tz_localize(None) if values.tz is not None else values
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return pd.DatetimeIndex(values)
    if isinstance(values, pd.Series) and values.dtype.kind == "M":
        return pd.DatetimeIndex(values)
    items = _cells(values)
    fast = _dates_fast(items)
    if fast is not None:
        return fast
    stamps = [to_date(value, name, i + first_row) for i, value in enumerate(items)]
    try:
        return pd.DatetimeIndex(stamps, dtype="datetime64[ns]") if stamps else pd.DatetimeIndex([])
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        for i, stamp in enumerate(stamps):
            if stamp is not pd.NaT and not _FIRST_DATE <= stamp <= _LAST_DATE:
                raise InputError(
                    f"{_where(name, i + first_row)} is {stamp:%Y-%m-%d}, outside the dates fofxl "
                    f"handles ({_FIRST_DATE:%Y-%m-%d} to {_LAST_DATE:%Y-%m-%d}); use a real date "
                    "or clear the cell."
                ) from None
        raise


_FAST_DATETIMES = frozenset({_dt.datetime, _dt.date, pd.Timestamp, type(None)})
_FAST_SERIALS = frozenset({float, int, type(None)})
_FIRST_DATE = pd.Timestamp.min.ceil("D")
_LAST_DATE = pd.Timestamp.max.floor("D")
_FIRST_DAY, _LAST_DAY = (np.datetime64(day.date(), "D") for day in (_FIRST_DATE, _LAST_DATE))


def _dates_fast(items: list[Any]) -> pd.DatetimeIndex | None:
    """Whole-column conversion of the shapes dates come in: naive datetimes (classic xlwings;
    also dates), serial numbers (Office.js), yyyymmdd numbers (terminal exports) and
    yyyy-mm-dd text, with None for blanks. Same result as :func:`to_date` cell by cell; None
    (use the cell-by-cell path, which names the bad row) for anything else."""
    if not items:
        return None
    days = _reals(items)  # serial numbers alone (no blank) need no look at each cell's type
    if days is not None:
        return None if _hides_bool(days[None, :], [items]) else _numbered_dates(days)
    kinds = set(map(type, items))
    if str in kinds and kinds <= _TEXT_LABELS:
        return _text_dates(items)
    if kinds <= _FAST_DATETIMES:
        try:
            index = pd.DatetimeIndex(items)
            # a time zone (on every value) is the slow path's to refuse or convert
            return index.as_unit("ns") if index.tz is None else None
        except (ValueError, OverflowError):  # out of the ns range, or mixed time zones: the
            return None  # slow path says which row
    if kinds <= _FAST_SERIALS:
        try:
            return _numbered_dates(np.array(items, dtype=float))  # None becomes NaN
        except OverflowError:  # an integer past the float range: the slow path names it
            return None
    return None


def _numbered_dates(numbers: np.ndarray) -> pd.DatetimeIndex | None:
    """A column of numbers (NaN for a blank) as dates: Excel serials, or eight-digit numbers
    yyyymmdd (as Wind and other terminals export dates); None for anything else."""
    dates = _serial_dates(numbers)  # (left as it was when it gives None)
    return dates if dates is not None else _yyyymmdd_dates(numbers)


def _yyyymmdd_dates(numbers: np.ndarray) -> pd.DatetimeIndex | None:
    """Whole numbers yyyymmdd in :data:`YYYYMMDD_RANGE` (NaN for a blank) as the dates they
    spell, as :func:`to_date` reads each one; None when one is anything else (a serial, or a
    month or day that does not exist)."""
    blank = np.isnan(numbers)
    given = numbers[~blank] if blank.any() else numbers
    if not (
        given.size
        and np.fmin.reduce(given) >= YYYYMMDD_RANGE[0]
        and np.fmax.reduce(given) <= YYYYMMDD_RANGE[1]
        and (given == np.trunc(given)).all()
    ):
        return None
    whole = given.astype(np.int32)  # (at most 21001231)
    days = _calendar_days(whole // 10000, whole // 100 % 100, whole % 100)
    return None if days is None else _dates_on(~blank, days)


def _calendar_days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray | None:
    """The days (``M8[D]``) year-month-day of integer arrays (years 0 to 9999); None when a
    month or a day does not exist (month 13, February 30)."""
    if not ((month >= 1) & (month <= 12) & (day >= 1)).all():
        return None
    leap = _LEAP_YEARS[year]
    of_month = month - 1
    if (day > _DAYS_IN_MONTH[of_month] + (leap & (month == 2))).any():
        return None
    days = _YEAR_STARTS[year] + _MONTH_STARTS[of_month] + (leap & (month > 2)) + (day - 1)
    return days.astype("M8[D]")


#: Days since 1970-01-01 of January 1 of the years 0 to 10000 (proleptic Gregorian, as
#: numpy's dates), and which of the years 0 to 9999 are leap years.
_YEAR_STARTS = (np.arange(10_001) - 1970).astype("M8[Y]").astype("M8[D]").astype(np.int32)
_LEAP_YEARS = np.diff(_YEAR_STARTS) == 366
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)
_MONTH_STARTS = np.concatenate(([0], np.cumsum(_DAYS_IN_MONTH[:-1]))).astype(np.int32)


#: The separators of the date texts read at once: yyyy-mm-dd (also 2023/6/30), the same one
#: twice, as :data:`_TEXT_DATE_FORMATS` reads them one by one.
_TEXT_DATE_SEPARATORS = frozenset("-/.")


def _text_dates(items: list[Any]) -> pd.DatetimeIndex | None:
    """A column of dates typed as text ``2023-06-30`` (or ``2023/06/30``, ``2023.6.30``),
    None for a blank, parsed at once; None when a cell is in any other form (the cell-by-cell
    path reads or names it) or a date is out of fofxl's range."""
    texts = list(filter(None, items))  # without the blanks (None, "")
    if not texts:
        return None
    joined = "\n".join(texts)
    separator = joined[4:5]
    if (
        separator not in _TEXT_DATE_SEPARATORS
        or not _only(joined, b"0123456789\n" + separator.encode())
        or joined.count("\n") != len(texts) - 1  # (a text with a line break of its own)
    ):
        return None
    # one byte buffer, each text ended by a line break
    raw = np.frombuffer(joined.encode("ascii") + b"\n", np.uint8)
    days = _text_days(raw, len(texts), separator)
    if days is None or days.min() < _FIRST_DAY or days.max() > _LAST_DAY:  # (compared in
        return None  # days: a day past the ns range would wrap around in ns)
    if len(texts) == len(items):
        return pd.DatetimeIndex(days.astype("M8[ns]"))
    return _dates_on(np.fromiter(map(bool, items), dtype=bool, count=len(items)), days)


def _dates_on(given: np.ndarray, days: np.ndarray) -> pd.DatetimeIndex:
    """The days on the rows where ``given`` is True, NaT on the others."""
    stamps = np.full(len(given), np.datetime64("NaT"), dtype="M8[ns]")
    stamps[given] = days
    return pd.DatetimeIndex(stamps)


def _text_days(raw: np.ndarray, count: int, separator: str) -> np.ndarray | None:
    """``count`` texts yyyy-m-d (a four-digit year, a one- or two-digit month and day between
    two ``separator``, as strptime's ``%Y-%m-%d`` reads them) in the bytes ``raw``, each ended
    by a line break (digits and ``separator`` alone between, ``count`` line breaks in all), as
    days; None when a text has another shape or names a day that does not exist.

    yyyy-mm-dd alone goes to numpy's date parser; other lengths are read digit by digit.
    """
    if len(raw) == 11 * count:  # ten characters each
        grid = raw.reshape(count, 11)
        if (grid[:, 10] == _LINE_BREAK).all() and (grid[:, [4, 7]] == ord(separator)).all():
            if separator != "-":
                grid = grid.copy()
                grid[:, [4, 7]] = ord("-")
            iso = grid.view([("date", "S10"), ("end", "S1")])["date"][:, 0]  # (a view)
            try:
                return iso.astype("M8[D]")
            except ValueError:  # a day that does not exist (2023-02-30)
                return None
    marks = np.flatnonzero(raw < ord("0"))  # the separators and line breaks, in order
    if len(marks) != 3 * count:
        return None
    first, second, ends = marks.reshape(count, 3).T
    starts = np.concatenate(([0], ends[:-1] + 1))
    month_digits, day_digits = second - first - 1, ends - second - 1
    # each text holds two separators, then its line break (the count line breaks are every
    # third mark); the first after a four-digit year, the second after 1-2 digits, 1-2 left
    if not (
        (raw[ends] == _LINE_BREAK).all()
        and (first == starts + 4).all()
        and month_digits.min() >= 1
        and month_digits.max() <= 2
        and day_digits.min() >= 1
        and day_digits.max() <= 2
    ):
        return None

    def digit(at: np.ndarray) -> np.ndarray:
        return raw[at].astype(np.int32) - ord("0")

    year = sum(digit(starts + k) * 10 ** (3 - k) for k in range(4))
    # the last digit before each separator (line break), and a tens digit where there are two
    month = digit(second - 1) + (month_digits == 2) * 10 * digit(first + 1)
    day = digit(ends - 1) + (day_digits == 2) * 10 * digit(second + 1)
    return _calendar_days(year, month, day)


_LINE_BREAK = ord("\n")


def _serial_dates(days: np.ndarray) -> pd.DatetimeIndex | None:
    """Excel serial numbers (NaN for a blank; changed in place) as dates, as :func:`to_date`
    gives them one by one; None when one is not a serial date fofxl handles."""
    blank = np.isnan(days)
    if not blank.all() and not (np.fmin.reduce(days) >= 1 and np.fmax.reduce(days) <= _LAST_SERIAL):
        return None  # yyyymmdd numbers, numbers that are not dates, serials past 2192
    some_blank = blank.any()
    if some_blank:
        days[blank] = 0.0
    # pd.Timedelta(days=d).value, as to_date, vectorised: exact for whole days (d · 86,400
    # · 10⁹ fits a double's 53 bits for every serial up to 2192), times of day as pandas
    # (the same products, in the same order, in place)
    days *= 24
    days *= 3600
    days *= 1_000_000_000
    stamps = np.trunc(days, out=days).astype(np.int64)
    stamps += _EXCEL_EPOCH.as_unit("ns").value  # from 1970 to the epoch, as datetime64 adds
    if some_blank:
        stamps[blank] = np.iinfo(np.int64).min  # NaT
    return pd.DatetimeIndex(stamps.view("datetime64[ns]"))


def _ns(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """One resolution everywhere (pandas 3 infers microseconds for some inputs)."""
    return index.as_unit("ns") if index.unit != "ns" else index


def _check_dates(index: pd.DatetimeIndex, name: str) -> None:
    if index.is_monotonic_increasing:  # sorted: a repeat sits next to its twin (no hashing)
        stamps = index.asi8
        if not (stamps[1:] == stamps[:-1]).any():
            return
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise InputError(
            f"{name}: the date {dup:%Y-%m-%d} appears more than once; keep one row per date."
        )


def _check_kind(
    values: np.ndarray,
    dates: pd.DatetimeIndex,
    kind: Kind,
    name: str,
    rows: np.ndarray | None = None,
) -> None:
    if kind not in _POSITIVE:
        return
    bad = np.flatnonzero(values <= 0)
    if bad.size:
        i = int(bad[0])
        row = int(rows[i]) if rows is not None else i + 1
        raise InputError(
            f"{_where(name, row, dates[i])} is {values[i]:g}; a {_POSITIVE[kind]} must be > 0: "
            "correct it or clear the cell."
        )


def series_from_cells(
    dates: Sequence[Any],
    values: Sequence[Any] | np.ndarray,
    *,
    name: str = "values",
    dates_name: str = "dates",
    kind: Kind = "value",
    first_row: int = 1,
    series_name: str | None = None,
) -> pd.Series:
    """Build a clean series from two raw columns of cells.

    Rows whose date or value is blank are dropped; the rest is sorted by date. Duplicate
    dates, NAVs <= 0 and unreadable cells raise :class:`~fofxl.errors.InputError` naming the
    argument and the row (``first_row`` is the row number of the first cell).
    """
    if len(dates) != len(values):
        raise InputError(
            f"{dates_name} has {len(dates)} rows but {name} has {len(values)}; "
            "give ranges of the same height."
        )
    index = _ns(to_dates(dates, dates_name, first_row))
    numbers_ = to_numbers(values, name, first_row, percent=kind not in _POSITIVE)
    keep = ~(index.isna() | np.isnan(numbers_))
    rows = np.arange(first_row, first_row + len(numbers_))[keep]
    index, numbers_ = index[keep], numbers_[keep]
    _check_kind(numbers_, index, kind, name, rows)
    series = pd.Series(numbers_, index=index, name=series_name)
    series.index.name = "date"
    if not index.is_monotonic_increasing:
        series = series.sort_index(kind="stable")
    _check_dates(series.index, dates_name)
    return series


def frame_from_cells(
    dates: Sequence[Any],
    columns: Sequence[Sequence[Any] | np.ndarray] | np.ndarray,
    *,
    names: Sequence[str] | None = None,
    name: str = "values",
    dates_name: str = "dates",
    kind: Kind = "value",
    first_row: int = 1,
    copy: bool = True,
) -> pd.DataFrame:
    """Build a clean panel from a date column and several value columns of raw cells.

    Each column is one series; blank cells stay NaN (a missing observation of that series).
    ``columns`` may also be a (rows, columns) array of numbers already read (as
    :func:`to_number_columns` gives): ``copy=False`` wraps it without a copy, for a caller
    that made it and will not change it. Rows with a blank date must be blank in every column,
    else they are an error; rows blank in every column are dropped.
    """
    width = columns.shape[1] if isinstance(columns, np.ndarray) else len(columns)
    names = list(names) if names is not None else [f"{name} {j + 1}" for j in range(width)]
    index = _ns(to_dates(dates, dates_name, first_row))
    if isinstance(columns, np.ndarray) and columns.ndim == 2 and columns.dtype.kind in "fiu":
        if len(columns) != len(index):
            raise InputError(
                f"{dates_name} has {len(index)} rows but {name} has {len(columns)}; give "
                "ranges of the same height."
            )
        data = np.asarray(columns, dtype=np.float64)  # a panel already read: one check
    else:
        data = np.empty((len(index), width), dtype=np.float64)
        for j, column in enumerate(columns):
            if len(column) != len(index):
                raise InputError(
                    f"{dates_name} has {len(index)} rows but {name} column {j + 1} has "
                    f"{len(column)}; give ranges of the same height."
                )
            data[:, j] = to_numbers(column, name, first_row, percent=kind not in _POSITIVE)
    # the extremes (the blank rows dropped below leave them as they are) spare the scans that
    # name the first bad cell when there is none
    lowest, highest = _extremes(data)
    if np.isinf([lowest, highest]).any():
        i, j = (int(k) for k in np.argwhere(np.isinf(data))[0])
        where = _where(f"{name} ({names[j]})" if width > 1 else name, i + first_row)
        raise InputError(f"{where} is infinite; put a finite number there.")
    no_date = index.isna()
    if no_date.any():
        orphan = np.flatnonzero(no_date & ~np.isnan(data).all(axis=1))
        if orphan.size:
            raise InputError(
                f"{_where(dates_name, int(orphan[0]) + first_row)} is blank but {name} has a "
                "value there; give the date or clear the row."
            )
    keep = ~no_date & ~np.isnan(data).all(axis=1)
    if not keep.all():
        index, data = index[keep], data[keep]
    if kind in _POSITIVE and not lowest > 0:  # (NaN: nothing but blanks)
        bad = np.argwhere(data <= 0)
        if bad.size:
            i, j = (int(k) for k in bad[0])
            row = int(np.flatnonzero(keep)[i]) + first_row
            raise InputError(
                f"{_where(f'{name} ({names[j]})', row, index[i])} is {data[i, j]:g}; "
                f"a {_POSITIVE[kind]} must be > 0: correct it or clear the cell."
            )
    # the caller's array is copied (unless told not to); one made here is wrapped as it is
    frame = pd.DataFrame(
        data, index=index.rename("date"), columns=names, copy=copy and data is columns
    )
    if not index.is_monotonic_increasing:
        frame = frame.sort_index(kind="stable")
    _check_dates(frame.index, dates_name)
    return frame


def _extremes(data: np.ndarray) -> tuple[float, float]:
    """The lowest and highest number of ``data``, blanks (NaN) left out: NaN if all blank
    (two reductions, without a temporary array)."""
    if not data.size:
        return np.nan, np.nan
    return float(np.fmin.reduce(data, axis=None)), float(np.fmax.reduce(data, axis=None))


def _as_index(index: pd.Index, name: str) -> pd.DatetimeIndex:
    if isinstance(index, pd.DatetimeIndex):
        return _ns(index.tz_localize(None) if index.tz is not None else index)
    converted = _ns(to_dates(index, f"{name} dates"))
    if converted.isna().any():
        row = int(np.flatnonzero(converted.isna())[0]) + 1
        raise InputError(f"{name} dates: row {row} is blank; every row needs a date.")
    return converted


def as_series(x: Any, name: str = "values", kind: Kind = "value") -> pd.Series:
    """Clean a date-indexed series at the entry of a public function.

    Returns a float64 series on a sorted, unique DatetimeIndex with missing values dropped.
    A one-column DataFrame is accepted. Raises :class:`~fofxl.errors.InputError` for
    duplicate dates, unreadable values or (``kind="nav"``) NAVs <= 0.
    """
    values, index, label = series_arrays(x, name, kind)
    return pd.Series(values, index=index, name=label)  # (a copy: the caller's values stay theirs)


def series_arrays(
    x: Any, name: str = "values", kind: Kind = "value"
) -> tuple[np.ndarray, pd.DatetimeIndex, Any]:
    """:func:`as_series`'s checks and conversions, without building a series or copying.

    Returns the float64 values with the missing ones dropped, their sorted unique dates and
    the series' name. The values may be a read-only view of ``x``'s own: read them, never
    write.
    """
    if isinstance(x, pd.DataFrame):
        if x.shape[1] != 1:
            raise InputError(
                f"{name} has {x.shape[1]} columns where one series is expected; pass one column."
            )
        x = x.iloc[:, 0]
    if not isinstance(x, pd.Series):
        raise InputError(f"{name} must be a date-indexed series, not {type(x).__name__}.")
    in_order = _in_order(x.index)
    index = _as_index(x.index, name)
    values = (
        to_numbers(x.to_numpy(), name)
        if x.dtype.kind not in "fiu"
        else x.to_numpy(dtype=np.float64)
    )
    # one pass for the usual series: its smallest value is NaN when a value is missing, and
    # tells whether a NAV is <= 0
    low = np.minimum.reduce(values) if len(values) else np.nan
    if np.isnan(low) or (kind in _POSITIVE and not low > 0):
        keep = ~np.isnan(values)
        rows = None  # row i + 1 holds value i while nothing is dropped
        if not keep.all():
            rows = np.flatnonzero(keep) + 1
            index, values = index[keep], values[keep]
        _check_kind(values, index, kind, name, rows)
    # rename gives a new Index: the caller's index (possibly the same object) keeps its name
    index = index.rename(x.index.name or "date")
    if not in_order:
        if not index.is_monotonic_increasing:  # sorted as pandas sorts (NaT last)
            ordered = pd.Series(values, index=index).sort_index(kind="stable")
            values, index = ordered.to_numpy(), pd.DatetimeIndex(ordered.index)
        _check_dates(index, name)
    return values, index, x.name


def _in_order(index: pd.Index) -> bool:
    """Whether dates are known sorted and unique from pandas' own flags on the caller's index
    (kept on the index, so a second call on the same data finds them at once): a naive
    DatetimeIndex stays so through the unit change and the dropping of blank rows."""
    return (
        isinstance(index, pd.DatetimeIndex)
        and index.tz is None
        and index.is_monotonic_increasing
        and index.is_unique
    )


def panel_arrays(
    x: Any, name: str = "values", kind: Kind = "value"
) -> tuple[np.ndarray, pd.DatetimeIndex, pd.Index]:
    """:func:`as_frame`'s checks and conversions, without building a frame or copying.

    Returns the float64 values (rows = dates, NaN = missing), the sorted unique dates and the
    column names. The values may be a read-only view of ``x``'s own: read them, never write
    (a kernel that needs a fresh array makes its output; :func:`as_frame` copies).
    """
    if isinstance(x, pd.Series):
        x = x.to_frame(name=x.name if x.name is not None else name)
    if not isinstance(x, pd.DataFrame):
        raise InputError(f"{name} must be a date-indexed table, not {type(x).__name__}.")
    in_order = _in_order(x.index)
    index = _as_index(x.index, name)
    if x.shape[1] and all(dtype.kind in "fiu" for dtype in set(x.dtypes.to_numpy())):
        # fast path for wide numeric panels (thousands of funds): one conversion, no column loop
        data = x.to_numpy(dtype=np.float64)
    else:
        data = np.empty(x.shape, dtype=np.float64)
        for j in range(x.shape[1]):
            column = x.iloc[:, j]
            data[:, j] = (
                column.to_numpy(dtype=np.float64)
                if column.dtype.kind in "fiub" and column.dtype.kind != "b"
                else to_numbers(column.to_numpy(), f"{name} ({x.columns[j]})")
            )
    # one pass over the cells: each row's smallest number (NaN: the row is blank throughout)
    # tells both which rows to keep and whether any NAV is <= 0
    row_min = np.fmin.reduce(data, axis=1) if data.shape[1] else np.zeros(len(index))
    keep = ~np.isnan(row_min)
    if not keep.all():
        index, data, row_min = index[keep], data[keep], row_min[keep]
    if kind in _POSITIVE and (row_min <= 0).any():
        rows = np.flatnonzero(keep) + 1
        i, j = (int(k) for k in np.argwhere(data <= 0)[0])
        raise InputError(
            f"{_where(f'{name} ({x.columns[j]})', int(rows[i]), index[i])} is "
            f"{data[i, j]:g}; a {_POSITIVE[kind]} must be > 0: correct it or clear the cell."
        )
    # rename gives a new Index: the caller's index (possibly the same object) keeps its name
    index = index.rename(x.index.name or "date")
    if not in_order:
        if not index.is_monotonic_increasing:  # rare: sorted as pandas sorts (NaT last)
            ordered = pd.DataFrame(data, index=index, columns=x.columns).sort_index(kind="stable")
            data, index = ordered.to_numpy(), pd.DatetimeIndex(ordered.index)
        _check_dates(index, name)
    return data, index, x.columns


def as_frame(x: Any, name: str = "values", kind: Kind = "value") -> pd.DataFrame:
    """Clean a date-indexed panel (one column per series) at the entry of a public function.

    A Series becomes a one-column frame. Values become float64, NaN marks a missing
    observation of that column; rows missing in every column are dropped; dates are sorted and
    must be unique; NAVs must be > 0.
    """
    data, index, columns = panel_arrays(x, name, kind)
    # the frame owns its values: a view (of the caller's values) is copied, a fresh array not
    return pd.DataFrame(data, index=index, columns=columns, copy=not data.flags.owndata)
