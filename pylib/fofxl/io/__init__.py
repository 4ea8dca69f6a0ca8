"""Files in and out: the importers, many files joined into one pool, file safety, demo data.

* :func:`import_file` reads one CSV/XLSX file (wide, long, single-fund or market layout,
  English or Chinese headers, the exports analysts download as they are) into a clean
  date-indexed frame and a quality report; :func:`import_rows` does the same for a header and
  rows already in memory (a pasted-in sheet).
* :func:`import_files` joins several files (and globs) into one pool, one report per file,
  conflicts between files named; :func:`write_pool` writes it as CSV/XLSX, wide or long.
* :mod:`fofxl.io.files` checks workbook bytes before any parser sees them and writes files
  atomically; :mod:`fofxl.io.demo_data` generates the bundled synthetic data.

Modules by concept: :mod:`~fofxl.io.vocabulary` (header names), :mod:`~fofxl.io.grid` (file →
cells → header and body), :mod:`~fofxl.io.layouts` (cells → records), :mod:`~fofxl.io.adjusted`
(which NAV, the adjusted NAV built, SPEC §12), :mod:`~fofxl.io.report` (the quality report),
:mod:`~fofxl.io.importer` (the entry points), :mod:`~fofxl.io.pool` (many files).
"""

from __future__ import annotations

from .importer import import_file, import_rows
from .pool import POOL_LAYOUTS, Pool, import_files, write_pool
from .report import ImportResult, Issue, QualityReport

__all__ = [
    "POOL_LAYOUTS",
    "ImportResult",
    "Issue",
    "Pool",
    "QualityReport",
    "import_file",
    "import_files",
    "import_rows",
    "write_pool",
]
