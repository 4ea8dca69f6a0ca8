"""Former home of the file checks, kept so ``fofxl.files`` imports work: see
:mod:`fofxl.io.files`."""

from __future__ import annotations

from .io.files import (
    MAX_FILE,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_UNPACKED,
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    check_size,
    check_xlsx,
    same_file,
    write_atomic,
)

__all__ = [
    "MAX_FILE",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNPACKED",
    "OLE_SIGNATURE",
    "ZIP_SIGNATURE",
    "check_size",
    "check_xlsx",
    "same_file",
    "write_atomic",
]
