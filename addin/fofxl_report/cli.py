"""The ``fofxl`` command line.

Each sub-command is added by one ``_add_<name>(subparsers)`` function that registers its
arguments and sets ``func`` to a ``_run_<name>(args) -> int`` handler; :func:`main` dispatches.
Errors a user can fix (:class:`~fofxl.errors.FofError`) are printed as one line on stderr with
exit code 2, never as a traceback; so are argparse's (an unknown option, a missing argument:
``fofxl render: error: … (see fofxl render --help)``, without the usage block). Ctrl-C is one
line too, exit code 130: "nothing written", or what was (a ``KeyboardInterrupt`` raised
again with that text); the commands leave no temporary file and no LibreOffice process
behind. What the commands print goes through :func:`_echo`: flushed line by line (progress
shows when piped), and a reader that stops early (``fofxl import … | head``) only stops the
printing, never the work.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from fofxl import __version__
from fofxl.errors import FofError, OptionError

__all__ = ["EXIT_CODES", "build_parser", "main"]

EXIT_CODES = """exit codes:
  0    done
  1    rendered, but some formulas failed (their cells show why; the workbook is written)
       or call a FOF_ name fofxl does not have (kept as written); demo-data --check: the
       files differ
  2    a user error, said in one line (bad file, option or setting); nothing written
  130  interrupted (Ctrl-C)"""


def _echo(text: str = "") -> None:
    """Print a line now; once the reader of stdout has gone (``| head``), print nothing more."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """Send the rest of stdout to the null device (no error when Python flushes it at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Parser(argparse.ArgumentParser):
    """argparse with its errors as one line naming the (sub)command, pointing to its help;
    the sub-command parsers are of this class too (``add_subparsers`` takes the parent's)."""

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {text} (see {self.prog} --help)\n")


def _preview_rows(text: str) -> int:
    """``--preview N``: a whole number ≥ 0 (:func:`fofxl._options.count`)."""
    from fofxl import _options

    try:
        return _options.count(text, "--preview", minimum=0)
    except OptionError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number ≥ 0 (0: no preview)"
        ) from None


def _add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="read CSV/XLSX files of NAVs or market data, print their quality reports, "
        "optionally write them as one pool",
        description="Read CSV or XLSX files (wide, long or single-fund layout, English or "
        "Chinese headers, vendor exports as downloaded) and print a quality report per file "
        "and a short preview. Several files (or globs like 'navs/*.csv') are joined into one "
        "pool; --out writes it as CSV or XLSX, what a template's data sheet takes. The input "
        "files are never modified.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE[#WORKSHEET]",
        help="a .csv or .xlsx file, or a glob; #WORKSHEET reads that worksheet of a workbook "
        "(book.xlsx#基金甲 book.xlsx#基金乙: one fund a sheet, each named by its sheet)",
    )
    p.add_argument("--out", metavar="POOL", help="write the joined series to POOL (.csv or .xlsx)")
    p.add_argument(
        "--layout",
        choices=("wide", "long"),
        default="wide",
        help="layout of --out: wide (date + one column per series, default) or long "
        "(fund, date, nav)",
    )
    p.add_argument(
        "--sheet", metavar="NAME", help="worksheet of an XLSX file (default: the first visible one)"
    )
    p.add_argument(
        "--stale-weeks",
        type=int,
        default=4,
        metavar="N",
        help="a series is stale when it has no value in the file's last N weeks (default 4)",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first bad cell instead of dropping it"
    )
    p.add_argument(
        "--returns",
        action="store_true",
        help="the files hold periodic returns (date + one column per series; 0.0119 or 1.19%%), "
        "compounded into NAVs from 1.0 on the period before each series' first return",
    )
    p.add_argument(
        "--preview",
        type=_preview_rows,
        default=5,
        metavar="N",
        help="rows shown from each end (default 5; 0: no preview)",
    )
    p.set_defaults(func=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    from fofxl.io import ImportResult, import_file, import_files, write_pool
    from fofxl.io.files import file_and_sheet

    if len(args.files) == 1 and args.out is None and not any(c in args.files[0] for c in "*?["):
        path, worksheet = file_and_sheet(args.files[0])
        result = import_file(
            path,
            sheet=worksheet or args.sheet,
            stale_weeks=args.stale_weeks,
            strict=args.strict,
            returns=args.returns,
        )
        _echo(result.report.to_text())
        if args.preview:
            _echo()
            _echo(result.preview(args.preview))
        return 0
    pool = import_files(
        args.files,
        sheet=args.sheet,
        stale_weeks=args.stale_weeks,
        strict=args.strict,
        returns=args.returns,
        out=args.out,
    )
    _echo(pool.to_text())
    if args.preview:
        _echo()
        _echo(ImportResult(pool.data, pool.results[0].report).preview(args.preview))
    if args.out is not None:
        existed = Path(args.out).exists()  # said as render says it
        path = write_pool(pool, args.out, args.layout)
        _echo()
        _echo(
            f"wrote {path} ({args.layout}: {pool.data.shape[1]} series, {len(pool.data)} dates"
            + ("; replaced the existing file)" if existed else ")")
        )
    return 0


def _add_demo_data(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo-data",
        help="regenerate the bundled synthetic demo data files",
        description="Regenerate the synthetic demo data (seeded, deterministic) into DIR "
        "(default: the package data folder).",
    )
    p.add_argument("--out", metavar="DIR", type=Path, help="output folder (default: package data)")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files in DIR differ from a fresh generation",
    )
    p.set_defaults(func=_run_demo_data)


