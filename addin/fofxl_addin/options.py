"""Option arguments of the Excel functions: a cell (or a few cells) to the value pylib reads.

The add-in only unwraps cells here: pylib reads and checks every option once
(:mod:`fofxl._options`), with the same messages in Python and in Excel. What this module adds
is what only Excel has:

* a blank option (an empty cell, an omitted argument) is the function's default, taken from the
  Excel function's own signature (:func:`read_options`), never restated;
* Office.js may pass an empty cell given as an option as 0. For options where 0 cannot be meant
  (windows, counts, dates, text options such as ``freq``) a 0 is read as "not given" in
  Office.js; for the options in :data:`ZERO_IS_A_VALUE` (``low``, ``high``, ``rf``, ``lag``,
  ...) a 0 stays 0, so leave those arguments out rather than pointing them at an empty cell;
* an Excel error in an option cell (``#N/A`` from a failed lookup) is refused, naming it;
* the options in :data:`LISTS` may be a range of cells: its non-blank cells in reading order;
  every other option is one cell;
* a required option left blank is refused with an example of what to give;
* a call with a required argument left out, or with too many arguments (the renderer's
  formulas; Excel's own wrappers pass every argument), is refused naming the argument and
  showing the function's arguments.

Options are known by their argument NAME, the same in every function: a new Excel function
whose options reuse known names needs nothing here.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from fofxl.clean import EXCEL_ERRORS, is_blank
from fofxl.errors import OptionError

from .ranges import grid
from .runtime import officejs

__all__ = ["LISTS", "REQUIRED_EXAMPLES", "ZERO_IS_A_VALUE", "read", "read_options", "scalar"]

_F = TypeVar("_F", bound=Callable[..., Any])

#: Options that may be a range of cells (their non-blank cells, in reading order) or text.
LISTS = frozenset({"labels", "order", "metrics", "breaks", "windows"})
#: Options where a 0 from Office.js is a real 0, not an empty cell.
ZERO_IS_A_VALUE = frozenset({"low", "high", "rf", "lag", "total", "breaks"})
#: What to give for an option without a default, when it is left blank.
REQUIRED_EXAMPLES = {
    "window": "a whole number of observations such as 20, or a span such as 3Y",
    "metric": "a metric name such as sharpe or max_dd",
    "breaks": "edges from smallest to largest such as -0.02,0,0.02",
}


def scalar(value: Any, name: str) -> Any:
    """A one-cell argument as its value: None when blank (an Excel error such as ``#N/A`` is
    kept, for the caller to refuse); an error for a multi-cell range."""
    cells = grid(value)
    if not cells:
        return None
    if len(cells) * len(cells[0]) != 1:
        raise OptionError(
            f"{name} is a range of {len(cells)}×{len(cells[0])} cells; give one value or one cell."
        )
    cell = cells[0][0]
    if isinstance(cell, str):
        cell = cell.strip()
        if cell.upper() in EXCEL_ERRORS:
            return cell  # #N/A in an option is a failed lookup, not "not given"
    return None if is_blank(cell) else cell


def _refuse_error(cell: Any, name: str) -> None:
    if isinstance(cell, str) and cell.strip().upper() in EXCEL_ERRORS:
        raise OptionError(
            f"{name} holds the Excel error {cell.strip()}; fix that cell or leave {name} out."
        )


def read(value: Any, name: str) -> Any:
    """The option's cell value(s) as pylib reads them, or None when not given."""
    cells = grid(value)
    if name in LISTS and len(cells) * (len(cells[0]) if cells else 0) > 1:
        found = [cell for row in cells for cell in row if not is_blank(cell)]
        for cell in found:
            _refuse_error(cell, name)
        return found or None
    cell = scalar(value, name)
    if cell is None:
        return None
    _refuse_error(cell, name)
    zero = type(cell) in (int, float) and cell == 0
    if zero and name not in ZERO_IS_A_VALUE and officejs():
        return None
    return cell


def read_options(function: _F, ranges: Collection[str]) -> _F:
    """``function`` with its option arguments (all but ``ranges``) read from cells first: a
    blank option becomes the default of ``function``'s signature."""
    signature = inspect.signature(function)
    options = [p for p in signature.parameters.values() if p.name not in ranges]

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            raise OptionError(_arity(function.__name__, signature, args, kwargs)) from None
        for parameter in options:
            value = read(bound.arguments.get(parameter.name), parameter.name)
            if value is None:
                if parameter.default is inspect.Parameter.empty:
                    what = REQUIRED_EXAMPLES.get(parameter.name, f"a value for {parameter.name}")
                    given = bound.arguments.get(parameter.name)
                    read_as = (
                        "0 or an empty cell (Excel sends both as 0 here)"
                        if _zero(given)
                        else "blank"
                    )
                    raise OptionError(f"{parameter.name} is {read_as}; give {what}.")
                value = parameter.default
            bound.arguments[parameter.name] = value
        return function(*bound.args, **bound.kwargs)

    return wrapper  # type: ignore[return-value]


def _zero(value: Any) -> bool:
    """Whether an option's argument is the one number 0 (read as not given under Office.js)."""
    cells = grid(value) if value is not None else []
    if len(cells) * (len(cells[0]) if cells else 0) != 1:
        return False
    cell = cells[0][0]
    return type(cell) in (int, float) and cell == 0


def _arity(name: str, signature: inspect.Signature, args: Any, kwargs: Any) -> str:
    """Why a call does not fit ``signature``: the argument missing, or too many given."""
    parameters = list(signature.parameters.values())
    usage = (
        f"{name.upper()}("
        + ", ".join(p.name if p.default is p.empty else f"[{p.name}]" for p in parameters)
        + ")"
    )
    if len(args) > len(parameters):
        return f"takes at most {len(parameters)} arguments, not {len(args)}: {usage}"
    for i, p in enumerate(parameters):
        if p.default is p.empty and i >= len(args) and p.name not in kwargs:
            nth = {1: "1st", 2: "2nd", 3: "3rd"}.get(i + 1, f"{i + 1}th")
            return f"{p.name} (the {nth} argument) is missing: {usage}"
    return f"the arguments do not fit {usage}"
