"""Adjusted NAV from unit and cumulative NAVs (SPEC §12, Chinese NAV conventions).

单位净值 (unit NAV) U drops at each dividend; 累计净值 (cumulative NAV) A = U + dividends paid so
far (not reinvested); 复权净值 (adjusted NAV) reinvests them. Returns are only right on an
adjusted NAV. From U and A it is rebuilt as

    r_t = (A_t − A_t−1) / U_t−1,

the period's dividend d_t = (A_t − U_t) − (A_t−1 − U_t−1) reinvested at U_t, compounded from the
first unit NAV. A dividend paid while the fund reports no NAV is reinvested at the next reported
NAV (the formula does it). A row with only one of U and A is a missing observation.

* :func:`adjusted_nav` does it for two series (FOF_ADJNAV); A − U falling is an error naming
  the row.
* :func:`build_adjusted` is what the importers use: it never raises on A − U falling but says
  where, and it checks every built return against a platform's 日增长率 (daily growth, rounded
  to 0.01%), taking the 日增长率 where the two disagree beyond rounding, unless it is the
  cumulative or unit NAV's own return or disagrees on most dates (then it is not used), and
  using a split ratio given for a date (the holder's units multiplied by it); A left on the
  units before a split given is used before it only, and so before a split none gives where
  that is unambiguous (:func:`_unlisted_split`). A step of the NAV it builds that moves like a
  split (1:1.4 or more, and 10 usual moves or more) with nothing given to explain it is kept
  and listed, for the importer to warn of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .clean import as_series
from .errors import InputError

__all__ = [
    "GROWTH_ROUNDING",
    "AdjustedBuild",
    "Placement",
    "adjusted_nav",
    "build_adjusted",
    "place_events",
]

#: Rounding of a platform's 日增长率: 0.01% (a half unit is the largest rounding error).
GROWTH_ROUNDING = 1e-4
#: A − U may wobble by this much relative to A (floating-point noise) before it "falls".
_NOISE = 1e-9
#: A split ratio r with |log r| from this on is larger than a day's move: the unit NAV shows its
#: step plainly, and a ratio neither its step nor the next shows is not used. A smaller one (a
#: share conversion of 1.0234) is weighed against the fund's own noise, as a cash dividend is
#: (:func:`place_events`).
_VISIBLE_SPLIT = 0.1
#: A ratio from 1:1.5 (|log r| ≥ log 1.5) is larger than any day's move can be (China's daily
#: limits are 10% and 20%): listed on the row before the unit NAV shows it, it is moved there.
#: A smaller one (1:1.15 on two crash days) is never moved: the NAVs cannot tell it apart.
_MOVABLE_SPLIT = float(np.log(1.5))


def _returns(unit: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """r_t = (A_t − A_t−1) / U_t−1 on rows that hold both (len − 1 values)."""
    return (acc[1:] - acc[:-1]) / unit[:-1]


def _falls(unit: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """Positions t ≥ 1 where A − U falls by more than floating-point noise."""
    paid = acc - unit
    scale = np.maximum(np.maximum(np.abs(acc[1:]), np.abs(acc[:-1])), 1.0)
    return np.flatnonzero(np.diff(paid) < -_NOISE * scale) + 1


def _compound(first: float, returns: np.ndarray) -> np.ndarray:
    return first * np.cumprod(np.r_[1.0, 1.0 + returns])


def adjusted_nav(unit: pd.Series, cumulative: pd.Series) -> pd.Series:
    """Adjusted NAV (复权净值) from unit NAVs (单位净值) and cumulative NAVs (累计净值).

    Parameters
    ----------
    unit : Series
        Date-indexed unit NAVs U (> 0); blanks are missing observations.
    cumulative : Series
        Date-indexed cumulative NAVs A (> 0): U plus the dividends paid so far.

    Returns
    -------
    Series
        On the union of both series' dates (sorted), named like ``unit``: the adjusted NAV on
        each date that has both U and A, starting at the first unit NAV; NaN where one is
        missing.

    Raises
    ------
    InputError
        A − U (the dividends paid so far) falls from one row to the next (a share conversion,
        a different share basis, or bad data): the message names the date; or U and A have no
        date in common.

    Notes
    -----
    SPEC §12: r_t = (A_t − A_t−1) / U_t−1 between consecutive dates holding both, adjusted
    NAV_t = U_first · Π(1 + r). Each period's dividend (A_t − U_t) − (A_t−1 − U_t−1) is
    reinvested at U_t, so a dividend paid during a gap in the NAVs is reinvested at the next
    reported NAV.

    Examples
    --------
    >>> dates = pd.to_datetime(["2024-01-05", "2024-01-12", "2024-01-19"])
    >>> unit = pd.Series([1.20, 1.00, 1.10], index=dates)
    >>> acc = pd.Series([1.20, 1.20, 1.30], index=dates)  # 0.20 paid in the second week
    >>> adjusted_nav(unit, acc).round(6).tolist()
    [1.2, 1.2, 1.32]
    """
    u = as_series(unit, "unit_navs", kind="nav")
    a = as_series(cumulative, "acc_navs", kind="nav")
    index = u.index.union(a.index)
    for given in (unit, cumulative):  # keep the rows blank in both: the output is aligned
        if isinstance(given, pd.Series) and isinstance(given.index, pd.DatetimeIndex):
            index = index.union(given.index.dropna().as_unit("ns").tz_localize(None))
    both = u.index.intersection(a.index)
    out = pd.Series(np.nan, index=index, name=unit.name if isinstance(unit, pd.Series) else None)
    out.index.name = "date"
    if not len(both):
        raise InputError(
            "unit_navs and acc_navs have no date in common; give the unit and cumulative NAVs "
            "of one fund on the same rows."
        )
    uu, aa = u.loc[both].to_numpy(), a.loc[both].to_numpy()
    falls = _falls(uu, aa)
    if falls.size:
        t = int(falls[0])
        raise InputError(
            f"acc_navs on {both[t]:%Y-%m-%d}: cumulative minus unit NAV falls from "
            f"{aa[t - 1] - uu[t - 1]:.6g} to {aa[t] - uu[t]:.6g}, but dividends paid never "
            "fall (a share conversion, another share class, or a wrong cell): check the row, "
            "or use the fund's 复权净值 (adjusted NAV) instead."
        )
    out.loc[both] = _compound(uu[0], _returns(uu, aa))
    return out


@dataclass
class AdjustedBuild:
    """An adjusted NAV built for an import, and what the build found.

    Attributes
    ----------
    nav : Series
        The NAV series used: on the dates that hold it (no NaN).
    source : str
        ``built`` (from unit and cumulative NAVs), ``growth`` (the compounded 日增长率),
        ``unit_growth`` (unit NAV returns, with the 日增长率 where they disagree),
        ``unit_cash`` (unit NAV returns with the cash dividends and splits given) or ``unit``.
    first_fall : Timestamp or None
        The first date where A − U falls (the build fell back).
    replaced : list of Timestamp
        Dates whose return was taken from the 日增长率 because the built return disagreed with
        it beyond rounding.
    checked : int
        Returns compared with the 日增长率.
    filled : list of Timestamp
        Dates with no 日增长率 (blank or "--") where the 日增长率 would have been used (``growth``)
        or checked (``unit_growth``): their return is from the NAVs.
    gaps : list of Timestamp
        Dates after rows missing from the file (a step longer than the series' usual one by more
        than an exchange holiday): their 日增长率 is one day's return, so the NAVs' return,
        which spans the gap, is used and not compared.
    with_dividend : list of Timestamp
        Dates whose return, from the NAVs with no 日增长率 to check it, used a cash dividend
        given by ``dividends``: (U_t + d) / U_t−1 − 1.
    growth_measure : str or None
        Set when the 日增长率 was not used at all (``built`` or ``unit_growth``): ``cumulative``
        or ``unit`` when it is that NAV's own return (A_t / A_t−1 − 1, U_t / U_t−1 − 1; with
        A only), ``other`` when it disagrees with the built return on most dates.
    disagreed : list of Timestamp
        With ``growth_measure``: the dates where the 日增长率 differs from the built return.
    confirmed : list of Timestamp
        Dates where the 日增长率 differs from the built return but A − U rose by the cash
        dividend given for the date: a dividend, the built return kept.
    unlisted : list of Timestamp
        With ``first_fall`` after a split and no 日增长率 (``unit_cash``): dates after the split
        where A − F·U (F the units one unit became at the splits so far) rises beyond rounding
        with no cash dividend given: a dividend in A that the unit NAV shows as a loss.
    off_basis : list of Timestamp
        Likewise, dates where A − F·U falls: A is not on the units before the split either.
    old_units : bool
        With ``unit_cash`` and splits: A was found on the units before the first split after it
        (A − U falls after that split, or never falls while A − F·U stays flat), so it is used
        before the split only.
    breaks : list of (Timestamp, float, float)
        Steps of ``nav`` that move like a split, nothing given explaining them
        (:func:`_breaks`): the date, the return and how many usual moves it is. They stay in
        the returns.
    inferred : Series or None
        A split no ``splits`` gave, found where A is left on the units before it
        (:func:`_unlisted_split`) and used as if given (``old_units``); its date and ratio.
    """

    nav: pd.Series
    source: str
    first_fall: pd.Timestamp | None = None
    replaced: list[pd.Timestamp] = field(default_factory=list)
    checked: int = 0
    filled: list[pd.Timestamp] = field(default_factory=list)
    gaps: list[pd.Timestamp] = field(default_factory=list)
    with_dividend: list[pd.Timestamp] = field(default_factory=list)
    growth_measure: str | None = None
    disagreed: list[pd.Timestamp] = field(default_factory=list)
    confirmed: list[pd.Timestamp] = field(default_factory=list)
    unlisted: list[pd.Timestamp] = field(default_factory=list)
    off_basis: list[pd.Timestamp] = field(default_factory=list)
    old_units: bool = False
    breaks: list[tuple[pd.Timestamp, float, float]] = field(default_factory=list)
    inferred: pd.Series | None = None


#: Chinese exchanges close for at most this many weekdays in a row (Spring Festival, National
#: Day): a longer step than a series' usual one by more than this means rows are missing.
_LONGEST_CLOSURE = 7


def _growth_tolerance(returns: np.ndarray, unit_before: np.ndarray, half_unit: float) -> np.ndarray:
    """Largest |built − 日增长率| explained by rounding: half of 0.01%, plus what rounding the
    NAVs to their printed decimals (± half_unit each) can move (A_t − A_t−1) / U_t−1."""
    return GROWTH_ROUNDING / 2 + (2.0 + np.abs(returns)) * half_unit / unit_before + 1e-12


def build_adjusted(
    unit: pd.Series | None,
    cumulative: pd.Series | None = None,
    growth: pd.Series | None = None,
    half_unit: float = 0.0,
    dividends: pd.Series | None = None,
    splits: pd.Series | None = None,
) -> AdjustedBuild:
    """Best total-return NAV of one fund from its unit NAV, cumulative NAV and 日增长率.

    Parameters
    ----------
    unit : Series or None
        Date-indexed unit NAVs (> 0, no NaN); None only with ``cumulative`` and ``growth``.
    cumulative : Series, optional
        Date-indexed cumulative NAVs (> 0, no NaN).
    growth : Series, optional
        Date-indexed 日增长率 as fractions (0.0111 for 1.11%, each > −1), each the return from
        the previous row.
    half_unit : float
        Half a unit of the NAVs' last printed decimal (0.00005 for 4 decimals), widening the
        agreement check by what that rounding can move a return.
    dividends : Series, optional
        Date-indexed cash dividends per unit (a 分红送配 column's 每份派现金), used where a
        return comes from the unit NAV alone.
    splits : Series, optional
        Date-indexed units one unit became at a split or share conversion (1.5 for 拆分比例
        1:1.5). The step to the first date on or after each has the return
        (U_t · ratio + d_t) / U_t−1 − 1 (d_t a cash dividend given for t, per unit before the
        split), whatever A does over it: A − U may fall there without a fall back.

    Returns
    -------
    AdjustedBuild
        With U and A: the adjusted NAV of SPEC §12 (``built``), each return checked against
        the 日增长率 and replaced by it where they disagree beyond rounding. Where A is left on
        the units before the first split given (A − U falls first after it, or never while
        A − F·U stays flat): ``unit_cash`` from :func:`_unit_fallback`, checked against the
        日增长率 the same way; with no splits given, so also where A is found on the units
        before a split none gives (:func:`_unlisted_split`, ``inferred``). Where A − U falls
        before a split or without one: the compounded 日增长率 (``growth``) when there is one,
        else the unit NAV (``unit``; with splits ``unit_cash``, :func:`_unit_fallback`), with
        ``first_fall`` set. With U and a 日增长率 but no A: unit NAV returns, replaced by the
        日增长率 where they disagree (a dividend day), ``unit_growth``. With U and cash
        dividends or splits alone: (U_t · ratio + d_t) / U_t−1 − 1, ``unit_cash``. With A and
        a 日增长率 but no U, or a unit NAV that never moves beside a positive 日增长率 on most
        dates, written finer than 0.01% (a money fund): the compounded 日增长率 (``growth``).
        Every NAV starts at the first unit NAV (the first cumulative NAV without one).

    Notes
    -----
    A 日增长率 is one step's return (from the previous trading day): it is compared with, or
    used for, a step of the NAVs only when no rows are missing between them (the 日增长率 of
    rows without a NAV compounded in). Where a step has no 日增长率 (blank or "--") or spans
    missing rows, its return is the NAVs': (A_t − A_t−1) / U_t−1 where A − U does not fall
    over it, else (U_t + d_t) / U_t−1 − 1 with d_t the cash dividend given for t, else (no U)
    A_t / A_t−1 − 1. Each such date is listed in the result.

    A step of the NAV built that moves like a split (:func:`_breaks`) is listed in ``breaks``
    and kept (nothing in the inputs says what it is), unless it is listed in ``replaced`` or
    ``filled``.
    """
    build = _best_nav(unit, cumulative, growth, half_unit, dividends, splits)
    named = set(build.replaced) | set(build.filled)  # (warned of as such)
    build.breaks = [step for step in _breaks(build.nav) if step[0] not in named]
    return build


def _best_nav(
    unit: pd.Series | None,
    cumulative: pd.Series | None,
    growth: pd.Series | None,
    half_unit: float,
    dividends: pd.Series | None,
    splits: pd.Series | None,
) -> AdjustedBuild:
    """The NAV of :func:`build_adjusted`, before its breaks are looked for."""
    g = growth.dropna() if growth is not None else None
    g = g if g is not None and len(g) else None
    has_unit = unit is not None and len(unit) > 0
    has_acc = cumulative is not None and len(cumulative) > 0
    if not has_unit:
        if not has_acc or g is None:
            raise ValueError("build_adjusted needs unit NAVs")  # the importers never call it so
        assert cumulative is not None
        acc = cumulative.to_numpy()
        return _from_growth(cumulative.index, acc[0], acc[1:] / acc[:-1] - 1.0, [], g)
    assert unit is not None
    if g is not None and _money_fund(unit, g):
        # a money fund's 单位净值 stays at 1.0000 (its income paid as units): the 日增长率 is
        # its return, below the NAV's last decimal, so it is compounded (it agrees with a flat
        # NAV within that rounding, and checking would keep the flat NAV)
        return _from_growth(unit.index, float(unit.iloc[0]), np.zeros(len(unit) - 1), [], g)
    if has_acc:
        assert cumulative is not None
        both = unit.index.intersection(cumulative.index)
        uu, aa = unit.loc[both].to_numpy(), cumulative.loc[both].to_numpy()
        inferred = None
        if splits is None or not len(splits):
            inferred = _unlisted_split(unit.loc[both], aa, half_unit)
            splits = inferred if inferred is not None else splits
        ratio = _split_steps(both, splits)
        falls = [t for t in _falls(uu, aa) if ratio[t - 1] == 1.0]
        first_fall = both[int(falls[0])] if falls else None
        if _old_units(uu, aa, ratio, half_unit, first_fall, splits):
            build = _unit_fallback(unit, cumulative, dividends, splits, first_fall, half_unit)
            build = _checked_fallback(build, unit, g, half_unit)
            build.inferred = inferred
            return build
        if not falls:
            returns = _returns(uu, aa)
            if (ratio != 1.0).any():
                returns = np.where(ratio != 1.0, _unit_returns(unit.loc[both], dividends, ratio),
                                   returns)  # fmt: skip
            nav = pd.Series(_compound(uu[0], returns), index=both)
            cash = dividends.reindex(both, fill_value=0.0) if dividends is not None else None
            return _checked(nav, uu, g, half_unit, "built", acc=aa, cash=cash)
        assert first_fall is not None
        if g is None:
            return _unit_fallback(unit, cumulative, dividends, splits, first_fall, half_unit)
        returns, with_dividend = _nav_returns(unit, cumulative, dividends, splits)
        build = _from_growth(unit.index, float(unit.iloc[0]), returns, with_dividend, g)
        build.first_fall = first_fall
        return build
    given = any(x is not None and len(x) for x in (dividends, splits))
    if g is None and not given:
        return AdjustedBuild(unit.copy(), "unit")
    returns, with_dividend = _nav_returns(unit, None, dividends, splits)
    nav = pd.Series(_compound(float(unit.iloc[0]), returns), index=unit.index)
    if g is None:
        return AdjustedBuild(nav, "unit_cash", with_dividend=with_dividend)
    return _checked(nav, unit.to_numpy(), g, half_unit, "unit_growth", with_dividend)


def _unit_fallback(
    unit: pd.Series,
    cumulative: pd.Series,
    dividends: pd.Series | None,
    splits: pd.Series | None,
    first_fall: pd.Timestamp | None,
    half_unit: float,
) -> AdjustedBuild:
    """The NAV where A − U falls (first on ``first_fall``; None: it never falls, but A is left
    on the units before the first split, :func:`_on_old_units`) and no 日增长率 stands in.

    Without splits, the unit NAV (``unit``). With splits, (U_t · ratio + d_t) / U_t−1 − 1
    (:func:`_nav_returns`, ``unit_cash``): a split's day is the holder's return, not the unit
    NAV's drop. When A − U first falls after the first split, or never (A left on the units
    before it: A = U · F + paid moves with U), the steps before that split keep
    (A_t − A_t−1) / U_t−1, ``old_units`` is set, and the dates after it where A − F·U rises (a
    dividend the cash given misses) or falls are kept in the result (:func:`_after_split`).
    """
    if splits is None or not len(splits):
        return AdjustedBuild(unit.copy(), "unit", first_fall)
    first_split = splits.index.min()
    after = bool(first_fall is None or first_fall > first_split)
    before = cumulative[cumulative.index < first_split] if after else None
    returns, with_dividend = _nav_returns(unit, before, dividends, splits)
    nav = pd.Series(_compound(float(unit.iloc[0]), returns), index=unit.index)
    build = AdjustedBuild(
        nav, "unit_cash", first_fall, with_dividend=with_dividend, old_units=after
    )
    if after:
        build.unlisted, build.off_basis = _after_split(
            unit, cumulative, dividends, splits, half_unit
        )
    return build


def _old_units(
    u: np.ndarray,
    a: np.ndarray,
    ratio: np.ndarray,
    half_unit: float,
    first_fall: pd.Timestamp | None,
    splits: pd.Series | None,
) -> bool:
    """Is A left on the units before the first split given: A − U first falls after that split,
    or never falls while A − F·U stays flat after it (:func:`_on_old_units`)?"""
    if splits is None or not len(splits) or not (ratio != 1.0).any():
        return False
    if first_fall is not None:
        return bool(first_fall > splits.index.min())
    return _on_old_units(u, a, ratio, half_unit)


def _checked_fallback(
    build: AdjustedBuild, unit: pd.Series, growth: pd.Series | None, half_unit: float
) -> AdjustedBuild:
    """The build of :func:`_unit_fallback` checked against the 日增长率 (:func:`_checked`),
    keeping what the fallback found; a rise of A − F·U the 日增长率 replaced is no longer
    unlisted (the 日增长率 holds the dividend)."""
    if growth is None:
        return build
    checked = _checked(build.nav, unit.to_numpy(), growth, half_unit, build.source,
                       build.with_dividend)  # fmt: skip
    checked.first_fall, checked.old_units = build.first_fall, build.old_units
    checked.unlisted = [day for day in build.unlisted if day not in set(checked.replaced)]
    checked.off_basis = build.off_basis
    return checked


def _on_old_units(u: np.ndarray, a: np.ndarray, ratio: np.ndarray, half_unit: float) -> bool:
    """Is A (``a``) left on the units before the first split after it, although A − U never
    falls (a fund that only rises)? On the steps after the first split where the two tell
    apart (U moves by more than rounding times F − 1, F the units one unit became so far),
    A − F·U is flat (within rounding) on more of them than A − U is; ``ratio`` as
    :func:`_split_steps` gives it."""
    if not (ratio != 1.0).any():
        return False
    moved, tolerance, later = _on_split_units(u, a, ratio, half_unit)
    old, new = np.abs(moved), np.abs(np.diff(a - u))
    telling = later & (np.abs(old - new) > 2.0 * tolerance)
    return int((telling & (old <= tolerance)).sum()) > int((telling & (new <= tolerance)).sum())


def _on_split_units(
    u: np.ndarray, a: np.ndarray, ratio: np.ndarray, half_unit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How A − F·U moves each step (F the units one unit became at the splits so far,
    ``ratio`` as :func:`_split_steps` gives it), what rounding allows it (A and U each printed
    to ± ``half_unit``: up to 2 (1 + F) half_unit a step), and which steps come after the first
    split without one of their own."""
    factor = np.cumprod(np.r_[1.0, ratio])
    tolerance = 2.0 * (1.0 + factor[1:]) * half_unit + _NOISE * np.maximum(np.abs(a[1:]), 1.0)
    later = np.r_[False, np.cumsum(ratio != 1.0)[:-1] > 0] & (ratio == 1.0)
    return np.diff(a - factor * u), tolerance, later


