"""Companion of ``t0_environment.xlsx`` for the classic xlwings add-in.

The xlwings ribbon's "Run main" runs :func:`main` of the Python file named like the workbook
(``RunPython "import t0_environment; t0_environment.main()"`` does the same from a VBA button):
it reloads the data sheets from the sources on the Settings sheet (or the pasted-in sheets),
cleans them, logs what was dropped or fixed on the Log sheet, recalculates and stamps the time.
"""

from __future__ import annotations

import xlwings as xw

from fofxl_addin.refresh import XlwingsBook, refresh


def main() -> None:
    """Refresh the calling workbook (see :func:`fofxl_addin.refresh.refresh`)."""
    book = xw.Book.caller()
    result = refresh(XlwingsBook(book))
    book.app.status_bar = f"fofxl refresh: {'; '.join(result.updated) or 'no data sheet changed'}"


if __name__ == "__main__":
    xw.Book("t0_environment.xlsx").set_mock_caller()
    main()
