"""Spreadsheet files at the edges: checked before any parser sees them, written atomically.

The importers (:mod:`fofxl.io`) and the renderer (``fofxl_report.render``) share these
rules, so a file is judged the same way wherever it comes in:

* :func:`check_xlsx` looks at a workbook's bytes before a parser does: an OLE compound file
  (signature ``D0 CF 11 E0``) named .xlsx is an encrypted (password-protected) workbook, one
  named .xls an old Excel 97-2003 workbook; anything else that is not a zip archive, or a
  damaged archive, or an archive without ``xl/workbook.xml`` (a .docx renamed, say) is not an
  Excel workbook; and an archive whose members declare more than :data:`MAX_UNPACKED` bytes
  in all, or a large member packed more than :data:`MAX_RATIO` : 1 (a zip bomb), is refused
  before anything is inflated. Python's ``zipfile`` never inflates a member past its declared
  size, so checking the declared sizes bounds what parsing can cost. XML inside is parsed by
  calamine (the importers' sheets; it expands no entities) or with defusedxml (a dependency:
  openpyxl's, the workbook's own parts), which refuses entity expansion and external
  entities.
* :func:`check_size` refuses files larger than :data:`MAX_FILE` before they are read.
* :func:`same_file` tells whether two paths name one file (symlinks, ``..``, hard links).
* :func:`write_atomic` writes through a temporary file in the target's folder, then
  ``os.replace``: the previous file stays whole until the new one is complete.

Every refusal is an :class:`~fofxl.errors.InputError` whose message names the file and says
what to do.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError

__all__ = [
    "MAX_FILE",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNPACKED",
    "check_size",
    "check_xlsx",
    "file_and_sheet",
    "same_file",
    "write_atomic",
]

#: Largest file read (bytes): a CSV of a million rows by 50 columns is about 500 MB.
MAX_FILE = 1 << 30
#: Largest total of a workbook archive's declared (unpacked) member sizes.
MAX_UNPACKED = 1 << 30
#: Largest packing ratio of a member that unpacks to more than :data:`_RATIO_FROM` bytes.
MAX_RATIO = 100
#: Most members a workbook archive may hold (real workbooks hold tens to hundreds).
MAX_MEMBERS = 10_000
_RATIO_FROM = 10 << 20  # small members (styles, shared strings) may pack very well

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}


def _size_text(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"  # pragma: no cover


def check_size(path: Path, limit: int | None = None) -> int:
    """The size of ``path`` in bytes; an error for a file larger than ``limit`` (default
    :data:`MAX_FILE`)."""
    limit = MAX_FILE if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"{path.name} is {_size_text(size)}, more than fofxl reads ({_size_text(limit)}); "
            "split it or export only the columns and dates you need."
        )
    return size


def check_xlsx(source: str | os.PathLike[str] | bytes, name: str | None = None) -> frozenset[str]:
    """Refuse what is not a safe, readable .xlsx workbook, before any parser opens it.

    Parameters
    ----------
    source : path or bytes
        The workbook file, or its bytes.
    name : str, optional
        The file name messages show (default: the path's name); its suffix decides between
        "encrypted" (.xlsx) and "old .xls" for an OLE compound file.

    Returns
    -------
    frozenset of str
        The names of the workbook's parts (``xl/workbook.xml``, ``xl/vbaProject.bin`` when it
        carries macros, ...), so that no caller opens the archive again to list them.

    Raises
    ------
    InputError
        Encrypted workbook, old .xls, not a workbook, damaged archive, or a zip bomb.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        label = name or "the workbook"
    else:
        path = Path(source)
        label = name or path.name
        check_size(path)
        data = path.read_bytes()
    suffix = Path(label).suffix.lower()
    if data.startswith(OLE_SIGNATURE):
        if suffix in _WORKBOOK_SUFFIXES:
            raise InputError(
                f"{label} is encrypted (password-protected); save an unprotected copy as .xlsx "
                "or .csv and use that."
            )
        raise InputError(
            f"{label} is an old Excel 97-2003 (.xls) workbook; save it as .xlsx and use that."
        )
    if not data.startswith(ZIP_SIGNATURE):
        kind = "is empty, not" if not data else "is not"
        raise InputError(
            f"{label} {kind} a valid Excel workbook (damaged or renamed); open it in Excel and "
            "save it again as .xlsx, or export a .csv."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(
            f"{label} cannot be read as an .xlsx workbook (damaged: its archive is broken); "
            "open it in Excel and save it again, or export a .csv."
        ) from None
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"{label} holds {len(members):,} parts, far more than a workbook has; it is not a "
            "normal .xlsx file: save the data again from Excel."
        )
    total = sum(info.file_size for info in members)
    if total > MAX_UNPACKED:
        raise InputError(
            f"{label} unpacks to {_size_text(total)}, more than fofxl opens "
            f"({_size_text(MAX_UNPACKED)}); it may be a zip bomb: save the data again from "
            "Excel, or export a .csv."
        )
    for info in members:
        packed = max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM and info.file_size / packed > MAX_RATIO:
            raise InputError(
                f"{label}: its part {info.filename} unpacks {info.file_size / packed:,.0f} times "
                f"its size ({_size_text(info.file_size)}), as zip bombs do; save the data again "
                "from Excel, or export a .csv."
            )
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise InputError(
            f"{label} cannot be read as an .xlsx workbook (a zip archive with no workbook "
            "inside); give an .xlsx file saved by Excel, or export a .csv."
        )
    if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
        raise InputError(f"{label} is a binary workbook (.xlsb); save it as .xlsx and use that.")
    return frozenset(names)


def file_and_sheet(text: str | os.PathLike[str]) -> tuple[Path, str | None]:
    """``FILE[#WORKSHEET]`` as (the file, the worksheet or None): ``#`` because ``:`` is part
    of Windows paths. A text that names an existing file is taken whole, ``#`` included, and
    so is one whose words after its last ``#`` cannot name a worksheet (Excel forbids
    ``\\ / ? * [ ] :`` in sheet names: ``data#1/*.csv`` is a folder's glob).

    >>> file_and_sheet("navs/净值汇总.xlsx#基金乙")[1]
    '基金乙'
    """
    text = os.fspath(text)
    path_text, _, worksheet = text.rpartition("#")
    if not path_text or Path(text).exists() or any(c in worksheet for c in _NOT_IN_SHEET_NAMES):
        return Path(text), None
    return Path(path_text), worksheet or None


#: The characters Excel forbids in a worksheet's name.
_NOT_IN_SHEET_NAMES = frozenset("\\/?*[]:")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when ``a`` and ``b`` name one file: the same path however spelled (``..``,
    symlinks, case on case-insensitive disks) or hard links to one file."""
    first, second = Path(a), Path(b)
    try:
        if first.resolve() == second.resolve():
            return True
        return first.exists() and second.exists() and os.path.samefile(first, second)
    except OSError:
        return False


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Write ``path`` through ``write(temporary path)`` then ``os.replace``.

    The temporary file sits in the target's folder (so the rename is atomic) and gets the
    permissions of a normal new file; on any failure it is removed and the previous ``path``
    is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}-", suffix=target.suffix or ".tmp", dir=target.parent
    )
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
