"""fofxl_report: workbooks without Excel.

Formula parsing, evaluation in recalculation order, book adapters, refresh, render, PDF via
LibreOffice, the demo, the starter workbook and the ``fofxl`` command line. It sits above
:mod:`fofxl_addin` (whose FOF_* functions it evaluates) and never imports xlwings itself: the
xlwings book adapter lives in :mod:`fofxl_addin.book`.
"""
