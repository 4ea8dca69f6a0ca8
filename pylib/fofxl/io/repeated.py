"""A date a NAV file gives twice for one fund, with different cells: which row to keep.

The file does not say which row is right. Every piece of the fund's data on that date (复权净值,
单位净值, 累计净值, 日增长率, 分红送配) comes from one row, chosen here once for the whole build
(:func:`_repeat_choices`, called by :func:`fofxl.io.adjusted._fund_nav`), by the first of:

1. the row that holds what the other holds, the same, and more (a 累计净值 the other leaves
   blank): it is kept, as the one that gives more;
2. the row whose NAV's return agrees with the file's 日增长率 (percent text) on its date, or
   with the next date's, within the rounding of both
   (:func:`fofxl.adjnav._growth_tolerance`), where the other's does not, and disagrees on
   neither where the other agrees;
3. with 单位净值 and 累计净值, the row over which 累计净值 − 单位净值 (the dividends paid) does
   not fall, where with the other it does (the build would fall back, SPEC §12);
4. the row that does not repeat the NAVs of the date before, where the other does (a vendor's
   stale row: yesterday's NAVs posted under the date, then the day's own; a fund whose NAV
   truly did not move that day loses to the other row, reported like every choice here);
5. where no 日增长率 checks them, the row whose NAV path is smoother by odds of 10 to 1 or more
   (:data:`_LIKELIER`), weighed as :func:`fofxl.adjnav.place_events` weighs where a dividend
   belongs: the log moves into and out of the date Laplace-distributed with the fund's usual
   move there (scale b, :func:`fofxl.adjnav._noise_near`, from :data:`_LEAST_MOVES` moves or
   more), the log-likelihood ratio LLR = (|m'_in| + |m'_out| − |m_in| − |m_out|) / b (m the
   kept row's moves, m' the other's); not where a row copies the NAV of the date before or
   after (a vendor's stale row is always the smoother by this measure);
6. else the file's later row.

Rule 5 is left out where a 分红送配 text is given on the date or a date either side, and rule 2
too where the two rows give the same text: the dividend or split moves the NAVs there, which
they do not allow for. Where both rows give the same text on the date and it reads as a cash
dividend d or a split ratio F (none on the dates either side), rule 5 weighs the 单位净值 with
it: the move into the date is the holder's, log((U·F + d) / U_before), as the build takes it
(SPEC §12), so that the row from before the dividend came off (or before the split) is told
from the row after it.

The row dropped is reported with the row kept and why (the importer's duplicate dates, asking
for a check either way). Rows whose cells are all the same (an export glitch) choose nothing:
the later is kept, as for any repeated date.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np

from ..adjnav import _NEAR, _growth_tolerance, _noise_near

__all__: list[str] = []

#: The NAV kinds whose path is weighed, the first the two rows hold and differ in.
_PATH_KINDS = ("adjusted", "unit", "cumulative", "unstated")
#: Names of the NAV kinds in a reason.
_NAMES = {"adjusted": "复权净值", "unit": "单位净值", "cumulative": "累计净值", "unstated": "净值"}
#: The log-odds from which rule 4 decides: 10 to 1 (at 3 to 1, as a dividend's date is doubted,
#: it kept a wrong row of 2% in 4% of simulated funds, and QA14 R44/R64 at 6.3 and 4.2 to 1).
_LIKELIER = math.log(10.0)
#: Fewer moves than this near a date do not give the fund's usual move (rule 4 is not used).
_LEAST_MOVES = 10
#: A − U may wobble by this much relative to A (floating-point noise) before it falls, as in
#: :func:`fofxl.adjnav._falls`.
_NOISE = 1e-9


def _repeat_choices(
    dates: np.ndarray,
    rows: np.ndarray,
    columns: dict[str, np.ndarray],
    growth: np.ndarray | None,
    texts: dict[int, str],
    half_unit: float,
    growth_name: str = "日增长率",
    text_name: str = "分红送配",
    event_of: Callable[[str], tuple[float, float] | None] | None = None,
) -> dict[int, tuple[int, str | None]]:
    """Of each date the rows ``rows`` (a mask: the fund's rows holding a date and a NAV) give
    more than once with different cells, the rows dropped: {dropped: (kept, why)}, positions
    in the arrays; ``why`` None where the later row is kept for want of a reason, else with
    ``{other}`` where the row dropped is to be named.

    ``columns``: the fund's NAVs by kind; ``growth``: its 日增长率 as fractions (None where
    the scale is not known); ``texts``: its 分红送配 cells by position; ``half_unit``: half a
    unit of the NAVs' last printed decimal; ``event_of``: the cash dividend a unit and the split
    ratio a text gives ((0.0, 1.0) for neither; None where it gives neither)."""
    at = np.flatnonzero(rows)
    order = at[np.argsort(dates[at], kind="stable")]  # by date, then file position
    d = dates[order]
    same = d[1:] == d[:-1]
    if not same.any():
        return {}
    given_twice = np.r_[False, same] | np.r_[same, False]
    fund = _Fund(dates, order[~given_twice], columns, growth, texts, half_unit, event_of)
    names = {**_NAMES, "growth": growth_name, "text": text_name}
    out: dict[int, tuple[int, str | None]] = {}
    starts = np.flatnonzero(np.r_[True, ~same])
    ends = np.r_[starts[1:], len(order)]
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < 2:
            continue
        kept = int(order[s])
        for p in order[s + 1 : e].tolist():
            cells_kept, cells_p = fund.cells(kept), fund.cells(p)
            if cells_kept == cells_p:
                kept = p  # the same cells: nothing to choose (the later row, as any repeat)
                continue
            winner, why = fund.choose(kept, p, names)
            loser = p if winner == kept else kept
            out[loser] = (winner, why)
            kept = winner
    return out


class _Fund:
    """One fund's rows, with the dates given once (``single``) as each repeat's neighbours."""

    def __init__(
        self,
        dates: np.ndarray,
        single: np.ndarray,
        columns: dict[str, np.ndarray],
        growth: np.ndarray | None,
        texts: dict[int, str],
        half_unit: float,
        event_of: Callable[[str], tuple[float, float] | None] | None = None,
    ) -> None:
        self.dates = dates
        self.event_of = event_of
        self.columns = columns
        self.growth = growth
        self.texts = texts
        self.half_unit = half_unit
        # per kind, the single dates holding it, sorted: their positions
        self.around: dict[str, np.ndarray] = {}
        for kind, column in columns.items():
            held = single[~np.isnan(column[single])]
            self.around[kind] = held[np.argsort(dates[held], kind="stable")]
        both = [k for k in ("unit", "cumulative") if k in columns]
        if len(both) == 2:
            held = single[~np.isnan(columns["unit"][single] + columns["cumulative"][single])]
            self.around["paid"] = held[np.argsort(dates[held], kind="stable")]

    def cells(self, i: int) -> tuple[object, ...]:
        """Row i's cells as compared: its NAVs, 日增长率 and 分红送配 (None where blank)."""
        nav = tuple(_value(c[i]) for c in self.columns.values())
        growth = None if self.growth is None else _value(self.growth[i])
        return (*nav, growth, self.texts.get(i, "").strip() or None)

    def neighbours(self, kind: str, i: int) -> tuple[int | None, int | None]:
        """The positions of the dates given once holding ``kind`` before and after row i's."""
        held = self.around.get(kind)
        if held is None or not len(held):
            return None, None
        k = int(np.searchsorted(self.dates[held], self.dates[i]))
        before = int(held[k - 1]) if k > 0 else None
        after = int(held[k]) if k < len(held) else None
        return before, after

    def choose(self, a: int, b: int, names: dict[str, str]) -> tuple[int, str | None]:
        """Which of rows a and b (a earlier in the file) to keep, and why (the module's rules)."""
        rules: tuple[Callable[[int, int, dict[str, str]], tuple[int, str] | None], ...] = (
            self._fuller, self._by_growth, self._by_paid, self._not_stale, self._by_moves
        )  # fmt: skip
        if self._events_near(a, b):  # the moves there are not the usual ones (QA14 R32-R37)
            same_text = self.cells(a)[-1] == self.cells(b)[-1]
            event = self._event_on(a) if same_text else None
            if event is not None:  # weighed with the dividend or split (QA14 R34-R37)
                rules = (
                    self._fuller, self._by_paid, self._not_stale,
                    partial(self._by_moves, event=event),
                )  # fmt: skip
            elif same_text:
                rules = (self._fuller, self._by_paid, self._not_stale)
            else:
                rules = rules[:4]
        for rule in rules:
            found = rule(a, b, names)
            if found is not None:
                return found
        return b, None

    def _events_near(self, a: int, b: int) -> bool:
        """Whether a 分红送配 text is given on the date (on either row) or on a date either side
        of it: a dividend or a split moves the NAVs there, which the weighing of moves (rule 4)
        does not allow for, nor the 日增长率 check (rule 2) where both rows give the same text
        (a row before the dividend came off agrees with the 日增长率, the total return). Where
        one row gives a text the other does not, the 日增长率 may still tell them apart."""
        return any(self.texts.get(i, "").strip() for i in {a, b} | self._beside(a))

    def _beside(self, a: int) -> set[int]:
        """The dates given once either side of row a's, for any kind of NAV: their rows."""
        return {i for kind in self.around for i in self.neighbours(kind, a) if i is not None}

    def _event_on(self, a: int) -> tuple[float, float] | None:
        """The cash dividend and split ratio row a's text gives, where it gives one and no text
        is given on the dates either side (their moves are the usual ones); else None."""
        text = self.texts.get(a, "").strip()
        if not text or self.event_of is None:
            return None
        if any(self.texts.get(i, "").strip() for i in self._beside(a)):
            return None
        return self.event_of(text)

    # -- the rules: each (kept, why), or None where it does not decide ---------------------
    def _fuller(self, a: int, b: int, names: dict[str, str]) -> tuple[int, str] | None:
        fields = [*self.columns, "growth", "text"]
        ca, cb = self.cells(a), self.cells(b)
        if any(x is not None and y is not None and x != y for x, y in zip(ca, cb, strict=True)):
            return None
        only_a = [f for f, x, y in zip(fields, ca, cb, strict=True) if x is not None and y is None]
        only_b = [f for f, x, y in zip(fields, ca, cb, strict=True) if y is not None and x is None]
        if bool(only_a) == bool(only_b):
            return None
        kept, more = (a, only_a) if only_a else (b, only_b)
        return kept, (
            f"it also gives {', '.join(names[f] for f in more)}, and {{other}} the same cells"
        )

    def _returns(self, i: int, j: int) -> list[tuple[float, float]]:
        """The total return from row i to row j as the NAVs give it, each with the NAV it is
        measured from: from 单位净值 (and 累计净值: (A_j − A_i) / U_i, SPEC §12), else from
        复权净值; none where they do not hold them."""
        c = self.columns
        out = []
        if "unit" in c and not np.isnan(c["unit"][i] + c["unit"][j]):
            u_i = float(c["unit"][i])
            out.append((float(c["unit"][j]) / u_i - 1.0, u_i))
            if "cumulative" in c and not np.isnan(c["cumulative"][i] + c["cumulative"][j]):
                out.append((float(c["cumulative"][j] - c["cumulative"][i]) / u_i, u_i))
        elif "adjusted" in c and not np.isnan(c["adjusted"][i] + c["adjusted"][j]):
            v_i = float(c["adjusted"][i])
            out.append((float(c["adjusted"][j]) / v_i - 1.0, v_i))
        return out

    def _agrees(self, i: int, j: int, g: float) -> bool | None:
        """Does the return from row i to row j agree with the 日增长率 g within the rounding of
        both (None: nothing to check)?"""
        found = self._returns(i, j)
        if not found or np.isnan(g):
            return None
        r, base = np.array(found).T
        return bool(np.all(np.abs(r - g) <= _growth_tolerance(r, base, self.half_unit)))

    def _checks(self, c: int) -> list[tuple[bool | None, int]]:
        """Row c's checks against the 日增长率 of its date and of the next date, each with the
        row whose 日增长率 it is."""
        assert self.growth is not None
        kind = "unit" if "unit" in self.columns else "adjusted"
        before, after = self.neighbours(kind, c)
        into = None if before is None else self._agrees(before, c, float(self.growth[c]))
        out = None if after is None else self._agrees(c, after, float(self.growth[after]))
        return [(into, c), (out, -1 if after is None else after)]

    def _by_growth(self, a: int, b: int, names: dict[str, str]) -> tuple[int, str] | None:
        if self.growth is None or not ({"unit", "adjusted"} & set(self.columns)):
            return None
        checks_a, checks_b = self._checks(a), self._checks(b)
        a_only = [at for (x, at), (y, _) in zip(checks_a, checks_b, strict=True)
                  if x is True and y is False]  # fmt: skip
        b_only = [at for (x, _), (y, at) in zip(checks_a, checks_b, strict=True)
                  if y is True and x is False]  # fmt: skip
        if bool(a_only) == bool(b_only):
            return None
        kept, where = (a, a_only[0]) if a_only else (b, b_only[0])
        day = np.datetime_as_string(self.dates[where], unit="D")
        return kept, f"it agrees with the {names['growth']} of {day}, {{other}}'s does not"

    def checked(self, a: int, b: int) -> bool:
        """Does a 日增长率 check either row (the next date's included)?"""
        if self.growth is None or not ({"unit", "adjusted"} & set(self.columns)):
            return False
        return any(x is not None for x, _ in self._checks(a) + self._checks(b))

    def _falls(self, c: int) -> bool | None:
        """Does 累计净值 − 单位净值 fall into or out of row c (None: nothing to check)?"""
        cols = self.columns
        if "paid" not in self.around or np.isnan(cols["unit"][c] + cols["cumulative"][c]):
            return None
        before, after = self.neighbours("paid", c)
        steps = [(x, y) for x, y in ((before, c), (c, after)) if x is not None and y is not None]
        if not steps:
            return None
        for x, y in steps:
            moved = (cols["cumulative"][y] - cols["unit"][y]) - (
                cols["cumulative"][x] - cols["unit"][x]
            )
            scale = max(abs(cols["cumulative"][x]), abs(cols["cumulative"][y]), 1.0)
            if moved < -_NOISE * scale:
                return True
        return False

    def _by_paid(self, a: int, b: int, names: dict[str, str]) -> tuple[int, str] | None:
        fa, fb = self._falls(a), self._falls(b)
        if fa is None or fb is None or fa == fb:
            return None
        kept = b if fa else a
        return kept, (
            f"{names['cumulative']} − {names['unit']} (the dividends paid) does not fall with "
            "it, and would with {other}'s"
        )

    def _stale(self, c: int) -> tuple[list[str], int] | None:
        """The NAV kinds row c holds and the row of the date before, where it repeats that
        date's NAV in every kind it holds (a vendor's stale row); None where it differs in
        one, or holds none."""
        kinds, before = [], None
        for kind in _PATH_KINDS:
            column = self.columns.get(kind)
            if column is None or np.isnan(column[c]):
                continue
            before, _ = self.neighbours(kind, c)
            if before is None or column[before] != column[c]:
                return None
            kinds.append(kind)
        return (kinds, before) if kinds and before is not None else None

    def _not_stale(self, a: int, b: int, names: dict[str, str]) -> tuple[int, str] | None:
        stale_a, stale_b = self._stale(a), self._stale(b)
        stale = stale_a if stale_a is not None else stale_b
        if stale is None or (stale_a is not None and stale_b is not None):
            return None  # (neither row is a copy, or both are)
        kinds, before = stale
        day = np.datetime_as_string(self.dates[before], unit="D")
        held = " and ".join(names[k] for k in kinds)
        return (b if stale_a else a), (
            f"{{other}} repeats the {held} of {day}, the date before (a stale row), and it does not"
        )

    def _by_moves(
        self, a: int, b: int, names: dict[str, str], event: tuple[float, float] | None = None
    ) -> tuple[int, str] | None:
        if event is None and self.checked(a, b):
            return None  # (a 日增长率 checks them, and found no difference)
        cols = self.columns
        kind = next(
            (k for k in _PATH_KINDS if k in cols
             and not np.isnan(cols[k][a] + cols[k][b]) and cols[k][a] != cols[k][b]),
            None,
        )  # fmt: skip
        if kind is None or cols[kind][a] <= 0 or cols[kind][b] <= 0:
            return None
        if event is not None and kind != "unit":
            return None  # (a dividend or a split moves the 单位净值)
        cash, ratio = event if event is not None else (0.0, 1.0)
        held = self.around[kind]
        values = cols[kind][held]
        if len(held) <= _LEAST_MOVES or np.any(values <= 0):
            return None
        logs = np.log(values)
        k = int(np.searchsorted(self.dates[held], self.dates[a]))  # (the date's place)
        moves = np.diff(logs)  # moves[k - 1] spans the date: left out of the noise
        near = len(moves[max(k - 1 - _NEAR, 0) : max(k - 1, 0)]) + len(moves[k : k + _NEAR])
        if near < _LEAST_MOVES:
            return None
        either_side = [float(v) for v in values[max(k - 1, 0) : k + 1]]
        if cols[kind][a] in either_side or cols[kind][b] in either_side:
            return None  # a copy of the date before or after (a vendor's stale row) moves
            # less by this measure whichever row is right (|0| + |r1 + r2| <= |r1| + |r2|)
        b_scale = _noise_near(moves, k, k)

        def cost(v: float) -> float:
            lv = math.log(v)
            into = abs(math.log(v * ratio + cash) - logs[k - 1]) if k > 0 else 0.0
            out = abs(logs[k] - lv) if k < len(logs) else 0.0
            return into + out

        llr = (cost(float(cols[kind][b])) - cost(float(cols[kind][a]))) / b_scale
        if abs(llr) < _LIKELIER:
            return None
        kept = a if llr > 0 else b
        odds = math.exp(min(abs(llr), math.log(1000.0)))
        times = "over 1000" if odds >= 1000.0 else f"{odds:.1f}"
        with_event = "" if event is None else f", with the {names['text']} on its date,"
        return kept, (
            f"its {names[kind]} moves{with_event} are {times} times likelier than {{other}}'s"
        )


def _value(x: float) -> float | None:
    return None if np.isnan(x) else float(x)
