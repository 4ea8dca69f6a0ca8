"""Many files → one pool: one quality report per file, conflicts between files named.

Analysts receive one file per fund (or per few funds). :func:`import_files` reads each file
with :func:`~fofxl.io.importer.import_file` (globs like ``navs/*.csv`` are expanded) and joins
the series into one date-indexed frame; :func:`write_pool` writes it as CSV or XLSX, wide
(``date`` + one column per series, what a template's data sheet takes) or long (``fund, date,
nav``).

The same series arriving from two files is merged: dates only one file has are taken from it;
on common dates the NAVs must agree (to 1e-9 relative), else the first file's value is kept and
the conflict is reported with its dates and both values. A fund whose adjusted NAV each file
built (from 单位净值 and 累计净值, SPEC §12) is built once, from those columns of all its files
joined: each file's own build starts at its first unit NAV, so a plain join would show every
dividend paid before a file as a fall at its start. One fund given as different NAV types by
different files (复权净值 here, 单位净值 there) is a conflict. Market files (close, high, ...) are
named after their file in a pool of several files (``沪深300 close``), so two indices never
collide.
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputError, OptionError
from .adjusted import _half_unit, _rebuild
from .files import file_and_sheet, same_file, write_atomic
from .importer import import_file
from .report import ImportResult, _Inputs
from .vocabulary import _NAV_LABELS, _names_no_fund

__all__ = ["POOL_LAYOUTS", "Pool", "import_files", "write_pool"]

#: Layouts :func:`write_pool` writes.
POOL_LAYOUTS = ("wide", "long")
_SAME = 1e-9  # relative difference under which two files' NAVs agree
_SHOWN = 12


@dataclass
class Pool:
    """Series from several files joined on their dates.

    Attributes
    ----------
    data : DataFrame
        Indexed by ``date`` (sorted, unique), one float64 column per series.
    results : list of ImportResult
        One per file, in the order read: each with its own quality report.
    conflicts : list of str
        A series given by two files with different NAVs on common dates (the files, the dates
        and both values), or as different NAV types.
    notes : list of str
        Series merged from several files, market files renamed.
    """

    data: pd.DataFrame
    results: list[ImportResult] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def long(self) -> pd.DataFrame:
        """The pool as ``fund, date, nav`` rows (series in column order, dates ascending)."""
        stacked = self.data.melt(ignore_index=False, var_name="fund", value_name="nav")
        stacked = stacked.dropna(subset=["nav"]).reset_index()
        return stacked[["fund", "date", "nav"]].reset_index(drop=True)

    def to_text(self) -> str:
        """Every file's quality report, then what joining them found."""
        parts = [result.report.to_text() for result in self.results]
        first, last = (self.data.index[0], self.data.index[-1]) if len(self.data) else (None,) * 2
        span = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else "none"
        lines = [
            f"pool: {len(self.results)} file{'s' if len(self.results) != 1 else ''}, "
            f"{self.data.shape[1]} series, {len(self.data)} dates ({span})"
        ]
        lines.append(f"conflicts between files: {len(self.conflicts) or 'none'}")
        lines.extend(f"  {c}" for c in self.conflicts)
        if self.notes:
            lines.append(f"notes: {len(self.notes)}")
            lines.extend(f"  {n}" for n in self.notes)
        return "\n\n".join([*parts, "\n".join(lines)])


class _Source(NamedTuple):
    """A file of the pool and the worksheet asked for it (``FILE#WORKSHEET``), if any."""

    path: Path
    sheet: str | None


def _expand(
    paths: Iterable[str | os.PathLike[str]],
    out_file: str | os.PathLike[str] | None = None,
    notes: list[str] | None = None,
) -> list[_Source]:
    """Paths with globs (``*``, ``?``, ``[``) expanded, sorted, each with its ``#WORKSHEET``
    (:func:`~fofxl.io.files.file_and_sheet`; a glob's applies to each match); a glob matching
    nothing is an error, and a file (and worksheet) named twice is read once.

    ``out_file`` (where the pool goes) is never an input: named, it is an error; matched by a
    glob, it is left out and a line says so in ``notes``.
    """
    out: list[_Source] = []
    for item in paths:
        path, sheet = file_and_sheet(item)
        text = os.fspath(path)
        if any(ch in text for ch in "*?[") and not path.exists():
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if out_file is not None and any(same_file(f, out_file) for f in files):
                files = [f for f in files if not same_file(f, out_file)]
                if notes is not None:
                    notes.append(
                        f"{Path(out_file).name} is the --out file: left out of {text!r} (an "
                        "earlier pool is never read back in)"
                    )
            if not files:
                raise InputError(f"no file matches {text!r}; check the folder and the pattern.")
            out.extend(_Source(f, sheet) for f in files)
        else:
            if out_file is not None and same_file(text, out_file):
                raise InputError(
                    f"--out {os.fspath(out_file)} is the input file {text}; the input files are "
                    "never written over: choose another output file."
                )
            out.append(_Source(path, sheet))
    seen: set[tuple[Path, str | None]] = set()
    unique = []
    for source in out:
        key = (source.path.resolve(), source.sheet)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    if not unique:
        raise InputError("no file given; name one or more .csv or .xlsx files.")
    return unique