def _after_split(
    unit: pd.Series,
    cumulative: pd.Series,
    dividends: pd.Series | None,
    splits: pd.Series,
    half_unit: float,
) -> tuple[list[pd.Timestamp], list[pd.Timestamp]]:
    """The dates after the first split where A − F·U (F the product of the ratios so far) rises
    beyond rounding with no cash dividend given, and where it falls: A left on the units before
    the split is U · F + the dividends paid, so a rise is a dividend and a fall is not that."""
    both = unit.index.intersection(cumulative.index)
    u, a = unit.loc[both].to_numpy(), cumulative.loc[both].to_numpy()
    moved, tolerance, later = _on_split_units(u, a, _split_steps(both, splits), half_unit)
    given = np.zeros(len(moved), dtype=bool)
    if dividends is not None and len(dividends):
        given = dividends.reindex(both[1:], fill_value=0.0).to_numpy() != 0
    rises = later & (moved > tolerance) & ~given
    return list(both[1:][rises]), list(both[1:][later & (moved < -tolerance)])


#: A step of a NAV whose log move is at least log 1.4 and at least :data:`_BREAK_USUAL` usual
#: moves moves like a split (1:1.5 is log 1.5): no market day comes near (China's daily limits
#: are 10% and 20%), and a −9.9% crash day of a fund moving 1.5% a day is about 7 usual moves.
_BREAK_SIZE = float(np.log(1.4))
_BREAK_USUAL = 10.0