def _run_demo_data(args: argparse.Namespace) -> int:
    from fofxl.io.demo_data import check_demo, write_demo

    folder = args.out
    if folder is not None and folder.exists() and not folder.is_dir():
        raise OptionError(f"--out {folder} is a file, not a folder; give a folder for the files.")
    if args.check and folder is not None and not folder.exists():
        raise OptionError(f"--out {folder}: the folder does not exist; nothing to check.")
    if args.check:
        stale = check_demo(args.out)
        for name in stale:
            _echo(f"differs from a fresh generation: {name}")
        if not stale:
            _echo("demo data is up to date")
        return 1 if stale else 0
    try:
        paths = write_demo(folder)
    except KeyboardInterrupt:
        raise KeyboardInterrupt(
            f"the files in {folder or 'the package data folder'} may be partly rewritten; run "
            "demo-data again"
        ) from None
    except OSError as exc:
        raise OptionError(
            f"cannot write {exc.filename or folder}: {exc.strerror or exc}; give --out a folder "
            "you can write to."
        ) from None
    for path in paths:
        _echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def _add_render(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render",
        help="render a workbook that uses fofxl formulas into a finished workbook (no Excel)",
        description="Evaluate every fofxl formula of TEMPLATE (with --data files injected into "
        "its data sheets, else the data already in it) and write a workbook of values, "
        "formatting, names and charts kept. Never writes over TEMPLATE.",
    )
    p.add_argument("template", metavar="TEMPLATE", help="an .xlsx workbook using fofxl formulas")
    p.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="[SHEET=]FILE[#WORKSHEET]",
        help="CSV/XLSX data for the sheet named like the file (or SHEET); #WORKSHEET reads "
        "that worksheet of an .xlsx file (default: its first visible one), e.g. "
        '--data "T0=产品净值.xlsx#净值"; repeatable',
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="[SHEET:]FIELD=HEADER",
        help="read a data sheet's FIELD from the file's column HEADER (e.g. turnover=成交额); "
        "repeatable",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a named Settings cell (e.g. report_date=2020-12-31, window=3Y); repeatable",
    )
    p.add_argument("-o", "--out", required=True, metavar="OUT", help="output .xlsx file")
    p.add_argument("--pdf", action="store_true", help="also write OUT as PDF (LibreOffice)")
    p.set_defaults(func=_run_render)


def _run_render(args: argparse.Namespace) -> int:
    from .demo import run_render

    return run_render(
        args.template, args.out, args.data, args.pdf, _echo, maps=args.map, settings=args.set
    )


def _add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="render the four bundled report templates on the bundled synthetic data",
        description="Render the bundled templates (the T0 environment report, the quant "
        "product monitor, the fund screening and the FoF portfolio report) on the bundled "
        "SYNTHETIC demo data into ./fofxl-demo/ (PDFs too when LibreOffice is installed) and "
        "print Table 1 and Table 3 of the T0 report. No Excel, no network.",
    )
    p.set_defaults(func=_run_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(echo=_echo)


def _add_starter_workbook(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "starter-workbook",
        help="write an .xlsm configured for the FOF_* functions in classic Excel (xlwings add-in)",
        description="Write OUT (.xlsm): the xlwings VBA reference, an xlwings.conf sheet with "
        "UDF Modules = fofxl_addin.udfs, and an Examples sheet of SYNTHETIC data with FOF_* "
        "formulas. In Excel: xlwings ribbon > Import Functions, then Ctrl+Alt+F9.",
    )
    p.add_argument("out", metavar="OUT", type=Path, help="the workbook to write (.xlsm)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=_run_starter_workbook)


def _run_starter_workbook(args: argparse.Namespace) -> int:
    from .starter import write_starter_workbook  # never imports xlwings

    _echo(f"wrote {write_starter_workbook(args.out, replace=args.force)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fofxl",
        description="fofxl: FoF analytics for Excel.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fofxl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_import(sub)
    _add_demo_data(sub)
    _add_render(sub)
    _add_demo(sub)
    _add_starter_workbook(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the sub-command that did not take them (its prog and help)
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        owner = commands.choices.get(args.command, parser) if args.command else parser
        owner.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except FofError as exc:
        message = " ".join(str(exc).split())
        print(f"fofxl {args.command}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # stdout closed outside _echo (a reader that stopped early)
        _drop_stdout()
        return 0
    except KeyboardInterrupt as exc:  # Ctrl-C: what was written, if anything; no traceback
        done = exc.args[0] if exc.args else "nothing written"
        print(f"fofxl {args.command}: interrupted; {done}", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
