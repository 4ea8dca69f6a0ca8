"""Former home of the importers, kept so ``from fofxl.importers import import_file`` works:
they live in :mod:`fofxl.io`."""

from __future__ import annotations

from .io.importer import import_file, import_rows
from .io.report import ImportResult, Issue, QualityReport
from .io.vocabulary import _MARKET_FIELD, _norm  # noqa: F401  (read by older callers)

__all__ = ["ImportResult", "Issue", "QualityReport", "import_file", "import_rows"]