#: Split ratios a break is compared with: 1:1.25 ... 1:10 and the merges 1.25:1 ... 10:1.
_CLEAN_RATIOS = tuple(r for k in (1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0) for r in (k, 1.0 / k))


def _clean_ratio(gross: float) -> float:
    """The ratio of :data:`_CLEAN_RATIOS` that brings a step's gross move ``gross`` nearest 1."""
    return min(_CLEAN_RATIOS, key=lambda r: abs(np.log(gross * r)))


def _unlisted_split(unit: pd.Series, acc: np.ndarray, half_unit: float) -> pd.Series | None:
    """A split no text gives, where it is unambiguous: one step of the unit NAV alone moves
    like a split (:func:`_breaks`) and A − U jumps there beyond rounding; a clean ratio F
    (:func:`_clean_ratio`) makes that step an ordinary one (within 3 usual moves); A − U never
    falls before it; and after it A − F·U stays flat within rounding on every step while
    A − U moves with the NAV (:func:`_on_old_units`): A left on the units before the split.
    The split as ``splits`` gives one (its date, F), else None."""
    u = unit.to_numpy()
    steps = []
    for day, ret, usual in _breaks(unit):
        k = int(unit.index.get_loc(day))
        paid = (acc[k] - u[k]) - (acc[k - 1] - u[k - 1])
        if abs(paid) > 4.0 * half_unit + _NOISE * max(abs(acc[k]), 1.0):
            steps.append((k, ret, usual))
    if len(steps) != 1:
        return None
    k, ret, usual = steps[0]
    factor = _clean_ratio(1.0 + ret)
    if abs(np.log((1.0 + ret) * factor)) > 3.0 * abs(np.log1p(ret)) / usual:
        return None
    ratio = np.ones(len(u) - 1)
    ratio[k - 1] = factor
    moved, tolerance, later = _on_split_units(u, acc, ratio, half_unit)
    before = _falls(u[:k], acc[:k])
    flat = bool(np.all(np.abs(moved[later]) <= tolerance[later]))
    if before.size or not flat or not _on_old_units(u, acc, ratio, half_unit):
        return None
    return pd.Series([factor], index=unit.index[[k]])


