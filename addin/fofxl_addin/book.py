"""The xlwings side of a workbook: an ``xlwings.Book`` seen through the report layer's adapter.

:class:`XlwingsBook` has the methods of :class:`fofxl_report.books.BookAdapter` (duck-typed:
this layer never imports the report layer), so :func:`fofxl_report.refresh.refresh` runs on it
in desktop Excel (classic add-in, "Run main" / ``RunPython``), in xlwings Lite (a ``@script``)
and on ``xw.Book(json=...)`` as Office.js drives it. :func:`caller_book` is the book that called
Python; :func:`mock_caller` stands a workbook file in for it when a companion module is run
from a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._xlwings import xw

__all__ = ["XlwingsBook", "caller_book", "mock_caller"]


class XlwingsBook:
    """Adapter over an ``xlwings.Book``: desktop Excel, xlwings Lite or ``xw.Book(json=...)``."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def names(self) -> dict[str, str]:
        out = {}
        for name in self.book.names:
            try:
                out[name.name] = name.refers_to
            except Exception:  # names the runtime cannot express as a reference
                continue
        return out

    def set_name(self, name: str, ref: str) -> None:
        self.book.names[name].refers_to = "=" + ref.lstrip("=")

    def get_value(self, sheet: str, cell: str) -> Any:
        return self.book.sheets[sheet][cell].value

    def set_value(self, sheet: str, cell: str, value: Any) -> None:
        self.book.sheets[sheet][cell].value = value

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        values = self.book.sheets[sheet].used_range.options(ndim=2).value
        return [list(r) for r in values] if values else []

    def write_sheet(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.book.sheets[sheet]
        ws.used_range.clear_contents()
        ws["A1"].value = rows

    def append_rows(self, sheet: str, rows: list[list[Any]]) -> None:
        ws = self.book.sheets[sheet]
        used = ws.used_range
        last = used.row + used.rows.count - 1 if used.value is not None else 0
        ws.range((last + 1, 1)).value = rows

    def calculate(self) -> None:
        try:
            self.book.app.calculate()
        except Exception:  # Office.js/remote books recalculate by themselves
            pass

    def base_dir(self) -> Path | None:
        try:
            full = Path(self.book.fullname)
        except Exception:
            return None
        return full.parent if full.parent != Path() else None

    def show_status(self, text: str) -> None:
        """``text`` on Excel's status bar."""
        self.book.app.status_bar = text


def caller_book() -> XlwingsBook:
    """The workbook that called Python ("Run main", ``RunPython``), as an adapter."""
    return XlwingsBook(xw.Book.caller())


def mock_caller(path: str | Path) -> None:
    """Open ``path`` in Excel and make it the book :func:`caller_book` returns (a terminal run)."""
    xw.Book(str(path)).set_mock_caller()
