"""Which Excel runtime calls the add-in, and the one way errors leave an Excel function.

Classic xlwings (Windows, VBA wrappers) and Office.js (xlwings Lite in Pyodide, xlwings
Server) call the same ``fof_*`` functions. :func:`excel_errors` turns a
:class:`~fofxl.errors.FofError` into a :class:`CellError` carrying ``"FOF_NAME: <message>"``:
the message names the argument, the row or date and the fix. In classic xlwings on Windows a
:class:`CellError` is a COM exception whose description becomes the cell's text; in Office.js
it is an ``XlwingsError``, shown on hovering over the cell's ``#VALUE!``. Any other exception
becomes a short generic message: never a traceback.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from fofxl.errors import FofError

__all__ = ["CellError", "excel_errors", "officejs"]

logger = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Any])


def officejs() -> bool:
    """True when running under Office.js: xlwings Lite (Pyodide) or xlwings Server."""
    return os.environ.get("XLWINGS_ON_SERVER") == "true" or sys.platform == "emscripten"


def _error_base() -> type[Exception]:
    """The exception type whose message each runtime shows: a COM exception in classic xlwings
    (its description becomes the cell's text), an XlwingsError under Office.js."""
    if sys.platform == "win32" and not officejs():
        try:
            from win32com.server.exception import COMException
        except ImportError:
            pass
        else:
            return COMException
    try:
        from ._xlwings import xw

        XlwingsError: type[Exception] = xw.XlwingsError
    except Exception:  # xlwings missing or unlicensed: the message still reads the same
        return ValueError
    return XlwingsError


_E_FAIL = -2147467259  # 0x80004005: Excel's VBA wrapper shows the description as the cell value


def _cell_error_class(base: type[Exception]) -> type[Exception]:
    """CellError on ``base``: a COM exception carries the message as its description."""
    com = base.__name__ == "COMException"

    class CellError(base):  # type: ignore[misc, valid-type]
        """The message an Excel cell shows: ``"FOF_NAME: what is wrong, where, and the fix"``."""

        def __init__(self, message: str) -> None:
            if com:
                super().__init__(description=message, scode=_E_FAIL)
            else:
                super().__init__(message)
            self.message = message

        def __str__(self) -> str:
            return self.message

    CellError.__module__ = __name__
    return CellError


CellError = _cell_error_class(_error_base())


def excel_errors(excel_name: str) -> Callable[[_F], _F]:
    """Decorator: errors leave a UDF as one :class:`CellError` naming the Excel function.

    The wrapper keeps the UDF's signature (``functools.wraps``), which xlwings reads.
    """

    def decorate(function: _F) -> _F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # a whole column is a million small lists in and out: the cyclic garbage collector
            # would walk them all again and again (a fifth of the call); it resumes after it
            collecting = gc.isenabled()
            gc.disable()
            try:
                return function(*args, **kwargs)
            except CellError:
                raise
            except FofError as exc:
                raise CellError(f"{excel_name}: {exc}") from None
            except Exception:
                logger.exception("%s failed", excel_name)
                raise CellError(
                    f"{excel_name}: fofxl could not compute this (an internal error); check the "
                    "ranges and options, and report it with the workbook if it persists."
                ) from None
            finally:
                if collecting:
                    gc.enable()

        return wrapper  # type: ignore[return-value]

    return decorate