def _breaks(nav: pd.Series) -> list[tuple[pd.Timestamp, float, float]]:
    """The steps of ``nav`` that move like a split: |log move| ≥ :data:`_BREAK_SIZE` and at
    least :data:`_BREAK_USUAL` times the Laplace scale b of the moves near it
    (:func:`_noise_near`). Each as its date, its return and |log move| / b."""
    moves = np.diff(np.log(nav.to_numpy()))
    found = []
    for j in np.flatnonzero(np.abs(moves) >= _BREAK_SIZE).tolist():
        usual = abs(moves[j]) / _noise_near(moves, j + 1)
        if usual >= _BREAK_USUAL:
            found.append((nav.index[j + 1], float(np.expm1(moves[j])), float(usual)))
    return found


@dataclass
class Placement:
    """Where the split ratios and cash dividends of a 分红送配 column are used
    (:func:`place_events`).

    Attributes
    ----------
    splits, dividends : Series or None
        The ratios (their product where two meet) and cash dividends per unit (their sum) on
        the dates they are used; None when there are none.
    moved : list of (Timestamp, Timestamp)
        The date given and the date used, for each date whose split (1:1.5 or more) is used on
        the next unit NAV step.
    unsure : list of (Timestamp, Timestamp)
        The date given and the unit NAV date that fits its events better by the odds of
        :func:`place_events` (the next one, or one of the two before), for each date whose
        events are kept where given.
    unseen : list of Timestamp
        The dates of split ratios no step shows: not used.
    """

    splits: pd.Series | None
    dividends: pd.Series | None
    moved: list[tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=list)
    unsure: list[tuple[pd.Timestamp, pd.Timestamp]] = field(default_factory=list)
    unseen: list[pd.Timestamp] = field(default_factory=list)


