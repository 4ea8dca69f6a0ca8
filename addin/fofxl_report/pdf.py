"""Workbooks to PDF with LibreOffice headless (``soffice``), bounded in time.

One LibreOffice run converts several workbooks; a run that hangs is stopped with every process
it started; every failure is a :class:`~fofxl_report.errors.RenderError` naming the report.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import RenderError

__all__ = ["convert_pdf", "soffice_path"]


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_pdf(
    *files: str | os.PathLike[str],
    timeout: float = 120.0,
    labels: Mapping[Path, str] | None = None,
) -> list[Path]:
    """Convert workbooks to PDFs beside them with LibreOffice headless, in one run.

    A run longer than ``timeout`` seconds is stopped (LibreOffice and every process it
    started); a failure or a missing PDF is a :class:`RenderError` naming the file (as
    ``labels`` name it: the report a printable copy stands for).
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError(
            "--pdf needs LibreOffice (soffice), which is not installed: install it "
            "(e.g. apt-get install libreoffice-calc) or drop --pdf"
        )
    # a LibreOffice user profile per run: a second LibreOffice on a profile in use hands its
    # work over to the first and converts nothing, so concurrent runs sharing one would clash.
    # A fresh profile costs about 0.3 s more on the first start (2.5-3.7 s measured).
    profile = Path(tempfile.mkdtemp(prefix="fofxl-libreoffice-"))
    try:
        return _convert(exe, [Path(f).resolve() for f in files], timeout, labels, profile)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _convert(
    exe: str,
    srcs: list[Path],
    timeout: float,
    labels: Mapping[Path, str] | None,
    profile: Path,
) -> list[Path]:
    """:func:`convert_pdf` with LibreOffice's user profile in ``profile``."""
    pdfs = []
    for folder in dict.fromkeys(src.parent for src in srcs):
        batch = [src for src in srcs if src.parent == folder]
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, batch),
        ]
        before = {src: _mtime(src.with_suffix(".pdf")) for src in batch}
        names = ", ".join((labels or {}).get(src, src.name) for src in batch)
        locks = [
            folder / f".~lock.{name}#"
            for src in batch
            for name in (src.name, src.with_suffix(".pdf").name)
            if not (folder / f".~lock.{name}#").exists()
        ]
        try:
            try:
                code, out, err = _run_bounded(cmd, timeout)
            except BaseException:  # stopped (timeout, Ctrl-C): its lock files stay behind
                for lock in locks:
                    lock.unlink(missing_ok=True)
                raise
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"LibreOffice did not finish the PDF of {names} within {timeout:g} s and was "
                "stopped; close other LibreOffice windows and try again, or drop --pdf"
            ) from None
        except OSError as exc:
            raise RenderError(
                f"LibreOffice ({exe}) could not be started: {exc.strerror or exc}; reinstall it "
                "or drop --pdf"
            ) from None
        for src in batch:
            pdf = src.with_suffix(".pdf")
            made = pdf.exists() and _mtime(pdf) != before[src]
            if code != 0 or not made:
                detail = (err or out).strip().splitlines()
                raise RenderError(
                    f"LibreOffice failed to make the PDF of {(labels or {}).get(src, src.name)}"
                    + (f" (exit code {code})" if code else "")
                    + (f": {detail[-1]}" if detail else "")
                    + "; try again, or drop --pdf"
                )
            pdfs.append(pdf)
    return pdfs


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _run_bounded(cmd: list[str], timeout: float) -> tuple[int, str, str]:
    """Run ``cmd`` with a time limit; on timeout (or Ctrl-C) stop it and every process it
    started.

    ``soffice`` is a launcher that starts ``soffice.bin``: killing the launcher alone would
    leave a hung office process holding the profile (and the pipes). The command runs in a
    process group of its own, and the whole group is killed.
    """
    posix = os.name == "posix"
    flags = 0 if posix else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=posix,
        creationflags=flags,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # a timeout, or Ctrl-C (the group has a session of its own)
        _kill_group(proc)
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # something outside the group holds the pipes
            proc.kill()
        raise
    return proc.returncode, out, err


def _kill_group(proc: subprocess.Popen[str]) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
    else:  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False
        )
        proc.kill()
