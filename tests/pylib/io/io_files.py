"""Files the importer tests write: a CSV of rows (UTF-8 or GBK, as exports come)."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    """``rows`` as a CSV file at ``path`` (blank cells as empty fields), in ``encoding``."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [["" if c is None else c for c in row] for row in rows]
    )
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