#: Log-likelihood ratios of the two placements of a small event (a ratio under 1:1.5, a cash
#: dividend) from which it is kept where given with a doubt (``unsure``, warned): odds of 30 to 1
#: for a ratio (a share conversion is often listed on its 折算基准日, the row before). A cash
#: dividend is doubted only from :data:`_DOUBT_SIZE` usual moves b (its log size over b), and
#: from odds of 3 to 1: a 分红送配 column lists its ex-date (除息日), where the unit NAV drops,
#: far more often than another, but one listed a row off makes two returns wrong by its size,
#: which odds of 300 to 1 let through silently up to about 3 usual moves (a 4.2% dividend of a
#: fund moving 1.2% a day a row late, a 私募's 3.6% a week late; QA10 T35/T53). Below 2 usual
#: moves the two placements cannot be told apart (LLR ≤ 2 |log size| / b). (Simulated with
#: normal, Laplace and Student-t(3) moves (test_adjnav, QA11's sweep): a cash dividend of 1.5 to
#: 2.5 times the moves' standard deviation on its right date is warned of in up to 7% of funds
#: (5% before the listed step's own fit was weighed too, QA11 P41), from 3 times in about 2%;
#: listed a row or two off, of 2 times in about half of them, 2.5 in 80%, from 3 in 90%.)
_DOUBT_RATIO = float(np.log(30.0))
_DOUBT_CASH = float(np.log(3.0))
_DOUBT_SIZE = 2.0
#: The steps on either side of an event whose spread gives the fund's noise there (a calm year
#: and a volatile one in one file have different noise).
_NEAR = 30