def import_files(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    sheet: str | None = None,
    *,
    stale_weeks: int = 4,
    strict: bool = False,
    returns: bool = False,
    out: str | os.PathLike[str] | None = None,
) -> Pool:
    """Read several CSV/XLSX files (and globs) into one pool of series.

    Parameters
    ----------
    paths : path or sequence of paths
        Files or glob patterns (``"navs/*.csv"``), read in the order given (a glob's matches
        sorted by name), each with ``#WORKSHEET`` to read that worksheet of a workbook
        (``"净值汇总.xlsx#基金乙"``). Where several worksheets of one workbook are read, a
        series named after the workbook (a sheet naming no fund) is named after its sheet.
    sheet : str, optional
        Worksheet of each .xlsx workbook given without ``#WORKSHEET``; default: its first
        visible sheet.
    stale_weeks, strict, returns
        As in :func:`~fofxl.io.importer.import_file`, for every file.
    out : path, optional
        The file the pool will be written to (``--out``): never read as an input. A glob's
        match of it is left out (a note says so); naming it among ``paths`` is an error.

    Returns
    -------
    Pool
        The joined frame, each file's :class:`~fofxl.io.report.ImportResult`, the conflicts
        (the same series with different NAVs on common dates, with the dates) and notes.

    Raises
    ------
    InputError
        A glob matching no file, ``out`` among the files, or any file that cannot be read
        (the message names it).

    Examples
    --------
    >>> from fofxl.io.demo_data import demo_path
    >>> pool = import_files([demo_path("t0_pool"), demo_path("neutral_pool")])
    >>> len(pool.results), pool.conflicts
    (2, [])
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    notes: list[str] = []
    files = _expand(paths, out, notes)
    results: list[ImportResult] = []
    joined: dict[str, _Joined] = {}
    conflicts: list[str] = []
    labels = _labels(files)
    reads = Counter(source.path.resolve() for source in files)  # (a workbook's sheets)
    for source in files:
        path = source.path
        result = import_file(path, _sheet_of(source, sheet), stale_weeks=stale_weeks,
                             strict=strict, returns=returns)  # fmt: skip
        results.append(result)
        frame = result.data
        label = labels[source]
        if result.report.layout == "market" and len(files) > 1:
            frame = frame.rename(columns={c: f"{path.stem} {c}" for c in frame.columns})
            notes.append(f"{label}: market columns named {', '.join(frame.columns)}")
        own: dict[str, str] = {}  # a series renamed here: its name in the file's result
        if source.sheet and reads[path.resolve()] > 1 and path.stem in frame.columns:
            # one fund a sheet, named by none: each sheet's series named by its sheet, not all
            # by the workbook (one series, its sheets' NAVs merged)
            frame = frame.rename(columns={path.stem: source.sheet})
            own = {source.sheet: path.stem}
            notes.append(f"{label}: its series named after its sheet, {source.sheet}")
        for name in frame.columns:
            read_as = str(own.get(name, name))
            new = _Joined(
                frame[name].dropna(), [label], result.report.nav_types.get(read_as),
                result.built_from.get(read_as),
            )  # fmt: skip
            if name not in joined:
                joined[name] = new
                continue
            _said(_join(str(name), joined[name], new), conflicts, notes)
    for name, entry in joined.items():
        if entry.rebuild:
            _said(_build(str(name), entry), conflicts, notes)
        _said(_check_seams(str(name), entry), conflicts, notes)
    columns = {name: entry.series for name, entry in joined.items()}
    data = pd.concat(columns, axis=1, sort=True) if columns else pd.DataFrame()
    data.index.name = "date"
    return Pool(data.astype(np.float64), results, conflicts, notes)


def _labels(files: list[_Source]) -> dict[_Source, str]:
    """What messages call each file: its name, with its folder where two files share a name
    (管理人甲/净值表.xlsx, 管理人乙/净值表.xlsx), and its worksheet where one was asked for
    (净值汇总.xlsx#基金乙)."""
    names = {source.path.resolve(): source.path.name for source in files}
    counts = Counter(names.values())
    labels = {}
    for source in files:
        path = source.path
        label = path.name if counts[path.name] == 1 else f"{path.parent.name}/{path.name}"
        labels[source] = label + (f"#{source.sheet}" if source.sheet else "")
    return labels


def _sheet_of(source: _Source, sheet: str | None) -> str | None:
    """The worksheet read of a file of the pool: its own ``#WORKSHEET``, else ``sheet`` for a
    workbook (a CSV has none).

    Raises
    ------
    InputError
        ``#WORKSHEET`` given for a CSV file.
    """
    if source.path.suffix.lower() == ".csv":
        if source.sheet:
            raise InputError(
                f"{source.path.name}#{source.sheet}: #{source.sheet} picks a worksheet of a "
                f"workbook (.xlsx), and {source.path.name} is a CSV file; drop #{source.sheet}."
            )
        return None
    return source.sheet or sheet


def _said(messages: list[str], conflicts: list[str], notes: list[str]) -> None:
    """Each message to the conflicts (those starting with ``!``) or to the notes."""
    for message in messages:
        (conflicts if message.startswith("!") else notes).append(message.lstrip("!"))


@dataclass
class _Joined:
    """A series of the pool so far: its values, the files it came from, its NAV type and, for
    an adjusted NAV built on import, what it was built from (ImportResult.built_from).

    ``rebuild``: the columns of several files were joined into ``built_from`` (``series`` then
    holds the files' own NAVs, for their dates alone), so the NAV is built once from them
    after the last file (:func:`_build`)."""

    series: pd.Series
    files: list[str]
    kind: str | None = None
    built_from: _Inputs | None = None
    rebuild: bool = False
    #: Joins of two files that share no date, one after the other: (the files before, the
    #: file joined, the first date after the join), checked once the series is built
    #: (:func:`_check_seams`).
    seams: list[tuple[str, str, pd.Timestamp]] = field(default_factory=list)
    #: NAVs of different types were joined (a conflict): its seams are not checked.
    mixed: bool = False


def _join(name: str, kept: _Joined, new: _Joined) -> list[str]:
    """Join a series met again in another file into ``kept``; the messages (a conflict starts
    with ``!``). An adjusted NAV built in both has their columns joined, to be built once."""
    pool, file = _named(kept.files), new.files[0]
    messages = []
    seam = _seam(kept.series.index, new.series.index)
    built = kept.built_from is not None and new.built_from is not None
    same = _nav_columns(kept) == _nav_columns(new) if built else _same_kind(kept.kind, new.kind)
    kept.mixed |= not same  # (NAVs of two types: the conflict below says why they jump)
    if seam is not None and not kept.mixed:
        kept.seams.append((pool, file, seam))
    if not same:
        messages.append(
            f"!{name}: {_NAV_LABELS.get(kept.kind or '', kept.kind)} in {pool}, "
            f"{_NAV_LABELS.get(new.kind or '', new.kind)} in {file}: one fund's NAVs of "
            "different types are joined, so returns across the join compare unlike NAVs; give "
            "the same NAV type in every file"
        )
    if built and same:
        assert kept.built_from is not None and new.built_from is not None
        columns = []  # the first file's values on common dates
        for x, y, label in zip(kept.built_from, new.built_from, _INPUT_NAMES, strict=True):
            if x is None or y is None:
                columns.append(y if x is None else x)
            elif label:  # a NAV column: the files compared on their common dates
                both, message = _merge(f"{name} {label}", x, y, pool, file)
                columns.append(both)
                messages.extend([message] if message.startswith("!") else [])
            else:
                columns.append(x.combine_first(y))
        added = len(new.series.index.difference(kept.series.index))
        messages.append(
            f"{name}: adjusted NAV built from the columns of {pool} and {file} joined, not "
            f"file by file (each file's own starts at its first NAV); {added} dates added "
            f"from {file}" + (f"; {pool} and {file} {_UNCHECKED}" if seam is not None else "")
        )
        kept.series = kept.series.combine_first(new.series)  # (its dates, until _build)
        kept.built_from, kept.rebuild = _Inputs(*columns), True
    else:
        if kept.rebuild:  # a NAV of another type joins the one built so far: build it first
            messages.extend(_build(name, kept))
        kept.series, message = _merge(name, kept.series, new.series, pool, file)
        messages.append(message)
        kept.built_from = None  # no longer one build: a later file is merged, never rebuilt
    kept.files.append(file)
    return messages


def _same_kind(kept: str | None, new: str | None) -> bool:
    """Whether two files' NAV types can be one fund's: the same, or one not stated (an
    analyst's sheet headed by fund names alone may hold any type; its values are compared
    with the other file's on their common dates all the same)."""
    return kept == new or "unstated" in (kept, new)


#: The NAV columns of :class:`~fofxl.io.report._Inputs` ("" for the others: 日增长率, cash,
#: splits).
_INPUT_NAMES = ("单位净值", "累计净值", "", "", "")


def _nav_columns(entry: _Joined) -> tuple[bool, ...]:
    """Which NAV columns (单位净值, 累计净值) an adjusted NAV was built from: two files' built
    from the same are one NAV type, whatever each file's own build gave (a fall of 累计净值 −
    单位净值 in one file makes it 单位净值 alone, which the columns joined may not)."""
    assert entry.built_from is not None
    return tuple(column is not None for column in entry.built_from[:2])


def _build(name: str, kept: _Joined) -> list[str]:
    """Build the adjusted NAV of ``kept`` once from its files' columns joined; a fall of
    累计净值 − 单位净值 across them is a conflict (the message starts with ``!``)."""
    assert kept.built_from is not None
    build = _rebuild(kept.built_from)
    kept.series, kept.rebuild = build.nav, False
    if build.first_fall is None:
        return []
    return [
        f"!{name}: across {_named(kept.files[:-1])} and {kept.files[-1]}, 累计净值 − 单位净值 "
        f"(the dividends paid) falls on {build.first_fall:%Y-%m-%d}: a share conversion, "
        f"another share class or bad data; the {_NAV_LABELS[build.source]} is used"
    ]


#: What a join of files sharing no date says of them: the NAVs were compared nowhere.
_UNCHECKED = "share no date (nothing checks that they hold the same fund)"

#: A join of two files sharing no date is warned of where the NAV moves across it by this
#: many times its usual move (the Laplace scale of the moves near it: a move this size comes
#: about once in e^8, 3,000, steps of an ordinary fund).
_SEAM_USUAL = 8.0


def _seam(kept: pd.DatetimeIndex, new: pd.DatetimeIndex) -> pd.Timestamp | None:
    """The first date after the join of two date ranges that share no date and do not
    interleave (one file's dates all before the other's); None where they do."""
    if not len(kept) or not len(new):
        return None
    if new.min() > kept.max():
        return new.min()
    if new.max() < kept.min():
        return kept.min()
    return None


def _check_seams(name: str, entry: _Joined) -> list[str]:
    """The joins of files sharing no date across which the NAV built moves like no ordinary
    step (:data:`_SEAM_USUAL`): nothing checks that the files hold the same fund (two funds'
    files named alike, 净值表.xlsx, give one series), so each is a conflict. Every such join is
    one where the series is named after files whose name names no fund (:func:`_unnamed`)."""
    from ..adjnav import _NEAR, _noise_near

    if entry.mixed:
        return []
    if _unnamed(name, entry.files) and entry.seams:
        days = [day for _, _, day in entry.seams]
        if len(days) == 1:
            before, file, _ = entry.seams[0]
            files, joins = f"{before} and {file} share", f"at {days[0]:%Y-%m-%d}"
        else:  # (a weekly report saved in a folder a week: one message, not one a week)
            shown = ", ".join(f"{day:%Y-%m-%d}" for day in days[:3])
            files = f"{_named(entry.files)}, one after the other, share"
            joins = f"at {len(days)} dates ({shown}{', …' if len(days) > 3 else ''})"
        return [
            f"!{name}: {files} no date and their name names no fund, so nothing says they "
            f"hold the same one: joined as one series {name} {joins}; if they hold different "
            "funds, give each file its fund's name or code"
        ]
    nav = entry.series.dropna()
    moves = np.diff(np.log(nav.to_numpy()))
    messages = []
    for before, file, day in entry.seams:
        j = int(nav.index.searchsorted(day)) - 1  # the move into ``day``
        if not 0 <= j < len(moves) or min(j, _NEAR) + min(len(moves) - j - 1, _NEAR) < 10:
            continue  # (too few moves near it to know a usual one)
        usual = abs(moves[j]) / _noise_near(moves, j + 1)
        if usual < _SEAM_USUAL:
            continue
        ret = float(np.expm1(moves[j]))
        messages.append(
            f"!{name}: {before} and {file} share no date, and the NAV "
            f"{'falls' if ret < 0 else 'rises'} {abs(ret):.2%} across the join "
            f"({nav.index[j]:%Y-%m-%d} to {nav.index[j + 1]:%Y-%m-%d}), {usual:.0f} times its "
            "usual move: check that both files hold this fund (files of two funds named alike "
            "are joined as one series)"
        )
    return messages


def _unnamed(name: str, files: list[str]) -> bool:
    """Whether a series of the pool is named after its files (a one-fund file's series is
    named by its file) and that name names no fund (净值表.xlsx: :func:`_names_no_fund`)."""
    return all(Path(file).stem == name for file in files) and _names_no_fund(name)


def _named(files: list[str]) -> str:
    """The files a series of the pool came from so far, as a message names them."""
    if len(files) <= 2:
        return ", ".join(files)
    return f"{files[0]} … {files[-1]} ({len(files)} files)"


def _merge(
    name: str, kept: pd.Series, new: pd.Series, first: str, second: str
) -> tuple[pd.Series, str]:
    """Join a series met again in another file; the message starts with ``!`` on conflict."""
    common = kept.index.intersection(new.index)
    a, b = kept.loc[common].to_numpy(), new.loc[common].to_numpy()
    # NAVs written to fewer decimals in one file (a 3-decimal report beside a 4-decimal
    # download) agree where they round alike: within half a unit of the coarser file's last
    # decimal, where both write 3 to 8 (a 复权净值 may write more; fewer than 3 is no NAV
    # report's rounding, and would hide a typo)
    units = _half_unit(kept.to_numpy()), _half_unit(new.to_numpy())
    coarse = max(units) if all(units) and max(units) <= 0.0005 else 0.0
    differ = np.abs(a - b) > coarse * (1 + 1e-9) + _SAME * np.maximum(np.abs(a), np.abs(b))
    merged = kept.combine_first(new)  # dates only the second file has are added
    added = len(merged) - len(kept)
    if not len(common):
        return (
            merged,
            f"{name}: {first} and {second} {_UNCHECKED}; {added} dates added from {second}",
        )
    if not differ.any():
        rounded = (
            f" (to {_decimals(coarse)} decimals, as the coarser file writes them)"
            if coarse and np.any(a != b)
            else ""
        )
        return merged, (
            f"{name}: in {first} and {second}, the same NAVs on {len(common)} common "
            f"dates{rounded}; {added} dates added from {second}"
        )
    shown = ", ".join(
        f"{d:%Y-%m-%d} ({x:g} vs {y:g})"
        for d, x, y in zip(
            common[differ][:_SHOWN], a[differ][:_SHOWN], b[differ][:_SHOWN], strict=True
        )
    )
    more = f" and {int(differ.sum()) - _SHOWN} more" if differ.sum() > _SHOWN else ""
    return merged, (
        f"!{name}: {first} and {second} give different NAVs on {int(differ.sum())} of "
        f"{len(common)} common dates: {shown}{more}; kept {first}'s"
    )


def _decimals(half_unit: float) -> int:
    """The decimals a NAV is written with, from half a unit of its last one (0.0005: 3)."""
    return round(-np.log10(2 * half_unit))


def write_pool(
    pool: Pool | pd.DataFrame, out: str | os.PathLike[str], layout: str = "wide"
) -> Path:
    """Write a pool (or a date-indexed frame) as .csv or .xlsx, atomically.

    Parameters
    ----------
    pool : Pool or DataFrame
        What :func:`import_files` returned, or a frame indexed by date.
    out : path
        ``.csv`` (UTF-8, ISO dates, full precision) or ``.xlsx`` (date cells, one sheet
        ``data``).
    layout : {"wide", "long"}
        ``wide``: ``date`` + one column per series (a template's data sheet); ``long``:
        ``fund, date, nav`` rows.

    Returns
    -------
    Path
        The file written.
    """
    from .._options import choose

    layout = choose(layout, POOL_LAYOUTS, "layout")
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise OptionError(f"out={target.name!r}: write a .csv or .xlsx file.")
    frame = pool.data if isinstance(pool, Pool) else pool
    if layout == "wide":
        header = ["date", *map(str, frame.columns)]
        rows = [[d, *row] for d, row in zip(frame.index, frame.to_numpy().tolist(), strict=True)]
    else:
        table = (pool if isinstance(pool, Pool) else Pool(frame)).long()
        header = ["fund", "date", "nav"]
        rows = table.to_numpy().tolist()

    def cell(value: object) -> object:
        if isinstance(value, float) and np.isnan(value):
            return None
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime() if suffix == ".xlsx" else f"{value:%Y-%m-%d}"
        return value

    def write(path: Path) -> None:
        if suffix == ".csv":
            import csv

            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                for row in rows:
                    writer.writerow(["" if (c := cell(v)) is None else c for v in row])
            return
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(header)
        for row in rows:
            sheet.append([cell(v) for v in row])
        book.save(path)

    return write_atomic(target, write)
