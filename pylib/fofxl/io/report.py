"""What an import found: :class:`Issue` (one dropped or flagged cell or row), the
:class:`QualityReport` of a file and the :class:`ImportResult` (data + report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from .vocabulary import _NAV_LABELS, _NAV_RANK

__all__ = ["ImportResult", "Issue", "QualityReport"]


_PREVIEW_LIMIT = 12


@dataclass(frozen=True)
class Issue:
    """One observation (or row) dropped or flagged by an import.

    Attributes
    ----------
    row : int
        Row number in the file (1-based, as a spreadsheet or text editor shows it).
    series : str or None
        The fund or column concerned; None when the whole row is concerned.
    value : str
        The raw cell (shortened), or a description.
    reason : str
        Why, in words.
    conflicts : bool
        For a repeated date: its rows give different values (the file does not say which is
        right), not the same ones twice.
    """

    row: int
    series: str | None
    value: str
    reason: str
    conflicts: bool = False

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" ({self.series})" if self.series else "")
        value = f" {self.value!r}" if self.value != "" else ""
        return f"{where}:{value} {self.reason}"


@dataclass
class QualityReport:
    """What an import read, dropped and found.

    Attributes
    ----------
    source : str
        File name (and sheet, for a workbook).
    layout : str
        ``wide``, ``long``, ``single`` or ``market``.
    header_row : int
        Row number of the header row.
    rows_read : int
        Non-blank rows below the header.
    observations : int
        Values kept (non-missing cells of the returned data).
    dropped : list of Issue
        Observations or rows dropped: unreadable or blank dates, text in number cells, blank
        fund names.
    duplicates : list of Issue
        Rows dropped because their date repeats for the same series (the file's later row is
        kept), each saying whether the kept row's cells are the same, and which differ.
    non_positive : list of Issue
        NAVs or prices <= 0, dropped.
    stale : dict of str to Timestamp
        Series with no value in the file's last ``stale_weeks`` weeks: their last date.
    gaps : dict of str to (Timestamp, Timestamp)
        Longest gap per series: the two consecutive dates furthest apart.
    nav_types : dict of str to str
        NAV type used per series (adjusted, cumulative, unit, unstated); empty for market data.
    warnings : list of str
        Anything else worth reading (unit NAV only, skipped columns, a fallback of the adjusted
        NAV, back-filled rows, ...).
    stale_weeks : int
        The staleness horizon used.
    notes : list of str
        What was found and done that needs no action (an adjusted NAV built and checked, the
        dividends a column lists, columns not used, header rows combined).
    """

    source: str
    layout: str
    header_row: int
    rows_read: int = 0
    observations: int = 0
    first_date: pd.Timestamp | None = None
    last_date: pd.Timestamp | None = None
    series: list[str] = field(default_factory=list)
    dropped: list[Issue] = field(default_factory=list)
    duplicates: list[Issue] = field(default_factory=list)
    non_positive: list[Issue] = field(default_factory=list)
    stale: dict[str, pd.Timestamp] = field(default_factory=dict)
    gaps: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=dict)
    nav_types: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    stale_weeks: int = 4
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was dropped and there are no warnings."""
        return not (self.dropped or self.duplicates or self.non_positive or self.warnings)

    def to_text(self, limit: int = _PREVIEW_LIMIT) -> str:
        """The report as plain text (lists cut after ``limit`` entries)."""
        span = (
            f"{self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}"
            if self.first_date is not None and self.last_date is not None
            else "none"
        )
        lines = [
            f"file: {self.source}",
            f"layout: {self.layout}; header on row {self.header_row}",
            f"rows read: {self.rows_read}; values kept: {self.observations} in "
            f"{len(self.series)} series; dates {span}",
        ]
        kinds = sorted(set(self.nav_types.values()), key=_NAV_RANK.index)
        if kinds:
            text = "; ".join(_nav_types_text(self.nav_types, k) for k in kinds)
            lines.append(f"NAV type: {text}")

        def block(title: str, items: Sequence[object]) -> None:
            if not items:
                lines.append(f"{title}: none")
                return
            lines.append(f"{title}: {len(items)}")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more")

        block("dropped", self.dropped)
        block("duplicate dates", self.duplicates)
        block("non-positive values", self.non_positive)
        block(
            f"stale series (no value in the last {self.stale_weeks} weeks)",
            [f"{name}: last value {last:%Y-%m-%d}" for name, last in self.stale.items()],
        )
        lines.append("longest gap per series:")
        gap_items = [
            f"{name}: {(end - start).days} days ({start:%Y-%m-%d} to {end:%Y-%m-%d})"
            for name, (start, end) in self.gaps.items()
        ]
        lines.extend(f"  {item}" for item in gap_items[:limit])
        if len(gap_items) > limit:
            lines.append(f"  ... and {len(gap_items) - limit} more")
        if not gap_items:
            lines.append("  none (fewer than two dates per series)")
        block("notes", self.notes)
        block("warnings", self.warnings)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _nav_types_text(types: dict[str, str], kind: str) -> str:
    names = [name for name, k in types.items() if k == kind]
    label = _NAV_LABELS[kind]
    return label if len(names) == len(types) else f"{label} for {', '.join(names)}"


class _Inputs(NamedTuple):
    """What a fund's adjusted NAV is built from, each by date (None where the file has none):
    kept for the import's result (:attr:`ImportResult.built_from`), so that a pool can join
    several files' and build once."""

    unit: pd.Series | None
    cumulative: pd.Series | None
    growth: pd.Series | None  # (fractions)
    cash: pd.Series | None = None  # cash dividends per unit (a 分红送配 column's)
    splits: pd.Series | None = None  # units one unit became at a split (a 分红送配 column's)


@dataclass
class ImportResult:
    """The data of an import and its quality report.

    Attributes
    ----------
    data : pandas.DataFrame
        Indexed by ``date`` (sorted, unique), one float64 column per series.
    report : QualityReport
        What was read, dropped and found.
    built_from : dict of str to (unit, cumulative, growth)
        For each series whose adjusted NAV the import built (SPEC §12), what it was built from:
        the unit NAVs, cumulative NAVs and 日增长率 (fractions), each a Series by date or None.
        A pool joins them across files, then builds once.
    """

    data: pd.DataFrame
    report: QualityReport
    built_from: dict[str, _Inputs] = field(default_factory=dict)

    def preview(self, rows: int = 5) -> str:
        """The first and last ``rows`` rows of the data as text."""
        frame = self.data
        if len(frame) > 2 * rows:
            frame = pd.concat([frame.head(rows), frame.tail(rows)])
        with pd.option_context("display.max_columns", 8, "display.width", 100):
            text = frame.to_string(float_format=lambda v: f"{v:.6g}", na_rep="")
        if len(self.data) > 2 * rows:
            lines = text.splitlines()
            lines.insert(len(lines) - rows, "...")
            text = "\n".join(lines)
        return text