def place_events(
    unit: pd.Series, splits: pd.Series | None, dividends: pd.Series | None = None
) -> Placement:
    """Put each split ratio and cash dividend on the unit NAV step that shows it.

    The events given for one step (the first unit NAV on or after their dates: a ratio r, a
    cash dividend d per unit before it) move that step from U_t / U_t−1 to
    (U_t · r + d) / U_t−1. They *fit* a step when that is nearer 1 by log; a ratio *shows* on
    a step when it brings the move within half its own size of 1. The events stay on their
    step when it shows them, or falls outside the NAVs. Only a split of 1:1.5 or more
    (larger than any day's move) goes to the next step when that one shows it (a split listed
    on its 权益登记日, the NAV halving the day after), else to the step before when that one
    shows it (listed a row late). A ratio with |log r| ≥ 0.1 that none of these steps shows
    is not used. Every other event stays on its date: a cash dividend on its
    ex-date, the unit NAV rising by about its size that day and falling the next, gives the
    same unit NAVs as one listed a day early on flat days, and the date given is the better
    guess. When they fit another step near it (the next step, as listed on a 权益登记日; or one
    or two steps before, as listed on a 红利发放日 or a row late), the two placements are
    weighed, whether or not they fit their own step too (a 6% dividend listed a week late on
    a week that fell 3% shrinks that move as well, but the ex-date's −7% far more; QA11 P41)
    by the fund's noise near them: the log-likelihood ratio, the log moves Laplace-distributed
    with scale b (the median absolute deviation / ln 2 of the :data:`_NEAR` steps on either
    side of the steps from the earlier to the later),

        LLR = [(|w_t| − |m_t|) − (|w_j| − |m_j|)] / b

    (m a step's log move without them, w with them: how much nearer 1 they bring each step),
    marks them ``unsure`` (kept, the other date named: the step j of the largest LLR) from odds
    of 30 to 1 for a ratio; a cash dividend of :data:`_DOUBT_SIZE` usual moves or more
    (|log size| ≥ 2 b) from odds of 3 to 1, a smaller one never. LLR is at most
    2 |log(size)| / b: an event no larger than a day's move is never in doubt.

    Parameters
    ----------
    unit : Series
        Date-indexed unit NAVs (> 0, no NaN).
    splits : Series or None
        Date-indexed units one unit became (:func:`build_adjusted`).
    dividends : Series, optional
        Date-indexed cash dividends per unit, d_t.

    Returns
    -------
    Placement
        The events on the dates used, and what moved, what stayed in doubt, what was dropped.

    Examples
    --------
    >>> u = pd.Series([1.00, 1.01, 0.51, 0.52], index=pd.bdate_range("2024-01-01", periods=4))
    >>> placed = place_events(u, pd.Series([2.0], index=[u.index[1]]))
    >>> placed.splits.index[0] == u.index[2], placed.moved == [(u.index[1], u.index[2])]
    (True, True)
    """
    given = [x for x in (splits, dividends) if x is not None and len(x)]
    if not given:
        return Placement(splits, dividends)
    index = unit.index
    u = unit.to_numpy()
    n = len(u)
    ratio = np.ones(n + 1)
    cash = np.zeros(n + 1)
    dates: dict[int, list[pd.Timestamp]] = {}
    for series, kind in ((splits, "ratio"), (dividends, "cash")):
        if series is None:
            continue
        for day, value in series.items():
            k = int(index.searchsorted(day, side="left"))
            dates.setdefault(k, []).append(day)
            if kind == "ratio":
                ratio[k] *= value
            else:
                cash[k] += value
    moves = np.diff(np.log(u))
    target = np.arange(n + 1)
    placement = Placement(None, None)
    for k in sorted(dates):
        if not 1 <= k < n:
            continue
        where, other = _where(u, k, ratio, cash, moves)
        days = sorted(set(dates[k]))
        if where in ("next", "before"):
            target[k] = other
            placement.moved += [(day, index[other]) for day in days]
        elif where == "unsure":
            placement.unsure += [(day, index[other]) for day in days]
        elif where == "unseen":
            ratio[k] = 1.0
            placement.unseen += [day for day in days if splits is not None and day in splits]
    placement.splits = _on_steps(index, splits, target, drop=placement.unseen, combine="prod")
    placement.dividends = _on_steps(index, dividends, target, drop=[], combine="sum")
    return placement


def _noise_near(moves: np.ndarray, k: int, last: int | None = None) -> float:
    """The Laplace scale b (median absolute deviation / ln 2, at least
    :data:`GROWTH_ROUNDING`) of the log unit NAV moves ``moves`` within :data:`_NEAR` steps of
    steps k to ``last`` (k + 1 by default), without them (:func:`place_events`)."""
    last = k + 1 if last is None else last
    near = np.r_[moves[max(k - 1 - _NEAR, 0) : max(k - 1, 0)], moves[last : last + _NEAR]]
    spread = float(np.median(np.abs(near - np.median(near)))) if len(near) else 0.0
    return max(spread / np.log(2.0), GROWTH_ROUNDING)


def _where(
    u: np.ndarray, k: int, ratio: np.ndarray, cash: np.ndarray, moves: np.ndarray
) -> tuple[str, int]:
    """Where the events of step ``k`` (1 ≤ k < len(u)) belong (:func:`place_events`), and the
    step named: ``here`` (k), ``next`` (k + 1: a split of 1:1.5 or more), ``before`` (k − 1:
    such a split the next step does not show), ``unsure`` (here, the step named fitting
    better by the odds of :func:`place_events`: the next one, or one of the two before) or
    ``unseen`` (k: a visible ratio that neither step k nor the next shows, nor for a split of
    1:1.5 or more the step before)."""
    r, d = ratio[k], cash[k]
    raw = np.log(u[k] / u[k - 1])
    own = np.log((u[k] * r + d) / u[k - 1])
    if abs(np.log(r)) >= _VISIBLE_SPLIT:
        if abs(own) < abs(own - raw) / 2:
            return "here", k
        shows_next = _shows(u, k + 1, ratio, cash, r, d)
        if not _movable(r):
            if not shows_next:
                return "unseen", k
        elif shows_next:
            return "next", k + 1
        elif _shows(u, k - 1, ratio, cash, r, d):
            return "before", k - 1
        else:
            return "unseen", k
    best, named = -np.inf, k
    for j in (k + 1, k - 1, k - 2):
        base, both = _fit_on(u, j, ratio, cash, r, d)
        if not abs(both) < abs(base):  # NaN (no such step) included
            continue
        noise = _noise_near(moves, min(j, k), max(j, k))
        llr = ((abs(own) - abs(raw)) - (abs(both) - abs(base))) / noise
        if d and abs(own - raw) < _DOUBT_SIZE * noise:
            continue  # a cash dividend within two usual moves: the dates cannot be told apart
        if llr >= (_DOUBT_CASH if d else _DOUBT_RATIO) and llr > best:
            best, named = llr, j
    return ("here", k) if named == k else ("unsure", named)


