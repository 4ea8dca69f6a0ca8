"""How data ranges and results cross xlwings under Office.js (xlwings Lite, xlwings Server).

xlwings' own conversion visits every cell twice: on the way in it cleans each argument cell
(``null``, ``""`` and error objects), on the way out it prepares each result cell (``None``,
NaN, dates, numpy numbers). At about 0.3 µs and 1 µs a cell that is most of a call on a fund
panel: 1.5 s for FOF_DRAWDOWN and FOF_MAXDD on 1,040,000 cells, against 0.15 s in classic
xlwings. The add-in already reads those values itself, so under Office.js:

* a data range arrives raw (:class:`RangeIn`): only made two-dimensional as xlwings would make
  it. Blanks may be ``null`` (``None``) or ``""``, and errors are Office.js error objects;
  :mod:`fofxl_addin.ranges` and :mod:`fofxl.clean` read all three as classic xlwings' values
  (xlwings Lite's ``JsNull`` is made ``None`` here);
* a result of :mod:`fofxl_addin.output` leaves as it is (:class:`ResultOut`): its cells are
  already what xlwings would send (:data:`~fofxl_addin.output.BLANK`, date-formatted numbers).
  Anything else, and every result for an Excel older than custom functions runtime 1.4, is
  converted by xlwings as before.

Options keep xlwings' conversion: they are single cells.
"""

from __future__ import annotations

import itertools
from typing import Any

from . import output
from ._xlwings import jsnull_type, xw

__all__ = ["RangeIn", "ResultOut"]

#: xlwings Lite (Pyodide >= 0.28) passes a blank cell of a range as JsNull, not None.
JsNull = jsnull_type()


def _rows(value: Any) -> Any:
    """A value as xlwings' ``Ensure2DStage`` makes it: a scalar is one cell, a flat list one
    row (a 1 x n range arrives as a flat list)."""
    if isinstance(value, list | tuple):
        if value and not isinstance(value[0], list | tuple):
            return [value]
        return value
    return [[value]]


def _without_jsnull(rows: Any) -> Any:
    """The rows with xlwings Lite's ``JsNull`` blanks as None (one type pass; rows without it
    stay as they are)."""
    if JsNull is None or JsNull not in set(map(type, itertools.chain.from_iterable(rows))):
        return rows
    return [[None if type(cell) is JsNull else cell for cell in row] for row in rows]


class RangeIn(xw.conversion.Converter):  # type: ignore[name-defined]
    """A data range argument as Office.js sends it, as rows (see the module docstring)."""

    base = xw.conversion.RawValueAccessor

    @staticmethod
    def read_value(value: Any, options: dict[str, Any]) -> Any:
        return _without_jsnull(_rows(value))


class ResultOut(xw.conversion.Converter):  # type: ignore[name-defined]
    """A result as Excel is sent it (see the module docstring)."""

    base = xw.conversion.RawValueAccessor

    @staticmethod
    def write_value(value: Any, options: dict[str, Any]) -> list[Any]:
        if not isinstance(value, output.Cells):
            value = xw.conversion.write(value, None, {**options, "convert": None}, "officejs")
        if float(options.get("runtime", "1.4")) < 1.4:  # dates as plain serial numbers
            return [
                [cell["basicValue"] if type(cell) is dict else cell for cell in row]
                for row in value
            ]
        # a plain list: asyncio's repr of a finished task prints a list subclass whole
        return list(value)
