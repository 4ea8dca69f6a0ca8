"""``fofxl demo`` and ``fofxl render``: the command-line side of the renderer.

Called by :mod:`fofxl_report.cli`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import RenderError
from .pdf import soffice_path
from .render import RenderReport, plural, publish_pdfs, render

__all__ = ["TEMPLATES", "run_demo", "run_render", "template_path"]

TEMPLATES = (
    "t0_environment.xlsx",
    "quant_monitor.xlsx",
    "screening.xlsx",
    "fof_portfolio.xlsx",
)
DEMO_DIR = "fofxl-demo"
#: how the message of a formula that failed because a formula it reads failed starts
DEPENDENT = "#VALUE! depends on "


def template_path(name: str) -> Path:
    """Path of a bundled template (installed package data, or the repository's templates/)."""
    try:
        candidate = Path(str(resources.files("fofxl_templates") / name))
        if candidate.exists():
            return candidate
    except ModuleNotFoundError:
        pass
    here = Path(__file__).resolve().parents[2] / "templates" / name
    if here.exists():
        return here
    raise RenderError(f"the bundled template {name} is missing; reinstall fofxl")


def _fmt(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if "%" in number_format:
            return f"{value:.2%}"
        if number_format in ("0", "#,##0"):
            return f"{value:.0f}"
        return f"{value:.2f}"
    return str(value)


def _render_table(rows: list[list[Any]], formats: list[list[str]]) -> str:
    cells = [
        [_fmt(v, f) for v, f in zip(r, fr, strict=True)]
        for r, fr in zip(rows, formats, strict=True)
    ]
    widths = [max(len(r[j]) if j < len(r) else 0 for r in cells) for j in range(len(cells[0]))]
    lines = []
    for i, r in enumerate(cells):
        lines.append(
            "  ".join(
                c.rjust(w) if i and j > 1 else c.ljust(w)
                for j, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def report_table(report: RenderReport, function: str) -> str:
    """Text of the first spilled block whose formula calls ``function`` (in the rendered file)."""
    block = report.blocks.get(function)
    if block is None:
        return f"(no {function} block)"
    rows, formats = block
    return _render_table(rows, formats)


def run_render(
    template: str,
    out: str,
    data: Sequence[str],
    pdf: bool,
    echo: Callable[[str], None] = print,
    maps: Sequence[str] = (),
    settings: Sequence[str] = (),
) -> int:
    try:
        report = render(
            template, out, data=data, pdf=pdf, progress=echo, maps=maps, settings=settings
        )
    except RenderError as exc:
        print(f"fofxl render: error: {exc}", file=sys.stderr)
        return 2
    for issue in report.unsupported:  # kept as formulas (Excel computes them)
        print(f"fofxl render: warning: {issue}", file=sys.stderr)
    for warning in report.warnings:  # before the failures it may explain
        print(f"fofxl render: warning: {warning}", file=sys.stderr)
    # the formulas that failed themselves; the ones that failed because of them are counted
    roots = [i for i in report.errors if not i.message.startswith(DEPENDENT)]
    for issue in roots or report.errors:
        print(f"fofxl render: {issue}", file=sys.stderr)
    if report.unknown:
        print(
            f"fofxl render: error: {plural(len(report.unknown), 'formula')} "
            "calling a function fofxl does not have (see the warnings above): fix the name "
            "in the template",
            file=sys.stderr,
        )
    if report.errors:
        more = len(report.errors) - len(roots)
        print(
            f"fofxl render: error: {plural(len(report.errors), 'formula')} failed"
            + (f" ({more} of them because of the above)" if roots and more else "")
            + "; their cells show the message",
            file=sys.stderr,
        )
    if report.errors or report.unknown:
        return 1
    echo(f"done in {report.seconds:.1f} s")
    return 0


def _check_folder(folder: Path) -> None:
    """The demo's output folder exists (made if missing), is writable, and holds no folder
    where a report goes: said for ``demo``, which has no ``-o``."""
    advice = "or run fofxl demo in a folder you can write to"
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"{folder} exists and is not a folder; move it away, {advice}")
    for name in TEMPLATES:
        if (folder / name).is_dir():
            raise RenderError(f"{folder / name} is a folder; move it away, {advice}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        raise RenderError(
            f"cannot write into {folder}: {exc.strerror or exc}; run fofxl demo in a folder you "
            "can write to"
        ) from None


def run_demo(
    out_dir: str | os.PathLike[str] = DEMO_DIR,
    pdf: bool | None = None,
    echo: Callable[[str], None] = print,
) -> int:
    """Render the bundled templates on the bundled demo data; print Table 1 and Table 3."""
    start = time.perf_counter()
    folder = Path(out_dir)
    want_pdf = soffice_path() is not None if pdf is None else pdf
    reports: list[RenderReport] = []
    total = len(TEMPLATES)
    try:
        _check_folder(folder)
        if not want_pdf:
            echo("(PDFs skipped: LibreOffice (soffice) is not installed)")
        for k, name in enumerate(TEMPLATES, 1):
            echo(f"[{k}/{total}] rendering {name} on the bundled SYNTHETIC demo data ...")
            t0 = time.perf_counter()
            report = render(template_path(name), folder / name, keep_printable=want_pdf)
            reports.append(report)
            echo(
                f"      {plural(report.formulas, 'formula')}, {plural(report.charts, 'chart')} → "
                f"{report.out} "
                f"({time.perf_counter() - t0:.1f} s)"
            )
        if want_pdf:
            echo("[pdf] LibreOffice headless ...")
            t0 = time.perf_counter()
            publish_pdfs(reports)
            for report in reports:
                echo(f"      → {report.pdf}")
            echo(f"      ({time.perf_counter() - t0:.1f} s)")
    except RenderError as exc:
        print(f"fofxl demo: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        for report in reports:  # the printable copies waiting for LibreOffice
            if report.printable is not None:
                report.printable.unlink(missing_ok=True)
        done = f"wrote {len(reports)} of {total} workbooks into {folder}" if reports else ""
        raise KeyboardInterrupt(done or "nothing written") from None
    replaced = [path.name for r in reports for path in r.replaced]
    if replaced:
        echo(
            f"replaced {plural(len(replaced), 'file')} of an earlier run "
            f"in {folder}: {', '.join(replaced)}"
        )
    bad = [i for r in reports for i in r.issues]
    for issue in bad:
        print(f"fofxl demo: {issue}", file=sys.stderr)
    t0_report = reports[0]
    echo("")
    echo("表1:T0策略和市场中性策略业绩表现情况 — Table 1 (SYNTHETIC data)")
    echo(report_table(t0_report, "FOF_PERF"))
    echo("")
    echo("表3:T0策略在不同市场换手率情况下统计情况 — Table 3 (SYNTHETIC data)")
    echo(report_table(t0_report, "FOF_REGIMESTATS"))
    echo("")
    echo(f"fofxl demo: done in {time.perf_counter() - start:.1f} s → {folder.resolve()}")
    return 1 if bad else 0
