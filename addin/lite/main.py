"""fofxl in xlwings Lite: paste this file into the main.py tab and requirements.txt into the
requirements.txt tab (see README, "Use it in Excel").

The FOF_* custom functions are those of fofxl_addin.udfs (its registry FUNCTIONS), the same
code as in classic Excel: importing them all here registers them (help texts included). The
refresh script reloads the data sheets of a fofxl template from its paste-in sheets (Lite
cannot read local files), cleans them, logs what was dropped or fixed, and stamps the time.
"""

import xlwings as xw
from xlwings import script

from fofxl_addin.book import XlwingsBook
from fofxl_addin.udfs import *  # noqa: F403  (every FOF_* function: imported = registered)
from fofxl_report.refresh import refresh


@script
def refresh_report(book: xw.Book):
    """Refresh the fofxl report: reload and clean the data sheets, log, stamp the time."""
    result = refresh(XlwingsBook(book))
    print(result)


# ------------------------------------------------------------------------------------------
# Report templates' sheet button (templates/t0_environment.xlsx, templates/quant_monitor.xlsx).
# Their Settings sheet has a shape named "fofxl_refresh" hyperlinked to the cell it covers,
# Settings!E2: clicking it selects that cell, which xlwings Lite turns into this script.
# (Once per workbook, to load the add-in on open: in the browser console run
# `await Office.addin.setStartupBehavior(Office.StartupBehavior.load)` and save.)
@script(button="[fofxl_refresh]Settings!E2", show_taskpane=True)
def refresh_button(book: xw.Book):
    """The templates' refresh button: same as refresh_report."""
    result = refresh(XlwingsBook(book))
    print(result)