def _movable(ratio: float) -> bool:
    """Whether a split ratio is large enough (1:1.5 or more, larger than any day's move) to be
    moved to the step beside its date that shows it (:func:`place_events`)."""
    return bool(abs(np.log(ratio)) >= _MOVABLE_SPLIT)


def _shows(u: np.ndarray, j: int, ratio: np.ndarray, cash: np.ndarray, r: float, d: float) -> bool:
    """Whether step ``j`` shows a ratio ``r`` (with cash ``d``): they bring its log move within
    half their own size of 0 (False for a step outside the unit NAVs): :func:`_where`."""
    base, both = _fit_on(u, j, ratio, cash, r, d)
    return bool(abs(both) < abs(both - base) / 2)


def _fit_on(
    u: np.ndarray, j: int, ratio: np.ndarray, cash: np.ndarray, r: float, d: float
) -> tuple[float, float]:
    """The log move of step ``j`` with its own events, and with a ratio ``r`` and cash ``d``
    added (NaN for a step outside the unit NAVs): :func:`_where`."""
    if not 1 <= j < len(u):
        return np.nan, np.nan
    base = np.log((u[j] * ratio[j] + cash[j]) / u[j - 1])
    both = np.log((u[j] * ratio[j] * r + cash[j] + d) / u[j - 1])
    return float(base), float(both)


def _on_steps(
    index: pd.DatetimeIndex,
    events: pd.Series | None,
    target: np.ndarray,
    drop: list[pd.Timestamp],
    combine: str,
) -> pd.Series | None:
    """``events`` on the dates used: each on its own date, or on the NAV date of the step
    ``target`` sends its step to when that is another one; those dated ``drop`` left out."""
    if events is None or not len(events):
        return events
    kept = events[~events.index.isin(drop)]
    if not len(kept):
        return None
    step = index.searchsorted(kept.index, side="left")
    sent = target[step]
    days = kept.index.where(sent == step, index[np.minimum(sent, len(index) - 1)])
    return kept.groupby(days).agg(combine).sort_index()


def _money_fund(unit: pd.Series, growth: pd.Series) -> bool:
    """Does the unit NAV never move while the 日增长率 gives a return (positive) on most of its
    dates (a money-market fund, whose income is paid as new units), written finer than
    :data:`GROWTH_ROUNDING`? A daily income of about 0.005% written to 0.01% is 0.00% or 0.01%
    on every day, off by up to all of it: such a 日增长率 is no money fund's return."""
    u = unit.to_numpy()
    g = growth.to_numpy()
    steps = g / GROWTH_ROUNDING
    finer = bool((np.abs(steps - np.round(steps)) > 1e-6).any())
    return len(u) > 2 and bool((u == u[0]).all()) and 2 * int((g > 0).sum()) > len(g) and finer


def _split_steps(index: pd.DatetimeIndex, splits: pd.Series | None) -> np.ndarray:
    """For each step of ``index`` (len − 1 values), the units one unit became at the splits
    dated after its first date and on or before its second (1.0 where none)."""
    ratio = np.ones(max(len(index) - 1, 0))
    if splits is None or not len(splits) or len(index) < 2:
        return ratio
    step = np.searchsorted(index, splits.index, side="left")  # the date on or after each split
    for k, r in zip(step.tolist(), splits.to_numpy().tolist(), strict=True):
        if 1 <= k < len(index):
            ratio[k - 1] *= r
    return ratio


def _unit_returns(unit: pd.Series, dividends: pd.Series | None, ratio: np.ndarray) -> np.ndarray:
    """(U_t · ratio_t + d_t) / U_t−1 − 1 over each step of ``unit``, with the cash dividend d_t
    given for t (0 if none) and the split ratio of the step (:func:`_split_steps`)."""
    u = unit.to_numpy()
    d = np.zeros(len(u))
    if dividends is not None and len(dividends):
        d = dividends.reindex(unit.index, fill_value=0.0).to_numpy()
    return (u[1:] * ratio + d[1:]) / u[:-1] - 1.0


def _nav_returns(
    unit: pd.Series,
    cumulative: pd.Series | None,
    dividends: pd.Series | None,
    splits: pd.Series | None = None,
) -> tuple[np.ndarray, list[pd.Timestamp]]:
    """Returns between the unit NAV's dates: (A_t − A_t−1) / U_t−1 where both dates hold A, A − U
    does not fall between them and no split falls in the step, else :func:`_unit_returns`
    (the cash dividend d_t given for t, the split ratio of the step); and the dates where d_t
    was used."""
    ratio = _split_steps(unit.index, splits)
    returns = _unit_returns(unit, dividends, ratio)
    own = np.zeros(len(returns), dtype=bool)
    if dividends is not None and len(dividends):
        own = dividends.reindex(unit.index[1:], fill_value=0.0).to_numpy() != 0
    if cumulative is not None:
        u = unit.to_numpy()
        a = cumulative.reindex(unit.index).to_numpy()
        paid = a - u
        scale = np.maximum(np.maximum(np.abs(a[1:]), np.abs(a[:-1])), 1.0)
        good = ~np.isnan(paid[1:]) & ~np.isnan(paid[:-1]) & (ratio == 1.0)
        good[good] = np.diff(paid)[good] >= -_NOISE * scale[good]
        returns = np.where(good, (a[1:] - a[:-1]) / u[:-1], returns)
        own &= ~good
    return returns, list(unit.index[1:][own])


