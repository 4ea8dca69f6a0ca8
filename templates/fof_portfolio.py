"""Companion of ``fof_portfolio.xlsx`` for the classic xlwings add-in.

The xlwings ribbon's "Run main" runs :func:`main` of the Python file named like the workbook
(``RunPython "import fof_portfolio; fof_portfolio.main()"`` does the same from a VBA button): it
reloads the data sheets from the sources on the Settings sheet (or the pasted-in sheets),
cleans them, logs what was dropped or fixed on the Log sheet, recalculates and stamps the time.
"""

from __future__ import annotations

from fofxl_report.refresh import refresh_caller


def main() -> None:
    """Refresh the calling workbook (see :func:`fofxl_report.refresh.refresh`)."""
    refresh_caller()


if __name__ == "__main__":
    from fofxl_addin.book import mock_caller

    mock_caller("fof_portfolio.xlsx")
    main()