def _one_step(index: pd.DatetimeIndex) -> np.ndarray:
    """For each date after the first: does it follow the previous one by a single step of the
    series (a holiday included), with no rows missing between them? Steps are counted in
    weekdays; a step longer than the usual (median) one by more than the longest exchange
    closure is a gap."""
    days = index.to_numpy().astype("datetime64[D]")
    weekdays = np.busday_count(days[:-1], days[1:])
    if not len(weekdays):
        return np.ones(0, dtype=bool)
    return weekdays <= np.median(weekdays) + _LONGEST_CLOSURE


def _growth_over(index: pd.DatetimeIndex, growth: pd.Series) -> np.ndarray:
    """The platform's return over each step of ``index`` (len − 1 values): the 日增长率 of the
    later date, compounded with those of rows between the two that hold no NAV; NaN where the
    later date has no 日增长率."""
    g = growth.to_numpy()
    cut = np.searchsorted(growth.index, index, side="right")  # 日增长率 rows up to each date
    out = np.full(len(index) - 1, np.nan)
    has = np.asarray(growth.reindex(index[1:]).notna())
    lo, hi = cut[:-1], cut[1:]
    one = has & (hi - lo == 1)  # the usual step: the later date's own 日增长率
    out[one] = g[lo[one]]
    for k in np.flatnonzero(has & (hi - lo > 1)):  # rows without a NAV in between
        out[k] = float(np.prod(1.0 + g[lo[k] : hi[k]]) - 1.0)
    return out


def _from_growth(
    index: pd.DatetimeIndex,
    first: float,
    nav_returns: np.ndarray,
    with_dividend: list[pd.Timestamp],
    growth: pd.Series,
) -> AdjustedBuild:
    """``first`` compounded by the 日增长率 of each step of ``index``, by ``nav_returns`` where
    a step has none or spans missing rows (``growth``)."""
    platform = _growth_over(index, growth)
    usable = ~np.isnan(platform) & _one_step(index)
    returns = np.where(usable, platform, nav_returns)
    later = index[1:]
    nav = pd.Series(_compound(first, returns), index=index)
    used = set(later[~usable])
    return AdjustedBuild(
        nav,
        "growth",
        filled=list(later[np.isnan(platform)]),
        gaps=list(later[~np.isnan(platform) & ~usable]),
        with_dividend=[day for day in with_dividend if day in used],
    )


def _measure_of(
    platform: np.ndarray,
    returns: np.ndarray,
    known: np.ndarray,
    navs: dict[str, np.ndarray],
    half_unit: float,
) -> str | None:
    """The NAV (a key of ``navs``) whose own return N_t / N_t−1 − 1 the 日增长率 is: it matches
    that within rounding on every date where that return differs from the built ``returns``
    (at least one); None when it is none of them."""
    for name, base in navs.items():
        own = base[1:] / base[:-1] - 1.0
        tolerance = _growth_tolerance(own, base[:-1], half_unit)
        telling = known & (np.abs(own - returns) > 2 * tolerance)
        if telling.any() and np.all(np.abs(platform - own)[telling] <= tolerance[telling]):
            return name
    return None


def _checked(
    nav: pd.Series,
    unit: np.ndarray,
    growth: pd.Series | None,
    half_unit: float,
    source: str,
    with_dividend: list[pd.Timestamp] | None = None,
    acc: np.ndarray | None = None,
    cash: pd.Series | None = None,
) -> AdjustedBuild:
    """Compare each return of ``nav`` with the 日增长率 over the same step (none across missing
    rows); use the 日增长率 where they disagree beyond rounding (a share conversion). With the
    cumulative NAVs ``acc``: not where A − U rose by the cash dividend ``cash`` gives for the
    date (a dividend), and nowhere when the 日增长率 is the cumulative or unit NAV's own return
    (:func:`_measure_of`) or (with or without them) disagrees on most dates: it is then not
    the total return (a wrong scale, another measure), and ``nav`` is kept."""
    if growth is None or len(nav) < 2:
        return AdjustedBuild(nav, source, with_dividend=with_dividend or [])
    values = nav.to_numpy()
    returns = values[1:] / values[:-1] - 1.0
    platform = _growth_over(nav.index, growth)
    has = ~np.isnan(platform)
    one = _one_step(nav.index)
    known = has & one
    tolerance = _growth_tolerance(returns, unit[:-1], half_unit)
    differ = known & (np.abs(returns - platform) > tolerance)
    later = nav.index[1:]
    confirmed = np.zeros_like(differ)
    if acc is not None and cash is not None:
        d = cash.to_numpy()[1:]
        confirmed = differ & (d > 0) & (np.abs(np.diff(acc - unit) - d) <= 2 * half_unit + 1e-9)
    if differ.any():
        measure = None
        if acc is not None:
            navs = {"cumulative": acc, "unit": unit}
            measure = _measure_of(platform, returns, known, navs, half_unit)
        if measure is not None or 2 * differ.sum() > known.sum():
            return AdjustedBuild(
                nav, source, checked=int(known.sum()), gaps=list(later[has & ~one]),
                with_dividend=with_dividend or [], growth_measure=measure or "other",
                disagreed=list(later[differ]),
            )  # fmt: skip
    differ &= ~confirmed
    if differ.any():
        returns = np.where(differ, platform, returns)
        values = _compound(values[0], returns)
    unchecked = set(later[~known])
    return AdjustedBuild(
        pd.Series(values, index=nav.index),
        source,
        None,
        list(later[differ]),
        int(known.sum()),
        filled=list(later[~has]) if source == "unit_growth" else [],
        gaps=list(later[has & ~one]),
        with_dividend=[day for day in with_dividend or [] if day in unchecked],
        confirmed=list(later[confirmed]),
    )
